//! Proves that `spec/porting.yaml` describes the same API as Telnyx's public
//! OpenAPI document, operation by operation.
//!
//! Both documents are reduced to the porting subset (paths starting with one of
//! [`PREFIXES`]), every `$ref` is resolved inline (the reference string is kept
//! next to the inlined target, so component names must match too), and the
//! keys that are prose or illustration (`description`, `summary`, `example`,
//! `examples`, `tags`, `x-*`) are removed. What remains (paths, methods,
//! operationIds, parameters, request bodies, responses and schemas) must be
//! identical. Every difference is reported with a JSON pointer.
//!
//! The upstream file lives outside the repository (`../shared`, never
//! committed). If it is missing the test says so and returns; CI always has it.

use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Path prefixes that make up the porting subset of the Telnyx API.
const PREFIXES: &[&str] = &[
    "/portability_checks",
    "/porting/",
    "/porting_orders",
    "/porting_phone_numbers",
];

/// Number of operations the porting subset has upstream.
const EXPECTED_OPERATIONS: usize = 54;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keywords that carry prose or illustrations only.
const IGNORED_KEYS: &[&str] = &["description", "summary", "example", "examples", "tags"];

/// Keywords whose value is a map from *names* (property names, status codes,
/// media types, ...) to objects: the names themselves are never stripped.
const NAME_MAP_KEYS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "mapping",
    "responses",
    "content",
    "headers",
    "encoding",
    "links",
    "callbacks",
];

/// Keywords whose value is data, compared verbatim.
const LITERAL_KEYS: &[&str] = &["enum", "const", "default", "required"];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load_yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_yaml_ng::from_str::<Value>(&text)
        .unwrap_or_else(|e| panic!("cannot parse {} as YAML: {e}", path.display()))
}

fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Resolves every local `$ref` inline. The result keeps the reference string
/// under `$ref` beside the target's keys so that a renamed component is a
/// difference too. A reference back into its own chain becomes
/// `{"$ref": "<ref>", "$ref-cycle": true}` instead of recursing forever, and
/// a reference to nothing gets `"$ref-dangling": true`.
fn resolve(doc: &Value, doc_name: &str, value: &Value, chain: &mut Vec<String>) -> Value {
    match value {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref") {
                let reference = reference
                    .as_str()
                    .unwrap_or_else(|| panic!("{doc_name}: $ref is not a string: {reference}"));
                let pointer = reference.strip_prefix('#').unwrap_or_else(|| {
                    panic!("{doc_name}: only local references are supported, found {reference}")
                });
                let mut out = Map::new();
                out.insert("$ref".to_owned(), Value::String(reference.to_owned()));
                if chain.iter().any(|r| r == reference) {
                    out.insert("$ref-cycle".to_owned(), Value::Bool(true));
                } else if let Some(target) = doc.pointer(pointer) {
                    chain.push(reference.to_owned());
                    let resolved = resolve(doc, doc_name, target, chain);
                    chain.pop();
                    match resolved {
                        Value::Object(target_map) => {
                            for (k, v) in target_map {
                                if k != "$ref" {
                                    out.insert(k, v);
                                }
                            }
                        }
                        other => {
                            out.insert("$ref-target".to_owned(), other);
                        }
                    }
                } else {
                    // Reported as a difference by the comparison.
                    out.insert("$ref-dangling".to_owned(), Value::Bool(true));
                }
                // OpenAPI 3.1 allows keywords next to `$ref`; keep them.
                for (k, v) in map {
                    if k != "$ref" {
                        out.insert(k.clone(), resolve(doc, doc_name, v, chain));
                    }
                }
                Value::Object(out)
            } else {
                Value::Object(
                    map.iter()
                        .map(|(k, v)| (k.clone(), resolve(doc, doc_name, v, chain)))
                        .collect(),
                )
            }
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| resolve(doc, doc_name, v, chain))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Removes prose/illustration keywords recursively, leaving names and data alone.
fn strip(value: &Value, is_name_map: bool) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                if is_name_map {
                    out.insert(k.clone(), strip(v, false));
                    continue;
                }
                if IGNORED_KEYS.contains(&k.as_str()) || k.starts_with("x-") {
                    continue;
                }
                let stripped = if LITERAL_KEYS.contains(&k.as_str()) {
                    v.clone()
                } else {
                    strip(v, NAME_MAP_KEYS.contains(&k.as_str()))
                };
                out.insert(k.clone(), stripped);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| strip(v, false)).collect()),
        other => other.clone(),
    }
}

