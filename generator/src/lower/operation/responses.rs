//! An operation's success response, and whether it paginates.

use openapiv3::{Operation as OaOperation, ReferenceOr, Response, StatusCode};

use crate::diagnostics::{Diagnostic, join};
use crate::ir::{Hint, HttpMethod, Operation, Pagination, Payload, Ty, TypeKind};
use crate::lower::Ctx;
use crate::lower::media::accepts_json;
use crate::lower::schema::SchemaRef;

pub(super) type Success = (String, Payload, Vec<(String, Payload)>);

/// The lowest 2xx response (or `2XX`, or `default`) decides what the method returns.
pub(super) fn success(
    cx: &mut Ctx<'_>,
    op: &OaOperation,
    pointer: &str,
    owner: &Hint,
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
    medias.sort_by_key(|(m, _)| (!accepts_json(m), m.to_string()));
    for (media, m) in medias {
        let payload = if accepts_json(media) {
            let schema_at = join(&join(&join(&at, "content"), media), "schema");
            let ty = match &m.schema {
                Some(s) => {
                    cx.schemas
                        .lower(SchemaRef::from(s), &schema_at, &owner.with("Response"))
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
            Some(_) => alternatives.push((media.clone(), payload)),
        }
    }
    Ok((status, primary.unwrap_or(Payload::Empty), alternatives))
}

/// A GET whose JSON response has `data: [...]` and `meta` with `page_number` and `total_pages`,
/// and which takes a page number in `page[number]`, is auto-paginated.
pub(super) fn pagination(cx: &Ctx<'_>, op: &Operation) -> Option<Pagination> {
    if op.method != HttpMethod::Get {
        return None;
    }
    let Payload::Json(Ty::Named(resp)) = &op.payload else {
        return None;
    };
    let types = &cx.schemas.types;
    let takes_page_number = op.option_params().any(|f| {
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
