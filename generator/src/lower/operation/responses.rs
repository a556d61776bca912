//! An operation's success response.

use openapiv3::{Operation as OaOperation, ReferenceOr, Response, StatusCode};

use crate::diagnostics::{Diagnostic, join};
use crate::ir::{Hint, Payload, Ty};
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
