//! An OpenAPI 3.x → Rust client generator.
//!
//! One pure entry point, [`generate`]: document text and configuration in, the files of a
//! standalone client crate out. No file I/O happens here; the `xtask` crate writes the files.
//! [`generate_files`] first bundles a document spread over several files, read through a
//! [`load::Files`] (in memory, or [`load::DiskFiles`]).
//!
//! Passes, one module each, in order: [`load`] (text → typed document, 3.1 forms normalized),
//! [`lower`] (document → [`ir`], every policy decision), its naming pass ([`lower::name`], every
//! Rust name), [`emit`] (IR → token streams, laid out into files by [`layout`]) and [`render`]
//! (formatting, templates over the [`view`], headers). [`runtime`] is the boundary to the
//! hand-written runtime copied into every crate.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod config;
pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod layout;
pub mod load;
pub mod lower;
pub mod naming;
pub mod render;
pub mod runtime;
pub mod split;
pub mod view;
pub mod view_auth;
pub mod view_features;
pub mod view_reference;
pub mod view_webhooks;

use std::time::{Duration, Instant};

pub use config::Config;
pub use diagnostics::{Diagnostic, Diagnostics};
use ir::Api;
use layout::{Content, Planned};
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
    /// Lowering into the IR.
    pub lower: Duration,
    /// The naming pass.
    pub name: Duration,
    /// Building token streams.
    pub emit: Duration,
    /// Rendering templates, parsing and pretty-printing Rust.
    pub format: Duration,
}

/// What generation produced: files, and operations it could not generate.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Files, sorted by path.
    pub files: Vec<OutputFile>,
    /// Every operation left out, with why.
    pub skipped: Vec<ir::Skipped>,
    /// Warnings that did not stop generation.
    pub warnings: Vec<Diagnostic>,
    /// Time per pass.
    pub timings: Timings,
}

/// Generates a client crate from OpenAPI text (YAML or JSON).
pub fn generate(document: &str, config: &Config) -> Result<Generated, Diagnostics> {
    let mut timings = Timings::default();
    let doc = timed(&mut timings.load, || load::load(document))?;
    let mut api = timed(&mut timings.lower, || lower::lower(&doc, config))?;
    timed(&mut timings.name, || naming::assign(&mut api));
    api.features = lower::reach::features(&api)?;
    let planned = timed(&mut timings.emit, || layout::plan(&api))?;
    let files = timed(&mut timings.format, || render_files(&api, planned))?;
    Ok(Generated {
        files,
        skipped: api.skipped,
        warnings: api.warnings,
        timings,
    })
}

/// Generates a client crate from a document that may span several files: `root` and every
/// file its `$ref`s reach, read through `files` and bundled into one document first.
pub fn generate_files(
    root: &str,
    files: &dyn load::Files,
    config: &Config,
) -> Result<Generated, Diagnostics> {
    let text = load::bundle(root, files)?;
    generate(&text, config)
}

fn timed<T>(spent: &mut Duration, pass: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = pass();
    *spent = start.elapsed();
    out
}

/// Renders every planned file under its header, sorted by path.
fn render_files(api: &Api, planned: Vec<Planned>) -> Result<Vec<OutputFile>, Diagnostics> {
    let templates = render::Templates::new()?;
    let command = &api.krate.regenerate_command;
    let rs_header = header(command, Comment::Slash);
    // One view for every template; only the header line differs by file type.
    let mut view = view::build(api, runtime::dependencies()?);
    let mut render = |name: &str, comment| {
        view.header = header(command, comment).trim_end().to_string();
        templates.render(name, &view)
    };
    let mut files = Vec::with_capacity(planned.len());
    for Planned { path, content } in planned {
        let contents = match content {
            Content::Rust(tokens) => render::rust(tokens, &rs_header, &path)?,
            Content::RustTemplate(name) => {
                render::rust_text(&render(&name, Comment::Slash)?, &rs_header, &path)?
            }
            Content::Text(name, comment) => render(&name, comment)?,
            Content::Verbatim(source) => format!("{rs_header}\n{source}"),
        };
        files.push(OutputFile { path, contents });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
