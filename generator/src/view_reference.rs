//! The view `REFERENCE.md` renders: every operation grouped by resource, with what it does, its
//! endpoint, its Rust call, its required and optional parameters, what it returns and an example
//! (the same example as the method's doctest, see [`crate::emit::examples`]).

use serde::Serialize;

use crate::emit::docs::sanitize;
use crate::emit::examples;
use crate::emit::resources::{call_text, return_text};
use crate::emit::ty_text;
use crate::ir::{
    Api, Field, Location, Operation, Payload, Presence, Resource, SetterTarget, Signature,
    StructDef, Ty, TypeKind, TypeSpace,
};

/// The operations of one resource.
#[derive(Debug, Serialize)]
pub struct ReferenceGroup {
    /// The accessor chain, e.g. `client.porting_orders().actions()`.
    pub accessor: String,
    /// Its operations, in method name order.
    pub operations: Vec<ReferenceEntry>,
}

/// One operation's section.
#[derive(Debug, Serialize)]
pub struct ReferenceEntry {
    /// Heading: the summary, else the operation id.
    pub title: String,
    /// The description, as Markdown without headings of its own.
    pub description: String,
    /// `METHOD /path`.
    pub endpoint: String,
    /// Whether the document marks it deprecated.
    pub deprecated: bool,
    /// Whether the primary method is a list call.
    pub paginated: bool,
    /// The primary method, then one per alternative media type.
    pub methods: Vec<MethodEntry>,
    /// Positional arguments.
    pub required: Vec<Row>,
    /// Chained setters.
    pub optional: Vec<Row>,
    /// Top-level fields of the response type.
    pub fields: Vec<Row>,
    /// Fields of the response's `data` (its items for a list), when it is a struct.
    pub data_fields: Vec<Row>,
}

/// One method of an operation.
#[derive(Debug, Serialize)]
pub struct MethodEntry {
    /// The Rust call with its required arguments.
    pub call: String,
    /// What awaiting it returns.
    pub returns: String,
    /// The response media type, for alternatives.
    pub media: Option<String>,
    /// The example's visible lines.
    pub example: String,
}

/// A parameter, setter or field: its Rust name, its Rust type, its first line of docs.
#[derive(Debug, Serialize)]
pub struct Row {
    /// Rust name (a setter's method name for optional parameters).
    pub name: String,
    /// Rust type as the call takes it or the field holds it.
    pub ty: String,
    /// First line of its docs, or empty.
    pub doc: String,
}

/// Every resource with operations, depth first from the client, like the resource modules.
pub fn build(api: &Api) -> Vec<ReferenceGroup> {
    let mut out = Vec::new();
    walk(api, &api.root, &mut out);
    out
}

fn walk(api: &Api, node: &Resource, out: &mut Vec<ReferenceGroup>) {
    if !node.operations.is_empty() {
        let mut accessor = String::from("client");
        for seg in &node.path {
            accessor.push_str(&format!(".{}()", seg.bare()));
        }
        out.push(ReferenceGroup {
            accessor,
            operations: node
                .operations
                .iter()
                .filter_map(|&i| api.operations.get(i))
                .map(|op| entry(api, op))
                .collect(),
        });
    }
    for child in &node.children {
        walk(api, child, out);
    }
}

fn entry(api: &Api, op: &Operation) -> ReferenceEntry {
    let types = &api.types;
    let mut methods = vec![MethodEntry {
        call: call_text(op, &op.method_name),
        returns: return_text(api, &op.payload, op.pagination.is_some()),
        media: None,
        example: examples::code(api, op, &op.method_name, &op.payload),
    }];
    methods.extend(op.alternatives.iter().map(|alt| MethodEntry {
        call: call_text(op, &alt.method_name),
        returns: return_text(api, &alt.payload, false),
        media: Some(alt.media_type.clone()),
        example: examples::code(api, op, &alt.method_name, &alt.payload),
    }));
    let response = match &op.payload {
        Payload::Json(t) => struct_of(types, t),
        _ => None,
    };
    let data = response
        .and_then(|s| s.fields.iter().find(|f| f.wire == "data"))
        .and_then(|f| match &f.ty {
            Ty::Vec(inner) => struct_of(types, inner),
            t => struct_of(types, t),
        });
    let field_rows = |s: Option<&StructDef>| -> Vec<Row> {
        s.map(|s| s.fields.iter().map(|f| field_row(types, f)).collect())
            .unwrap_or_default()
    };
    ReferenceEntry {
        title: one_line(op.summary.as_deref().unwrap_or(&op.operation_id)),
        description: description(op.description.as_deref()),
        endpoint: format!("{} {}", op.method.as_str(), op.path),
        deprecated: op.deprecated,
        paginated: op.pagination.is_some(),
        methods,
        required: required_rows(types, op),
        optional: optional_rows(types, op),
        fields: field_rows(response),
        data_fields: field_rows(data),
    }
}

/// The struct a type names, through aliases.
fn struct_of<'a>(types: &'a TypeSpace, t: &Ty) -> Option<&'a StructDef> {
    let Ty::Named(id) = t else { return None };
    match &types.get(*id).kind {
        TypeKind::Struct(s) => Some(s),
        TypeKind::Alias(inner) => struct_of(types, inner),
        _ => None,
    }
}

