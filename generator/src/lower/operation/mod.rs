//! Operations → IR: parameters, body, success payload and pagination.

mod body;
mod params;
mod responses;

use openapiv3::{Operation as OaOperation, PathItem};

use crate::diagnostics::{Diagnostic, join};
use crate::ir::{
    Alternative, Hint, HttpMethod, Name, Operation, OptionsStruct, Placement, Signature,
};
use crate::lower::Ctx;
use crate::lower::path::parse as parse_template;

/// Lowers one operation. A fault is returned, never also recorded: an error when the document
/// is invalid, a warning (the reason it is skipped) when the generator cannot express it.
pub fn lower(
    cx: &mut Ctx<'_>,
    path: &str,
    item: &PathItem,
    method: HttpMethod,
    op: &OaOperation,
    placement: Placement,
    pointer: &str,
) -> Result<Operation, Diagnostic> {
    let template = parse_template(path).map_err(|e| Diagnostic::at(join("/paths", path), e))?;
    // The operation's own types are named after its resource and method.
    let owner = Hint::operation((method, path.to_string()));
    let declared = params::declared(cx, path, item, op, pointer);
    let mut all_params = params::path_params(cx, &template, &declared, &owner, (path, pointer))?;
    let option_params = params::option_params(cx, &declared, &owner)?;
    let body = match &op.request_body {
        Some(rb) => {
            let word = if option_params.is_empty() {
                "Params"
            } else {
                "Body"
            };
            let at = join(pointer, "requestBody");
            Some(body::lower_body(cx, rb, &at, &owner.with(word))?)
        }
        None => None,
    };
    let signature = initial_signature(!option_params.is_empty(), body.is_some(), &owner, pointer);
    all_params.extend(option_params);
    let (status, payload, alternatives) = responses::success(cx, op, pointer, &owner)?;
    Ok(Operation {
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
        params: all_params,
        body,
        signature,
        payload,
        success_status: status,
        alternatives: alternatives
            .into_iter()
            .map(|(media_type, payload)| Alternative {
                media_type,
                method_name: Name::default(),
                payload,
            })
            .collect(),
        // Set once every operation is lowered (`lower/pagination.rs`).
        pagination: None,
        placement,
        resource: Vec::new(),
        method_name: Name::default(),
        test_name: Name::default(),
        params_arg: Name::default(),
        // Set with the document-wide view of servers and security (lower/security.rs).
        security: None,
        server: None,
    })
}

/// What the method takes, before the types are complete: an options struct when there are
/// query or header parameters, else the body or nothing (`lower/signature.rs` settles setters).
fn initial_signature(options: bool, body: bool, owner: &Hint, pointer: &str) -> Signature {
    if options {
        Signature::Options(OptionsStruct {
            name: Name::default(),
            hint: owner.with("Params"),
            pointer: join(pointer, "parameters"),
            body_field: None,
            body_fields: false,
            setters: Vec::new(),
            home: Default::default(),
        })
    } else if body {
        Signature::Body
    } else {
        Signature::PathOnly
    }
}
