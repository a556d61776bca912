//! Loading: text → JSON value (syntax errors with line and column) → 3.1 forms rewritten into
//! the 3.0 shapes `openapiv3` models → typed document (shape errors with a JSON pointer).

use openapiv3::OpenAPI;
use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, escape};

/// A parsed document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The typed document the lowering reads.
    pub openapi: OpenAPI,
}

/// Parses YAML or JSON text into a document.
pub fn load(text: &str) -> Result<Document, Diagnostics> {
    let mut value = parse(text)?;
    check_version(&value)?;
    normalize_document(&mut value);
    let openapi = serde_path_to_error::deserialize::<_, OpenAPI>(value).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        Diagnostics::one(Diagnostic::at(
            pointer,
            format!("unexpected shape: {}", e.inner()),
        ))
    })?;
    Ok(Document { openapi })
}

/// Text → JSON value, with the location of a syntax error.
pub fn parse(text: &str) -> Result<Value, Diagnostics> {
    if text.trim().is_empty() {
        return Err(Diagnostics::one(Diagnostic {
            location: "line 1, column 1".into(),
            message: "the document is empty".into(),
        }));
    }
    let value: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| {
            Diagnostics::one(Diagnostic {
                location: format!("line {}, column {}", e.line(), e.column()),
                message: format!("invalid JSON: {e}"),
            })
        })?
    } else {
        serde_yaml_ng::from_str(text).map_err(|e| {
            let location = e
                .location()
                .map(|l| format!("line {}, column {}", l.line(), l.column()))
                .unwrap_or_else(|| "document".into());
            Diagnostics::one(Diagnostic {
                location,
                message: format!("invalid YAML: {e}"),
            })
        })?
    };
    if !value.is_object() {
        return Err(Diagnostics::one(Diagnostic::at(
            "",
            "the document must be a mapping",
        )));
    }
    Ok(value)
}

fn check_version(doc: &Value) -> Result<(), Diagnostics> {
    match doc.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0.") || v.starts_with("3.1.") => Ok(()),
        Some(Value::String(v)) => Err(Diagnostics::one(Diagnostic::at(
            "/openapi",
            format!("unsupported OpenAPI version {v:?}; 3.0.x and 3.1.x are supported"),
        ))),
        Some(_) => Err(Diagnostics::one(Diagnostic::at(
            "/openapi",
            "must be a version string",
        ))),
        None => Err(Diagnostics::one(Diagnostic::at(
            "",
            "missing `openapi` version field (Swagger 2.0 is not supported)",
        ))),
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
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

/// Visits every schema position of the document and rewrites 3.1 forms.
fn normalize_document(doc: &mut Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    if let Some(Value::Object(components)) = root.get_mut("components") {
        if let Some(Value::Object(schemas)) = components.get_mut("schemas") {
            schemas.values_mut().for_each(normalize_schema);
        }
        for key in ["parameters", "headers"] {
            if let Some(Value::Object(items)) = components.get_mut(key) {
                items.values_mut().for_each(normalize_parameter);
            }
        }
        for key in ["requestBodies", "responses"] {
            if let Some(Value::Object(items)) = components.get_mut(key) {
                items.values_mut().for_each(normalize_content_holder);
            }
        }
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (key, op) in item.iter_mut() {
                if key == "parameters" {
                    each_in_array(op, normalize_parameter);
                    continue;
                }
                let Some(op) = op.as_object_mut() else {
                    continue;
                };
                if let Some(params) = op.get_mut("parameters") {
                    each_in_array(params, normalize_parameter);
                }
                if let Some(body) = op.get_mut("requestBody") {
                    normalize_content_holder(body);
                }
                if let Some(Value::Object(responses)) = op.get_mut("responses") {
                    responses.values_mut().for_each(normalize_content_holder);
                }
            }
        }
    }
    // 3.1 allows documents without `paths`; openapiv3 needs the key.
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
}

fn each_in_array(value: &mut Value, f: fn(&mut Value)) {
    if let Value::Array(items) = value {
        items.iter_mut().for_each(f);
    }
}

fn normalize_parameter(param: &mut Value) {
    if let Some(obj) = param.as_object_mut() {
        if let Some(schema) = obj.get_mut("schema") {
            normalize_schema(schema);
        }
        if let Some(Value::Object(content)) = obj.get_mut("content") {
            content.values_mut().for_each(normalize_media);
        }
    }
}

fn normalize_content_holder(holder: &mut Value) {
    let Some(obj) = holder.as_object_mut() else {
        return;
    };
    if let Some(Value::Object(content)) = obj.get_mut("content") {
        content.values_mut().for_each(normalize_media);
    }
    if let Some(Value::Object(headers)) = obj.get_mut("headers") {
        headers.values_mut().for_each(normalize_parameter);
    }
}

fn normalize_media(media: &mut Value) {
    if let Some(schema) = media.as_object_mut().and_then(|m| m.get_mut("schema")) {
        normalize_schema(schema);
    }
}

/// Rewrites one schema (and the schemas inside it) from 3.1 into 3.0 forms:
/// `type: [X, "null"]` → `type: X, nullable: true`; `{type: "null"}` members of
/// `anyOf`/`oneOf` → `nullable: true` on the parent; `const` → a one-value `enum`;
/// numeric `exclusiveMinimum`/`exclusiveMaximum` → `minimum`/`maximum` with the 3.0 flag.
pub fn normalize_schema(schema: &mut Value) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    if obj.contains_key("$ref") {
        // A 3.1 reference may carry siblings (descriptions); the reference is what counts.
        return;
    }
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
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(members)) = obj.get_mut(key) {
            members.iter_mut().for_each(normalize_schema);
        }
    }
    for key in ["items", "not", "additionalProperties"] {
        if let Some(inner) = obj.get_mut(key) {
            normalize_schema(inner);
        }
    }
    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        props.values_mut().for_each(normalize_schema);
    }
    // 3.1 `examples` (an array) in a schema has no 3.0 counterpart the generator needs.
    if matches!(obj.get("examples"), Some(Value::Array(_))) {
        obj.remove("examples");
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
    fn syntax_errors_have_line_and_column() {
        let err = parse("openapi: 3.1.0\npaths: [\n").unwrap_err();
        assert!(err.0[0].location.starts_with("line "), "{err}");
        let err = parse("{\"openapi\": }").unwrap_err();
        assert_eq!(err.0[0].location, "line 1, column 13");
    }

    #[test]
    fn empty_and_wrong_version_are_rejected() {
        assert!(parse("  \n").unwrap_err().to_string().contains("empty"));
        let err = load("openapi: 2.0.0\ninfo: {title: t, version: v}\npaths: {}\n").unwrap_err();
        assert_eq!(err.0[0].location, "#/openapi");
        let err = load("swagger: '2.0'\n").unwrap_err();
        assert!(err.to_string().contains("Swagger"));
    }

    #[test]
    fn wrong_node_type_names_the_pointer() {
        let err = load("openapi: 3.1.0\ninfo: {title: t, version: v}\npaths:\n  /a:\n    get:\n      responses: 7\n")
            .unwrap_err();
        // openapiv3 reads path items through untagged enums, which hide the deeper path from
        // serde_path_to_error: the error is located at `#/paths`, not at the operation.
        assert_eq!(err.0[0].location, "#/paths", "{err}");
        assert!(
            err.to_string().contains("expected struct Responses"),
            "{err}"
        );
    }
}
