//! `$ref`s inside `info`, where OpenAPI allows none (`description: {$ref: '#/x-texts/intro'}`):
//! the referenced value is copied in, so the document reads as its author meant rather than
//! failing with a shape error about a mapping where a string belongs.

use serde_json::Value;

use super::resolve::Resolver;
use crate::diagnostics::{Diagnostic, join};

/// Replaces every local reference under `/info` by a copy of its target; the problems found.
pub fn inline(doc: &mut Value) -> Vec<Diagnostic> {
    let Some(info) = doc.get("info") else {
        return Vec::new();
    };
    if !has_ref(info) {
        return Vec::new();
    }
    let resolver = Resolver::new(doc.clone());
    let mut errors = Vec::new();
    if let Some(info) = doc.get_mut("info") {
        replace(info, "/info", &resolver, &mut errors, &mut Vec::new());
    }
    errors
}

fn has_ref(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.contains_key("$ref") || m.values().any(has_ref),
        Value::Array(items) => items.iter().any(has_ref),
        _ => false,
    }
}

/// Whether the node at `outer` holds the node at `inner` (or is it).
fn holds(outer: &str, inner: &str) -> bool {
    inner == outer || inner.starts_with(&format!("{outer}/"))
}

/// `open` lists the places being copied into: the reference's own position and every target
/// copied on the way there. A target that holds one of them would be copied forever.
fn replace(
    v: &mut Value,
    at: &str,
    r: &Resolver,
    errors: &mut Vec<Diagnostic>,
    open: &mut Vec<String>,
) {
    if let Some(reference) = v.get("$ref").and_then(Value::as_str).map(str::to_string) {
        let target = match r.resolve(&reference, at) {
            Ok(target) => target,
            Err(d) => return errors.push(d),
        };
        if open
            .iter()
            .chain([&at.to_string()])
            .any(|place| holds(&target.pointer, place))
        {
            return errors.push(Diagnostic::at(
                join(at, "$ref"),
                format!(
                    "$ref {reference:?} in `info`: #{} contains the reference itself",
                    target.pointer
                ),
            ));
        }
        *v = target.value.clone();
        open.push(target.pointer);
        replace(v, at, r, errors, open);
        open.pop();
        return;
    }
    match v {
        Value::Object(m) => {
            for (key, child) in m.iter_mut() {
                replace(child, &join(at, key), r, errors, open);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                replace(item, &join(at, i.to_string()), r, errors, open);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_copied_in_and_broken_references_located() {
        let mut doc = json!({
            "info": {"title": "t", "description": {"$ref": "#/x-texts/intro"}},
            "x-texts": {"intro": "Hello."}
        });
        assert!(inline(&mut doc).is_empty());
        assert_eq!(doc["info"]["description"], "Hello.");
        let mut doc = json!({"info": {"description": {"$ref": "#/x-texts/gone"}}});
        let errors = inline(&mut doc);
        assert_eq!(errors[0].location.to_string(), "#/info/description/$ref");
        let mut doc = json!({"info": {"description": {"$ref": "#/info/description"}}});
        assert!(inline(&mut doc)[0].to_string().contains("cyclic"));
        // The whole document, or `info` itself, would hold its own copy.
        for reference in ["#", "#/info", "#/x/y"] {
            let mut doc = json!({
                "info": {"title": {"$ref": reference}, "summary": {"$ref": reference}},
                "x": {"y": {"$ref": "#/x"}}
            });
            let errors = inline(&mut doc);
            assert!(!errors.is_empty(), "{reference}");
            assert!(
                errors
                    .iter()
                    .all(|e| e.location.to_string().starts_with("#/info/")),
                "{errors:?}"
            );
        }
    }
}