/// `METHOD path` -> normalized operation, for the porting subset of `doc`.
fn porting_operations(doc: &Value, doc_name: &str) -> BTreeMap<String, Value> {
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("{doc_name}: no `paths` object"));
    let mut ops = BTreeMap::new();
    for (path, item) in paths {
        if !PREFIXES.iter().any(|p| path.starts_with(p)) {
            continue;
        }
        let item = item
            .as_object()
            .unwrap_or_else(|| panic!("{doc_name}: path item {path} is not an object"));
        let path_params = item.get("parameters");
        for (method, operation) in item {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let mut operation = operation.clone();
            if let (Some(params), Some(op)) = (path_params, operation.as_object_mut()) {
                // Path-level parameters apply to every operation of the path.
                op.insert("(path-item parameters)".to_owned(), params.clone());
            }
            let resolved = resolve(doc, doc_name, &operation, &mut Vec::new());
            let key = format!("{} {path}", method.to_uppercase());
            ops.insert(key, strip(&resolved, false));
        }
    }
    ops
}

fn brief(value: Option<&Value>) -> String {
    const MAX: usize = 300;
    match value {
        None => "(absent)".to_owned(),
        Some(v) => {
            let text = serde_json::to_string(v).unwrap_or_else(|e| format!("<unprintable: {e}>"));
            if text.chars().count() > MAX {
                let cut: String = text.chars().take(MAX).collect();
                format!("{cut}…")
            } else {
                text
            }
        }
    }
}

fn is_scalar_array(items: &[Value]) -> bool {
    items.iter().all(|v| !v.is_object() && !v.is_array())
}

/// Appends one line per difference between `upstream` and `spec` below `pointer`.
fn diff(upstream: &Value, spec: &Value, pointer: &str, out: &mut Vec<String>) {
    match (upstream, spec) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                let p = format!("{pointer}/{}", escape_pointer_token(k));
                match b.get(k) {
                    Some(vb) => diff(va, vb, &p, out),
                    None => out.push(format!(
                        "{p}: upstream {} vs spec (absent)",
                        brief(Some(va))
                    )),
                }
            }
            for (k, vb) in b {
                if !a.contains_key(k) {
                    let p = format!("{pointer}/{}", escape_pointer_token(k));
                    out.push(format!(
                        "{p}: upstream (absent) vs spec {}",
                        brief(Some(vb))
                    ));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if !(is_scalar_array(a) && is_scalar_array(b)) => {
            for i in 0..a.len().max(b.len()) {
                let p = format!("{pointer}/{i}");
                match (a.get(i), b.get(i)) {
                    (Some(va), Some(vb)) => diff(va, vb, &p, out),
                    (va, vb) => {
                        out.push(format!("{p}: upstream {} vs spec {}", brief(va), brief(vb)))
                    }
                }
            }
        }
        _ => {
            if upstream != spec {
                let p = if pointer.is_empty() { "/" } else { pointer };
                out.push(format!(
                    "{p}: upstream {} vs spec {}",
                    brief(Some(upstream)),
                    brief(Some(spec))
                ));
            }
        }
    }
}

