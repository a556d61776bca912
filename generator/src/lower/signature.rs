//! What a call carries for its chained setters: decided once the types are complete (after
//! usage analysis, which settles which fields may be sent as `null`).

use crate::ir::{
    Body, BodyEncoding, Location, Name, Operation, Presence, Setter, SetterTarget, Signature, Ty,
    TypeKind, TypeSpace,
};

/// Settles `op.signature`: optional parameters become setters, a body whose fields are all
/// optional is flattened into setters too (so the call takes no argument for it), and any
/// other optional body is one setter.
pub fn decide(types: &TypeSpace, op: &mut Operation) {
    let flat = op.body.as_ref().and_then(|b| flat_field_count(types, b));
    let body_setters = |n: usize| (0..n).map(|i| setter(SetterTarget::BodyField(i)));
    let optional_body = op.body.as_ref().is_some_and(|b| !b.required);
    match &mut op.signature {
        Signature::Body => {
            if let Some(n) = flat {
                op.signature = Signature::BodyFields(body_setters(n).collect());
            } else if optional_body {
                op.signature = Signature::BodyFields(vec![setter(SetterTarget::Body)]);
            }
        }
        Signature::Options(o) => {
            o.setters = op
                .params
                .iter()
                .enumerate()
                .filter(|(_, p)| p.location != Location::Path && !p.required)
                .map(|(i, _)| setter(SetterTarget::Param(i)))
                .collect();
            if let Some(n) = flat {
                o.body_fields = true;
                o.setters.extend(body_setters(n));
            } else if optional_body {
                o.setters.push(setter(SetterTarget::Body));
            }
        }
        Signature::PathOnly | Signature::BodyFields(_) => {}
    }
}

fn setter(target: SetterTarget) -> Setter {
    Setter {
        name: Name::default(),
        target,
    }
}

/// The number of fields of a body that can be flattened: a struct without additional
/// properties whose every field may be left out. Anything else stays one argument.
fn flat_field_count(types: &TypeSpace, body: &Body) -> Option<usize> {
    if body.encoding == BodyEncoding::Bytes {
        return None;
    }
    let Ty::Named(id) = &body.ty else {
        return None;
    };
    let TypeKind::Struct(s) = &types.get(*id).kind else {
        return None;
    };
    let all_optional = s
        .fields
        .iter()
        .all(|f| matches!(f.presence, Presence::Optional | Presence::OptionalNullable));
    (s.additional.is_none() && all_optional).then_some(s.fields.len())
}
