//! An OpenAPI 3.x → Rust client generator.
//!
//! One pure entry point, [`generate`]: document text and configuration in, the files of a
//! standalone client crate out. No file I/O happens here; the `xtask` crate writes the files.
//!
//! Passes, one module each: [`load`] (text → typed document, 3.1 forms normalized),
//! [`lower`] (document → [`ir`], with every policy decision and, in its naming pass, every
//! name), [`emit`] (IR → token streams) and [`render`] (formatting, templates, headers).

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod config;
pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod render;
mod runtime;
pub mod view;
pub mod view_webhooks;

use std::time::{Duration, Instant};

use quote::quote;

pub use config::Config;
pub use diagnostics::{Diagnostic, Diagnostics};
use render::{Comment, header};

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the crate root, with `/` separators.
    pub path: String,
    /// Full contents.
    pub contents: String,
}

/// Wall time spent in each pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Parsing and normalizing the document.
    pub load: Duration,
    /// Lowering into the IR, naming included.
    pub lower: Duration,
    /// Building token streams and rendering templates.
    pub emit: Duration,
    /// Parsing and pretty-printing Rust.
    pub format: Duration,
}

/// What generation produced: files, and operations it could not generate.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Files, sorted by path.
    pub files: Vec<OutputFile>,
    /// `(operation, reason)` for every operation left out.
    pub skipped: Vec<(String, String)>,
    /// Warnings that did not stop generation.
    pub warnings: Vec<String>,
    /// Time per pass.
    pub timings: Timings,
}

/// Generates a client crate from OpenAPI text (YAML or JSON).
pub fn generate(document: &str, config: &Config) -> Result<Generated, Diagnostics> {
    let mut timings = Timings::default();
    let t = Instant::now();
    let doc = load::load(document)?;
    timings.load = t.elapsed();

    let t = Instant::now();
    let api = lower::lower(&doc, config)?;
    timings.lower = t.elapsed();

    let cmd = &config.regenerate_command;
    let rs_header = header(cmd, Comment::Slash);
    let mut files = Vec::new();
    let mut rust_files = Vec::new();

    let t = Instant::now();
    let templates = render::Templates::new()?;
    let mut view = view::build(&api, config, String::new());
    // One view for every template; only the header line differs by file type.
    let mut render = |name: &str, comment| {
        view.header = header(cmd, comment).trim_end().to_string();
        templates.render(name, &view)
    };
    for (path, comment) in [
        ("Cargo.toml", Comment::Hash),
        ("README.md", Comment::Html),
        ("api.md", Comment::Html),
    ] {
        files.push(OutputFile {
            path: path.into(),
            contents: render(path, comment)?,
        });
    }
    let lib = render("lib.rs", Comment::Slash)?;
    let mut examples = Vec::new();
    for name in &config.examples {
        let template = format!("examples/{name}.rs");
        if !render::has_template(&template) {
            return Err(Diagnostics::one(Diagnostic {
                location: "configuration `examples`".into(),
                message: format!("no template templates/{template}.jinja"),
            }));
        }
        let text = render(&template, Comment::Slash)?;
        examples.push((template, text));
    }
    rust_files.push(("src/models.rs".to_string(), emit::models::models(&api)));
    rust_files.push(("src/meta.rs".to_string(), meta(&api, config)));
    for file in emit::resources::resource_files(&api) {
        let path = if file.path.is_empty() {
            "src/resources/mod.rs".to_string()
        } else {
            format!("src/resources/{}.rs", file.path.join("/"))
        };
        rust_files.push((path, file.tokens));
    }
    let signing = config.webhooks.as_ref().and_then(|w| w.signing.as_ref());
    let webhooks = emit::webhooks::module(&api, signing);
    let verifier = webhooks.is_some() && signing.is_some();
    if let Some(tokens) = webhooks {
        rust_files.push(("src/webhooks.rs".to_string(), tokens));
    }
    let lib_name = config.crate_name.replace('-', "_");
    for file in emit::tests::test_files(&api, &lib_name) {
        rust_files.push((file.path, file.tokens));
    }
    timings.emit = t.elapsed();

    let t = Instant::now();
    files.push(OutputFile {
        path: "src/lib.rs".into(),
        contents: render::rust_text(&lib, &rs_header, "src/lib.rs")?,
    });
    for (path, text) in examples {
        let contents = render::rust_text(&text, &rs_header, &path)?;
        files.push(OutputFile { path, contents });
    }
    for (path, tokens) in rust_files {
        let contents = render::rust(tokens, &rs_header, &path)?;
        files.push(OutputFile { path, contents });
    }
    timings.format = t.elapsed();

    for (name, source) in runtime::FILES {
        if *name == runtime::WEBHOOK_FILE && !verifier {
            continue;
        }
        files.push(OutputFile {
            path: format!("src/{name}"),
            contents: format!("{rs_header}\n{source}"),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let skipped = api
        .skipped
        .iter()
        .map(|s| (s.operation.clone(), s.reason.clone()))
        .collect();
    Ok(Generated {
        files,
        skipped,
        warnings: api.warnings.clone(),
        timings,
    })
}

fn meta(api: &ir::Api, config: &Config) -> proc_macro2::TokenStream {
    let base = &api.base_url;
    let key = &config.api_key_env;
    let url = &config.base_url_env;
    quote! {
        //! Constants describing the API this client talks to.

        /// The base URL every request path is appended to.
        pub const DEFAULT_BASE_URL: &str = #base;
        /// Environment variable holding the API key read by `Client::from_env`.
        pub const API_KEY_ENV: &str = #key;
        /// Environment variable that, when set, overrides [`DEFAULT_BASE_URL`].
        pub const BASE_URL_ENV: &str = #url;
    }
}
