//! Reading a document the way the generator does: operations with their parameters, request
//! body and success response, `$ref`s followed, and schemas seen in their 3.0 form.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// HTTP methods an OpenAPI path item may hold, in a fixed order.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Appends one token to a JSON pointer, escaped (RFC 6901), as the generator's diagnostics do.
pub use generator::diagnostics::join;

/// Follows local `$ref`s from `node` (found at `at`) until a value without one; returns it with
/// its pointer. The only place references are resolved, so another resolver can replace it.
pub fn resolve<'a>(
    doc: &'a Value,
    node: &'a Value,
    at: &str,
) -> Result<(&'a Value, String), String> {
    let mut current = node;
    let mut pointer = at.to_string();
    let mut seen = Vec::new();
    while let Some(reference) = current.get("$ref").and_then(Value::as_str) {
        let target = reference.strip_prefix('#').ok_or_else(|| {
            format!("{pointer}: only local references are supported, not {reference:?}")
        })?;
        if seen.iter().any(|s: &String| s == target) {
            return Err(format!("{pointer}: reference cycle through {reference:?}"));
        }
        seen.push(target.to_string());
        current = doc
            .pointer(target)
            .ok_or_else(|| format!("{pointer}: dangling reference {reference:?}"))?;
        pointer = target.to_string();
    }
    Ok((current, pointer))
}

/// One operation of a document.
#[derive(Debug)]
pub struct Operation<'a> {
    /// Upper-case HTTP method.
    pub method: String,
    pub path: String,
    pub operation_id: Option<String>,
    /// Pointer to the operation object.
    pub pointer: String,
    pub node: &'a Value,
    /// Path-level and operation-level parameters, the latter winning.
    pub parameters: Vec<Parameter<'a>>,
}

impl Operation<'_> {
    /// `GET /path`, for messages.
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// One parameter, resolved.
#[derive(Debug)]
pub struct Parameter<'a> {
    pub name: String,
    pub location: String,
    pub required: bool,
    pub pointer: String,
    pub schema: Option<(&'a Value, String)>,
}

impl Parameter<'_> {
    /// What pairs a parameter across versions: path parameters by position (their names never
    /// reach callers), the others by location and name.
    pub fn key(&self, position: usize) -> (String, String) {
        if self.location == "path" {
            ("path".into(), format!("{position:04}"))
        } else {
            (self.location.clone(), self.name.clone())
        }
    }
}

/// Every operation of `doc`, in document order.
pub fn operations(doc: &Value) -> Result<Vec<Operation<'_>>, String> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return Ok(out);
    };
    for (path, item) in paths {
        let item_at = join("/paths", path);
        let (item, item_at) = resolve(doc, item, &item_at)?;
        for method in METHODS {
            let Some(node) = item.get(method) else {
                continue;
            };
            let pointer = join(&item_at, method);
            let mut parameters: Vec<Parameter<'_>> = Vec::new();
            for (holder, holder_at) in [(item, item_at.as_str()), (node, pointer.as_str())] {
                let list = holder.get("parameters").and_then(Value::as_array);
                for (i, p) in list.into_iter().flatten().enumerate() {
                    let p =
                        parameter(doc, p, &join(&join(holder_at, "parameters"), i.to_string()))?;
                    parameters.retain(|q| {
                        (q.location.as_str(), q.name.as_str())
                            != (p.location.as_str(), p.name.as_str())
                    });
                    parameters.push(p);
                }
            }
            out.push(Operation {
                method: method.to_uppercase(),
                path: path.clone(),
                operation_id: node
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map(String::from),
                pointer,
                node,
                parameters,
            });
        }
    }
    Ok(out)
}

fn parameter<'a>(doc: &'a Value, node: &'a Value, at: &str) -> Result<Parameter<'a>, String> {
    let (p, pointer) = resolve(doc, node, at)?;
    let text = |key: &str| {
        p.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let location = text("in");
    let schema = match p.get("schema") {
        Some(s) => Some((s, join(&pointer, "schema"))),
        // A parameter may carry its schema in `content` instead.
        None => p
            .get("content")
            .and_then(Value::as_object)
            .and_then(|c| c.iter().next())
            .and_then(|(media, m)| {
                m.get("schema")
                    .map(|s| (s, join(&join(&join(&pointer, "content"), media), "schema")))
            }),
    };
    Ok(Parameter {
        name: text("name"),
        required: location == "path" || p.get("required").and_then(Value::as_bool) == Some(true),
        location,
        pointer,
        schema,
    })
}

/// Media type → (schema, pointer) of a body or response `content` map.
pub type Content<'a> = BTreeMap<String, (Option<&'a Value>, String)>;

fn content<'a>(holder: &'a Value, at: &str) -> Content<'a> {
    let mut out = BTreeMap::new();
    for (media, m) in holder
        .get("content")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let media_at = join(&join(at, "content"), media);
        out.insert(media.clone(), (m.get("schema"), join(&media_at, "schema")));
    }
    out
}

