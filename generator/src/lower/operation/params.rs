//! An operation's parameters: path-level and operation-level declarations merged, then path
//! parameters (positional, in template order) and options (query, header and cookie
//! parameters).

use openapiv3::{
    Operation as OaOperation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr,
};

use crate::diagnostics::{Diagnostic, join};
use crate::ir::{Hint, Location, Name, Param, PathTemplate, QueryStyle, Ty};
use crate::lower::Ctx;
use crate::lower::schema::{Lowered, SchemaRef};

/// A declared parameter, its pointer, and its component name when it is shared.
pub(super) type Declared = (Parameter, String, Option<String>);

/// Operation-level parameters override path-level ones with the same name and location.
pub(super) fn declared(
    cx: &mut Ctx<'_>,
    path: &str,
    item: &PathItem,
    op: &OaOperation,
    pointer: &str,
) -> Vec<Declared> {
    let mut params: Vec<Declared> = Vec::new();
    for (list, at) in [
        (&item.parameters, join("/paths", path) + "/parameters"),
        (&op.parameters, join(pointer, "parameters")),
    ] {
        for (i, p) in list.iter().enumerate() {
            let here = join(&at, i.to_string());
            let Some((p, here, component)) = resolve_parameter(cx, p, &here) else {
                continue;
            };
            let data = p.parameter_data_ref();
            params.retain(|(q, _, _)| {
                !(q.parameter_data_ref().name == data.name && same_location(q, &p))
            });
            params.push((p, here, component));
        }
    }
    params
}

/// The path parameters, in template order; each must be declared, and each declared one must
/// appear in the template.
pub(super) fn path_params(
    cx: &mut Ctx<'_>,
    template: &PathTemplate,
    params: &[Declared],
    owner: &Hint,
    (path, pointer): (&str, &str),
) -> Result<Vec<Param>, Diagnostic> {
    let mut lowered_params = Vec::new();
    for name in &template.params {
        let Some((p, at, _)) = params.iter().find(|(p, _, _)| {
            matches!(p, Parameter::Path { .. }) && p.parameter_data_ref().name == *name
        }) else {
            return Err(Diagnostic::at(
                pointer,
                format!("path parameter {{{name}}} of {path} is not declared in `parameters`"),
            ));
        };
        let data = p.parameter_data_ref();
        let lowered = param_schema(cx, &data.format, at, &owner.with(name));
        let ty = match lowered.as_ref().map(|l| &l.ty) {
            Some(Ty::I32) => Ty::I32,
            Some(Ty::I64) => Ty::I64,
            _ => Ty::String,
        };
        lowered_params.push(Param {
            wire: name.clone(),
            rust: Name::default(),
            location: Location::Path,
            required: true,
            ty,
            example: data
                .example
                .clone()
                .or_else(|| lowered.as_ref().and_then(|l| l.example.clone())),
            format: lowered.and_then(|l| l.format),
            docs: data.description.clone(),
            explode: data.explode.unwrap_or(false),
        });
    }
    for (p, at, _) in params {
        if let Parameter::Path { parameter_data, .. } = p {
            if !template.params.contains(&parameter_data.name) {
                cx.diag(
                    at,
                    &format!(
                        "path parameter {:?} does not appear in {path}",
                        parameter_data.name
                    ),
                );
            }
        }
    }
    Ok(lowered_params)
}

