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
        }
    }
}
