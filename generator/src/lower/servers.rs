//! Where each operation is sent and with which credentials, and the crate's identity: the
//! document-wide facts that [`super::identity`] and [`super::security`] decide, wired into the
//! operations and [`CrateInfo`].

use openapiv3::{Operation as OaOperation, PathItem};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, join};
use crate::ir::{CrateInfo, Operation, Requirement, Security};
use crate::load::Document;
use crate::lower::{Ctx, identity, security};

/// Sets the operation's own server (the operation's, else its path's, when it differs from the
/// document's) and security requirement. Fails (a skip reason) when it can only be sent to a
/// server that is not HTTP, or only with schemes the generator does not support.
pub fn access(
    cx: &mut Ctx<'_>,
    security: &Security,
    base_url: Option<&str>,
    (item, op, pointer): (&PathItem, &OaOperation, &str),
    mut operation: Operation,
) -> Result<Operation, Diagnostic> {
    let declared = match (op.servers.first(), item.servers.first()) {
        (Some(s), _) => Some((s, join(&join(pointer, "servers"), "0"))),
        (None, Some(s)) => Some((
            s,
            join(&join(&join("/paths", &operation.path), "servers"), "0"),
        )),
        (None, None) => None,
    };
    if let Some((server, at)) = declared {
        let url = identity::server_url(server, &at, &mut cx.schemas.diags, &mut cx.warnings);
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Diagnostic::at(
                join(&at, "url"),
                format!("the operation's server {url} is not an HTTP server"),
            )
            .warning());
        }
        if Some(url.as_str()) != base_url {
            operation.server = Some(url);
        }
    }
    operation.security = security::operation(
        security,
        cx.doc,
        &join(pointer, "security"),
        op.security.as_ref(),
        &mut cx.schemas.diags,
    )?;
    Ok(operation)
}

/// The crate's identity: the configuration's where it says, else derived from the document;
/// with the security schemes, their variables and the constructor they call for.
pub fn crate_info(
    doc: &Document,
    config: &Config,
    base_url: String,
    mut security: Security,
    operations: &[Operation],
) -> CrateInfo {
    let info = &doc.openapi.info;
    let prefix = identity::env_prefix(&info.title);
    let own: Vec<Option<&Requirement>> = operations.iter().map(|o| o.security.as_ref()).collect();
    security::finish(&mut security, &own, &prefix, config.api_key_env.as_deref());
    let summary = doc
        .resolver
        .resolve("#/info/summary", "/info")
        .ok()
        .and_then(|r| r.value.as_str().map(str::to_string));
    let mut krate = CrateInfo::new(config, base_url);
    if config.crate_name.is_none() {
        krate.name = identity::crate_name(&info.title);
    }
    if config.description.is_none() {
        krate.description = identity::description(&doc.openapi, summary.as_deref());
    }
    let var = |word: &str| match prefix.as_str() {
        "" => word.to_string(),
        p => format!("{p}_{word}"),
    };
    if config.base_url_env.is_none() {
        krate.base_url_env = var("BASE_URL");
    }
    if config.api_key_env.is_none() {
        krate.api_key_env = var("API_KEY");
    }
    krate.security = security;
    krate
}