/// Path arguments, required query and header parameters, and the body when it is an argument.
fn required_rows(types: &TypeSpace, op: &Operation) -> Vec<Row> {
    let mut rows: Vec<Row> = op
        .path_params()
        .map(|p| Row {
            name: p.rust.bare().to_string(),
            ty: match p.ty {
                Ty::String => "&str".to_string(),
                _ => ty_text(types, &p.ty),
            },
            doc: first_line(p.docs.as_deref()),
        })
        .collect();
    let body_row = || {
        op.body.as_ref().map(|b| Row {
            name: op.params_arg.bare().to_string(),
            ty: ty_text(types, &b.ty),
            doc: format!("The request body (`{}`).", b.media_type),
        })
    };
    match &op.signature {
        Signature::PathOnly | Signature::BodyFields(_) => {}
        Signature::Body => rows.extend(body_row()),
        Signature::Options(o) => {
            rows.extend(op.option_params().filter(|p| p.required).map(|p| Row {
                name: p.rust.bare().to_string(),
                ty: setter_type(types, &p.ty, Presence::Required),
                doc: first_line(p.docs.as_deref()),
            }));
            if op.body.as_ref().is_some_and(|b| b.required) && !o.body_fields {
                rows.extend(body_row());
            }
        }
    }
    rows
}

/// Every chained setter of the call, with the type it takes.
fn optional_rows(types: &TypeSpace, op: &Operation) -> Vec<Row> {
    let setters = match &op.signature {
        Signature::BodyFields(s) => s.as_slice(),
        Signature::Options(o) => o.setters.as_slice(),
        Signature::PathOnly | Signature::Body => &[],
    };
    let body_fields = op
        .body
        .as_ref()
        .and_then(|b| struct_of(types, &b.ty))
        .map(|s| s.fields.as_slice())
        .unwrap_or_default();
    setters
        .iter()
        .filter_map(|s| {
            let (ty, doc, place) = match s.target {
                SetterTarget::Param(i) => {
                    let p = op.params.get(i)?;
                    let place = match p.location {
                        Location::Header => format!("header `{}`", p.wire),
                        _ => format!("query `{}`", p.wire),
                    };
                    (
                        setter_type(types, &p.ty, Presence::Optional),
                        &p.docs,
                        place,
                    )
                }
                SetterTarget::BodyField(i) => {
                    let f = body_fields.get(i)?;
                    let place = format!("body field `{}`", f.wire);
                    (setter_type(types, &f.ty, f.presence), &f.docs, place)
                }
                SetterTarget::Body => {
                    let b = op.body.as_ref()?;
                    (ty_text(types, &b.ty), &None, "the request body".to_string())
                }
            };
            let doc = first_line(doc.as_deref());
            Some(Row {
                name: s.name.bare().to_string(),
                ty,
                doc: if doc.is_empty() {
                    format!("Sets {place}.")
                } else {
                    format!("{doc} ({place})")
                },
            })
        })
        .collect()
}

/// The type a setter or required argument takes, as `emit::setters::argument` declares it.
fn setter_type(types: &TypeSpace, t: &Ty, presence: Presence) -> String {
    match presence {
        Presence::OptionalNullable => format!("impl Into<Nullable<{}>>", ty_text(types, t)),
        _ if *t == Ty::String => "impl Into<String>".to_string(),
        _ => ty_text(types, t),
    }
}

/// A response field: `Option<T>` unless it is always present.
fn field_row(types: &TypeSpace, f: &Field) -> Row {
    let t = ty_text(types, &f.ty);
    let ty = match f.presence {
        Presence::Required => t,
        Presence::OptionalNullable => format!("Nullable<{t}>"),
        Presence::RequiredNullable | Presence::Optional => format!("Option<{t}>"),
    };
    Row {
        name: f.rust.bare().to_string(),
        ty,
        doc: first_line(f.docs.as_deref()),
    }
}

/// The first non-empty line of docs, trimmed.
fn first_line(docs: Option<&str>) -> String {
    docs.and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()))
        .unwrap_or_default()
        .to_string()
}

/// Text on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A description as Markdown under an operation's heading: fences made safe like rustdoc's,
/// and its own headings turned into bold lines so they never count as sections.
fn description(text: Option<&str>) -> String {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return String::new();
    };
    sanitize(text)
        .lines()
        .map(|l| match l.trim_start_matches('#') {
            rest if rest.len() < l.len() && rest.starts_with(' ') => {
                format!("**{}**", rest.trim())
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn description_headings_become_bold_lines() {
        let d = description(Some("Intro\n## Notes\nplain #tag\n"));
        assert_eq!(d, "Intro\n**Notes**\nplain #tag");
        assert_eq!(description(Some("  ")), "");
    }

    #[test]
    fn first_line_skips_blank_lines() {
        assert_eq!(first_line(Some("\n  First.\nSecond.")), "First.");
        assert_eq!(first_line(None), "");
    }
}
