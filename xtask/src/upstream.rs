//! The porting slice of the upstream document, as another version of the porting API to
//! generate from (read from `../shared` at run time; never committed).

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Map, Value};

/// Path prefixes of the porting operations.
pub const PORTING_PREFIXES: [&str; 4] = [
    "/portability_checks",
    "/porting/",
    "/porting_orders",
    "/porting_phone_numbers",
];

fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                out.push(r.to_string());
            }
            m.values().for_each(|x| refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

/// Every `$ref` the porting operations of `doc` reach, directly or through other components.
pub fn porting_refs(doc: &Value) -> Result<BTreeSet<String>, String> {
    let mut todo = Vec::new();
    for (p, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if PORTING_PREFIXES.iter().any(|pre| p.starts_with(pre)) {
            refs(item, &mut todo);
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(r) = todo.pop() {
        if !seen.insert(r.clone()) {
            continue;
        }
        let target = r
            .strip_prefix('#')
            .and_then(|p| doc.pointer(p))
            .ok_or_else(|| format!("dangling upstream reference {r}"))?;
        refs(target, &mut todo);
    }
    Ok(seen)
}

/// The upstream document cut down to the porting paths and the components they reach, as YAML.
pub fn porting_slice(upstream: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(upstream)
        .map_err(|e| format!("cannot read {}: {e}", upstream.display()))?;
    let doc: Value =
        serde_yaml_ng::from_str(&text).map_err(|e| format!("{}: {e}", upstream.display()))?;
    let mut out = Map::new();
    for key in ["openapi", "info", "servers", "security"] {
        if let Some(v) = doc.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    let mut paths = Map::new();
    for (p, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if PORTING_PREFIXES.iter().any(|pre| p.starts_with(pre)) {
            paths.insert(p.clone(), item.clone());
        }
    }
    out.insert("paths".into(), Value::Object(paths));
    let seen = porting_refs(&doc)?;
    let mut components = Map::new();
    for r in &seen {
        let mut parts = r.trim_start_matches("#/components/").splitn(2, '/');
        let (Some(kind), Some(name)) = (parts.next(), parts.next()) else {
            continue;
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        if let Some(v) = doc.pointer(&format!(
            "/components/{kind}/{}",
            name.replace('~', "~0").replace('/', "~1")
        )) {
            let section = components
                .entry(kind.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = section {
                m.insert(name, v.clone());
            }
        }
    }
    if let Some(schemes) = doc.pointer("/components/securitySchemes") {
        components.insert("securitySchemes".into(), schemes.clone());
    }
    out.insert("components".into(), Value::Object(components));
    serde_yaml_ng::to_string(&Value::Object(out))
        .map_err(|e| format!("cannot write the porting slice: {e}"))
}
