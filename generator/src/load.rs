//! Loading: text → JSON value (syntax errors with line and column) → 3.1 forms rewritten into
//! the 3.0 shapes `openapiv3` models → typed document (shape errors with a JSON pointer).

use openapiv3::OpenAPI;
use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, escape, join};

/// A parsed document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The typed document the lowering reads.
    pub openapi: OpenAPI,
    /// The 3.1 `webhooks` section as written (`openapiv3` does not read it).
    pub webhooks: Option<Value>,
}

/// Parses YAML or JSON text into a document.
pub fn load(text: &str) -> Result<Document, Diagnostics> {
    let mut value = parse(text)?;
    check_version(&value)?;
    // Shapes are checked on the raw value first: openapiv3 reads path items through untagged
    // enums, which hide where inside `paths` a problem is, and serde stops at the first one.
    let mut shape = Shapes::default();
    shape.document(&value);
    Diagnostics(shape.0).into_result()?;
    normalize_document(&mut value);
    let webhooks = value.get("webhooks").cloned();
    let openapi = serde_path_to_error::deserialize::<_, OpenAPI>(value).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        Diagnostics::one(Diagnostic::at(
            pointer,
            format!("unexpected shape: {}", e.inner()),
        ))
    })?;
    Ok(Document { openapi, webhooks })
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
        serde_json::from_str::<Strict>(text)
            .map(|s| s.0)
            .map_err(|e| {
                Diagnostics::one(Diagnostic {
                    location: format!("line {}, column {}", e.line(), e.column()),
                    message: format!("invalid JSON: {e}"),
                })
            })?
    } else {
        serde_yaml_ng::from_str::<Strict>(text)
            .map(|s| s.0)
            .map_err(|e| {
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

/// A value read from YAML or JSON that rejects duplicate keys: both formats forbid them, and
/// accepting them would silently keep one of the values.
struct Strict(Value);

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON-compatible value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        // Beyond 64 bits only a float can hold it.
        Ok(serde_json::Number::from_f64(v as f64).map_or(Value::Null, Value::Number))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v as f64).map_or(Value::Null, Value::Number))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // JSON has no NaN or infinity (YAML does): like serde_json, read them as null.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Strict(value) = map.next_value()?;
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format!("duplicate key {key:?}")));
            }
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

