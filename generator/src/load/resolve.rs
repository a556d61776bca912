//! The one `$ref` resolver. Every pass hands it a reference and the pointer of the node that
//! holds it, and gets back the target and the target's pointer, or a located diagnostic.
//!
//! References are local (`#/any/json/pointer`): chains are followed and cycles reported.
//! References into other files never reach it: `bundle.rs` copies their targets into the one
//! document first.

use std::borrow::Cow;

use openapiv3::ReferenceOr;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diagnostics::{Diagnostic, escape, join, unescape};

/// Resolves references against the normalized document.
#[derive(Debug, Clone)]
pub struct Resolver {
    root: Value,
}

/// A resolved reference.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved<'d> {
    /// The node the reference (or chain of references) ends at.
    pub value: &'d Value,
    /// Its JSON pointer, without the leading `#`.
    pub pointer: String,
}

impl Resolver {
    /// A resolver over a document's value.
    pub fn new(root: Value) -> Self {
        Resolver { root }
    }

    /// Follows `reference`, found in the `$ref` of the node at `at`, through any chain of
    /// references to a node that is not one.
    pub fn resolve(&self, reference: &str, at: &str) -> Result<Resolved<'_>, Diagnostic> {
        let mut seen: Vec<String> = vec![at.to_string()];
        let (mut reference, mut at) = (reference.to_string(), at.to_string());
        loop {
            let pointer = local_pointer(&reference, &at)?;
            let value = self.lookup(&reference, &pointer, &at)?;
            if seen.contains(&pointer) {
                return Err(Diagnostic::at(
                    join(&seen[0], "$ref"),
                    format!(
                        "cyclic $ref {reference:?}: the chain of references comes back to #{pointer}"
                    ),
                ));
            }
            match value.get("$ref").and_then(Value::as_str) {
                Some(next) => {
                    seen.push(pointer.clone());
                    (reference, at) = (next.to_string(), pointer);
                }
                None => return Ok(Resolved { value, pointer }),
            }
        }
    }

    /// Resolves `reference` and reads its target as a `what` (`"parameter"`, for messages).
    pub fn resolve_as<T: DeserializeOwned>(
        &self,
        reference: &str,
        at: &str,
        what: &str,
    ) -> Result<(T, String), Diagnostic> {
        let target = self.resolve(reference, at)?;
        match serde_path_to_error::deserialize::<_, T>(target.value) {
            Ok(item) => Ok((item, target.pointer)),
            Err(e) => Err(Diagnostic::at(
                format!("{}{}", target.pointer, super::path_to_pointer(e.path())),
                format!(
                    "#{} (referenced from #{at}) is not a {what}: {}",
                    target.pointer,
                    e.inner()
                ),
            )),
        }
    }

    /// An inline item as it is (at `at`), or the target of a reference (at its own pointer).
    pub fn item<'a, T: DeserializeOwned + Clone>(
        &self,
        item: &'a ReferenceOr<T>,
        at: &str,
        what: &str,
    ) -> Result<(Cow<'a, T>, String), Diagnostic> {
        match item {
            ReferenceOr::Item(item) => Ok((Cow::Borrowed(item), at.to_string())),
            ReferenceOr::Reference { reference } => self
                .resolve_as(reference, at, what)
                .map(|(item, pointer)| (Cow::Owned(item), pointer)),
        }
    }

    /// The node at `pointer`, or a diagnostic naming the deepest part of it that exists.
    fn lookup(&self, reference: &str, pointer: &str, at: &str) -> Result<&Value, Diagnostic> {
        let mut node = &self.root;
        let mut reached = String::new();
        // `local_pointer` returned "" or a string starting with '/'.
        for segment in pointer.split('/').skip(1) {
            let key = unescape(segment);
            let next = match node {
                Value::Object(m) => m.get(&key),
                Value::Array(items) => index(&key).and_then(|i| items.get(i)),
                _ => None,
            };
            let Some(next) = next else {
                let what = if reached.is_empty() {
                    "the document".to_string()
                } else {
                    format!("#{reached}")
                };
                return Err(Diagnostic::at(
                    join(at, "$ref"),
                    format!(
                        "dangling $ref {reference:?}: nothing at #{pointer} ({what} has no {key:?})"
                    ),
                ));
            };
            reached.push('/');
            reached.push_str(&escape(&key));
            node = next;
        }
        Ok(node)
    }
}

/// A list index as RFC 6901 spells it: digits, no leading zero.
fn index(segment: &str) -> Option<usize> {
    let digits = !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
    if !digits || (segment.len() > 1 && segment.starts_with('0')) {
        return None;
    }
    segment.parse().ok()
}

