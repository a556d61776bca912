//! Literal values for generated code: made-up strings that fit a format, and JSON examples as
//! `serde_json::json!` input.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// A string valid for `format` when the document gives no example.
pub(super) fn made_up_string(format: Option<&str>) -> String {
    match format {
        Some("uuid") => "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b",
        Some("date-time") => "2024-06-04T14:00:00Z",
        Some("date") => "2024-06-04",
        Some("time") => "14:00:00Z",
        Some("uri" | "url") => "https://example.com/",
        Some("email") => "someone@example.com",
        Some("byte") => "ZXhhbXBsZQ==",
        Some("ipv4") => "192.0.2.1",
        Some("ipv6") => "2001:db8::1",
        _ => "example",
    }
    .to_string()
}

/// A JSON value as `serde_json::json!` input.
pub(super) fn json_tokens(v: &Value) -> TokenStream {
    match v {
        Value::Null => quote!(null),
        Value::Bool(b) => quote!(#b),
        Value::Number(n) => {
            let lit = if let Some(i) = n.as_i64() {
                Literal::i64_unsuffixed(i)
            } else if let Some(u) = n.as_u64() {
                Literal::u64_unsuffixed(u)
            } else {
                Literal::f64_unsuffixed(n.as_f64().unwrap_or_default())
            };
            quote!(#lit)
        }
        Value::String(s) => quote!(#s),
        Value::Array(items) => {
            let items = items.iter().map(json_tokens);
            quote!([#(#items),*])
        }
        Value::Object(map) => {
            let entries = map.iter().map(|(k, v)| {
                let v = json_tokens(v);
                quote!(#k: #v)
            });
            quote!({ #(#entries),* })
        }
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn made_up_strings_fit_their_formats() {
        let uuid = made_up_string(Some("uuid"));
        let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert!(uuid.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
        assert!(made_up_string(Some("date-time")).ends_with('Z'));
        assert!(made_up_string(Some("uri")).starts_with("https://"));
        assert_eq!(made_up_string(None), "example");
    }

    #[test]
    fn json_examples_become_json_macro_input() {
        let v = serde_json::json!({ "a": [1, -2, 2.5, "x"], "b": null, "c": { "d": true } });
        let tokens = json_tokens(&v);
        let expr: syn::Expr = syn::parse2(quote!(serde_json::json!(#tokens))).unwrap();
        let text = quote!(#expr).to_string();
        for part in ["\"a\"", "2.5", "\"x\"", "null", "true"] {
            assert!(text.contains(part), "{part} missing from {text}");
        }
    }
}
