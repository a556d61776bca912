//! File layout of the generated crate: which path each emitted module, template, runtime file and
//! test goes to, and which modules `lib.rs` declares. Emitters build contents; this module only
//! decides where they go.

use proc_macro2::TokenStream;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::emit;
use crate::ir::Api;
use crate::render::{self, Comment};
use crate::runtime;

/// What produces a file's contents.
pub enum Content {
    /// An emitter's tokens, formatted as Rust.
    Rust(TokenStream),
    /// A template whose output is Rust, re-formatted the same way.
    RustTemplate(String),
    /// A text template, with the comment syntax of its header line.
    Text(String, Comment),
    /// A runtime file, copied verbatim under the header.
    Verbatim(&'static str),
}

/// One file of the generated crate, before rendering.
pub struct Planned {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// What produces it.
    pub content: Content,
}

/// One module declaration in the generated `lib.rs`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ModuleDecl {
    /// Module name.
    pub name: String,
    /// `pub mod` rather than `mod`.
    pub public: bool,
    /// The cargo feature it is compiled under, if any.
    pub feature: Option<String>,
}

/// Text templates rendered at the crate root, by output path (the template's name).
const ROOT_TEMPLATES: [(&str, Comment); 3] = [
    ("Cargo.toml", Comment::Hash),
    ("README.md", Comment::Html),
    ("api.md", Comment::Html),
];

/// The modules the generator emits itself, beside the runtime's, with their visibility.
const EMITTED_MODULES: [(&str, bool); 3] = [
    ("models", true),
    ("resources", true),
    (runtime::META, false),
];

/// Whether the crate has the webhook verifier: a signing scheme and webhooks to verify.
pub fn has_verifier(api: &Api) -> bool {
    api.webhooks.signing.is_some() && !api.webhooks.entries.is_empty()
}

/// Every module `lib.rs` declares: public ones first, each group by name.
pub fn modules(api: &Api) -> Vec<ModuleDecl> {
    let decl = |name: &str, public, feature: Option<&str>| ModuleDecl {
        name: name.to_string(),
        public,
        feature: feature.map(str::to_string),
    };
    let runtime = runtime::MODULES.iter().map(|m| (m.name, m.public));
    let mut out: Vec<ModuleDecl> = runtime
        .chain(EMITTED_MODULES)
        .map(|(name, public)| decl(name, public, None))
        .collect();
    if !api.webhooks.entries.is_empty() {
        let events = api.features.as_ref().and_then(|f| f.events.as_deref());
        out.push(decl("webhooks", true, events));
    }
    if has_verifier(api) {
        let m = runtime::WEBHOOK;
        out.push(decl(m.name, m.public, Some(runtime::WEBHOOK_FEATURE)));
    }
    out.sort_by(|a, b| (!a.public, &a.name).cmp(&(!b.public, &b.name)));
    out
}

/// Where a resource module goes: the root resource is `resources/mod.rs`.
pub fn resource_path(module_path: &[String]) -> String {
    if module_path.is_empty() {
        "src/resources/mod.rs".to_string()
    } else {
        format!("src/resources/{}.rs", module_path.join("/"))
    }
}

/// Runs the emitters and lays out every file of the crate. Fails when the configuration names an
/// example without a template.
pub fn plan(api: &Api) -> Result<Vec<Planned>, Diagnostics> {
    let file = |path: String, content| Planned { path, content };
    let mut files: Vec<Planned> = ROOT_TEMPLATES
        .iter()
        .map(|(name, comment)| file(name.to_string(), Content::Text(name.to_string(), *comment)))
        .collect();
    files.push(file(
        "src/lib.rs".into(),
        Content::RustTemplate("lib.rs".into()),
    ));
    for name in &api.krate.examples {
        let template = format!("examples/{name}.rs");
        if !render::has_template(&template) {
            return Err(Diagnostics::one(Diagnostic::config(
                "examples",
                format!("no template templates/{template}.jinja"),
            )));
        }
        files.push(file(template.clone(), Content::RustTemplate(template)));
    }
    files.push(file(
        "src/models.rs".into(),
        Content::Rust(emit::models::models(api)),
    ));
    files.push(file(
        format!("src/{}.rs", runtime::META),
        Content::Rust(runtime::meta(&api.krate)),
    ));
    for f in emit::resources::resource_files(api) {
        files.push(file(resource_path(&f.path), Content::Rust(f.tokens)));
    }
    // The test emitter names its own two files: the root's `#[path]` must agree with them.
    for f in emit::tests::test_files(api, &api.krate.lib_name) {
        files.push(file(f.path, Content::Rust(f.tokens)));
    }
    if let Some(tokens) = emit::webhooks::module(api) {
        files.push(file("src/webhooks.rs".into(), Content::Rust(tokens)));
    }
    let verifier = has_verifier(api).then_some(&runtime::WEBHOOK);
    for m in runtime::MODULES.iter().chain(verifier) {
        files.push(file(
            format!("src/{}.rs", m.name),
            Content::Verbatim(m.source),
        ));
    }
    Ok(files)
}
