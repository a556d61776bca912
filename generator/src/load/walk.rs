//! The one walk over the document's nodes that hold schemas: components, path items,
//! operations, parameters, headers, request bodies, responses, media types, and the schemas
//! inside schemas. The shape check and the 3.1 rewrites are both visitors of it, so they can
//! never disagree about where schemas are.

use serde_json::{Map, Value};

use crate::diagnostics::join;

/// What a visited node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The document root.
    Document,
    /// An entry of `paths`.
    PathItem,
    /// An operation of a path item.
    Operation,
    /// A parameter (or a reference to one).
    Parameter,
    /// A header (or a reference to one).
    Header,
    /// A request body (or a reference to one).
    RequestBody,
    /// A response (or a reference to one).
    Response,
    /// A media type object (`content/application~1json`).
    Media,
    /// A schema (or a reference to one, or a 3.1 boolean schema).
    Schema,
    /// A schema under `additionalProperties`, where `true` and `false` keep their 3.0 meaning.
    AdditionalProperties,
}

impl Kind {
    fn is_schema(self) -> bool {
        matches!(self, Kind::Schema | Kind::AdditionalProperties)
    }

    /// Whether a `$ref` here replaces the node (so the walk does not look inside it).
    pub fn is_referable(self) -> bool {
        matches!(
            self,
            Kind::Parameter | Kind::Header | Kind::RequestBody | Kind::Response
        ) || self.is_schema()
    }
}

/// What the walk calls.
pub trait Visitor {
    /// A node of a known kind, before the walk goes inside it. The visitor may rewrite it; the
    /// walk then reads the rewritten node. Mappings only, except for boolean schemas.
    fn node(&mut self, kind: Kind, node: &mut Value, at: &str);

    /// A node that should be a mapping (or, with `expected` saying so, a list) is not.
    fn wrong(&mut self, _at: &str, _expected: &str, _found: &Value) {}
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Walks the whole document.
pub fn walk(doc: &mut Value, visitor: &mut impl Visitor) {
    Walk(visitor).visit(Kind::Document, doc, "");
}

/// Walks one schema and the schemas inside it, with pointers relative to it.
pub fn walk_schema(schema: &mut Value, visitor: &mut impl Visitor) {
    Walk(visitor).visit(Kind::Schema, schema, "");
}

struct Walk<'v, V>(&'v mut V);