/// The request body: whether it is required, its pointer and its content.
pub fn request_body<'a>(
    doc: &'a Value,
    op: &Operation<'a>,
) -> Result<Option<(bool, String, Content<'a>)>, String> {
    let Some(body) = op.node.get("requestBody") else {
        return Ok(None);
    };
    let (body, at) = resolve(doc, body, &join(&op.pointer, "requestBody"))?;
    let required = body.get("required").and_then(Value::as_bool) == Some(true);
    Ok(Some((required, at.clone(), content(body, &at))))
}

/// The response the generated method returns: the lowest 2xx, else `2XX`, else `default` (the
/// generator's rule). Returns its status, pointer and content.
pub fn success<'a>(
    doc: &'a Value,
    op: &Operation<'a>,
) -> Result<Option<(String, String, Content<'a>)>, String> {
    let Some(responses) = op.node.get("responses").and_then(Value::as_object) else {
        return Ok(None);
    };
    let mut best: Option<(u16, &String)> = None;
    for code in responses.keys() {
        let rank = match code.parse::<u16>() {
            Ok(c) if (200..300).contains(&c) => c,
            _ if code.eq_ignore_ascii_case("2XX") => 299,
            _ if code == "default" => 1000,
            _ => continue,
        };
        if best.is_none_or(|(r, _)| rank < r) {
            best = Some((rank, code));
        }
    }
    let Some((_, code)) = best else {
        return Ok(None);
    };
    let Some(node) = responses.get(code) else {
        return Ok(None);
    };
    let (response, at) = resolve(doc, node, &join(&join(&op.pointer, "responses"), code))?;
    Ok(Some((code.clone(), at.clone(), content(response, &at))))
}

/// A schema as the comparison reads it: references followed, 3.1 forms rewritten into 3.0 ones,
/// and a single-member `anyOf`/`oneOf`/`allOf` wrapper seen through (3.1 documents write a
/// nullable reference that way).
#[derive(Debug, Clone)]
pub struct Schema<'a> {
    /// Pointer of the resolved schema.
    pub pointer: String,
    /// The resolved schema as written, for its nested schemas.
    pub node: &'a Value,
    /// Its top-level keywords after the generator's 3.1 → 3.0 rewrite.
    pub facts: Map<String, Value>,
    pub nullable: bool,
}

/// Named schemas with their pointers (properties, variants).
pub type Located<'a> = BTreeMap<String, (&'a Value, String)>;

/// Keywords whose 3.1 forms the rewrite changes; the others are read from `node` unchanged.
const REWRITTEN: [&str; 9] = [
    "type",
    "const",
    "enum",
    "nullable",
    "anyOf",
    "oneOf",
    "allOf",
    "exclusiveMinimum",
    "exclusiveMaximum",
];

/// Reads the schema at `node` (pointer `at`).
pub fn schema<'a>(doc: &'a Value, node: &'a Value, at: &str) -> Result<Schema<'a>, String> {
    let mut nullable = false;
    let (mut node, mut pointer) = resolve(doc, node, at)?;
    let mut unwrapped = Vec::new();
    loop {
        let mut shallow = Value::Object(
            REWRITTEN
                .iter()
                .filter_map(|k| node.get(*k).map(|v| (k.to_string(), v.clone())))
                .collect(),
        );
        if node.is_boolean() {
            shallow = node.clone();
        }
        generator::load::normalize_schema(&mut shallow);
        let facts = match shallow {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        nullable |= facts.get("nullable").and_then(Value::as_bool) == Some(true);
        let structural = [
            "type",
            "properties",
            "items",
            "enum",
            "additionalProperties",
        ]
        .iter()
        .any(|k| facts.contains_key(*k) || node.get(*k).is_some());
        let single = ["anyOf", "oneOf", "allOf"].iter().find_map(|k| {
            let members = facts.get(*k)?.as_array()?;
            let others = ["anyOf", "oneOf", "allOf"]
                .iter()
                .filter(|o| *o != k && facts.contains_key(**o))
                .count();
            (members.len() == 1 && others == 0).then_some(*k)
        });
        match single {
            Some(key) if !structural => {
                // Find the surviving member in the original (null members were dropped).
                let members = node.get(key).and_then(Value::as_array);
                let index = members
                    .into_iter()
                    .flatten()
                    .position(|m| !is_null_schema(m))
                    .unwrap_or(0);
                let Some(member) = members.and_then(|m| m.get(index)) else {
                    return Ok(Schema {
                        pointer,
                        node,
                        facts,
                        nullable,
                    });
                };
                let member_at = join(&join(&pointer, key), index.to_string());
                unwrapped.push(pointer);
                (node, pointer) = resolve(doc, member, &member_at)?;
                if unwrapped.contains(&pointer) {
                    return Err(format!("{at}: schema wraps itself through {pointer}"));
                }
            }
            _ => {
                return Ok(Schema {
                    pointer,
                    node,
                    facts,
                    nullable,
                });
            }
        }
    }
}

fn is_null_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
        || v.get("type")
            .and_then(Value::as_array)
            .is_some_and(|t| t.len() == 1 && t[0].as_str() == Some("null"))
}

