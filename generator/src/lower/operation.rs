//! Operations → IR: parameters, body, success payload and pagination.

use openapiv3::{
    Operation as OaOperation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr,
    RequestBody, Response, StatusCode,
};

use crate::diagnostics::{Diagnostic, join};
use crate::ir::{
    Alternative, Body, BodyEncoding, Field, HttpMethod, Operation, Pagination, ParamsArg,
    PathParam, Payload, Presence, StructDef, Ty, TypeKind, TypeSpace,
};
use crate::lower::Ctx;
use crate::lower::path::parse as parse_template;
use crate::lower::resources::Placement;
use crate::lower::schema::{Lowered, SchemaRef, with};
use crate::naming::camel_ident;

/// Lowers one operation. A fault is returned, never also recorded: an error when the document
/// is invalid, a warning (the reason it is skipped) when the generator cannot express it.
pub fn lower(
    cx: &mut Ctx<'_>,
    path: &str,
    item: &PathItem,
    method: HttpMethod,
    op: &OaOperation,
    placement: &Placement,
    pointer: &str,
) -> Result<Operation, Diagnostic> {
    let template = parse_template(path).map_err(|e| Diagnostic::at(join("/paths", path), e))?;
    let prefix: Vec<String> = placement
        .resource
        .iter()
        .chain(std::iter::once(&placement.method))
        .map(|w| camel_ident(w.trim_start_matches("r#")))
        .collect();

    // Operation-level parameters override path-level ones with the same name and location.
    // Each entry: the parameter, its pointer, and its component name when it is shared.
    let mut params: Vec<(Parameter, String, Option<String>)> = Vec::new();
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

    let mut path_params = Vec::new();
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
        let lowered = param_schema(cx, &data.format, at, &with(&prefix, name));
        let ty = match lowered.as_ref().map(|l| &l.ty) {
            Some(Ty::I32) => Ty::I32,
            Some(Ty::I64) => Ty::I64,
            _ => Ty::String,
        };
        path_params.push(PathParam {
            wire: name.clone(),
            rust: String::new(),
            ty,
            example: data
                .example
                .clone()
                .or_else(|| lowered.as_ref().and_then(|l| l.example.clone())),
            format: lowered.and_then(|l| l.format),
            docs: data.description.clone(),
        });
    }
    for (p, at, _) in &params {
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

    let mut query_fields = Vec::new();
    for (p, at, component) in &params {
        let (is_header, data) = match p {
            Parameter::Query { parameter_data, .. } => (false, parameter_data),
            Parameter::Header { parameter_data, .. } => (true, parameter_data),
            Parameter::Cookie { parameter_data, .. } => {
                let why = format!(
                    "cookie parameter {:?} is not supported",
                    parameter_data.name
                );
                return Err(Diagnostic::at(at, why).warning());
            }
            Parameter::Path { .. } => continue,
        };
        if is_header {
            if let Some(why) = runtime_header(&data.name) {
                let message = format!("header parameter {:?} is left out: {why}", data.name);
                cx.warnings.push(Diagnostic::at(at, message).warning());
                continue;
            }
        }
        let hint = match component {
            Some(name) => vec![name.clone()],
            None => with(&prefix, &data.name),
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
        let deep_object = matches!(
            p,
            Parameter::Query {
                style: openapiv3::QueryStyle::DeepObject,
                ..
            }
        );
        if is_header && !header_value(&cx.schemas.types, &lowered.ty) {
            let why = format!(
                "header parameter {:?} is not a string, number, boolean or string enum",
                data.name
            );
            return Err(Diagnostic::at(at, why).warning());
        }
        query_fields.push(Field {
            wire: data.name.clone(),
            rust: String::new(),
            ty: lowered.ty,
            example: data.example.clone().or(lowered.example),
            format: lowered.format,
            presence: if data.required {
                Presence::Required
            } else {
                Presence::Optional
            },
            nullable: false,
            boxed: false,
            docs: data.description.clone(),
            deep_object,
            header: is_header,
            body: false,
        });
    }
    // Query parameters first, then headers; each group by wire name (document order is noise).
    query_fields.sort_by(|a, b| (a.header, &a.wire).cmp(&(b.header, &b.wire)));

    let (body, body_required) = match &op.request_body {
        Some(rb) => {
            let body_hint = with(
                &prefix,
                if query_fields.is_empty() {
                    "Params"
                } else {
                    "Body"
                },
            );
            let (body, required) = lower_body(cx, rb, &join(pointer, "requestBody"), &body_hint)?;
            (Some(body), required)
        }
        None => (None, false),
    };

    let params_arg = if !query_fields.is_empty() {
        let mut def = StructDef {
            fields: query_fields,
            additional: None,
        };
        if let Some(b) = &body {
            def.fields.push(Field {
                wire: "body".into(),
                rust: String::new(),
                ty: b.ty.clone(),
                presence: if body_required {
                    Presence::Required
                } else {
                    Presence::Optional
                },
                nullable: false,
                boxed: false,
                docs: Some("The request body.".into()),
                deep_object: false,
                header: false,
                body: true,
                example: None,
                format: None,
            });
        }
        let docs = Some(format!("Parameters of `{} {path}`.", method.as_str()));
        let id = cx.schemas.declare_struct(
            with(&prefix, "Params"),
            join(pointer, "parameters"),
            docs,
            def,
        );
        cx.schemas.types.defs[id.0].query_params = true;
        ParamsArg::Query(id)
    } else if body.is_some() {
        ParamsArg::Body
    } else {
        ParamsArg::None
    };

    let (status, payload, alternatives) = success(cx, op, pointer, &prefix)?;
    let mut operation = Operation {
        operation_id: op
            .operation_id
            .clone()
            .unwrap_or_else(|| format!("{}_{}", method.as_str(), path)),
        pointer: pointer.to_string(),
        method,
        path: path.to_string(),
        template,
        summary: op.summary.clone(),
        description: op.description.clone(),
        deprecated: op.deprecated,
        path_params,
        params: params_arg,
        body,
        body_required,
        payload,
        success_status: status,
        alternatives: alternatives
            .into_iter()
            .map(|(suffix, payload)| Alternative {
                method_name: format!("{}_{suffix}", placement.method.trim_start_matches("r#")),
                payload,
            })
            .collect(),
        pagination: None,
        resource: placement.resource.clone(),
        method_name: placement.method.clone(),
    };
    operation.pagination = pagination(cx, &operation);
    Ok(operation)
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

fn param_schema(
    cx: &mut Ctx<'_>,
    format: &ParameterSchemaOrContent,
    at: &str,
    hint: &[String],
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

fn is_json(media: &str) -> bool {
    let m = media.split(';').next().unwrap_or("").trim();
    m == "application/json" || m.ends_with("+json") || m == "*/*"
}

fn lower_body(
    cx: &mut Ctx<'_>,
    rb: &ReferenceOr<RequestBody>,
    at: &str,
    hint: &[String],
) -> Result<(Body, bool), Diagnostic> {
    let (body, at) = cx.resolver.item(rb, at, "request body")?;
    // One representation is sent: JSON when offered, then a form, then multipart, then raw bytes
    // of any other media type (ties broken by name, so document order never matters).
    let Some((media, m)) = body
        .content
        .iter()
        .min_by_key(|(media, _)| (encoding_of(media) as u8, media.to_string()))
    else {
        return Err(Diagnostic::at(&at, "the request body lists no media type").warning());
    };
    let encoding = encoding_of(media);
    let schema_at = join(&join(&join(&at, "content"), media), "schema");
    let ty = match (&m.schema, encoding) {
        (_, BodyEncoding::Bytes) => Ty::Bytes,
        (Some(s), _) => cx.schemas.lower(SchemaRef::from(s), &schema_at, hint).ty,
        (None, _) => Ty::Json,
    };
    let types = &cx.schemas.types;
    match encoding {
        BodyEncoding::Form if !object_like(types, &ty, false) => {
            let why =
                format!("the {media} request body is not an object, so it has no form fields");
            return Err(Diagnostic::at(schema_at, why).warning());
        }
        BodyEncoding::Multipart if !object_like(types, &ty, true) => {
            let why = format!(
                "the {media} request body is not an object or a union of objects, so it has no parts"
            );
            return Err(Diagnostic::at(schema_at, why).warning());
        }
        _ => {}
    }
    Ok((
        Body {
            media_type: media.clone(),
            ty,
            encoding,
        },
        body.required,
    ))
}

/// How a media type is sent, in order of preference.
fn encoding_of(media: &str) -> BodyEncoding {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if is_json(&essence) {
        BodyEncoding::Json
    } else if essence == "application/x-www-form-urlencoded" {
        BodyEncoding::Form
    } else if essence == "multipart/form-data" {
        BodyEncoding::Multipart
    } else {
        BodyEncoding::Bytes
    }
}

/// Whether a body type has named fields (a struct, a map, a free-form object); with `unions`,
/// a union whose alternatives all do also counts (multipart bodies dispatch on the variant).
fn object_like(types: &TypeSpace, ty: &Ty, unions: bool) -> bool {
    fn go(types: &TypeSpace, ty: &Ty, unions: bool, depth: usize) -> bool {
        // Aliases of aliases end somewhere; the depth only guards against a malformed arena.
        if depth > 64 {
            return false;
        }
        match ty {
            Ty::Json | Ty::JsonObject | Ty::Map(_) => true,
            Ty::Named(id) => match &types.get(*id).kind {
                TypeKind::Struct(_) => true,
                TypeKind::Alias(t) => go(types, t, unions, depth + 1),
                TypeKind::Union(u) => {
                    unions
                        && u.variants
                            .iter()
                            .all(|v| go(types, &v.ty, unions, depth + 1))
                }
                TypeKind::Enum(_) | TypeKind::Pending => false,
            },
            _ => false,
        }
    }
    go(types, ty, unions, 0)
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

/// Whether a header parameter's type has a `Display` form a header can carry.
fn header_value(types: &TypeSpace, ty: &Ty) -> bool {
    fn go(types: &TypeSpace, ty: &Ty, depth: usize) -> bool {
        match ty {
            Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::F64 => true,
            Ty::Named(id) if depth < 64 => match &types.get(*id).kind {
                TypeKind::Enum(_) => true,
                TypeKind::Alias(t) => go(types, t, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }
    go(types, ty, 0)
}

type Success = (String, Payload, Vec<(String, Payload)>);

/// The lowest 2xx response (or `2XX`, or `default`) decides what the method returns.
fn success(
    cx: &mut Ctx<'_>,
    op: &OaOperation,
    pointer: &str,
    prefix: &[String],
) -> Result<Success, Diagnostic> {
    let responses = &op.responses;
    let mut candidates: Vec<(u16, String, &ReferenceOr<Response>)> = responses
        .responses
        .iter()
        .filter_map(|(code, r)| match code {
            StatusCode::Code(c) if (200..300).contains(c) => Some((*c, c.to_string(), r)),
            StatusCode::Range(2) => Some((299, "2XX".to_string(), r)),
            _ => None,
        })
        .collect();
    candidates.sort_by_key(|(c, _, _)| *c);
    let (status, response) = match (candidates.first(), &responses.default) {
        (Some((_, s, r)), _) => (s.clone(), *r),
        (None, Some(r)) => ("default".to_string(), r),
        (None, None) => return Ok(("204".into(), Payload::Empty, Vec::new())),
    };
    let at = join(&join(pointer, "responses"), &status);
    let (response, at) = cx.resolver.item(response, &at, "response")?;
    let mut primary: Option<Payload> = None;
    let mut alternatives = Vec::new();
    let mut medias: Vec<(&String, &openapiv3::MediaType)> = response.content.iter().collect();
    // JSON first: it is the primary representation when offered.
    medias.sort_by_key(|(m, _)| (!is_json(m), m.to_string()));
    for (media, m) in medias {
        let payload = if is_json(media) {
            let schema_at = join(&join(&join(&at, "content"), media), "schema");
            let ty = match &m.schema {
                Some(s) => {
                    cx.schemas
                        .lower(SchemaRef::from(s), &schema_at, &with(prefix, "Response"))
                        .ty
                }
                None => Ty::Json,
            };
            Payload::Json(ty)
        } else if media.starts_with("text/") {
            Payload::Text(media.clone())
        } else {
            Payload::Bytes(media.clone())
        };
        match primary {
            None => primary = Some(payload),
            Some(_) => alternatives.push((media_suffix(media), payload)),
        }
    }
    Ok((status, primary.unwrap_or(Payload::Empty), alternatives))
}

/// `text/csv` → `csv`, `application/vnd.x+xml` → `xml`.
fn media_suffix(media: &str) -> String {
    let sub = media
        .split(';')
        .next()
        .unwrap_or(media)
        .rsplit('/')
        .next()
        .unwrap_or(media);
    let sub = sub.rsplit('+').next().unwrap_or(sub);
    crate::naming::snake_ident(sub)
        .trim_start_matches("r#")
        .to_string()
}

/// A GET whose JSON response has `data: [...]` and `meta` with `page_number` and `total_pages`,
/// and which takes a page number in `page[number]`, is auto-paginated.
fn pagination(cx: &Ctx<'_>, op: &Operation) -> Option<Pagination> {
    if op.method != HttpMethod::Get {
        return None;
    }
    let Payload::Json(Ty::Named(resp)) = &op.payload else {
        return None;
    };
    let ParamsArg::Query(params) = &op.params else {
        return None;
    };
    let types = &cx.schemas.types;
    let TypeKind::Struct(params) = &types.get(*params).kind else {
        return None;
    };
    let takes_page_number = params.fields.iter().any(|f| {
        f.wire == "page[number]"
            || (f.wire == "page"
                && matches!(&f.ty, Ty::Named(id) if matches!(&types.get(*id).kind, TypeKind::Struct(s) if s.fields.iter().any(|g| g.wire == "number"))))
    });
    if !takes_page_number {
        return None;
    }
    let TypeKind::Struct(resp_def) = &types.get(*resp).kind else {
        return None;
    };
    let data = resp_def.fields.iter().find(|f| f.wire == "data")?;
    let Ty::Vec(item) = &data.ty else { return None };
    let meta = resp_def.fields.iter().find(|f| f.wire == "meta")?;
    let Ty::Named(meta_id) = &meta.ty else {
        return None;
    };
    let TypeKind::Struct(meta_def) = &types.get(*meta_id).kind else {
        return None;
    };
    let integer = |name: &str| {
        meta_def
            .fields
            .iter()
            .any(|f| f.wire == name && matches!(f.ty, Ty::I64 | Ty::I32))
    };
    if !(integer("page_number") && integer("total_pages")) {
        return None;
    }
    Some(Pagination {
        item: (**item).clone(),
        page_number_key: "page[number]".into(),
        response: *resp,
        meta: *meta_id,
    })
}
