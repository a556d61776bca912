//! 3.1 forms rewritten into the 3.0 shapes `openapiv3` models, at every schema position.

use serde_json::{Map, Value};

use super::walk::{Kind, Visitor, walk, walk_schema};

/// Rewrites the whole document.
pub fn normalize(doc: &mut Value) {
    walk(doc, &mut Normalize);
}

struct Normalize;

impl Visitor for Normalize {
    fn node(&mut self, kind: Kind, node: &mut Value, _at: &str) {
        match kind {
            Kind::Document => {
                // 3.1 allows documents without `paths`; openapiv3 needs the key.
                if let Some(root) = node.as_object_mut() {
                    root.entry("paths")
                        .or_insert_with(|| Value::Object(Map::new()));
                }
            }
            Kind::Schema => rewrite(node),
            // `additionalProperties: true/false` is already a form openapiv3 reads.
            Kind::AdditionalProperties if !node.is_boolean() => rewrite(node),
            _ => {}
        }
    }
}

/// Rewrites one schema and the schemas inside it.
pub fn normalize_schema(schema: &mut Value) {
    walk_schema(schema, &mut Normalize);
}

/// Rewrites one schema node (not the schemas inside it) from 3.1 into 3.0 forms:
/// `type: [X, "null"]` → `type: X, nullable: true`; `{type: "null"}` members of
/// `anyOf`/`oneOf` → `nullable: true` on the parent; `const` → a one-value `enum`;
/// numeric `exclusiveMinimum`/`exclusiveMaximum` → `minimum`/`maximum` with the 3.0 flag.
fn rewrite(schema: &mut Value) {
    // 3.1 boolean schemas: `true` accepts anything, `false` nothing.
    match schema {
        Value::Bool(true) => *schema = Value::Object(Map::new()),
        Value::Bool(false) => {
            *schema = Value::Object(Map::from_iter([(
                "not".to_string(),
                Value::Object(Map::new()),
            )]))
        }
        _ => {}
    }
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    if obj.contains_key("$ref") {
        // A 3.1 reference may carry siblings (descriptions); the reference is what counts.
        return;
    }
    rewrite_type(obj);
    if let Some(c) = obj.remove("const") {
        obj.insert("enum".into(), Value::Array(vec![c]));
    }
    for (key, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = obj.get(key).cloned() {
            obj.insert(bound.into(), Value::Number(n));
            obj.insert(key.into(), Value::Bool(true));
        }
    }
    // A composition decides the shape; a `type` beside it would hide it from openapiv3.
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = obj.get_mut(key) {
            let before = members.len();
            members.retain(|m| !is_null_schema(m));
            if members.len() != before {
                obj.insert("nullable".into(), Value::Bool(true));
            }
        }
    }
    // 3.1 `examples` (an array) in a schema has no 3.0 counterpart the generator needs.
    if matches!(obj.get("examples"), Some(Value::Array(_))) {
        obj.remove("examples");
    }
}

/// `type: [..]` → one type (with `nullable`), or an `anyOf` of them; `type: "null"` → nullable.
fn rewrite_type(obj: &mut Map<String, Value>) {
    match obj.get("type").cloned() {
        Some(Value::Array(types)) => {
            let non_null: Vec<Value> = types
                .iter()
                .filter(|t| t.as_str() != Some("null"))
                .cloned()
                .collect();
            if non_null.len() != types.len() {
                obj.insert("nullable".into(), Value::Bool(true));
            }
            match non_null.len() {
                0 => {
                    obj.remove("type");
                }
                1 => {
                    obj.insert("type".into(), non_null[0].clone());
                }
                _ => {
                    obj.remove("type");
                    let variants = non_null
                        .into_iter()
                        .map(|t| Value::Object(Map::from_iter([("type".to_string(), t)])));
                    obj.insert("anyOf".into(), Value::Array(variants.collect()));
                }
            }
        }
        Some(Value::String(t)) if t == "null" => {
            obj.remove("type");
            obj.insert("nullable".into(), Value::Bool(true));
            obj.insert("x-null-only".into(), Value::Bool(true));
        }
        _ => {}
    }
}

fn is_null_schema(v: &Value) -> bool {
    match v.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.iter().all(|t| t.as_str() == Some("null")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn norm(mut v: Value) -> Value {
        normalize_schema(&mut v);
        v
    }

    #[test]
    fn type_list_with_null_becomes_nullable() {
        assert_eq!(
            norm(json!({"type": ["string", "null"]})),
            json!({"type": "string", "nullable": true})
        );
    }

    #[test]
    fn null_member_of_any_of_becomes_nullable() {
        let v = norm(json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]}));
        assert_eq!(
            v,
            json!({"anyOf": [{"$ref": "#/components/schemas/A"}], "nullable": true})
        );
    }

    #[test]
    fn const_becomes_enum() {
        assert_eq!(
            norm(json!({"type": "string", "const": "x"})),
            json!({"type": "string", "enum": ["x"]})
        );
    }

    #[test]
    fn multiple_types_become_any_of() {
        let v = norm(json!({"type": ["string", "integer"]}));
        assert_eq!(
            v,
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
    }

    #[test]
    fn the_document_walk_rewrites_every_schema_position() {
        let mut doc = json!({
            "paths": {"/a": {"get": {
                "parameters": [{"name": "p", "in": "query", "schema": {"const": 1}}],
                "responses": {"200": {"headers": {"X": {"schema": {"type": ["string", "null"]}}}}}
            }}},
            "components": {"schemas": {"A": {
                "properties": {"b": true, "c": {"additionalProperties": false}},
                "items": {"type": "null"}
            }}}
        });
        normalize(&mut doc);
        let get = &doc["paths"]["/a"]["get"];
        assert_eq!(get["parameters"][0]["schema"], json!({"enum": [1]}));
        assert_eq!(
            get["responses"]["200"]["headers"]["X"]["schema"],
            json!({"type": "string", "nullable": true})
        );
        let a = &doc["components"]["schemas"]["A"];
        assert_eq!(a["properties"]["b"], json!({}));
        assert_eq!(a["properties"]["c"], json!({"additionalProperties": false}));
        assert_eq!(a["items"]["x-null-only"], json!(true));
        // A document without `paths` gets an empty one.
        let mut doc = json!({});
        normalize(&mut doc);
        assert_eq!(doc, json!({"paths": {}}));
    }
}
