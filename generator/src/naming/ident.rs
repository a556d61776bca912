//! Words → Rust identifiers, and collision resolution. [`Name`] is the typed identifier the IR
//! holds; this file is the only place that knows about raw identifiers (`r#type`). Everything
//! here is deterministic and independent of where things sit in the document.

use std::collections::BTreeMap;
use std::fmt;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, TokenStreamExt};

/// A Rust identifier chosen by the naming pass: its text, and whether it is written raw
/// (`r#type`). Only the naming pass makes them; emitters turn them into tokens or prose.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Name {
    text: String,
    raw: bool,
}

impl Name {
    /// A name from its code form (`r#type` or `list`), as the functions below produce them.
    pub(crate) fn from_code(code: &str) -> Name {
        match code.strip_prefix("r#") {
            Some(text) => Name {
                text: text.to_string(),
                raw: true,
            },
            None => Name {
                text: code.to_string(),
                raw: false,
            },
        }
    }

    /// The name as prose and file names show it (`type`).
    pub fn bare(&self) -> &str {
        &self.text
    }

    /// The name as code writes it (`r#type`).
    pub fn code(&self) -> String {
        if self.raw {
            format!("r#{}", self.text)
        } else {
            self.text.clone()
        }
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.raw {
            f.write_str("r#")?;
        }
        f.write_str(&self.text)
    }
}

impl ToTokens for Name {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        // Every name comes from the functions below, which only produce valid identifiers.
        tokens.append(if self.raw {
            Ident::new_raw(&self.text, Span::call_site())
        } else {
            Ident::new(&self.text, Span::call_site())
        });
    }
}

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
            // Accented Latin letters keep their base letter rather than splitting the word.
            c => match fold_latin(c) {
                Some(s) => out.push_str(s),
                None => out.push(' '),
            },
        }
    }
    out
}

/// A snake_case module name: like [`snake_ident`], except that `mod` (whose file would be taken
/// for the parent's `mod.rs`) becomes `mod_`.
pub(crate) fn module_ident(raw: &str) -> String {
    match snake_ident(raw).as_str() {
        "r#mod" => "mod_".to_string(),
        other => other.to_string(),
    }
}

/// The ASCII base of an accented Latin letter (`é` → `e`, `ß` → `ss`).
fn fold_latin(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåā", "a"),
        ("ÀÁÂÃÄÅĀ", "A"),
        ("çćč", "c"),
        ("ÇĆČ", "C"),
        ("èéêëēę", "e"),
        ("ÈÉÊËĒĘ", "E"),
        ("ìíîïī", "i"),
        ("ÌÍÎÏĪ", "I"),
        ("ñń", "n"),
        ("ÑŃ", "N"),
        ("òóôõöøō", "o"),
        ("ÒÓÔÕÖØŌ", "O"),
        ("ùúûüū", "u"),
        ("ÙÚÛÜŪ", "U"),
        ("ýÿ", "y"),
        ("Ý", "Y"),
        ("šś", "s"),
        ("ŠŚ", "S"),
        ("žźż", "z"),
        ("ŽŹŻ", "Z"),
        ("ł", "l"),
        ("Ł", "L"),
        ("ß", "ss"),
        ("æ", "ae"),
        ("Æ", "Ae"),
        ("œ", "oe"),
        ("Œ", "Oe"),
    ];
    TABLE
        .iter()
        .find(|(from, _)| from.contains(c))
        .map(|(_, to)| *to)
}

/// A snake_case identifier for a field, argument, method or module.
pub(crate) fn snake_ident(raw: &str) -> String {
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
pub(crate) fn camel_ident(raw: &str) -> String {
    let mut s = camel_words(raw);
    if NOT_RAW.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// UpperCamelCase words, never empty, never starting with a digit.
fn camel_words(raw: &str) -> String {
    let mut s = words_of(raw).to_upper_camel_case();
    if s.is_empty() {
        s = "Empty".into();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    s
}

/// A type name: like [`camel_ident`], and never one the generated code itself relies on
/// (`Self`, `Option`, `Client`, …), which get a `Type` suffix.
pub(crate) fn type_ident(raw: &str) -> String {
    let s = camel_words(raw);
    if RESERVED_TYPES.contains(&s.as_str()) {
        format!("{s}Type")
    } else {
        camel_ident(&s)
    }
}

/// Makes `names` unique. Each entry is `(proposed name, tiebreak key)`. Entries that collide
/// keep their name in tiebreak order (the first keeps it bare, later ones get `2`, `3`, …),
/// so the outcome depends only on the proposals and keys, not on input order.
pub(crate) fn dedupe(names: &[(String, String)]) -> Vec<String> {
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
    if let Some(bare) = name.strip_prefix("r#") {
        return format!("{bare}_{n}");
    }
    // `Self_` + 2 is `Self2`: an underscore after a letter would break UpperCamelCase.
    let name = match name.trim_end_matches('_') {
        "" => name,
        trimmed => trimmed,
    };
    if name.ends_with(|c: char| c.is_ascii_digit()) {
        format!("{name}_{n}")
    } else {
        format!("{name}{n}")
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
            ("Über", "uber"),
            ("Ünïcode straße", "unicode_strasse"),
            ("日本", "value"),
            ("__proto__", "proto"),
            ("Self", "self_"),
            ("super", "super_"),
            ("r#type", "r_type"),
            ("dyn", "r#dyn"),
            ("gen", "r#gen"),
            ("try", "r#try"),
            ("HTTPStatus", "http_status"),
            ("e164", "e164"),
            ("9", "_9"),
            ("a.b/c", "a_b_c"),
            ("-", "minus"),
            ("+", "plus"),
            ("x-1", "x_1"),
        ];
        for (raw, want) in cases {
            assert_eq!(snake_ident(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn module_identifiers() {
        assert_eq!(module_ident("mod"), "mod_");
        assert_eq!(module_ident("type"), "r#type");
        assert_eq!(module_ident("porting_orders"), "porting_orders");
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
            ("crate", "Crate"),
            ("self", "Self_"),
            ("super", "Super"),
            ("type", "Type"),
            ("Ünïcode", "Unicode"),
            ("日本", "Empty"),
            ("1", "V1"),
        ];
        for (raw, want) in cases {
            assert_eq!(camel_ident(raw), want, "{raw:?}");
        }
        assert_eq!(type_ident("Option"), "OptionType");
        assert_eq!(type_ident("result"), "ResultType");
        assert_eq!(type_ident("Self"), "SelfType");
        assert_eq!(type_ident("self"), "SelfType");
        for reserved in [
            "Vec", "String", "Box", "Client", "Error", "Call", "Value", "Some",
        ] {
            assert_eq!(type_ident(reserved), format!("{reserved}Type"));
        }
        assert_eq!(type_ident("porting order status"), "PortingOrderStatus");
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
        let e = vec![
            ("Self_".to_string(), "1".to_string()),
            ("Self_".to_string(), "2".to_string()),
            ("V1".to_string(), "3".to_string()),
            ("V1".to_string(), "4".to_string()),
            ("self_".to_string(), "5".to_string()),
            ("self_".to_string(), "6".to_string()),
        ];
        assert_eq!(
            dedupe(&e),
            vec!["Self_", "Self2", "V1", "V1_2", "self_", "self2"]
        );
    }
}
