//! Schema references to any JSON pointer. Lowering reads a schema `$ref` as the name of a
//! component (`#/components/schemas/<Name>`); a schema reference anywhere else
//! (`#/components/schemas/Tag/allOf/0`, `#/components/parameters/x/schema`, `#/paths/…`) is
//! rewritten here: a chain of references that reaches a component names it directly, and any
//! other target is copied in place, an inline schema that lowering names by where it is used.

use serde_json::Value;

use super::walk::{Kind, Visitor, walk};
use crate::diagnostics::{Diagnostic, join};

/// Rewrites every schema reference that is not a component name; the problems found.
pub fn rewrite(doc: &mut Value) -> Vec<Diagnostic> {
    let mut found = Detect(false);
    walk(doc, &mut found);
    if !found.0 {
        return Vec::new();
    }
    let snapshot = doc.clone();
    let mut deep = Deep {
        snapshot: &snapshot,
        copies: Vec::new(),
        errors: Vec::new(),
    };
    walk(doc, &mut deep);
    deep.errors
}

/// The local schema reference at `node`, when it does not simply name a component.
fn deep_ref(kind: Kind, node: &Value) -> Option<&str> {
    if !matches!(kind, Kind::Schema | Kind::AdditionalProperties) {
        return None;
    }
    let r = node.get("$ref")?.as_str()?;
    (r.starts_with('#') && !is_component(r)).then_some(r)
}

fn is_component(reference: &str) -> bool {
    reference
        .strip_prefix("#/components/schemas/")
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

struct Detect(bool);

impl Visitor for Detect {
    fn node(&mut self, kind: Kind, node: &mut Value, _at: &str) {
        self.0 |= deep_ref(kind, node).is_some();
    }
}

struct Deep<'s> {
    snapshot: &'s Value,
    /// Copies made so far: where each went and the pointer it was copied from.
    copies: Vec<(String, String)>,
    errors: Vec<Diagnostic>,
}

impl Visitor for Deep<'_> {
    fn node(&mut self, kind: Kind, node: &mut Value, at: &str) {
        let Some(first) = deep_ref(kind, node).map(str::to_string) else {
            return;
        };
        match self.target(&first, at) {
            Ok(Target::Component(reference)) => node["$ref"] = Value::String(reference),
            Ok(Target::Schema(pointer, schema)) => {
                *node = schema;
                self.copies.push((at.to_string(), pointer));
            }
            Err(d) => self.errors.push(d),
        }
    }
}

enum Target {
    /// A component schema's reference, which lowering reads by name.
    Component(String),
    /// A schema to copy, and its pointer.
    Schema(String, Value),
}

impl Deep<'_> {
    /// Follows `first`, held at `at`, to a component or to a schema that is not a reference.
    fn target(&self, first: &str, at: &str) -> Result<Target, Diagnostic> {
        let holder = join(at, "$ref");
        let mut reference = first.to_string();
        let mut seen: Vec<String> = Vec::new();
        loop {
            if is_component(&reference) {
                return Ok(Target::Component(reference));
            }
            let pointer = super::resolve::local_pointer(&reference, at)?;
            let Some(value) = self.snapshot.pointer(&pointer) else {
                return Err(Diagnostic::at(
                    &holder,
                    format!("dangling $ref {reference:?}: nothing at #{pointer}"),
                ));
            };
            if seen.contains(&pointer) {
                return Err(Diagnostic::at(
                    &holder,
                    format!(
                        "cyclic $ref {first:?}: the chain of references comes back to #{pointer}"
                    ),
                ));
            }
            seen.push(pointer.clone());
            match value.get("$ref").and_then(Value::as_str) {
                Some(next) => reference = next.to_string(),
                None => {
                    self.recursion_check(first, at, &pointer)?;
                    return Ok(Target::Schema(pointer, value.clone()));
                }
            }
        }
    }

    /// A copy that would contain a copy of itself would never end.
    fn recursion_check(&self, first: &str, at: &str, pointer: &str) -> Result<(), Diagnostic> {
        let inside = |outer: &str| at == outer || at.starts_with(&format!("{outer}/"));
        if self
            .copies
            .iter()
            // A target holding the source of a copy it sits in would hold itself.
            .any(|(place, source)| inside_of(pointer, source) && inside(place))
        {
            return Err(Diagnostic::at(
                join(at, "$ref"),
                format!(
                    "recursive $ref {first:?}: #{pointer} contains a reference to itself; a \
                     recursive schema must be a component (under #/components/schemas)"
                ),
            ));
        }
        Ok(())
    }
}

/// Whether `inner` is the node at `outer` or inside it.
fn inside_of(outer: &str, inner: &str) -> bool {
    inner == outer || inner.starts_with(&format!("{outer}/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(schemas: Value, param_schema: Value) -> Value {
        json!({
            "components": {
                "schemas": schemas,
                "parameters": {"x": {"name": "x", "in": "query", "schema": param_schema}}
            }
        })
    }

    #[test]
    fn chains_to_a_component_name_it_and_other_targets_are_copied() {
        let mut d = doc(
            json!({
                "Tag": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object"}]},
                "Base": {"type": "string"},
                "A": {"$ref": "#/components/schemas/Tag/allOf/0"},
                "B": {"$ref": "#/components/parameters/x/schema"}
            }),
            json!({"type": "integer"}),
        );
        assert!(rewrite(&mut d).is_empty());
        let s = &d["components"]["schemas"];
        assert_eq!(s["A"], json!({"$ref": "#/components/schemas/Base"}));
        assert_eq!(s["B"], json!({"type": "integer"}));
    }

    #[test]
    fn dangling_cyclic_and_self_containing_targets_are_located() {
        let mut d = doc(
            json!({
                "Gone": {"$ref": "#/components/schemas/Tag/allOf/3"},
                "Loop": {"$ref": "#/components/parameters/x/schema"},
                "Tag": {"allOf": []}
            }),
            json!({"$ref": "#/components/schemas/Loop/properties/p"}),
        );
        let found: Vec<String> = rewrite(&mut d).iter().map(|e| e.to_string()).collect();
        assert!(
            found
                .iter()
                .any(|e| e.contains("#/components/schemas/Gone/$ref")
                    && e.contains("nothing at #/components/schemas/Tag/allOf/3")),
            "{found:?}"
        );
        let mut d = doc(
            json!({"T": {"type": "object", "properties": {
                "p": {"type": "object", "properties": {"q": {"$ref": "#/components/schemas/T/properties/p"}}},
                "r": {"$ref": "#/components/schemas/T/properties/p"}
            }}}),
            json!({"type": "string"}),
        );
        let found: Vec<String> = rewrite(&mut d).iter().map(|e| e.to_string()).collect();
        assert!(
            found
                .iter()
                .any(|e| e.contains("recursive $ref") && e.contains("/properties/p/properties/q")),
            "{found:?}"
        );
    }
}
