//! Lowering: the typed document → the IR. All policy decisions live here: which response is
//! the success, what paginates, what is nullable, which enums stay open. Names are left to the
//! naming pass: lowering records wire names and hint words.

mod analysis;
mod dedupe;
pub mod identity;
pub mod media;
mod operation;
pub(crate) mod pagination;
pub mod path;
pub mod reach;
pub mod resources;
pub mod schema;
pub mod security;
mod servers;
mod signature;
pub mod webhooks;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, PathItem, ReferenceOr};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity, join};
use crate::ir::{Api, HttpMethod, OpKey, Operation, Resource, Skipped};
use crate::load::{Document, Resolver};
use schema::SchemaLowerer;

/// State shared while lowering one document.
pub struct Ctx<'a> {
    /// The document.
    pub doc: &'a OpenAPI,
    /// Resolves `$ref`s in it.
    pub resolver: &'a Resolver,
    /// The schema lowerer and its type arena.
    pub schemas: SchemaLowerer<'a>,
    /// Shared (component) parameters, lowered once, by pointer.
    pub param_types: BTreeMap<String, schema::Lowered>,
    /// Things worth telling the user that do not stop generation.
    pub warnings: Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// Records a problem at a JSON pointer.
    pub fn diag(&mut self, pointer: &str, message: &str) {
        self.schemas.diags.push(Diagnostic::at(pointer, message));
    }
}

fn method_of(name: &str) -> Option<HttpMethod> {
    Some(match name {
        "get" => HttpMethod::Get,
        "post" => HttpMethod::Post,
        "put" => HttpMethod::Put,
        "patch" => HttpMethod::Patch,
        "delete" => HttpMethod::Delete,
        "head" => HttpMethod::Head,
        "options" => HttpMethod::Options,
        "trace" => HttpMethod::Trace,
        _ => return None,
    })
}