/// Query parameters, then headers, then cookies, each group by wire name (document order is
/// noise). Headers the client sets itself are left out with a warning.
pub(super) fn option_params(
    cx: &mut Ctx<'_>,
    params: &[Declared],
    owner: &Hint,
) -> Result<Vec<Param>, Diagnostic> {
    let mut option_params = Vec::new();
    for (p, at, component) in params {
        let (location, data) = match p {
            Parameter::Query {
                parameter_data,
                style,
                ..
            } => (Location::Query(query_style(style)), parameter_data),
            Parameter::Header { parameter_data, .. } => (Location::Header, parameter_data),
            Parameter::Cookie { parameter_data, .. } => (Location::Cookie, parameter_data),
            Parameter::Path { .. } => continue,
        };
        let in_headers = matches!(location, Location::Header | Location::Cookie);
        if in_headers && matches!(data.format, ParameterSchemaOrContent::Content(_)) {
            let why = format!(
                "parameter {:?} is described by `content`; header and cookie parameters are \
                 supported with a `schema` only",
                data.name
            );
            return Err(Diagnostic::at(at, why).warning());
        }
        let is_header = location == Location::Header;
        if is_header {
            if let Some(why) = runtime_header(&data.name) {
                let message = format!("header parameter {:?} is left out: {why}", data.name);
                cx.warnings.push(Diagnostic::at(at, message).warning());
                continue;
            }
        }
        let hint = match component {
            Some(name) => Hint::words(vec![name.clone()]),
            None => owner.with(&data.name),
        };
        let lowered = match (component, cx.param_types.get(at)) {
            (Some(_), Some(l)) => l.clone(),
            _ => {
                let l = param_schema(cx, &data.format, at, &hint).unwrap_or(Lowered {
                    ty: Ty::Json,
                    nullable: false,
                    docs: None,
                    example: None,
                    format: None,
                });
                if component.is_some() {
                    cx.param_types.insert(at.clone(), l.clone());
                }
                l
            }
        };
        option_params.push(Param {
            wire: data.name.clone(),
            rust: Name::default(),
            location,
            required: data.required,
            ty: lowered.ty,
            example: data.example.clone().or(lowered.example),
            format: lowered.format,
            docs: data.description.clone(),
            // `form` (queries, cookies) explodes by default, `simple` (headers) does not.
            explode: data.explode.unwrap_or(!is_header),
        });
    }
    let rank = |l: Location| match l {
        Location::Header => 1,
        Location::Cookie => 2,
        _ => 0,
    };
    option_params.sort_by(|a, b| (rank(a.location), &a.wire).cmp(&(rank(b.location), &b.wire)));
    Ok(option_params)
}

fn query_style(style: &openapiv3::QueryStyle) -> QueryStyle {
    match style {
        openapiv3::QueryStyle::Form => QueryStyle::Form,
        openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
        openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
        openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
    }
}

fn same_location(a: &Parameter, b: &Parameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// The parameter, its pointer, and, when it is shared (reached through a `$ref`), the name its
/// type is lowered under once: the component name, or the wire name for other targets.
fn resolve_parameter(
    cx: &mut Ctx<'_>,
    p: &ReferenceOr<Parameter>,
    at: &str,
) -> Option<(Parameter, String, Option<String>)> {
    let shared = matches!(p, ReferenceOr::Reference { .. });
    match cx.resolver.item(p, at, "parameter") {
        Ok((p, here)) => {
            let component = shared.then(|| {
                here.strip_prefix("/components/parameters/")
                    .filter(|name| !name.contains('/'))
                    .map_or_else(
                        || p.parameter_data_ref().name.clone(),
                        crate::diagnostics::unescape,
                    )
            });
            Some((p.into_owned(), here, component))
        }
        Err(d) => {
            cx.schemas.diags.push(d);
            None
        }
    }
}

pub(super) fn param_schema(
    cx: &mut Ctx<'_>,
    format: &ParameterSchemaOrContent,
    at: &str,
    hint: &Hint,
) -> Option<Lowered> {
    match format {
        ParameterSchemaOrContent::Schema(s) => Some(cx.schemas.lower(
            SchemaRef::from(s),
            &join(at, "schema"),
            hint,
        )),
        ParameterSchemaOrContent::Content(content) => {
            let (media, m) = content.first()?;
            let s = m.schema.as_ref()?;
            let at = join(&join(&join(at, "content"), media), "schema");
            Some(cx.schemas.lower(SchemaRef::from(s), &at, hint))
        }
    }
}

/// Why a header parameter is the runtime's business, if it is. OpenAPI says definitions of
/// `Accept`, `Content-Type` and `Authorization` header parameters SHALL be ignored: the client
/// sets `Accept` per method (JSON, or the media type of an alternative method such as `_csv`),
/// `Content-Type` from the body it encodes, and `Authorization` from its API key. Names that
/// spell `Authorization` another way (Telnyx documents `authorization_bearer`) describe the same
/// bearer token; sending them under their literal name would be wrong.
fn runtime_header(name: &str) -> Option<&'static str> {
    let squashed: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if squashed == "accept" {
        Some("the client sets `Accept` for each method from the response media types")
    } else if squashed == "contenttype" {
        Some("the client sets `Content-Type` from the request body")
    } else if squashed.starts_with("authorization") {
        Some(
            "the client sends `Authorization: Bearer <API key>` on every request (override per call with `.header(\"authorization\", ...)`)",
        )
    } else {
        None
    }
}
