//! The document's OpenAPI 3.1 `webhooks` section → typed event payloads. `openapiv3` models 3.0,
//! which has no `webhooks`, so the section is read from the raw document value; its request
//! body schemas go through the same schema lowering (and so the same naming and model
//! emission) as operation bodies.
//!
//! When payloads carry a discriminating property (`event_type` unless configured otherwise)
//! with one fixed value each, at the top level or one object down (an envelope such as
//! `{"data": {event}, "meta": …}`), they become the variants of one event enum.

use openapiv3::{ReferenceOr, RequestBody};
use serde_json::Value;

use crate::config::{Config, SigningConfig};
use crate::diagnostics::{Diagnostic, join};
use crate::ir::{Hint, Name, Ty, TypeId, TypeKind, TypeSpace};
use crate::lower::Ctx;
use crate::lower::schema::SchemaRef;

/// Every webhook the document declares, and how the event enum tells them apart.
#[derive(Debug, Clone, Default)]
pub struct Webhooks {
    /// Entries in key order.
    pub entries: Vec<Webhook>,
    /// Wire names leading to the discriminating property, e.g. `["data", "event_type"]`;
    /// empty when no payload has a fixed value for it.
    pub tag_path: Vec<String>,
    /// How deliveries are signed, when the configuration says.
    pub signing: Option<SigningConfig>,
}

impl Webhooks {
    /// Entries that are variants of the event enum.
    pub fn variants(&self) -> impl Iterator<Item = &Webhook> {
        self.entries.iter().filter(|w| w.event_type.is_some())
    }
}

/// One webhook entry (one method of one `webhooks` key).
#[derive(Debug, Clone)]
pub struct Webhook {
    /// The key under `webhooks`.
    pub key: String,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// Summary or description, for docs.
    pub summary: Option<String>,
    /// The request body type.
    pub payload: Ty,
    /// The discriminator's fixed value, when the payload is a variant of the event enum.
    pub event_type: Option<String>,
    /// Rust name of its enum variant (set by the naming pass).
    pub variant: Name,
}

/// Lowers every entry's JSON request body schema. Entries that cannot be read are left out
/// with a warning: a webhook the client cannot type must not stop the client's generation.
pub fn lower(cx: &mut Ctx<'_>, section: Option<&Value>) -> Vec<Webhook> {
    let Some(section) = section.and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = section.keys().collect();
    keys.sort();
    let mut out = Vec::new();
    for key in keys {
        let at = join("/webhooks", key);
        let Some(item) = section[key].as_object() else {
            let d = Diagnostic::at(&at, "not an object; webhook left out").warning();
            cx.warnings.push(d);
            continue;
        };
        let mut methods: Vec<&String> = item
            .keys()
            .filter(|m| crate::lower::method_of(m).is_some())
            .collect();
        methods.sort();
        let several = methods.len() > 1;
        for method in methods {
            let op_at = join(&at, method);
            let op = &item[method];
            let mut hint = vec![key.clone()];
            if several {
                hint.push(method.clone());
            }
            match payload(cx, op, &op_at, &Hint::words(hint.clone()).with("Webhook")) {
                Ok(ty) => out.push(Webhook {
                    key: hint.join(" "),
                    pointer: op_at,
                    summary: text(op, "summary").or_else(|| text(op, "description")),
                    payload: ty,
                    event_type: None,
                    variant: Name::default(),
                }),
                Err(reason) => {
                    let d = Diagnostic::at(&op_at, format!("{reason}; webhook left out"));
                    cx.warnings.push(d.warning());
                }
            }
        }
    }
    out
}

