//! Type names, and the names inside types and operations: fields, variants, arguments.

use super::ident::{Name, camel_ident, dedupe, snake_ident};
use crate::ir::{Api, Operation, Signature, Ty, TypeKind, TypeSpace};

/// The catch-all variant of open enums and unions: it keeps this name, and a listed value that
/// would take it is numbered instead.
const UNKNOWN: &str = "Unknown";
/// The flattened map of a struct's additional properties.
const ADDITIONAL: &str = "additional_properties";
/// The argument after the path arguments.
pub(super) const PARAMS_ARG: &str = "params";
/// The options struct's field holding the request body.
const BODY_FIELD: &str = "body";

/// Applies `dedupe` to proposals and returns the names in proposal order.
fn unique(proposals: &[(String, String)]) -> impl Iterator<Item = Name> + use<> {
    dedupe(proposals)
        .into_iter()
        .map(|n| Name::from_code(&n))
        .collect::<Vec<_>>()
        .into_iter()
}

/// Fields, enum variants and union variants.
pub fn name_members(types: &mut TypeSpace) {
    let names: Vec<String> = types.defs.iter().map(|d| d.name.code()).collect();
    for def in &mut types.defs {
        let owner = def.name.code();
        match &mut def.kind {
            TypeKind::Struct(s) => {
                let mut proposals: Vec<(String, String)> = s
                    .fields
                    .iter()
                    .map(|f| (snake_ident(&f.wire), f.wire.clone()))
                    .collect();
                if s.additional.is_some() {
                    // Sorts after every wire name, so a property of that name keeps it.
                    proposals.push((ADDITIONAL.into(), "\u{10ffff}".into()));
                }
                let mut unique = unique(&proposals);
                for f in &mut s.fields {
                    f.rust = unique.next().unwrap_or_default();
                }
                if s.additional.is_some() {
                    s.additional_name = unique.next().unwrap_or_default();
                }
            }
            TypeKind::Enum(e) => {
                let mut proposals: Vec<(String, String)> = e
                    .variants
                    .iter()
                    .map(|v| (camel_ident(&v.wire), v.wire.clone()))
                    .collect();
                proposals.push((UNKNOWN.into(), String::new()));
                let mut unique = unique(&proposals);
                for v in &mut e.variants {
                    v.rust = unique.next().unwrap_or_default();
                }
                e.unknown = unique.next().unwrap_or_default();
            }
            TypeKind::Union(u) => {
                let mut proposals: Vec<(String, String)> = u
                    .variants
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (variant_name(&v.ty, &names, &owner), format!("{i:08}")))
                    .collect();
                proposals.push((UNKNOWN.into(), String::new()));
                let mut unique = unique(&proposals);
                for v in &mut u.variants {
                    v.rust = unique.next().unwrap_or_default();
                }
                u.unknown = unique.next().unwrap_or_default();
            }
            TypeKind::Alias(_) | TypeKind::Pending => {}
        }
    }
}

/// Path arguments (never `params`, the argument after them), and the options struct's fields
/// (the body keeps `body` even beside a query parameter of that name: the empty key sorts
/// first).
pub fn name_params(op: &mut Operation) {
    let mut proposals: Vec<(String, String)> = op
        .path_params()
        .map(|p| (snake_ident(&p.wire), p.wire.clone()))
        .collect();
    proposals.push((PARAMS_ARG.into(), String::new()));
    let mut path_names = unique(&proposals);
    let mut proposals: Vec<(String, String)> = op
        .option_params()
        .map(|p| (snake_ident(&p.wire), p.wire.clone()))
        .collect();
    if op.body.is_some() {
        proposals.push((BODY_FIELD.into(), String::new()));
    }
    let mut option_names = unique(&proposals);
    for p in &mut op.params {
        p.rust = match p.location {
            crate::ir::Location::Path => path_names.next(),
            _ => option_names.next(),
        }
        .unwrap_or_default();
    }
    op.params_arg = Name::from_code(PARAMS_ARG);
    if let Signature::Options(o) = &mut op.signature {
        o.body_field = option_names.next();
    }
}

/// The webhook event enum's variants, after their `webhooks` keys (`Unknown` stays the
/// catch-all).
pub fn name_webhooks(api: &mut Api) {
    let mut proposals = vec![(UNKNOWN.to_string(), String::new())];
    let entries = &mut api.webhooks.entries;
    proposals.extend(entries.iter().map(|w| (camel_ident(&w.key), w.key.clone())));
    for (w, name) in entries.iter_mut().zip(unique(&proposals).skip(1)) {
        w.variant = name;
    }
}

/// A union variant is named after its payload; a payload named like the union loses that
/// prefix (`PortingEvent` + `PortingEventSplitEvent` → `SplitEvent`).
fn variant_name(ty: &Ty, names: &[String], owner: &str) -> String {
    match ty {
        Ty::Named(id) => {
            let full = names.get(id.0).cloned().unwrap_or_default();
            match full.strip_prefix(owner) {
                // `Self` alone is a keyword; such a variant keeps the payload's full name.
                Some(rest)
                    if rest.starts_with(|c: char| c.is_ascii_uppercase()) && rest != "Self" =>
                {
                    rest.to_string()
                }
                _ => full,
            }
        }
        Ty::String => "String".into(),
        Ty::Bool => "Boolean".into(),
        Ty::I32 | Ty::I64 => "Integer".into(),
        Ty::F64 => "Number".into(),
        Ty::Json => "Json".into(),
        Ty::JsonObject => "Object".into(),
        Ty::Vec(inner) => match variant_name(inner, names, owner).as_str() {
            // An inline list member's items are `{Owner}ListItem`: the member is the `List`.
            "ListItem" => "List".into(),
            item => format!("{item}List"),
        },
        Ty::Map(inner) => format!("{}Map", variant_name(inner, names, owner)),
        Ty::Bytes => "Bytes".into(),
        Ty::File => "File".into(),
    }
}