#[test]
fn spec_matches_upstream_structure() {
    let root = manifest_dir();
    let upstream_path = root.join("../../shared/openapi/telnyx-spec3.yml");
    let spec_path = root.join("../spec/porting.yaml");
    if !upstream_path.exists() {
        println!(
            "SKIPPED upstream structure check: upstream OpenAPI document not found at {} \
             (it lives in ../shared beside the repository and is never committed)",
            upstream_path.display()
        );
        return;
    }

    let upstream = load_yaml(&upstream_path);
    let spec = load_yaml(&spec_path);

    let mut problems: Vec<String> = Vec::new();

    // Document-level facts that are not prose.
    for key in ["openapi", "security"] {
        diff(
            &strip(upstream.get(key).unwrap_or(&Value::Null), false),
            &strip(spec.get(key).unwrap_or(&Value::Null), false),
            &format!("/{key}"),
            &mut problems,
        );
    }
    let server_url = |doc: &Value| doc.pointer("/servers/0/url").cloned();
    if server_url(&upstream) != server_url(&spec) {
        problems.push(format!(
            "/servers/0/url: upstream {} vs spec {}",
            brief(server_url(&upstream).as_ref()),
            brief(server_url(&spec).as_ref())
        ));
    }

    let up_ops = porting_operations(&upstream, "upstream");
    let spec_ops = porting_operations(&spec, "spec/porting.yaml");

    for key in up_ops.keys().filter(|k| !spec_ops.contains_key(*k)) {
        problems.push(format!("{key}: operation missing from spec"));
    }
    for key in spec_ops.keys().filter(|k| !up_ops.contains_key(*k)) {
        problems.push(format!("{key}: operation not in upstream"));
    }

    let mut compared = 0;
    let mut identical = 0;
    for (key, up_op) in &up_ops {
        let Some(spec_op) = spec_ops.get(key) else {
            continue;
        };
        compared += 1;
        let mut op_problems = Vec::new();
        diff(up_op, spec_op, "", &mut op_problems);
        if op_problems.is_empty() {
            identical += 1;
        }
        problems.extend(op_problems.into_iter().map(|p| format!("{key}: {p}")));
    }

    println!(
        "upstream structure: {identical}/{} operations identical",
        up_ops.len()
    );
    if !problems.is_empty() {
        let mut report = String::new();
        for p in &problems {
            let _ = writeln!(report, "  {p}");
        }
        panic!(
            "spec/porting.yaml differs from upstream in {} place(s):\n{report}",
            problems.len()
        );
    }
    assert_eq!(
        up_ops.len(),
        EXPECTED_OPERATIONS,
        "upstream porting subset should have {EXPECTED_OPERATIONS} operations"
    );
    assert_eq!(
        compared, EXPECTED_OPERATIONS,
        "expected to compare {EXPECTED_OPERATIONS} operations, compared {compared}"
    );
}

/// Number of porting events upstream delivers by webhook: every `PortingEvent` variant except
/// `PortingEventWithoutWebhook`.
const EXPECTED_WEBHOOKS: usize = 5;

/// The upstream envelope whose shape (`data` + `meta`, `meta` required) our envelopes follow.
const REFERENCE_ENVELOPE: &str = "/components/schemas/NumberOrderWebhookEvent";

/// Removes every `$ref` string (kept by [`resolve`]) so shapes compare regardless of names.
fn without_refs(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| k.as_str() != "$ref" && k.as_str() != "title")
                .map(|(k, v)| (k.clone(), without_refs(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_refs).collect()),
        other => other.clone(),
    }
}

/// A webhook entry without its body schema and operationId: the part every upstream entry
/// shares (signature and timestamp headers, required JSON body, a 200 answer).
fn webhook_skeleton(entry: &Value) -> Value {
    let mut entry = strip(entry, false);
    for op in entry
        .as_object_mut()
        .into_iter()
        .flat_map(|m| m.values_mut())
    {
        if let Some(op) = op.as_object_mut() {
            op.remove("operationId");
            if let Some(Value::Object(content)) =
                op.get_mut("requestBody").and_then(|b| b.get_mut("content"))
            {
                for media in content.values_mut() {
                    if let Some(m) = media.as_object_mut() {
                        m.remove("schema");
                    }
                }
            }
        }
    }
    entry
}

fn resolved(doc: &Value, name: &str, value: &Value) -> Value {
    strip(&resolve(doc, name, value, &mut Vec::new()), false)
}