impl<V: Visitor> Walk<'_, V> {
    fn visit(&mut self, kind: Kind, v: &mut Value, at: &str) {
        if kind.is_schema() && v.is_boolean() {
            self.0.node(kind, v, at);
            return;
        }
        if !v.is_object() {
            self.0.wrong(at, "a mapping", v);
            return;
        }
        self.0.node(kind, v, at);
        let Some(obj) = v.as_object_mut() else {
            return;
        };
        if kind.is_referable() && obj.contains_key("$ref") {
            return;
        }
        self.children(kind, obj, at);
    }

    fn children(&mut self, kind: Kind, obj: &mut Map<String, Value>, at: &str) {
        match kind {
            Kind::Document => {
                self.each_value(obj, at, "paths", Kind::PathItem);
                if let Some(c) = obj.get_mut("components") {
                    let here = join(at, "components");
                    match c.as_object_mut() {
                        Some(c) => {
                            for (key, kind) in [
                                ("schemas", Kind::Schema),
                                ("parameters", Kind::Parameter),
                                ("headers", Kind::Header),
                                ("requestBodies", Kind::RequestBody),
                                ("responses", Kind::Response),
                            ] {
                                self.each_value(c, &here, key, kind);
                            }
                        }
                        None => self.0.wrong(&here, "a mapping", c),
                    }
                }
            }
            Kind::PathItem => {
                self.each_item(obj, at, "parameters", Kind::Parameter);
                for method in METHODS {
                    self.field(obj, at, method, Kind::Operation);
                }
            }
            Kind::Operation => {
                self.each_item(obj, at, "parameters", Kind::Parameter);
                self.field(obj, at, "requestBody", Kind::RequestBody);
                self.each_value(obj, at, "responses", Kind::Response);
            }
            Kind::Parameter | Kind::Header => {
                self.field(obj, at, "schema", Kind::Schema);
                self.each_value(obj, at, "content", Kind::Media);
            }
            Kind::RequestBody => self.each_value(obj, at, "content", Kind::Media),
            Kind::Response => {
                self.each_value(obj, at, "content", Kind::Media);
                self.each_value(obj, at, "headers", Kind::Header);
            }
            Kind::Media => self.field(obj, at, "schema", Kind::Schema),
            Kind::Schema | Kind::AdditionalProperties => {
                self.each_value(obj, at, "properties", Kind::Schema);
                self.field(obj, at, "items", Kind::Schema);
                self.field(obj, at, "not", Kind::Schema);
                self.field(obj, at, "additionalProperties", Kind::AdditionalProperties);
                for key in ["allOf", "oneOf", "anyOf"] {
                    self.each_item(obj, at, key, Kind::Schema);
                }
            }
        }
    }

    /// `obj[key]`, when present.
    fn field(&mut self, obj: &mut Map<String, Value>, at: &str, key: &str, kind: Kind) {
        if let Some(v) = obj.get_mut(key) {
            self.visit(kind, v, &join(at, key));
        }
    }

    /// Every value of the mapping `obj[key]`, when present.
    fn each_value(&mut self, obj: &mut Map<String, Value>, at: &str, key: &str, kind: Kind) {
        let Some(v) = obj.get_mut(key) else {
            return;
        };
        let here = join(at, key);
        match v.as_object_mut() {
            Some(m) => {
                for (k, item) in m.iter_mut() {
                    self.visit(kind, item, &join(&here, k));
                }
            }
            None => self.0.wrong(&here, "a mapping", v),
        }
    }

    /// Every item of the list `obj[key]`, when present.
    fn each_item(&mut self, obj: &mut Map<String, Value>, at: &str, key: &str, kind: Kind) {
        let Some(v) = obj.get_mut(key) else {
            return;
        };
        let here = join(at, key);
        match v.as_array_mut() {
            Some(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.visit(kind, item, &join(&here, i.to_string()));
                }
            }
            None => self.0.wrong(&here, "a list", v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Default)]
    struct Record(Vec<(Kind, String)>, Vec<String>);

    impl Visitor for Record {
        fn node(&mut self, kind: Kind, _: &mut Value, at: &str) {
            self.0.push((kind, at.to_string()));
        }
        fn wrong(&mut self, at: &str, expected: &str, _: &Value) {
            self.1.push(format!("{at}: {expected}"));
        }
    }

    #[test]
    fn every_schema_position_is_visited_once() {
        let mut doc = json!({
            "paths": {"/a": {
                "parameters": [{"name": "p", "in": "query", "schema": {"type": "string"}}],
                "get": {
                    "requestBody": {"content": {"application/json": {"schema": {"items": true}}}},
                    "responses": {"200": {
                        "headers": {"X": {"schema": {"$ref": "#/components/schemas/A"}}},
                        "content": {"text/plain": {}}
                    }}
                },
                "summary": "not an operation"
            }},
            "components": {"schemas": {"A": {
                "properties": {"b": {"additionalProperties": false}},
                "anyOf": [{"$ref": "#/x", "properties": {"hidden": {}}}]
            }}}
        });
        let mut r = Record::default();
        walk(&mut doc, &mut r);
        let schemas: Vec<&str> =
            r.0.iter()
                .filter(|(k, _)| k.is_schema())
                .map(|(_, at)| at.as_str())
                .collect();
        assert_eq!(
            schemas,
            [
                "/paths/~1a/parameters/0/schema",
                "/paths/~1a/get/requestBody/content/application~1json/schema",
                "/paths/~1a/get/requestBody/content/application~1json/schema/items",
                "/paths/~1a/get/responses/200/headers/X/schema",
                "/components/schemas/A",
                "/components/schemas/A/properties/b",
                "/components/schemas/A/properties/b/additionalProperties",
                "/components/schemas/A/anyOf/0",
            ]
        );
        assert!(r.1.is_empty(), "{:?}", r.1);
    }

    #[test]
    fn wrong_containers_are_reported_and_not_entered() {
        let mut doc = json!({"paths": [], "components": {"schemas": {"A": {"allOf": {}}}}});
        let mut r = Record::default();
        walk(&mut doc, &mut r);
        assert_eq!(
            r.1,
            ["/paths: a mapping", "/components/schemas/A/allOf: a list"]
        );
    }
}
