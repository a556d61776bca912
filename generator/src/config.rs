//! What the generator is told besides the document: crate identity, environment variable names,
//! and the resource tree (which operation becomes which method where). Every identity field is
//! optional: what is left out is derived from the document (`lower/identity.rs`).

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Origin};

mod pagination;
pub use pagination::{CursorSource, PaginationScheme};

/// Generator configuration, usually read from `spec/generator.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The generated crate's package name [default: from the document's title].
    #[serde(default)]
    pub crate_name: Option<String>,
    /// The generated crate's version.
    #[serde(default = "default_version")]
    pub crate_version: String,
    /// One line for the generated crate's `Cargo.toml` and docs [default: the document's
    /// summary, else the first sentence of its description].
    #[serde(default)]
    pub description: Option<String>,
    /// The command that regenerates the output; written into every file's header.
    #[serde(default = "default_command")]
    pub regenerate_command: String,
    /// Environment variable holding the token of the constructor's scheme [default:
    /// `{PREFIX}_API_KEY`, the prefix taken from the document's title].
    #[serde(default)]
    pub api_key_env: Option<String>,
    /// Environment variable that overrides the base URL [default: `{PREFIX}_BASE_URL`].
    #[serde(default)]
    pub base_url_env: Option<String>,
    /// Base URL [default: the document's first server, variables at their defaults].
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
    /// Pagination schemes, tried in order against each list operation. Without any, no
    /// operation auto-paginates.
    #[serde(default)]
    pub pagination: Vec<PaginationScheme>,
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
fn default_version() -> String {
    "0.1.0".to_string()
}
fn default_discriminator() -> String {
    "event_type".to_string()
}
fn default_tolerance() -> u64 {
    300
}

impl Config {
    /// Parses a configuration from YAML text.
    pub fn from_yaml(text: &str) -> Result<Config, Diagnostics> {
        let config: Config = serde_yaml_ng::from_str(text).map_err(|e| {
            let location = e.location().map_or(Location::Whole, |l| Location::Text {
                line: l.line(),
                column: l.column(),
            });
            Diagnostics::from(Diagnostic::new(
                Origin::Configuration,
                location,
                e.to_string(),
            ))
        })?;
        pagination::check(&config.pagination)?;
        Ok(config)
    }

    /// A configuration that sets nothing: everything is derived from the document.
    pub fn derived() -> Config {
        Config {
            crate_name: None,
            crate_version: default_version(),
            description: None,
            regenerate_command: default_command(),
            api_key_env: None,
            base_url_env: None,
            base_url: None,
            allow_duplicate_operation_ids: false,
            examples: Vec::new(),
            resources: IndexMap::new(),
            webhooks: None,
            pagination: Vec::new(),
            features: FeatureMode::None,
        }
    }

    /// A configuration with a fixed crate name, description and environment variables, the rest
    /// derived (fixtures use it, so their output does not depend on their titles).
    pub fn minimal(crate_name: &str) -> Config {
        Config {
            crate_name: Some(crate_name.to_string()),
            crate_version: default_version(),
            description: Some(format!(
                "A Rust client generated from an OpenAPI document ({crate_name})."
            )),
            regenerate_command: default_command(),
            api_key_env: Some("API_KEY".to_string()),
            base_url_env: Some("BASE_URL".to_string()),
            base_url: None,
            allow_duplicate_operation_ids: false,
            examples: Vec::new(),
            resources: IndexMap::new(),
            webhooks: None,
            pagination: Vec::new(),
            features: FeatureMode::None,
        }
    }
}
