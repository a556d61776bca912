//! Turning words from the document into Rust identifiers, and resolving collisions. The naming
//! pass is the only place names are invented; everything here is deterministic and independent
//! of where things sit in the document.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeMap;

/// Rust keywords (strict and reserved) in every edition the output may be read by.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "static", "struct", "super", "trait", "true", "try", "type", "typeof", "union",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "super", "Self"];

/// Type names that would shadow the prelude or the crate's own items in generated code.
const RESERVED_TYPES: &[&str] = &[
    "Self",
    "Option",
    "Result",
    "Some",
    "None",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Default",
    "Client",
    "Error",
    "Call",
    "ListCall",
    "ApiResponse",
    "Value",
    "Map",
    "BTreeMap",
];

/// Replaces sign characters by words so `+1` and `-1` stay distinct, then splits on everything
/// that is not alphanumeric.
fn words_of(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    for (i, c) in raw.chars().enumerate() {
        match c {
            '+' => out.push_str(" plus "),
            '-' if i == 0 => out.push_str(" minus "),
            // ASCII only: every identifier the generator writes is then valid in any edition.
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// A snake_case identifier for a field, argument, method or module.
pub fn snake_ident(raw: &str) -> String {
    let mut s = words_of(raw).to_snake_case();
    if s.is_empty() {
        s = "value".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if s == "self" || s == "super" || s == "crate" {
        s.push('_');
    } else if KEYWORDS.contains(&s.as_str()) {
        s = format!("r#{s}");
    }
    s
}

/// An UpperCamelCase identifier for a type or variant.
pub fn camel_ident(raw: &str) -> String {
    let mut s = words_of(raw).to_upper_camel_case();
    if s.is_empty() {
        s = "Empty".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    if NOT_RAW.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// A type name: like [`camel_ident`], and never one the generated code itself relies on.
pub fn type_ident(raw: &str) -> String {
    let s = camel_ident(raw);
    // `Self` arrives here already suffixed (`Self_`); as a type it reads better as `SelfType`.
    let base = s.strip_suffix('_').filter(|b| *b == "Self").unwrap_or(&s);
    if RESERVED_TYPES.contains(&base) {
        format!("{base}Type")
    } else {
        s
    }
}

/// Whether `s` is usable as a Rust identifier as is.
pub fn is_raw_keyword(s: &str) -> bool {
    s.starts_with("r#")
}

/// Makes `names` unique. Each entry is `(proposed name, tiebreak key)`. Entries that collide
/// keep their name in tiebreak order (the first keeps it bare, later ones get `2`, `3`, …),
/// so the outcome depends only on the proposals and keys, not on input order.
pub fn dedupe(names: &[(String, String)]) -> Vec<String> {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (name, _)) in names.iter().enumerate() {
        groups.entry(name.as_str()).or_default().push(i);
    }
    let mut taken: std::collections::BTreeSet<String> =
        groups.keys().map(|k| k.to_string()).collect();
    let mut out: Vec<String> = names.iter().map(|(n, _)| n.clone()).collect();
    for (name, mut members) in groups {
        if members.len() < 2 {
            continue;
        }
        members.sort_by(|&a, &b| names[a].1.cmp(&names[b].1));
        let mut n = 2;
        for &i in &members[1..] {
            let candidate = loop {
                let c = suffixed(name, n);
                n += 1;
                if !taken.contains(&c) {
                    break c;
                }
            };
            taken.insert(candidate.clone());
            out[i] = candidate;
        }
    }
    out
}

fn suffixed(name: &str, n: usize) -> String {
    match name.strip_prefix("r#") {
        Some(bare) => format!("{bare}_{n}"),
        None if name.ends_with(|c: char| c.is_ascii_digit()) => format!("{name}_{n}"),
        None => format!("{name}{n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_identifiers() {
        let cases = [
            ("phone_number", "phone_number"),
            ("activationJobId", "activation_job_id"),
            ("type", "r#type"),
            ("self", "self_"),
            ("crate", "crate_"),
            ("async", "r#async"),
            ("1st_line", "_1st_line"),
            ("+1", "plus_1"),
            ("-1", "minus_1"),
            ("", "value"),
            ("page[number]", "page_number"),
            ("x-request-id", "x_request_id"),
            ("Über", "ber"),
        ];
        for (raw, want) in cases {
            assert_eq!(snake_ident(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn camel_identifiers() {
        let cases = [
            ("porting_order.deleted", "PortingOrderDeleted"),
            ("in-process", "InProcess"),
            ("PortingLOAConfiguration", "PortingLoaConfiguration"),
            ("2fa", "V2fa"),
            ("+1", "Plus1"),
            ("-1", "Minus1"),
            ("", "Empty"),
            ("Self", "Self_"),
            ("image/png", "ImagePng"),
        ];
        for (raw, want) in cases {
            assert_eq!(camel_ident(raw), want, "{raw:?}");
        }
        assert_eq!(type_ident("Option"), "OptionType");
        assert_eq!(type_ident("result"), "ResultType");
        assert_eq!(type_ident("Self"), "SelfType");
    }

    #[test]
    fn every_identifier_parses_as_rust() {
        for raw in [
            "type", "match", "1", "+1", "-1", "", "self", "Self", "super", "fn", "dyn", "gen",
            "a b c", "ünï",
        ] {
            let s = snake_ident(raw);
            assert!(syn::parse_str::<syn::Ident>(&s).is_ok(), "{raw:?} -> {s}");
            let c = type_ident(raw);
            assert!(syn::parse_str::<syn::Ident>(&c).is_ok(), "{raw:?} -> {c}");
        }
    }

    #[test]
    fn collisions_resolve_by_key_not_position() {
        let a = vec![
            ("Foo".to_string(), "#/b".to_string()),
            ("Foo".to_string(), "#/a".to_string()),
        ];
        let b = vec![
            ("Foo".to_string(), "#/a".to_string()),
            ("Foo".to_string(), "#/b".to_string()),
        ];
        assert_eq!(dedupe(&a), vec!["Foo2", "Foo"]);
        assert_eq!(dedupe(&b), vec!["Foo", "Foo2"]);
        // A suffixed name never lands on a name already proposed.
        let c = vec![
            ("Foo".to_string(), "1".to_string()),
            ("Foo".to_string(), "2".to_string()),
            ("Foo2".to_string(), "3".to_string()),
        ];
        assert_eq!(dedupe(&c), vec!["Foo", "Foo3", "Foo2"]);
        let d = vec![
            ("r#type".to_string(), "1".to_string()),
            ("r#type".to_string(), "2".to_string()),
        ];
        assert_eq!(dedupe(&d), vec!["r#type", "type_2"]);
    }
}
