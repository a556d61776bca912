//! Text → JSON value, with the line and column of a syntax error, and the version check.

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Origin};

/// Text → JSON value, with the location of a syntax error.
pub fn parse(text: &str) -> Result<Value, Diagnostics> {
    parse_as(text, text.trim_start().starts_with('{'))
}

/// Text → JSON value, read as JSON or as YAML (a YAML flow mapping also starts with `{`, so
/// referenced files are told apart by their names).
pub fn parse_as(text: &str, json: bool) -> Result<Value, Diagnostics> {
    if text.trim().is_empty() {
        return Err(Diagnostic::in_text(1, 1, "the document is empty").into());
    }
    let value: Value = if json {
        serde_json::from_str::<Strict>(text)
            .map(|s| s.0)
            .map_err(|e| Diagnostic::in_text(e.line(), e.column(), format!("invalid JSON: {e}")))?
    } else {
        serde_yaml_ng::from_str::<Strict>(text)
            .map(|s| s.0)
            .map_err(|e| {
                let location = e.location().map_or(Location::Whole, |l| Location::Text {
                    line: l.line(),
                    column: l.column(),
                });
                Diagnostic::new(Origin::Document, location, format!("invalid YAML: {e}"))
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

pub(super) fn check_version(doc: &Value) -> Result<(), Diagnostics> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_have_line_and_column() {
        let err = parse("openapi: 3.1.0\npaths: [\n").unwrap_err();
        assert!(
            matches!(err.0[0].location, Location::Text { line: 3, .. }),
            "{err}"
        );
        let err = parse("{\"openapi\": }").unwrap_err();
        assert_eq!(err.0[0].location.to_string(), "line 1, column 13");
    }
}
