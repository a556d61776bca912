//! The bench's data: porting orders assembled from the examples in `spec/porting.yaml`, each
//! made distinct (id, reference, dates) so no two items serialize alike.

use serde_json::{Map, Value, json};

/// The spec the generated crate comes from.
const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/porting.yaml");

fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    doc.pointer(reference.strip_prefix('#')?)
}

/// An instance of `schema` from examples: a schema's own example wins, objects take every
/// property that yields a value, arrays hold one item, unions take their first non-null member.
fn instance(doc: &Value, schema: &Value, depth: usize) -> Option<Value> {
    if depth > 12 {
        return None;
    }
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return instance(doc, resolve(doc, r)?, depth + 1);
    }
    if let Some(example) = schema.get("example") {
        return Some(example.clone());
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(members) = schema.get(key).and_then(Value::as_array) {
            let member = members
                .iter()
                .find(|m| m.get("type").and_then(Value::as_str) != Some("null"))?;
            return instance(doc, member, depth + 1);
        }
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        let out: Map<String, Value> = props
            .iter()
            .filter_map(|(name, prop)| Some((name.clone(), instance(doc, prop, depth + 1)?)))
            .collect();
        return Some(Value::Object(out));
    }
    let item = instance(doc, schema.get("items")?, depth + 1)?;
    Some(Value::Array(vec![item]))
}

/// One porting order built from the spec's examples.
pub fn template() -> Result<Value, String> {
    let text = std::fs::read_to_string(SPEC).map_err(|e| format!("{SPEC}: {e}"))?;
    let doc: Value = serde_yaml_ng::from_str(&text).map_err(|e| format!("{SPEC}: {e}"))?;
    let schema = doc
        .pointer("/components/schemas/PortingOrder")
        .ok_or("spec has no PortingOrder schema")?;
    instance(&doc, schema, 0).ok_or_else(|| "no example instance of PortingOrder".into())
}

/// The JSON bodies of `pages` pages of `size` orders each, with their `meta`.
pub fn pages(pages: usize, size: usize) -> Result<Vec<Vec<u8>>, String> {
    let template = template()?;
    (1..=pages)
        .map(|number| {
            let data: Vec<Value> = (0..size)
                .map(|k| {
                    let i = (number - 1) * size + k;
                    let mut order = template.clone();
                    order["id"] = json!(format!("bb7bb405-4a15-5b95-bfca-{i:012x}"));
                    order["customer_reference"] = json!(format!("LVD-PORT-{i:06}"));
                    order["created_at"] =
                        json!(format!("2024-05-{:02}T14:{:02}:11Z", 1 + i % 28, i % 60));
                    order
                })
                .collect();
            let body = json!({
                "data": data,
                "meta": {
                    "page_number": number,
                    "page_size": size,
                    "total_pages": pages,
                    "total_results": pages * size,
                },
            });
            serde_json::to_vec(&body).map_err(|e| e.to_string())
        })
        .collect()
}