fn check_version(doc: &Value) -> Result<(), Diagnostics> {
    if let Some(v) = doc.get("swagger") {
        return Err(Diagnostics::one(Diagnostic::at(
            "/swagger",
            format!(
                "Swagger 2.0 documents are not supported (found swagger: {v}); convert to OpenAPI 3.x first"
            ),
        )));
    }
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

/// Problems with the JSON types of the document's nodes, each at its pointer.
#[derive(Default)]
struct Shapes(Vec<Diagnostic>);

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Shapes {
    fn wrong(&mut self, at: &str, what: &str, found: &Value) {
        let kind = match found {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "a mapping",
        };
        self.0
            .push(Diagnostic::at(at, format!("expected {what}, found {kind}")));
    }

    /// The object at `at`, or a problem.
    fn object<'v>(&mut self, v: &'v Value, at: &str) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.wrong(at, "a mapping", other);
                None
            }
        }
    }

    fn array<'v>(&mut self, v: &'v Value, at: &str) -> Option<&'v Vec<Value>> {
        match v {
            Value::Array(a) => Some(a),
            other => {
                self.wrong(at, "a list", other);
                None
            }
        }
    }

    fn string(&mut self, v: &Value, at: &str) {
        if !v.is_string() {
            self.wrong(at, "a string", v);
        }
    }

    fn boolean(&mut self, v: &Value, at: &str) {
        if !v.is_boolean() {
            self.wrong(at, "a boolean", v);
        }
    }

    /// Checks `obj[key]` with `f` when present.
    fn field(
        &mut self,
        obj: &Map<String, Value>,
        at: &str,
        key: &str,
        f: fn(&mut Self, &Value, &str),
    ) {
        if let Some(v) = obj.get(key) {
            f(self, v, &join(at, key));
        }
    }

    /// Checks every value of the mapping `obj[key]` with `f`.
    fn each_value(
        &mut self,
        obj: &Map<String, Value>,
        at: &str,
        key: &str,
        f: fn(&mut Self, &Value, &str),
    ) {
        if let Some(v) = obj.get(key) {
            let here = join(at, key);
            if let Some(m) = self.object(v, &here) {
                for (k, item) in m {
                    f(self, item, &join(&here, k));
                }
            }
        }
    }

    /// Checks every item of the list `obj[key]` with `f`.
    fn each_item(
        &mut self,
        obj: &Map<String, Value>,
        at: &str,
        key: &str,
        f: fn(&mut Self, &Value, &str),
    ) {
        if let Some(v) = obj.get(key) {
            let here = join(at, key);
            if let Some(items) = self.array(v, &here) {
                for (i, item) in items.iter().enumerate() {
                    f(self, item, &join(&here, i.to_string()));
                }
            }
        }
    }

    fn document(&mut self, doc: &Value) {
        let Some(root) = doc.as_object() else {
            return;
        };
        match root.get("info") {
            None => self.0.push(Diagnostic::at(
                "",
                "missing `info` (with `title` and `version`)",
            )),
            Some(info) => {
                if let Some(info) = self.object(info, "/info") {
                    for key in ["title", "version"] {
                        match info.get(key) {
                            Some(v) => self.string(v, &join("/info", key)),
                            None => self
                                .0
                                .push(Diagnostic::at("/info", format!("missing `{key}`"))),
                        }
                    }
                }
            }
        }
        self.each_item(root, "", "servers", |s, v, at| {
            if let Some(server) = s.object(v, at) {
                match server.get("url") {
                    Some(url) => s.string(url, &join(at, "url")),
                    None => s.0.push(Diagnostic::at(at, "missing `url`")),
                }
            }
        });
        self.each_value(root, "", "paths", Self::path_item);
        if let Some(c) = root.get("components") {
            if let Some(c) = self.object(c, "/components") {
                self.each_value(c, "/components", "schemas", Self::schema);
                self.each_value(c, "/components", "parameters", Self::parameter);
                self.each_value(c, "/components", "headers", Self::header);
                self.each_value(c, "/components", "requestBodies", Self::request_body);
                self.each_value(c, "/components", "responses", Self::response);
            }
        }
    }

    fn path_item(&mut self, v: &Value, at: &str) {
        let Some(item) = self.object(v, at) else {
            return;
        };
        self.field(item, at, "$ref", Self::string);
        self.each_item(item, at, "parameters", Self::parameter);
        for method in METHODS {
            self.field(item, at, method, Self::operation);
        }
    }

    fn operation(&mut self, v: &Value, at: &str) {
        let Some(op) = self.object(v, at) else {
            return;
        };
        for key in ["operationId", "summary", "description"] {
            self.field(op, at, key, Self::string);
        }
        self.field(op, at, "deprecated", Self::boolean);
        self.each_item(op, at, "parameters", Self::parameter);
        self.field(op, at, "requestBody", Self::request_body);
        self.each_value(op, at, "responses", Self::response);
    }

    /// `$ref`, or the checks of `f`.
    fn reference_or(&mut self, v: &Value, at: &str, f: fn(&mut Self, &Map<String, Value>, &str)) {
        let Some(obj) = self.object(v, at) else {
            return;
        };
        match obj.get("$ref") {
            Some(r) => self.string(r, &join(at, "$ref")),
            None => f(self, obj, at),
        }
    }

    fn parameter(&mut self, v: &Value, at: &str) {
        self.reference_or(v, at, |s, p, at| {
            for key in ["name", "in"] {
                match p.get(key) {
                    Some(v) => s.string(v, &join(at, key)),
                    None => s.0.push(Diagnostic::at(at, format!("missing `{key}`"))),
                }
            }
            if let Some(Value::String(place)) = p.get("in") {
                if !["query", "header", "path", "cookie"].contains(&place.as_str()) {
                    s.0.push(Diagnostic::at(
                        join(at, "in"),
                        format!("unknown parameter location {place:?}"),
                    ));
                }
            }
            s.parameter_body(p, at);
        });
    }

    fn header(&mut self, v: &Value, at: &str) {
        self.reference_or(v, at, Self::parameter_body);
    }

    fn parameter_body(&mut self, p: &Map<String, Value>, at: &str) {
        for key in ["required", "deprecated", "explode"] {
            self.field(p, at, key, Self::boolean);
        }
        self.field(p, at, "style", Self::string);
        self.field(p, at, "schema", Self::schema);
        self.each_value(p, at, "content", Self::media);
    }

    fn request_body(&mut self, v: &Value, at: &str) {
        self.reference_or(v, at, |s, b, at| {
            s.field(b, at, "required", Self::boolean);
            s.each_value(b, at, "content", Self::media);
        });
    }

    fn response(&mut self, v: &Value, at: &str) {
        self.reference_or(v, at, |s, r, at| {
            s.field(r, at, "description", Self::string);
            s.each_value(r, at, "content", Self::media);
            s.each_value(r, at, "headers", Self::header);
        });
    }

    fn media(&mut self, v: &Value, at: &str) {
        if let Some(m) = self.object(v, at) {
            self.field(m, at, "schema", Self::schema);
        }
    }

    fn schema(&mut self, v: &Value, at: &str) {
        // 3.1 allows `true` and `false` as schemas.
        if v.is_boolean() {
            return;
        }
        self.reference_or(v, at, |s, obj, at| {
            match obj.get("type") {
                None | Some(Value::String(_)) => {}
                Some(Value::Array(types)) => {
                    for (i, t) in types.iter().enumerate() {
                        s.string(t, &join(&join(at, "type"), i.to_string()));
                    }
                }
                Some(other) => s.wrong(&join(at, "type"), "a type name or a list of them", other),
            }
            for key in ["format", "description", "title", "pattern"] {
                s.field(obj, at, key, Self::string);
            }
            for key in ["nullable", "deprecated", "readOnly", "writeOnly"] {
                s.field(obj, at, key, Self::boolean);
            }
            s.each_value(obj, at, "properties", Self::schema);
            s.field(obj, at, "items", Self::schema);
            s.field(obj, at, "not", Self::schema);
            s.field(obj, at, "additionalProperties", Self::schema);
            for key in ["allOf", "oneOf", "anyOf"] {
                s.each_item(obj, at, key, Self::schema);
            }
            // `required: true` on a property is a common slip that readers ignore; so do we.
            if !matches!(obj.get("required"), Some(Value::Bool(_))) {
                s.each_item(obj, at, "required", Self::string);
            }
            if let Some(e) = obj.get("enum") {
                s.array(e, &join(at, "enum"));
            }
            if let Some(d) = obj.get("discriminator") {
                let here = join(at, "discriminator");
                if let Some(d) = s.object(d, &here) {
                    match d.get("propertyName") {
                        Some(p) => s.string(p, &join(&here, "propertyName")),
                        None => s.0.push(Diagnostic::at(&here, "missing `propertyName`")),
                    }
                    s.each_value(d, &here, "mapping", Self::string);
                }
            }
        });
    }
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
            // `additionalProperties: true/false` is already a form openapiv3 reads.
            if !(key == "additionalProperties" && inner.is_boolean()) {
                normalize_schema(inner);
            }
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
        // The shape check finds it before openapiv3 (whose untagged path items would only say
        // `#/paths`).
        assert_eq!(err.0[0].location, "#/paths/~1a/get/responses", "{err}");
        assert!(err.to_string().contains("expected a mapping"), "{err}");
    }
}
