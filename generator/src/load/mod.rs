//! Loading: text → JSON value (syntax errors with line and column) → refs in `info` copied in →
//! shapes checked → schema refs to deep pointers rewritten → 3.1 forms rewritten into the 3.0
//! shapes `openapiv3` models → typed document (shape errors with a JSON pointer), kept beside
//! the normalized value that `$ref`s are resolved in. A multi-file document is bundled into one
//! text first ([`bundle`]).

pub mod bundle;
mod deep_refs;
pub mod files;
mod info_refs;
mod normalize;
mod parse;
pub mod resolve;
mod shape;
pub mod walk;

use openapiv3::OpenAPI;

use crate::diagnostics::{Diagnostic, Diagnostics, escape};
pub use bundle::bundle;
pub use files::{DiskFiles, Files, MemoryFiles};
pub use normalize::normalize_schema;
pub use parse::parse;
pub use resolve::{Resolved, Resolver};

/// A parsed document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The typed document the lowering reads.
    pub openapi: OpenAPI,
    /// Resolves `$ref`s against the normalized document.
    pub resolver: Resolver,
    /// The 3.1 `webhooks` section as written (`openapiv3` does not read it).
    pub webhooks: Option<serde_json::Value>,
}

/// Parses YAML or JSON text into a document.
pub fn load(text: &str) -> Result<Document, Diagnostics> {
    let mut value = parse::parse(text)?;
    parse::check_version(&value)?;
    Diagnostics(info_refs::inline(&mut value)).into_result()?;
    // Shapes are checked on the raw value first: openapiv3 reads path items through untagged
    // enums, which hide where inside `paths` a problem is, and serde stops at the first one.
    Diagnostics(shape::check(&mut value)).into_result()?;
    Diagnostics(deep_refs::rewrite(&mut value)).into_result()?;
    let webhooks = value.get("webhooks").cloned();
    normalize::normalize(&mut value);
    let openapi = serde_path_to_error::deserialize::<_, OpenAPI>(&value).map_err(|e| {
        Diagnostic::at(
            path_to_pointer(e.path()),
            format!("unexpected shape: {}", e.inner()),
        )
    })?;
    Ok(Document {
        openapi,
        resolver: Resolver::new(value),
        webhooks,
    })
}

/// The JSON pointer serde stopped at.
pub(crate) fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => out.push_str(&format!("/{}", escape(key))),
            Segment::Enum { variant } => out.push_str(&format!("/{}", escape(variant))),
            Segment::Unknown => out.push_str("/?"),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_wrong_version_are_rejected() {
        assert!(parse("  \n").unwrap_err().to_string().contains("empty"));
        let err = load("openapi: 2.0.0\ninfo: {title: t, version: v}\npaths: {}\n").unwrap_err();
        assert_eq!(err.0[0].location.to_string(), "#/openapi");
        let err = load("swagger: '2.0'\n").unwrap_err();
        assert!(err.to_string().contains("Swagger"));
    }

    #[test]
    fn wrong_node_type_names_the_pointer() {
        let err = load("openapi: 3.1.0\ninfo: {title: t, version: v}\npaths:\n  /a:\n    get:\n      responses: 7\n")
            .unwrap_err();
        // The shape check finds it before openapiv3 (whose untagged path items would only say
        // `#/paths`).
        assert_eq!(
            err.0[0].location.to_string(),
            "#/paths/~1a/get/responses",
            "{err}"
        );
        assert!(err.to_string().contains("expected a mapping"), "{err}");
    }

    #[test]
    fn the_resolver_sees_the_normalized_document() {
        let doc = load(
            "openapi: 3.1.0\ninfo: {title: t, version: v}\ncomponents:\n  schemas:\n    A: {type: [string, 'null']}\n",
        )
        .expect("loads");
        let a = doc
            .resolver
            .resolve("#/components/schemas/A", "/x")
            .expect("resolves");
        assert_eq!(
            a.value,
            &serde_json::json!({"type": "string", "nullable": true})
        );
    }
}
