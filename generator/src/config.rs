//! What the generator is told besides the document: crate identity, environment variable names,
//! and the resource tree (which operation becomes which method where).

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Origin};

/// Generator configuration, usually read from `spec/generator.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The generated crate's package name, e.g. `telnyx-porting`.
    pub crate_name: String,
    /// The generated crate's version.
    pub crate_version: String,
    /// One line for the generated crate's `Cargo.toml` and docs.
    pub description: String,
    /// The command that regenerates the output; written into every file's header.
    #[serde(default = "default_command")]
    pub regenerate_command: String,
    /// Environment variable holding the API key.
    #[serde(default = "default_api_key_env")]
    pub api_key_env: String,
    /// Environment variable that overrides the base URL.
    #[serde(default = "default_base_url_env")]
    pub base_url_env: String,
    /// Base URL when the document has no `servers`.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Report duplicate `operationId`s as warnings instead of errors. OpenAPI requires them to be
    /// unique, but published documents (Telnyx's among them) sometimes repeat one; nothing the
    /// generator names depends on them being unique.
    #[serde(default)]
    pub allow_duplicate_operation_ids: bool,
    /// Example programs to include, by template name (`templates/examples/<name>.rs.jinja`).
    #[serde(default)]
    pub examples: Vec<String>,
    /// Named resources, keyed by snake_case resource name. Operations not named here get a
    /// resource and method derived from their path.
    #[serde(default)]
    pub resources: IndexMap<String, ResourceConfig>,
    /// How webhook deliveries (the document's `webhooks` section) are told apart and signed.
    #[serde(default)]
    pub webhooks: Option<WebhooksConfig>,
    /// Cargo features of the generated crate: `per_resource` gives every top-level resource a
    /// feature (all on by default), so a user can compile only the resources they call.
    #[serde(default)]
    pub features: FeatureMode,
}

/// How the generated crate is split into cargo features.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureMode {
    /// One crate, everything always compiled (only the webhook verifier has a feature).
    #[default]
    None,
    /// One feature per top-level resource; shared models compile when a feature using them is on.
    PerResource,
}

/// Webhook settings. Without them a document's `webhooks` still become typed payloads, told
/// apart by `event_type`, with no verifier.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhooksConfig {
    /// The payload property whose fixed value names the event.
    #[serde(default = "default_discriminator")]
    pub discriminator: String,
    /// How deliveries are signed; absent means no verifier is generated.
    #[serde(default)]
    pub signing: Option<SigningConfig>,
}

/// A webhook signing scheme.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningConfig {
    /// The signature algorithm.
    pub algorithm: SigningAlgorithm,
    /// Header carrying the base64 signature.
    pub signature_header: String,
    /// Header carrying the Unix timestamp the signature covers.
    pub timestamp_header: String,
    /// Environment variable holding the base64 public key.
    pub public_key_env: String,
    /// How far, in seconds, a timestamp may be from now either way.
    #[serde(default = "default_tolerance")]
    pub tolerance_seconds: u64,
}

/// Signature algorithms the runtime verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SigningAlgorithm {
    /// Ed25519 over `"{timestamp}|{raw body}"`.
    Ed25519,
}

/// One resource: methods (`name: "VERB /path"`) and nested resources.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceConfig {
    /// Method name → `"VERB /path"`.
    #[serde(default)]
    pub methods: IndexMap<String, String>,
    /// Nested resources.
    #[serde(default)]
    pub resources: IndexMap<String, ResourceConfig>,
}

fn default_command() -> String {
    "cargo xtask generate".to_string()
}
fn default_api_key_env() -> String {
    "API_KEY".to_string()
}
fn default_discriminator() -> String {
    "event_type".to_string()
}
fn default_tolerance() -> u64 {
    300
}
fn default_base_url_env() -> String {
    "BASE_URL".to_string()
}

impl Config {
    /// Parses a configuration from YAML text.
    pub fn from_yaml(text: &str) -> Result<Config, Diagnostics> {
        serde_yaml_ng::from_str(text).map_err(|e| {
            let location = e.location().map_or(Location::Whole, |l| Location::Text {
                line: l.line(),
                column: l.column(),
            });
            Diagnostic::new(Origin::Configuration, location, e.to_string()).into()
        })
    }

    /// A configuration for any document: derived names only.
    pub fn minimal(crate_name: &str) -> Config {
        Config {
            crate_name: crate_name.to_string(),
            crate_version: "0.1.0".to_string(),
            description: format!(
                "A Rust client generated from an OpenAPI document ({crate_name})."
            ),
            regenerate_command: default_command(),
            api_key_env: default_api_key_env(),
            base_url_env: default_base_url_env(),
            base_url: None,
            allow_duplicate_operation_ids: false,
            examples: Vec::new(),
            resources: IndexMap::new(),
            webhooks: None,
            features: FeatureMode::None,
        }
    }
}
