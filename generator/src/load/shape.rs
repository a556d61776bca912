//! The shape check: the JSON types of the nodes the generator reads, each problem at its
//! pointer, all of them at once.

use serde_json::{Map, Value};

use super::walk::{Kind, Visitor, walk};
use crate::diagnostics::{Diagnostic, join};

/// Every shape problem of the document. It only reads the value; the walk is shared with the
/// rewrites, which is why it is handed a mutable one.
pub fn check(doc: &mut Value) -> Vec<Diagnostic> {
    let mut shapes = Shapes::default();
    walk(doc, &mut shapes);
    shapes.0
}

#[derive(Default)]
struct Shapes(Vec<Diagnostic>);

fn kind_of(found: &Value) -> &'static str {
    match found {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "a mapping",
    }
}

impl Visitor for Shapes {
    fn node(&mut self, kind: Kind, node: &mut Value, at: &str) {
        let Some(obj) = node.as_object() else {
            // A 3.1 boolean schema: nothing to check.
            return;
        };
        if let (true, Some(r)) = (kind.is_referable(), obj.get("$ref")) {
            self.string(r, &join(at, "$ref"));
            return;
        }
        match kind {
            Kind::Document => self.document(obj),
            Kind::PathItem => self.field(obj, at, "$ref", Self::string),
            Kind::Operation => {
                for key in ["operationId", "summary", "description"] {
                    self.field(obj, at, key, Self::string);
                }
                self.field(obj, at, "deprecated", Self::boolean);
            }
            Kind::Parameter => self.parameter(obj, at),
            Kind::Header => self.parameter_body(obj, at),
            Kind::RequestBody => self.field(obj, at, "required", Self::boolean),
            Kind::Response => self.field(obj, at, "description", Self::string),
            Kind::Media => {}
            Kind::Schema | Kind::AdditionalProperties => self.schema(obj, at),
        }
    }

    fn wrong(&mut self, at: &str, expected: &str, found: &Value) {
        self.0.push(Diagnostic::at(
            at,
            format!("expected {expected}, found {}", kind_of(found)),
        ));
    }
}

impl Shapes {
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

    /// `obj[key]` must be present, and pass `f`.
    fn required(
        &mut self,
        obj: &Map<String, Value>,
        at: &str,
        key: &str,
        f: fn(&mut Self, &Value, &str),
    ) {
        match obj.get(key) {
            Some(v) => f(self, v, &join(at, key)),
            None => self.0.push(Diagnostic::at(at, format!("missing `{key}`"))),
        }
    }

    fn document(&mut self, root: &Map<String, Value>) {
        match root.get("info") {
            None => self.0.push(Diagnostic::at(
                "",
                "missing `info` (with `title` and `version`)",
            )),
            Some(Value::Object(info)) => {
                for key in ["title", "version"] {
                    self.required(info, "/info", key, Self::string);
                }
            }
            Some(other) => self.wrong("/info", "a mapping", other),
        }
        match root.get("servers") {
            None => {}
            Some(Value::Array(servers)) => {
                for (i, server) in servers.iter().enumerate() {
                    let at = join("/servers", i.to_string());
                    match server {
                        Value::Object(s) => self.required(s, &at, "url", Self::string),
                        other => self.wrong(&at, "a mapping", other),
                    }
                }
            }
            Some(other) => self.wrong("/servers", "a list", other),
        }
    }

    fn parameter(&mut self, p: &Map<String, Value>, at: &str) {
        for key in ["name", "in"] {
            self.required(p, at, key, Self::string);
        }
        if let Some(Value::String(place)) = p.get("in") {
            if !["query", "header", "path", "cookie"].contains(&place.as_str()) {
                self.0.push(Diagnostic::at(
                    join(at, "in"),
                    format!("unknown parameter location {place:?}"),
                ));
            }
        }
        self.parameter_body(p, at);
    }

    fn parameter_body(&mut self, p: &Map<String, Value>, at: &str) {
        for key in ["required", "deprecated", "explode"] {
            self.field(p, at, key, Self::boolean);
        }
        self.field(p, at, "style", Self::string);
    }

    fn schema(&mut self, obj: &Map<String, Value>, at: &str) {
        match obj.get("type") {
            None | Some(Value::String(_)) => {}
            Some(Value::Array(types)) => {
                for (i, t) in types.iter().enumerate() {
                    self.string(t, &join(&join(at, "type"), i.to_string()));
                }
            }
            Some(other) => self.wrong(&join(at, "type"), "a type name or a list of them", other),
        }
        for key in ["format", "description", "title", "pattern"] {
            self.field(obj, at, key, Self::string);
        }
        for key in ["nullable", "deprecated", "readOnly", "writeOnly"] {
            self.field(obj, at, key, Self::boolean);
        }
        // `required: true` on a property is a common slip that readers ignore; so do we.
        match obj.get("required") {
            None | Some(Value::Bool(_)) => {}
            Some(Value::Array(names)) => {
                for (i, name) in names.iter().enumerate() {
                    self.string(name, &join(&join(at, "required"), i.to_string()));
                }
            }
            Some(other) => self.wrong(&join(at, "required"), "a list", other),
        }
        if let Some(e) = obj.get("enum") {
            if !e.is_array() {
                self.wrong(&join(at, "enum"), "a list", e);
            }
        }
        if let Some(d) = obj.get("discriminator") {
            let here = join(at, "discriminator");
            match d {
                Value::Object(d) => {
                    self.required(d, &here, "propertyName", Self::string);
                    match d.get("mapping") {
                        None => {}
                        Some(Value::Object(m)) => {
                            let here = join(&here, "mapping");
                            for (k, target) in m {
                                self.string(target, &join(&here, k));
                            }
                        }
                        Some(other) => self.wrong(&join(&here, "mapping"), "a mapping", other),
                    }
                }
                other => self.wrong(&here, "a mapping", other),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pointers(mut doc: Value) -> Vec<String> {
        let mut found: Vec<String> = check(&mut doc)
            .into_iter()
            .map(|d| d.location.to_string())
            .collect();
        found.sort();
        found
    }

    #[test]
    fn problems_at_every_level_are_found_together() {
        let doc = json!({
            "info": {"title": 1},
            "servers": [{}],
            "paths": {"/a": {"get": {
                "operationId": 3,
                "parameters": [{"name": "x", "in": "body"}],
                "responses": {"200": {"content": {"a/b": {"schema": {"type": 5, "required": "x"}}}}}
            }}}
        });
        assert_eq!(
            pointers(doc),
            [
                "#/info",
                "#/info/title",
                "#/paths/~1a/get/operationId",
                "#/paths/~1a/get/parameters/0/in",
                "#/paths/~1a/get/responses/200/content/a~1b/schema/required",
                "#/paths/~1a/get/responses/200/content/a~1b/schema/type",
                "#/servers/0",
            ]
        );
    }

    #[test]
    fn references_need_only_a_string() {
        let doc = json!({
            "info": {"title": "t", "version": "v"},
            "components": {"parameters": {"P": {"$ref": 4}, "Q": {"$ref": "#/x"}}}
        });
        assert_eq!(pointers(doc), ["#/components/parameters/P/$ref"]);
    }
}