/// The JSON pointer a local reference names (`#/components/schemas/A` → `/components/schemas/A`),
/// or why the reference is not one this resolver follows. `at` is the node holding the `$ref`.
pub fn local_pointer(reference: &str, at: &str) -> Result<String, Diagnostic> {
    let unsupported = |why: &str| {
        Diagnostic::at(
            join(at, "$ref"),
            format!("unsupported $ref {reference:?}: {why}"),
        )
    };
    let Some(fragment) = reference.strip_prefix('#') else {
        return Err(unsupported(
            "only local references (starting with `#`) are supported",
        ));
    };
    if !(fragment.is_empty() || fragment.starts_with('/')) {
        return Err(unsupported(
            "only JSON pointers (`#/…`) are supported, not named anchors",
        ));
    }
    Ok(fragment.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resolver() -> Resolver {
        Resolver::new(json!({
            "components": {
                "schemas": {"Tag": {"allOf": [{"type": "string"}]}, "a/b": {"type": "integer"}},
                "parameters": {
                    "x": {"name": "x", "in": "query", "schema": {"type": "string"}},
                    "alias": {"$ref": "#/components/parameters/x"},
                    "alias2": {"$ref": "#/components/parameters/alias"},
                    "loop1": {"$ref": "#/components/parameters/loop2"},
                    "loop2": {"$ref": "#/components/parameters/loop1"},
                    "self": {"$ref": "#/components/parameters/self"},
                    "broken": {"$ref": "#/components/parameters/gone"}
                },
                "responses": {"R": {"content": {"application/json": {"schema": {"type": "boolean"}}}}}
            }
        }))
    }

    #[test]
    fn deep_pointers_resolve() {
        let r = resolver();
        for (reference, pointer, value) in [
            (
                "#/components/schemas/Tag/allOf/0",
                "/components/schemas/Tag/allOf/0",
                json!({"type": "string"}),
            ),
            (
                "#/components/parameters/x/schema",
                "/components/parameters/x/schema",
                json!({"type": "string"}),
            ),
            (
                "#/components/responses/R/content/application~1json/schema",
                "/components/responses/R/content/application~1json/schema",
                json!({"type": "boolean"}),
            ),
            (
                "#/components/schemas/a~1b",
                "/components/schemas/a~1b",
                json!({"type": "integer"}),
            ),
        ] {
            let got = r.resolve(reference, "/here").expect(reference);
            assert_eq!((got.pointer.as_str(), got.value), (pointer, &value));
        }
        assert_eq!(r.resolve("#", "/here").expect("the root").pointer, "");
    }

    #[test]
    fn chains_are_followed_to_the_end() {
        let r = resolver();
        let got = r
            .resolve(
                "#/components/parameters/alias2",
                "/paths/~1a/get/parameters/0",
            )
            .expect("resolves");
        assert_eq!(got.pointer, "/components/parameters/x");
        assert_eq!(got.value["name"], json!("x"));
        let (p, pointer): (openapiv3::Parameter, String) = resolver()
            .resolve_as("#/components/parameters/alias", "/p", "parameter")
            .expect("a parameter");
        assert_eq!(
            (p.parameter_data_ref().name.as_str(), pointer.as_str()),
            ("x", "/components/parameters/x")
        );
    }

    #[test]
    fn cycles_are_reported_where_the_chain_starts() {
        let r = resolver();
        for reference in [
            "#/components/parameters/loop1",
            "#/components/parameters/self",
        ] {
            let d = r.resolve(reference, "/paths/~1a/get/parameters/0");
            let d = d.expect_err(reference);
            assert_eq!(d.location.to_string(), "#/paths/~1a/get/parameters/0/$ref");
            assert!(d.message.contains("cyclic"), "{d}");
        }
    }

    #[test]
    fn dangling_references_name_their_pointer() {
        let d = resolver()
            .resolve(
                "#/components/parameters/nope",
                "/paths/~1a/get/parameters/1",
            )
            .expect_err("dangling");
        assert_eq!(d.location.to_string(), "#/paths/~1a/get/parameters/1/$ref");
        assert!(
            d.message
                .contains("nothing at #/components/parameters/nope"),
            "{d}"
        );
        assert!(
            d.message
                .contains("#/components/parameters has no \"nope\""),
            "{d}"
        );
        // A broken link inside a chain is reported at that link.
        let d = resolver()
            .resolve("#/components/parameters/broken", "/p")
            .expect_err("dangling");
        assert_eq!(
            d.location.to_string(),
            "#/components/parameters/broken/$ref"
        );
        // List indexes must exist and be spelled canonically.
        for reference in [
            "#/components/schemas/Tag/allOf/1",
            "#/components/schemas/Tag/allOf/00",
        ] {
            assert!(resolver().resolve(reference, "/p").is_err(), "{reference}");
        }
    }

    #[test]
    fn other_files_and_anchors_are_refused() {
        for (reference, needle) in [
            ("other.yaml#/C", "only local"),
            ("https://example.com/x.json", "only local"),
            ("#Tag", "anchors"),
        ] {
            let d = resolver().resolve(reference, "/s").expect_err(reference);
            assert_eq!(d.location.to_string(), "#/s/$ref");
            assert!(d.message.contains(needle), "{d}");
        }
    }

    #[test]
    fn a_target_of_the_wrong_kind_is_located() {
        let d = resolver()
            .resolve_as::<openapiv3::Parameter>("#/components/responses/R", "/p", "parameter")
            .expect_err("not a parameter");
        assert!(
            d.location
                .to_string()
                .starts_with("#/components/responses/R"),
            "{d}"
        );
        assert!(d.message.contains("is not a parameter"), "{d}");
        assert!(d.message.contains("referenced from #/p"), "{d}");
    }
}
