//! Header and cookie parameter values by the OpenAPI style rules: `simple` for headers, `form`
//! for cookies, each with or without `explode`.
//!
//! A value is first turned into JSON, so any `Serialize` type works: scalars and enums become
//! their text, arrays their items, objects their `(key, value)` pairs. Nested arrays and objects
//! have no form under these styles and are refused rather than sent in a made-up shape.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

use crate::error::Error;

/// Bytes a cookie value may not carry as they are (RFC 6265 `cookie-octet`), plus `%` so the
/// encoding can be undone and `,` so it never looks like the separator of a `form` list.
const COOKIE_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// A parameter value flattened to what the styles can express.
enum Flat {
    /// A scalar's text.
    One(String),
    /// The items of an array.
    List(Vec<String>),
    /// The pairs of an object, in declaration order.
    Pairs(Vec<(String, String)>),
}

/// The header value of parameter `name` in `simple` style: `a`, `a,b,c`, and for objects
/// `k1,v1,k2,v2` or, exploded, `k1=v1,k2=v2`. `None` when there is nothing to send (null, an
/// empty array or object, which RFC 6570 treats as undefined).
pub(crate) fn simple<V: Serialize + ?Sized>(
    name: &str,
    value: &V,
    explode: bool,
) -> Result<Option<String>, Error> {
    Ok(flatten(name, value)?.map(|flat| match flat {
        Flat::One(s) => s,
        Flat::List(items) => items.join(","),
        Flat::Pairs(pairs) => join_pairs(&pairs, explode, ","),
    }))
}

/// The `Cookie` header entries of parameter `name` in `form` style, joined by `; `: `name=a`;
/// arrays `name=a,b` or, exploded, `name=a; name=b`; objects `name=k1,v1,k2,v2` or, exploded,
/// `k1=v1; k2=v2`. Exploded items become cookies of their own because `&`, the `form`
/// separator of query strings, means nothing in a `Cookie` header. Values are
/// percent-encoded where RFC 6265 does not allow them.
pub(crate) fn form_cookie<V: Serialize + ?Sized>(
    name: &str,
    value: &V,
    explode: bool,
) -> Result<Option<String>, Error> {
    let enc = |s: &str| utf8_percent_encode(s, COOKIE_VALUE).to_string();
    let Some(flat) = flatten(name, value)? else {
        return Ok(None);
    };
    let text = match flat {
        Flat::One(s) => format!("{name}={}", enc(&s)),
        Flat::List(items) if explode => items
            .iter()
            .map(|v| format!("{name}={}", enc(v)))
            .collect::<Vec<_>>()
            .join("; "),
        Flat::List(items) => {
            let items: Vec<String> = items.iter().map(|v| enc(v)).collect();
            format!("{name}={}", items.join(","))
        }
        Flat::Pairs(pairs) => {
            let pairs: Vec<(String, String)> =
                pairs.iter().map(|(k, v)| (enc(k), enc(v))).collect();
            if explode {
                join_pairs(&pairs, true, "; ")
            } else {
                format!("{name}={}", join_pairs(&pairs, false, ","))
            }
        }
    };
    Ok(Some(text))
}

/// `k1=v1<sep>k2=v2` exploded, else `k1,v1,k2,v2`.
fn join_pairs(pairs: &[(String, String)], explode: bool, sep: &str) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .map(|(k, v)| {
            if explode {
                format!("{k}={v}")
            } else {
                format!("{k},{v}")
            }
        })
        .collect();
    parts.join(sep)
}

/// The value as a scalar, a list or pairs; `None` when it is null or empty. Errors name the
/// parameter only: a header may carry a secret.
fn flatten<V: Serialize + ?Sized>(name: &str, value: &V) -> Result<Option<Flat>, Error> {
    let nested = || {
        Error::invalid_request(format!(
            "parameter {name:?} nests an array or object, which its style cannot express"
        ))
    };
    let json = serde_json::to_value(value)
        .map_err(|e| Error::invalid_request(format!("cannot serialize parameter {name:?}: {e}")))?;
    let flat = match json {
        Value::Null => return Ok(None),
        Value::Array(items) => {
            let items = items
                .iter()
                .map(|v| scalar(v).ok_or_else(nested))
                .collect::<Result<Vec<_>, _>>()?;
            Flat::List(items)
        }
        Value::Object(map) => {
            let mut pairs = Vec::new();
            for (k, v) in &map {
                // An absent optional field serialized as null is simply not sent.
                if !v.is_null() {
                    pairs.push((k.clone(), scalar(v).ok_or_else(nested)?));
                }
            }
            Flat::Pairs(pairs)
        }
        other => Flat::One(scalar(&other).ok_or_else(nested)?),
    };
    let empty = match &flat {
        Flat::One(_) => false,
        Flat::List(items) => items.is_empty(),
        Flat::Pairs(pairs) => pairs.is_empty(),
    };
    Ok((!empty).then_some(flat))
}