fn text(op: &Value, key: &str) -> Option<String> {
    op.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn payload(cx: &mut Ctx<'_>, op: &Value, at: &str, hint: &Hint) -> Result<Ty, String> {
    let at = join(at, "requestBody");
    let mut raw = op.get("requestBody").cloned().ok_or("no request body")?;
    if let Some(Value::Object(content)) = raw.get_mut("content") {
        for media in content.values_mut() {
            if let Some(schema) = media.get_mut("schema") {
                crate::load::normalize_schema(schema);
            }
        }
    }
    let body: ReferenceOr<RequestBody> =
        serde_json::from_value(raw).map_err(|e| format!("unexpected request body shape: {e}"))?;
    let (body, at) = cx
        .resolver
        .item(&body, &at, "request body")
        .map_err(|d| d.message)?;
    let (media, m) = body
        .content
        .iter()
        .filter(|(media, _)| crate::lower::media::is_json(media))
        .min_by_key(|(media, _)| media.to_string())
        .ok_or("no JSON request body")?;
    let schema_at = join(&join(&join(&at, "content"), media), "schema");
    Ok(match &m.schema {
        Some(s) => cx.schemas.lower(SchemaRef::from(s), &schema_at, hint).ty,
        None => Ty::Json,
    })
}

/// Types received by webhooks, for usage marking (their enums stay open like responses').
pub fn roots(entries: &[Webhook]) -> Vec<Ty> {
    entries.iter().map(|w| w.payload.clone()).collect()
}

/// Discriminator names tried, in order of preference, when the configuration names none.
const UNCONFIGURED_DISCRIMINATORS: &[&str] = &["event_type", "type", "event", "kind"];

/// Finds each payload's fixed discriminator value, picks the path most payloads share, and
/// names the enum variants.
pub fn finish(types: &TypeSpace, mut entries: Vec<Webhook>, config: &Config) -> Webhooks {
    let tags = |discriminator: &str| -> Vec<Option<(Vec<String>, String)>> {
        entries
            .iter()
            .map(|w| tag_of(types, &w.payload, discriminator))
            .collect()
    };
    // Without configuration, the usual names are tried and the one that tells the most
    // payloads apart wins (OpenAI's events carry `type`, Telnyx's `event_type`).
    let found = match config.webhooks.as_ref() {
        Some(w) => tags(&w.discriminator),
        None => UNCONFIGURED_DISCRIMINATORS
            .iter()
            .map(|d| tags(d))
            .rev()
            .max_by_key(|f| f.iter().flatten().count())
            .unwrap_or_default(),
    };
    // The most common path wins; ties go to the shorter, then the smaller path.
    let mut paths: Vec<(usize, Vec<String>)> = Vec::new();
    for (path, _) in found.iter().flatten() {
        match paths.iter_mut().find(|(_, p)| p == path) {
            Some((n, _)) => *n += 1,
            None => paths.push((1, path.clone())),
        }
    }
    paths.sort_by(|a, b| (b.0, a.1.len(), &a.1).cmp(&(a.0, b.1.len(), &b.1)));
    let tag_path = paths.into_iter().next().map(|(_, p)| p).unwrap_or_default();
    let signing = config.webhooks.as_ref().and_then(|w| w.signing.clone());
    let mut seen = std::collections::BTreeSet::new();
    for (w, f) in entries.iter_mut().zip(found) {
        // A value two entries share selects the first entry (in key order) only.
        if let Some((path, value)) = f
            && path == tag_path
            && seen.insert(value.clone())
        {
            w.event_type = Some(value);
        }
    }
    Webhooks {
        entries,
        tag_path,
        signing,
    }
}

/// Follows aliases to the declared shape.
fn resolve(types: &TypeSpace, ty: &Ty) -> Option<TypeId> {
    let mut seen = Vec::new();
    let mut ty = ty;
    while let Ty::Named(id) = ty {
        if seen.contains(id) {
            return None;
        }
        seen.push(*id);
        match &types.get(*id).kind {
            TypeKind::Alias(inner) => ty = inner,
            _ => return Some(*id),
        }
    }
    None
}

/// The discriminator's path and fixed value: at the top level, else in the first object
/// property that has one.
fn tag_of(types: &TypeSpace, ty: &Ty, discriminator: &str) -> Option<(Vec<String>, String)> {
    let fields = match &types.get(resolve(types, ty)?).kind {
        TypeKind::Struct(s) => &s.fields,
        _ => return None,
    };
    if let Some(f) = fields.iter().find(|f| f.wire == discriminator) {
        return fixed_value(types, &f.ty).map(|v| (vec![f.wire.clone()], v));
    }
    fields.iter().find_map(|f| {
        let TypeKind::Struct(inner) = &types.get(resolve(types, &f.ty)?).kind else {
            return None;
        };
        let tag = inner.fields.iter().find(|t| t.wire == discriminator)?;
        let value = fixed_value(types, &tag.ty)?;
        Some((vec![f.wire.clone(), tag.wire.clone()], value))
    })
}

fn fixed_value(types: &TypeSpace, ty: &Ty) -> Option<String> {
    match &types.get(resolve(types, ty)?).kind {
        TypeKind::Enum(e) if e.variants.len() == 1 => Some(e.variants[0].wire.clone()),
        _ => None,
    }
}
