//! `cargo xtask spec-diff`: what a new version of an OpenAPI document changes for code using
//! the generated crate, each change classified as breaking or compatible.

pub mod compare;
pub mod model;
pub mod report;
pub mod rules;

use std::path::Path;

use serde_json::Value;

pub use rules::{Kind, Side};

/// One semantic change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    pub side: Side,
    /// Decided by [`rules::breaking`].
    pub breaking: bool,
    pub message: String,
    /// JSON pointer (`#/…`) into the old document, when the change has a place there.
    pub old: Option<String>,
    /// JSON pointer into the new document.
    pub new: Option<String>,
}

/// Every change between two documents: breaking ones first, then by message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.breaking)
    }
}

/// Compares two parsed documents.
pub fn diff_values(old: &Value, new: &Value) -> Result<Report, String> {
    let mut changes = compare::compare(old, new)?;
    changes.sort_by(|a, b| {
        (!a.breaking, &a.message, a.kind.name(), &a.old, &a.new).cmp(&(
            !b.breaking,
            &b.message,
            b.kind.name(),
            &b.old,
            &b.new,
        ))
    });
    changes.dedup();
    Ok(Report { changes })
}

/// Parses a document as the generator does (YAML or JSON, duplicate keys rejected).
pub fn parse(text: &str, name: &str) -> Result<Value, String> {
    generator::load::parse(text).map_err(|d| format!("{name}: {d}"))
}

/// Compares two documents given as text.
pub fn diff_texts(old: &str, new: &str) -> Result<Report, String> {
    diff_values(&parse(old, "old document")?, &parse(new, "new document")?)
}

/// Compares two document files.
pub fn diff_files(old: &Path, new: &Path) -> Result<Report, String> {
    let read = |p: &Path| {
        let text =
            std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
        parse(&text, &p.display().to_string())
    };
    diff_values(&read(old)?, &read(new)?)
}
