//! The view models templates render: every value decided here, templates only lay it out.

use serde::Serialize;

use crate::emit::resources::{call_text, return_text};
use crate::ir::{Api, Payload};
use crate::layout::{self, ModuleDecl};
use crate::runtime::{Dependencies, Dependency};

/// What every template sees.
#[derive(Debug, Serialize)]
pub struct View {
    /// Header line for this file.
    pub header: String,
    /// Package name.
    pub crate_name: String,
    /// Library name (`telnyx_porting`).
    pub lib_name: String,
    /// Package version.
    pub crate_version: String,
    /// One-line description.
    pub description: String,
    /// API title.
    pub title: String,
    /// API version.
    pub api_version: String,
    /// Default base URL.
    pub base_url: String,
    /// Environment variable with the API key.
    pub api_key_env: String,
    /// Environment variable overriding the base URL.
    pub base_url_env: String,
    /// Regenerating command.
    pub command: String,
    /// One row per method.
    pub operations: Vec<OperationRow>,
    /// Operations left out, with why.
    pub skipped: Vec<SkippedRow>,
    /// An example call for the README: a list operation when there is one.
    pub example: Option<Example>,
    /// Modules `lib.rs` declares.
    pub modules: Vec<ModuleDecl>,
    /// Top-level resource modules `lib.rs` re-exports.
    pub resource_exports: Vec<String>,
    /// `[dependencies]` lines of `Cargo.toml`.
    pub dependencies: Vec<Dependency>,
    /// `[dev-dependencies]` lines of `Cargo.toml`.
    pub dev_dependencies: Vec<Dependency>,
    /// Dev-dependencies of the example programs, when the crate ships the webhook receiver.
    pub example_dev_dependencies: Vec<Dependency>,
    /// Webhook facts.
    pub webhooks: crate::view_webhooks::WebhooksView,
    /// What the constructor takes and which variables it reads.
    pub auth: crate::view_auth::AuthView,
    /// Per-resource features, when the crate has them.
    pub features: Option<crate::view_features::FeaturesView>,
    /// Every operation's section of `REFERENCE.md`, by resource.
    pub reference: Vec<crate::view_reference::ReferenceGroup>,
}

/// One method in `api.md`.
#[derive(Debug, Serialize)]
pub struct OperationRow {
    /// HTTP method.
    pub verb: String,
    /// Path template.
    pub path: String,
    /// Rust call.
    pub call: String,
    /// Return type.
    pub returns: String,
    /// Summary.
    pub summary: String,
}

/// An operation that was not generated.
#[derive(Debug, Serialize)]
pub struct SkippedRow {
    /// `METHOD /path`.
    pub operation: String,
    /// Why.
    pub reason: String,
}

/// A paginated call for the README example.
#[derive(Debug, Serialize)]
pub struct Example {
    /// Accessor chain and method, e.g. `porting_orders().list`; it takes no argument.
    pub chain: String,
}

/// Builds the view for an API; `header` is left empty for the caller to set per file.
pub fn build(api: &Api, dependencies: &Dependencies) -> View {
    let mut operations = Vec::new();
    for op in &api.operations {
        let summary = op.summary.clone().unwrap_or_default().replace('|', "\\|");
        operations.push(OperationRow {
            verb: op.method.as_str().into(),
            path: op.path.clone(),
            call: call_text(op, &op.method_name),
            returns: return_text(api, &op.payload, op.pagination.is_some()),
            summary: summary.clone(),
        });
        for alt in &op.alternatives {
            let media = match &alt.payload {
                Payload::Text(m) | Payload::Bytes(m) => m.clone(),
                _ => "application/json".into(),
            };
            operations.push(OperationRow {
                verb: op.method.as_str().into(),
                path: op.path.clone(),
                call: call_text(op, &alt.method_name),
                returns: return_text(api, &alt.payload, false),
                summary: format!("{summary} (as `{media}`)"),
            });
        }
    }
    operations.sort_by(|a, b| a.call.cmp(&b.call));
    let example = api
        .operations
        .iter()
        .filter(|o| {
            o.pagination.is_some()
                && o.path_params().next().is_none()
                && crate::emit::calls::argument_names(o).is_empty()
        })
        .min_by_key(|o| (o.resource.len(), o.path.clone()))
        .map(|o| Example {
            chain: o
                .resource
                .iter()
                .map(|s| format!("{}()", s.bare()))
                .chain(std::iter::once(o.method_name.bare().to_string()))
                .collect::<Vec<_>>()
                .join("."),
        });
    let krate = &api.krate;
    View {
        header: String::new(),
        crate_name: krate.name.clone(),
        lib_name: krate.lib_name.to_string(),
        crate_version: krate.version.clone(),
        description: krate.description.clone(),
        title: api.title.clone(),
        api_version: api.version.clone(),
        base_url: krate.base_url.clone(),
        api_key_env: krate.api_key_env.clone(),
        base_url_env: krate.base_url_env.clone(),
        command: krate.regenerate_command.clone(),
        operations,
        skipped: api
            .skipped
            .iter()
            .map(|s| SkippedRow {
                operation: s.operation.clone(),
                reason: format!("{}: {}", s.reason.location, s.reason.message),
            })
            .collect(),
        example,
        modules: layout::modules(api),
        resource_exports: layout::resource_exports(api),
        dependencies: dependencies.normal.clone(),
        dev_dependencies: dependencies.dev.clone(),
        example_dev_dependencies: dependencies.example_dev.clone(),
        webhooks: crate::view_webhooks::build(api),
        auth: crate::view_auth::build(krate),
        features: crate::view_features::build(api),
        reference: crate::view_reference::build(api),
    }
}
