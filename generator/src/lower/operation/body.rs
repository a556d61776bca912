//! An operation's request body: which representation is sent, and how.

use openapiv3::{ReferenceOr, RequestBody};

use crate::diagnostics::{Diagnostic, join};
use crate::ir::{Body, BodyEncoding, Hint, Ty, TypeKind, TypeSpace};
use crate::lower::Ctx;
use crate::lower::media::accepts_json;
use crate::lower::schema::SchemaRef;

pub(super) fn lower_body(
    cx: &mut Ctx<'_>,
    rb: &ReferenceOr<RequestBody>,
    at: &str,
    hint: &Hint,
) -> Result<Body, Diagnostic> {
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
    Ok(Body {
        media_type: media.clone(),
        ty,
        encoding,
        required: body.required,
    })
}

/// How a media type is sent, in order of preference.
fn encoding_of(media: &str) -> BodyEncoding {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if accepts_json(&essence) {
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
