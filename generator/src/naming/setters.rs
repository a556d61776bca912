//! Names of chained setters: a call's (one per optional parameter and flattened body field) and
//! a request model's (one per optional field).

use super::ident::{Name, dedupe, snake_ident};
use crate::ir::{Api, Operation, SetterTarget, Signature, Ty, TypeKind, TypeSpace};

/// Methods a generated call already has (`runtime/src/call.rs` and `pagination.rs`, public or
/// crate-visible): a setter never takes one of these names. A test reads the runtime to keep
/// this list complete.
pub(crate) const CALL_METHODS: &[&str] = &[
    "body",
    "finish",
    "header",
    "into_bytes",
    "into_future",
    "into_json",
    "into_text",
    "items",
    "json_body",
    "map_params",
    "max_retries",
    "modify",
    "new",
    "page_size",
    "pages",
    "paginate",
    "query",
    "resolve",
    "send",
    "send_with_response",
    "timeout",
];

/// A setter's proposed name: the member's own, unless a call method or a `with_` builder step
/// of the runtime has it, in which case `set_` + the name.
fn proposal(member: &Name, reserved: impl Fn(&str) -> bool) -> String {
    if reserved(member.bare()) {
        snake_ident(&format!("set_{}", member.bare()))
    } else {
        member.code()
    }
}

fn call_reserved(name: &str) -> bool {
    CALL_METHODS.contains(&name) || name.starts_with("with_")
}

/// Names every call setter and every request model's field setter.
pub fn name_setters(api: &mut Api) {
    let types = &mut api.types;
    for op in &mut api.operations {
        name_call_setters(types, op);
    }
    for def in &mut types.defs {
        if let TypeKind::Struct(s) = &mut def.kind {
            let proposals: Vec<(String, String)> = s
                .fields
                .iter()
                .map(|f| (proposal(&f.rust, |n| n == "new"), f.wire.clone()))
                .collect();
            for (f, name) in s.fields.iter_mut().zip(dedupe(&proposals)) {
                f.setter = Name::from_code(&name);
            }
        }
    }
}

/// A call's setters: parameters first, then body fields, each keyed by wire name.
fn name_call_setters(types: &TypeSpace, op: &mut Operation) {
    let body_fields = op
        .body
        .as_ref()
        .and_then(|b| match &b.ty {
            Ty::Named(id) => match &types.get(*id).kind {
                TypeKind::Struct(s) => Some(&s.fields),
                _ => None,
            },
            _ => None,
        })
        .map(Vec::as_slice)
        .unwrap_or_default();
    let body_name = Name::from_code("body");
    let setters = match &mut op.signature {
        Signature::BodyFields(setters) => setters,
        Signature::Options(o) => &mut o.setters,
        Signature::PathOnly | Signature::Body => return,
    };
    let proposals: Vec<(String, String)> = setters
        .iter()
        .map(|s| {
            let (member, key) = match s.target {
                SetterTarget::Param(i) => {
                    op.params.get(i).map(|p| (&p.rust, format!("0{}", p.wire)))
                }
                SetterTarget::BodyField(i) => body_fields
                    .get(i)
                    .map(|f| (&f.rust, format!("1{}", f.wire))),
                SetterTarget::Body => None,
            }
            .unwrap_or((&body_name, "2".to_string()));
            (proposal(member, call_reserved), key)
        })
        .collect();
    for (s, name) in setters.iter_mut().zip(dedupe(&proposals)) {
        s.name = Name::from_code(&name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every method the runtime defines on `Call` or `ListCall` is in [`CALL_METHODS`] (or a
    /// `with_` step), so a setter can never shadow or clash with one.
    #[test]
    fn reserved_names_cover_the_runtime_call_methods() {
        let sources = [
            include_str!("../../../runtime/src/call.rs"),
            include_str!("../../../runtime/src/pagination.rs"),
        ];
        let mut missing = Vec::new();
        for source in sources {
            let mut in_call_impl = false;
            for line in source.lines() {
                // Inherent impls only: a trait's methods never clash with a setter.
                if line.starts_with(|c: char| !c.is_whitespace() && c != '}') {
                    in_call_impl = line.starts_with("impl")
                        && !line.contains(" for ")
                        && (line.contains(" Call<") || line.contains(" ListCall<"));
                }
                let Some(rest) = line
                    .trim_start()
                    .strip_prefix("pub fn ")
                    .or_else(|| line.trim_start().strip_prefix("pub(crate) fn "))
                    .or_else(|| line.trim_start().strip_prefix("pub async fn "))
                    .or_else(|| line.trim_start().strip_prefix("fn "))
                else {
                    continue;
                };
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if in_call_impl
                    && line.starts_with("    ")
                    && !line.starts_with("        ")
                    && !call_reserved(&name)
                {
                    missing.push(name);
                }
            }
        }
        assert!(missing.is_empty(), "add to CALL_METHODS: {missing:?}");
    }

    #[test]
    fn a_reserved_member_name_gets_set_prefixed() {
        assert_eq!(
            proposal(&Name::from_code("timeout"), call_reserved),
            "set_timeout"
        );
        assert_eq!(
            proposal(&Name::from_code("with_x"), call_reserved),
            "set_with_x"
        );
        assert_eq!(
            proposal(&Name::from_code("r#type"), call_reserved),
            "r#type"
        );
        assert_eq!(proposal(&Name::from_code("page"), call_reserved), "page");
    }
}