/// The text of a string, number or boolean; `None` for anything else.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn header(v: Value, explode: bool) -> Option<String> {
        simple("x", &v, explode).expect("encodes")
    }

    fn cookie(v: Value, explode: bool) -> Option<String> {
        form_cookie("c", &v, explode).expect("encodes")
    }

    #[test]
    fn simple_style_scalars_are_their_text() {
        for explode in [false, true] {
            assert_eq!(header(json!("v1"), explode).as_deref(), Some("v1"));
            assert_eq!(header(json!(5), explode).as_deref(), Some("5"));
            assert_eq!(header(json!(-2.5), explode).as_deref(), Some("-2.5"));
            assert_eq!(header(json!(true), explode).as_deref(), Some("true"));
            // Header text is sent as it is, `=` included: no URI percent-encoding.
            assert_eq!(header(json!("a=b c"), explode).as_deref(), Some("a=b c"));
        }
    }

    #[test]
    fn simple_style_arrays_are_comma_joined_either_way() {
        for explode in [false, true] {
            assert_eq!(
                header(json!(["a", 1, false]), explode).as_deref(),
                Some("a,1,false")
            );
        }
    }

    #[test]
    fn simple_style_objects_depend_on_explode() {
        let v = json!({ "role": "admin", "first": "Alex", "skip": null });
        assert_eq!(
            header(v.clone(), false).as_deref(),
            Some("role,admin,first,Alex")
        );
        assert_eq!(header(v, true).as_deref(), Some("role=admin,first=Alex"));
    }

    #[test]
    fn nothing_is_sent_for_null_or_empty_values() {
        for v in [json!(null), json!([]), json!({}), json!({ "a": null })] {
            assert_eq!(header(v.clone(), false), None, "{v}");
            assert_eq!(cookie(v.clone(), true), None, "{v}");
        }
        assert_eq!(header(json!(""), false).as_deref(), Some(""));
    }

    #[test]
    fn form_style_cookies() {
        assert_eq!(cookie(json!("v"), true).as_deref(), Some("c=v"));
        assert_eq!(cookie(json!(7), false).as_deref(), Some("c=7"));
        assert_eq!(cookie(json!(["a", "b"]), false).as_deref(), Some("c=a,b"));
        assert_eq!(cookie(json!(["a", "b"]), true).as_deref(), Some("c=a; c=b"));
        let v = json!({ "R": 100, "G": 200 });
        assert_eq!(cookie(v.clone(), false).as_deref(), Some("c=R,100,G,200"));
        assert_eq!(cookie(v, true).as_deref(), Some("R=100; G=200"));
    }

    #[test]
    fn cookie_values_are_encoded_where_rfc_6265_forbids_them() {
        assert_eq!(
            cookie(json!("a b;c,d\"e\\f%g=h"), true).as_deref(),
            Some("c=a%20b%3Bc%2Cd%22e%5Cf%25g=h")
        );
        // Item commas are encoded, the separating ones are not.
        assert_eq!(
            cookie(json!(["x,y", "z"]), false).as_deref(),
            Some("c=x%2Cy,z")
        );
        assert_eq!(cookie(json!("é"), true).as_deref(), Some("c=%C3%A9"));
    }

    #[test]
    fn serialize_types_and_enums_encode_like_their_json() {
        #[derive(Serialize)]
        #[serde(rename_all = "snake_case")]
        enum Beta {
            ResponsesMultiAgent,
        }
        #[derive(Serialize)]
        struct Filter {
            id: u32,
            #[serde(skip_serializing_if = "Option::is_none")]
            tag: Option<String>,
        }
        let betas = vec![Beta::ResponsesMultiAgent, Beta::ResponsesMultiAgent];
        let got = simple("b", &betas, false).expect("encodes");
        assert_eq!(
            got.as_deref(),
            Some("responses_multi_agent,responses_multi_agent")
        );
        let got = simple("f", &Filter { id: 3, tag: None }, true).expect("encodes");
        assert_eq!(got.as_deref(), Some("id=3"));
    }

    #[test]
    fn nested_values_are_refused_naming_the_parameter_only() {
        for v in [
            json!([[1]]),
            json!({ "a": { "b": 1 } }),
            json!([{ "a": 1 }]),
        ] {
            let e = simple("secret-header", &v, false).expect_err("nested");
            let text = e.to_string();
            assert!(text.contains("secret-header"), "{text}");
            assert!(form_cookie("k", &v, true).is_err(), "{v}");
        }
    }
}
