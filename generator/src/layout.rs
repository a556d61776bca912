//! File layout of the generated crate: which path each emitted module, template, runtime file and
//! test goes to, and which modules `lib.rs` declares. Emitters build contents; this module only
//! decides where they go.

use proc_macro2::TokenStream;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::emit;
use crate::ir::{Api, Home, Name, Resource};
use crate::naming;
use crate::render::{self, Comment};
use crate::runtime;
use crate::split;
use quote::quote;

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
const ROOT_TEMPLATES: [(&str, Comment); 4] = [
    ("Cargo.toml", Comment::Hash),
    ("README.md", Comment::Html),
    ("api.md", Comment::Html),
    ("REFERENCE.md", Comment::Html),
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

/// Names at the crate root besides its modules: the dependencies a generated crate names.
const ROOT_NAMES: &[&str] = &[
    "std",
    "core",
    "alloc",
    "bytes",
    "reqwest",
    "serde",
    "serde_json",
    "futures",
    "tokio",
];

/// The top-level resource modules re-exported at the crate root
/// (`telnyx_porting::porting_orders::ListParams`): all but those whose name a root item has.
pub fn resource_exports(api: &Api) -> Vec<String> {
    let modules = modules(api);
    api.root
        .children
        .iter()
        .filter_map(|c| c.path.last().map(Name::code))
        .filter(|n| !ROOT_NAMES.contains(&n.as_str()) && !modules.iter().any(|m| &m.name == n))
        .collect()
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
    files.extend(model_files(api));
    files.push(file(
        format!("src/{}.rs", runtime::META),
        Content::Rust(runtime::meta(&api.krate)),
    ));
    for f in emit::resources::resource_files(api) {
        files.extend(resource_files(api, f));
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

/// `models/mod.rs`, declaring and re-exporting each file of models, then those files.
fn model_files(api: &Api) -> Vec<Planned> {
    let declared = emit::models::declared(api, &Home::Models);
    let gated = api.features.is_some();
    grouped_files("src/models", emit::models::models_header(), declared, gated)
}

/// `{dir}/mod.rs` under `header`, declaring and re-exporting a file per group of types, then
/// those files.
fn grouped_files(
    dir: &str,
    header: TokenStream,
    declared: emit::models::Declared,
    api_gated: bool,
) -> Vec<Planned> {
    let groups = split::model_files(declared);
    let mods = groups.iter().map(|g| {
        let m = &g.module;
        // Under per-resource features every type of a file may be compiled out.
        let allow = api_gated.then(|| quote!(#[allow(unused_imports)]));
        quote!(mod #m; #allow pub use #m::*;)
    });
    let mut out = vec![Planned {
        path: format!("{dir}/mod.rs"),
        content: Content::Rust(quote!(#header #(#mods)*)),
    }];
    out.extend(groups.into_iter().map(|g| Planned {
        path: format!("{dir}/{}.rs", g.module.bare()),
        content: Content::Rust(g.tokens),
    }));
    out
}

/// A resource module with the types its operations own: in the module itself, or in a file of
/// their own when together they would pass [`split::MAX_LINES`].
fn resource_files(api: &Api, f: emit::resources::ResourceFile) -> Vec<Planned> {
    let path = resource_path(&f.path);
    let mut tokens = f.tokens;
    let Some(node) = find_resource(&api.root, &f.path) else {
        return vec![Planned {
            path,
            content: Content::Rust(tokens),
        }];
    };
    let declared = emit::models::declared(api, &Home::Resource(node.path.clone()));
    if declared.items.is_empty() {
        return vec![Planned {
            path,
            content: Content::Rust(tokens),
        }];
    }
    let items: Vec<TokenStream> = declared.items.iter().map(|(_, t)| t.clone()).collect();
    let types = quote!(#(#items)*);
    let type_lines = split::lines(&types);
    if split::lines(&tokens) + type_lines <= split::MAX_LINES {
        tokens.extend(types);
        return vec![Planned {
            path,
            content: Content::Rust(tokens),
        }];
    }
    let children: Vec<Name> = node
        .children
        .iter()
        .filter_map(|c| c.path.last().cloned())
        .collect();
    let m = naming::types::types_module(&children);
    tokens.extend(quote! {
        /// The types this resource's operations take and return.
        mod #m;
        pub use #m::*;
    });
    let dir = format!("src/resources/{}/{}", f.path.join("/"), m.bare());
    let header = quote! {
        //! The types this resource's operations take and return.
        #![allow(clippy::large_enum_variant, clippy::doc_lazy_continuation)]
    };
    let mut out = vec![Planned {
        path,
        content: Content::Rust(tokens),
    }];
    if type_lines <= split::MAX_LINES {
        out.push(Planned {
            path: format!("{dir}.rs"),
            content: Content::Rust(quote!(#header #types)),
        });
        return out;
    }
    // Too many even for one file: grouped like `models`.
    out.extend(grouped_files(
        &dir,
        header,
        declared,
        api.features.is_some(),
    ));
    out
}

fn find_resource<'a>(node: &'a Resource, path: &[String]) -> Option<&'a Resource> {
    let bare: Vec<&str> = node.path.iter().map(Name::bare).collect();
    if bare == path {
        return Some(node);
    }
    node.children.iter().find_map(|c| find_resource(c, path))
}