#[test]
fn webhooks_match_upstream_structure() {
    let root = manifest_dir();
    let upstream_path = root.join("../../shared/openapi/telnyx-spec3.yml");
    if !upstream_path.exists() {
        println!(
            "SKIPPED webhook structure check: {} not found",
            upstream_path.display()
        );
        return;
    }
    let upstream = load_yaml(&upstream_path);
    let spec = load_yaml(&root.join("../spec/porting.yaml"));
    let up_hooks = upstream
        .get("webhooks")
        .and_then(Value::as_object)
        .expect("upstream has webhooks");
    let hooks = spec
        .get("webhooks")
        .and_then(Value::as_object)
        .expect("spec/porting.yaml has a webhooks section");
    let mut problems = Vec::new();

    // Every upstream entry has one skeleton; each of ours must have it too.
    let skeleton = webhook_skeleton(up_hooks.values().next().expect("an upstream entry"));
    for (key, entry) in up_hooks {
        let mut p = Vec::new();
        diff(&skeleton, &webhook_skeleton(entry), "", &mut p);
        assert!(
            p.is_empty(),
            "upstream entries differ in shape ({key}): {p:?}"
        );
    }
    let envelope = resolved(
        &upstream,
        "upstream",
        upstream
            .pointer(REFERENCE_ENVELOPE)
            .expect("reference envelope"),
    );
    let mapping = upstream
        .pointer("/components/schemas/PortingEvent/discriminator/mapping")
        .and_then(Value::as_object)
        .expect("PortingEvent mapping");

    let mut covered = Vec::new();
    for (key, entry) in hooks {
        let at = format!("/webhooks/{}", escape_pointer_token(key));
        diff(&skeleton, &webhook_skeleton(entry), &at, &mut problems);
        let body = entry
            .pointer("/post/requestBody/content/application~1json/schema")
            .expect("a JSON body schema");
        let body = resolved(&spec, "spec", body);
        // The envelope: same shape as upstream's, `data` aside.
        let mut ours = without_refs(&body);
        let mut theirs = without_refs(&envelope);
        for v in [&mut ours, &mut theirs] {
            if let Some(Value::Object(props)) = v.get_mut("properties") {
                props.remove("data");
            }
        }
        diff(&theirs, &ours, &format!("{at} (envelope)"), &mut problems);
        // `data` is an upstream porting event schema, by name and by structure.
        let Some(data_ref) = body
            .pointer("/properties/data/$ref")
            .and_then(Value::as_str)
        else {
            problems.push(format!(
                "{at}: data is not a $ref to a porting event schema"
            ));
            continue;
        };
        let pointer = data_ref.trim_start_matches('#');
        match (upstream.pointer(pointer), spec.pointer(pointer)) {
            (Some(u), Some(s)) => diff(
                &resolved(&upstream, "upstream", u),
                &resolved(&spec, "spec", s),
                &format!("{at} data {data_ref}"),
                &mut problems,
            ),
            _ => problems.push(format!("{at}: {data_ref} missing upstream or in spec")),
        }
        let event_type = body
            .pointer("/properties/data/properties/event_type/enum")
            .and_then(Value::as_array)
            .filter(|values| values.len() == 1)
            .and_then(|values| values[0].as_str());
        match event_type {
            Some(t) if mapping.get(t).and_then(Value::as_str) == Some(data_ref) => {
                covered.push(t.to_owned())
            }
            other => problems.push(format!(
                "{at}: event type {other:?} is not mapped to {data_ref} by upstream PortingEvent"
            )),
        }
    }
    let delivered: Vec<&String> = mapping
        .iter()
        .filter(|(_, target)| {
            target.as_str() != Some("#/components/schemas/PortingEventWithoutWebhook")
        })
        .map(|(t, _)| t)
        .collect();
    for t in &delivered {
        if !covered.iter().any(|c| c == *t) {
            problems.push(format!(
                "{t}: delivered upstream but no webhook entry in spec"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "webhooks differ from upstream in {} place(s):\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
    assert_eq!(delivered.len(), EXPECTED_WEBHOOKS);
    assert_eq!(covered.len(), EXPECTED_WEBHOOKS);
    println!(
        "upstream structure: {} webhook entries match",
        covered.len()
    );
}