/// Lowers a loaded document. Every problem found is reported together.
pub fn lower(doc: &Document, config: &Config) -> Result<Api, Diagnostics> {
    let openapi = &doc.openapi;
    let empty = indexmap::IndexMap::new();
    let component_schemas = openapi
        .components
        .as_ref()
        .map(|c| &c.schemas)
        .unwrap_or(&empty);
    let mut cx = Ctx {
        doc: openapi,
        resolver: &doc.resolver,
        schemas: SchemaLowerer::new(component_schemas),
        param_types: BTreeMap::new(),
        warnings: Vec::new(),
    };
    cx.schemas.lower_components();
    let found = find_operations(&mut cx);
    let mut warnings = duplicate_ids(&mut cx, &found, config);
    let keys: Vec<(OpKey, String)> = found
        .iter()
        .map(|(key, pointer, _, op)| {
            (
                key.clone(),
                op.operation_id.clone().unwrap_or_else(|| pointer.clone()),
            )
        })
        .collect();
    let mut diags = Vec::new();
    let placements = resources::place(&keys, config, &mut diags, &mut warnings);
    cx.schemas.diags.extend(diags);

    let security = security::lower(openapi, &doc.resolver, &mut cx.schemas.diags, &mut warnings);
    let base_url = base_url(&mut cx, config);
    let (mut operations, skipped) =
        lower_operations(&mut cx, &found, &placements, &security, base_url.as_deref());
    pagination::assign(&cx.schemas.types, &mut operations, &config.pagination);
    let mut hooks = webhooks::lower(&mut cx, doc.webhooks.as_ref());

    // A path-level or shared parameter is reported once, not once per operation.
    for w in std::mem::take(&mut cx.warnings) {
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
    let mut types = cx.schemas.types;
    let (cycle_diags, cycle_warnings) = analysis::alias_cycles(&mut types);
    cx.schemas.diags.extend(cycle_diags);
    warnings.extend(cycle_warnings);
    Diagnostics(cx.schemas.diags).into_result()?;
    analysis::order_untagged(&mut types);
    analysis::mark_usage(&mut types, &operations, &webhooks::roots(&hooks));
    dedupe::merge_identical(&mut types, &mut operations, &mut hooks);
    for op in &mut operations {
        signature::decide(&types, op);
    }
    let hooks = webhooks::finish(&types, hooks, config);
    analysis::box_cycles(&mut types);
    Ok(Api {
        title: openapi.info.title.clone(),
        description: openapi.info.description.clone(),
        version: openapi.info.version.clone(),
        krate: servers::crate_info(
            doc,
            config,
            base_url.unwrap_or_default(),
            security,
            &operations,
        ),
        types,
        root: Resource::default(),
        placements,
        operations,
        skipped,
        warnings,
        webhooks: hooks,
        features: None,
    })
}

/// Lowers every placed operation, with its own server and security; the ones the generator
/// cannot express are returned apart, with the reason.
fn lower_operations(
    cx: &mut Ctx<'_>,
    found: &[Found<'_>],
    placements: &BTreeMap<OpKey, crate::ir::Placement>,
    security: &crate::ir::Security,
    base_url: Option<&str>,
) -> (Vec<Operation>, Vec<Skipped>) {
    let mut operations: Vec<Operation> = Vec::new();
    let mut skipped = Vec::new();
    for (key, pointer, item, op) in found {
        let Some(placement) = placements.get(key) else {
            continue;
        };
        let lowered = operation::lower(cx, &key.1, item, key.0, op, placement.clone(), pointer);
        let lowered =
            lowered.and_then(|o| servers::access(cx, security, base_url, (item, op, pointer), o));
        match lowered {
            Ok(o) => operations.push(o),
            // An invalid document, or an operation this generator cannot express.
            Err(d) if d.severity == Severity::Error => cx.schemas.diags.push(d),
            Err(reason) => skipped.push(Skipped {
                operation: format!("{} {}", key.0.as_str(), key.1),
                reason,
            }),
        }
    }
    (operations, skipped)
}

/// An operation as found in `paths`: its key, pointer, path item and definition.
type Found<'a> = (OpKey, String, &'a PathItem, &'a openapiv3::Operation);

/// Every operation of the document, in path, then method order.
fn find_operations<'a>(cx: &mut Ctx<'a>) -> Vec<Found<'a>> {
    let mut found = Vec::new();
    for (path, item) in &cx.doc.paths.paths {
        let at = join("/paths", path);
        let ReferenceOr::Item(item) = item else {
            cx.diag(&at, "a $ref path item is not supported");
            continue;
        };
        for (name, op) in item.iter() {
            let Some(method) = method_of(name) else {
                continue;
            };
            found.push(((method, path.clone()), join(&at, name), item, op));
        }
    }
    found.sort_by(|a, b| (&a.0.1, a.0.0).cmp(&(&b.0.1, b.0.0)));
    found
}

/// Repeated `operationId`s: errors, or warnings (returned) when the configuration allows them.
fn duplicate_ids(cx: &mut Ctx<'_>, found: &[Found<'_>], config: &Config) -> Vec<Diagnostic> {
    let mut by_id: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (_, pointer, _, op) in found {
        if let Some(id) = &op.operation_id {
            by_id.entry(id.as_str()).or_default().push(pointer.as_str());
        }
    }
    let duplicates: Vec<(String, String)> = by_id
        .iter()
        .filter(|(_, ps)| ps.len() > 1)
        .flat_map(|(id, ps)| {
            ps.iter().map(move |p| {
                (
                    join(p, "operationId"),
                    format!("duplicate operationId {id:?}"),
                )
            })
        })
        .collect();
    let mut warnings = Vec::new();
    for (at, msg) in duplicates {
        if config.allow_duplicate_operation_ids {
            warnings.push(Diagnostic::at(&at, msg).warning());
        } else {
            cx.diag(&at, &msg);
        }
    }
    warnings
}

/// The base URL: the configuration's, else the first server's (variables at their defaults).
fn base_url(cx: &mut Ctx<'_>, config: &Config) -> Option<String> {
    let doc = cx.doc;
    let base_url = config.base_url.clone().or_else(|| {
        doc.servers
            .first()
            .map(|s| identity::server_url(s, "/servers/0", &mut cx.schemas.diags, &mut cx.warnings))
    });
    if base_url.is_none() {
        cx.diag(
            "/servers",
            "the document names no server and the configuration sets no base_url",
        );
    }
    base_url
}