impl<'a> Schema<'a> {
    /// The shape name: a `oneOf`/`anyOf`, the declared type, or what the keywords imply.
    pub fn shape(&self) -> String {
        // A composition decides the shape even beside a `type` (as in the generator).
        for key in ["oneOf", "anyOf"] {
            if self.facts.contains_key(key) {
                return key.to_string();
            }
        }
        if let Some(t) = self.facts.get("type").and_then(Value::as_str) {
            return t.to_string();
        }
        if self.node.get("properties").is_some() || self.facts.contains_key("allOf") {
            return "object".into();
        }
        if self.node.get("items").is_some() {
            return "array".into();
        }
        "any".into()
    }

    pub fn format(&self) -> Option<&'a str> {
        self.node.get("format").and_then(Value::as_str)
    }

    /// Enum values, as compact JSON text.
    pub fn enum_values(&self) -> Option<Vec<String>> {
        let values = self.facts.get("enum")?.as_array()?;
        Some(
            values
                .iter()
                .filter(|v| !v.is_null())
                .map(Value::to_string)
                .collect(),
        )
    }

    /// Properties (with `allOf` members merged, as the generator merges them) and the set of
    /// required names.
    pub fn properties(&self, doc: &'a Value) -> Result<(Located<'a>, Vec<String>), String> {
        let mut props = BTreeMap::new();
        let mut required = Vec::new();
        self.collect(doc, &mut props, &mut required, 0)?;
        Ok((props, required))
    }

    fn collect(
        &self,
        doc: &'a Value,
        props: &mut Located<'a>,
        required: &mut Vec<String>,
        depth: usize,
    ) -> Result<(), String> {
        if depth > 32 {
            return Err(format!("{}: allOf nested too deeply", self.pointer));
        }
        for (name, p) in self
            .node
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            props.insert(
                name.clone(),
                (p, join(&join(&self.pointer, "properties"), name)),
            );
        }
        for r in self
            .node
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(r) = r.as_str() {
                required.push(r.to_string());
            }
        }
        let members = self.node.get("allOf").and_then(Value::as_array);
        for (i, m) in members.into_iter().flatten().enumerate() {
            let member = schema(doc, m, &join(&join(&self.pointer, "allOf"), i.to_string()))?;
            member.collect(doc, props, required, depth + 1)?;
        }
        Ok(())
    }

    /// `oneOf`/`anyOf` members keyed by what they reference (or their position when inline).
    pub fn variants(&self) -> Located<'a> {
        let mut out = BTreeMap::new();
        for key in ["oneOf", "anyOf"] {
            let members = self.node.get(key).and_then(Value::as_array);
            for (i, m) in members.into_iter().flatten().enumerate() {
                if is_null_schema(m) {
                    continue;
                }
                let name = match m.get("$ref").and_then(Value::as_str) {
                    Some(r) => r.rsplit('/').next().unwrap_or(r).to_string(),
                    None => format!("#{i}"),
                };
                out.insert(name, (m, join(&join(&self.pointer, key), i.to_string())));
            }
        }
        out
    }

    /// The component name when this schema is `#/components/schemas/<name>`.
    pub fn component(&self) -> Option<String> {
        let rest = self.pointer.strip_prefix("/components/schemas/")?;
        (!rest.contains('/')).then(|| rest.replace("~1", "/").replace("~0", "~"))
    }
}

/// Whether the generator auto-paginates `op`: a GET that takes `page[number]` (or a `page`
/// object with `number`) and whose JSON success response has a `data` array and a `meta`
/// object with integer `page_number` and `total_pages`.
pub fn paginated(doc: &Value, op: &Operation<'_>) -> Result<bool, String> {
    if op.method != "GET" {
        return Ok(false);
    }
    let mut takes_page = false;
    for p in op.parameters.iter().filter(|p| p.location == "query") {
        if p.name == "page[number]" {
            takes_page = true;
        } else if p.name == "page" {
            if let Some((node, at)) = &p.schema {
                let (props, _) = schema(doc, node, at)?.properties(doc)?;
                takes_page |= props.contains_key("number");
            }
        }
    }
    if !takes_page {
        return Ok(false);
    }
    let Some((_, _, content)) = success(doc, op)? else {
        return Ok(false);
    };
    let Some((Some(node), at)) = content
        .iter()
        .find(|(media, _)| is_json(media))
        .map(|(_, v)| v.clone())
    else {
        return Ok(false);
    };
    let (props, _) = schema(doc, node, &at)?.properties(doc)?;
    let shape_of = |name: &str| -> Result<Option<Schema<'_>>, String> {
        props.get(name).map(|(n, a)| schema(doc, n, a)).transpose()
    };
    let data_is_array = shape_of("data")?.is_some_and(|s| s.shape() == "array");
    let Some(meta) = shape_of("meta")? else {
        return Ok(false);
    };
    let (meta_props, _) = meta.properties(doc)?;
    let integer = |name: &str| -> Result<bool, String> {
        Ok(match meta_props.get(name) {
            Some((n, a)) => schema(doc, n, a)?.shape() == "integer",
            None => false,
        })
    };
    Ok(data_is_array && integer("page_number")? && integer("total_pages")?)
}

/// JSON media types, as the generator recognizes them for an operation's payloads.
pub use generator::lower::media::accepts_json as is_json;
