//! Whole-arena analyses: where each type is used (requests, responses) and which references
//! must be boxed because types contain each other by value.

use crate::diagnostics::Diagnostic;
use crate::ir::{BodyEncoding, Operation, Payload, Presence, Ty, TypeId, TypeKind, TypeSpace};

pub(crate) fn named_in(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Vec(inner) | Ty::Map(inner) => named_in(inner, out),
        _ => {}
    }
}

/// Types a type refers to, by value or not.
pub(crate) fn references(types: &TypeSpace, id: TypeId) -> Vec<TypeId> {
    let mut out = Vec::new();
    match &types.get(id).kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|f| named_in(&f.ty, &mut out));
            if let Some(a) = &s.additional {
                named_in(a, &mut out);
            }
        }
        TypeKind::Union(u) => u.variants.iter().for_each(|v| named_in(&v.ty, &mut out)),
        TypeKind::Alias(t) => named_in(t, &mut out),
        TypeKind::Enum(_) | TypeKind::Pending => {}
    }
    out
}

/// Marks request and response reachability; opens response enums and unions; turns optional
/// nullable fields of request-only structs into double options.
pub fn mark_usage(types: &mut TypeSpace, operations: &[Operation], received: &[Ty]) {
    let mut requests = Vec::new();
    let mut responses = Vec::new();
    // Webhook payloads arrive like responses: open enums and unions keep unknown values.
    received.iter().for_each(|t| named_in(t, &mut responses));
    for op in operations {
        for p in op.option_params() {
            named_in(&p.ty, &mut requests);
        }
        if let Some(b) = &op.body {
            named_in(&b.ty, &mut requests);
        }
        if let Payload::Json(t) = &op.payload {
            named_in(t, &mut responses);
        }
        for alt in &op.alternatives {
            if let Payload::Json(t) = &alt.payload {
                named_in(t, &mut responses);
            }
        }
    }
    spread(types, requests, |u| &mut u.request);
    spread(types, responses, |u| &mut u.response);
    // A multipart body dispatches to its union alternatives (and through aliases); struct fields
    // are text parts, so the marking stops at structs.
    let mut stack: Vec<TypeId> = Vec::new();
    for op in operations {
        if let Some(b) = op
            .body
            .as_ref()
            .filter(|b| b.encoding == BodyEncoding::Multipart)
        {
            named_in(&b.ty, &mut stack);
        }
    }
    while let Some(id) = stack.pop() {
        let def = &mut types.defs[id.0];
        if def.usage.multipart {
            continue;
        }
        def.usage.multipart = true;
        match &def.kind {
            TypeKind::Union(u) => u.variants.iter().for_each(|v| named_in(&v.ty, &mut stack)),
            TypeKind::Alias(t) => named_in(t, &mut stack),
            _ => {}
        }
    }
    for def in &mut types.defs {
        let usage = def.usage;
        match &mut def.kind {
            TypeKind::Enum(e) => e.open = usage.response,
            TypeKind::Union(u) => u.open = usage.response,
            // Sent in a request, `null` and absent mean different things, even where the
            // same type also arrives in responses.
            TypeKind::Struct(s) if usage.request => {
                for f in &mut s.fields {
                    if f.presence == Presence::Optional && f.nullable {
                        f.presence = Presence::OptionalNullable;
                    }
                }
            }
            _ => {}
        }
    }
}

fn spread(types: &mut TypeSpace, roots: Vec<TypeId>, flag: fn(&mut crate::ir::Usage) -> &mut bool) {
    let mut stack = roots;
    while let Some(id) = stack.pop() {
        let f = flag(&mut types.defs[id.0].usage);
        if *f {
            continue;
        }
        *f = true;
        stack.extend(references(types, id));
    }
}

/// Edges of by-value containment: a struct field or union payload holding a named type
/// directly (a `Vec` or map already puts it behind a pointer).
fn by_value(types: &TypeSpace, id: TypeId) -> Vec<TypeId> {
    let direct = |t: &Ty| match t {
        Ty::Named(n) => Some(*n),
        _ => None,
    };
    match &types.get(id).kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
        TypeKind::Union(u) => u.variants.iter().filter_map(|v| direct(&v.ty)).collect(),
        TypeKind::Alias(t) => direct(t).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// Boxes exactly the by-value references that close a cycle (both ends in one strongly
/// connected component), so recursive types have a finite size and nothing else is boxed.
pub fn box_cycles(types: &mut TypeSpace) {
    let n = types.defs.len();
    let edges: Vec<Vec<TypeId>> = (0..n).map(|i| by_value(types, TypeId(i))).collect();
    let component = tarjan(&edges);
    for i in 0..n {
        let same = |t: &Ty| matches!(t, Ty::Named(m) if component[m.0] == component[i]);
        match &mut types.defs[i].kind {
            TypeKind::Struct(s) => s
                .fields
                .iter_mut()
                .filter(|f| same(&f.ty))
                .for_each(|f| f.boxed = true),
            TypeKind::Union(u) => u
                .variants
                .iter_mut()
                .filter(|v| same(&v.ty))
                .for_each(|v| v.boxed = true),
            _ => {}
        }
    }
}

/// Orders the alternatives of untagged unions so that the first one that deserializes is the
/// most specific: serde tries them in order and ignores unknown fields, so a struct with no
/// required fields listed first would swallow every object (and drop its data). Among the
/// alternatives that read JSON objects, structs with more required fields go first and
/// free-form objects and maps last; an any-JSON alternative moves to the very end. Everything
/// else keeps the document's order.
pub fn order_untagged(types: &mut TypeSpace) {
    // `None`: not an object alternative, keeps its place.
    let rank = |types: &TypeSpace, t: &Ty| -> Option<i64> {
        match t {
            Ty::Named(id) => match &types.get(*id).kind {
                TypeKind::Struct(s) => {
                    let required = s
                        .fields
                        .iter()
                        .filter(|f| f.presence == Presence::Required)
                        .count();
                    Some(-i64::try_from(required).unwrap_or(i64::MAX))
                }
                _ => None,
            },
            Ty::JsonObject | Ty::Map(_) => Some(1),
            _ => None,
        }
    };
    for i in 0..types.defs.len() {
        let TypeKind::Union(u) = &types.defs[i].kind else {
            continue;
        };
        if u.discriminator.is_some() {
            continue;
        }
        let ranks: Vec<Option<i64>> = u.variants.iter().map(|v| rank(types, &v.ty)).collect();
        let TypeKind::Union(u) = &mut types.defs[i].kind else {
            continue;
        };
        let slots: Vec<usize> = (0..ranks.len()).filter(|&k| ranks[k].is_some()).collect();
        let mut objects = slots.clone();
        objects.sort_by_key(|&k| ranks[k]);
        let mut order: Vec<usize> = (0..ranks.len()).collect();
        for (slot, k) in slots.into_iter().zip(objects) {
            order[slot] = k;
        }
        let (mut rest, any): (Vec<usize>, Vec<usize>) = order
            .into_iter()
            .partition(|&k| u.variants[k].ty != Ty::Json);
        rest.extend(any);
        let mut old: Vec<Option<crate::ir::UnionVariant>> =
            u.variants.drain(..).map(Some).collect();
        u.variants = rest.into_iter().filter_map(|k| old[k].take()).collect();
    }
}

/// Finds aliases that refer back to themselves. A loop of bare references (`A: $ref B`,
/// `B: $ref A`, or a one-member `oneOf` naming itself) describes nothing and is an error at each
/// member; a loop through a list or map (`A: {type: array, items: $ref A}`) is a real recursive
/// shape that a Rust type alias cannot express, so the inner reference becomes a JSON value and a
/// warning says so. Structs, enums and unions are nominal and never form such loops.
pub fn alias_cycles(types: &mut TypeSpace) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let n = types.defs.len();
    let is_alias = |types: &TypeSpace, i: usize| matches!(types.defs[i].kind, TypeKind::Alias(_));
    let edges: Vec<Vec<TypeId>> = (0..n)
        .map(|i| match &types.defs[i].kind {
            TypeKind::Alias(t) => {
                let mut out = Vec::new();
                named_in(t, &mut out);
                out.retain(|id| is_alias(types, id.0));
                out
            }
            _ => Vec::new(),
        })
        .collect();
    let component = tarjan(&edges);
    let mut size = vec![0usize; n];
    for &c in &component {
        size[c] += 1;
    }
    let cyclic = |i: usize| {
        is_alias(types, i) && (size[component[i]] > 1 || edges[i].iter().any(|t| t.0 == i))
    };
    let mut diags = Vec::new();
    let mut warnings = Vec::new();
    let members: Vec<usize> = (0..n).filter(|&i| cyclic(i)).collect();
    for &i in &members {
        let same = |id: &TypeId| component[id.0] == component[i];
        let TypeKind::Alias(t) = &types.defs[i].kind else {
            continue;
        };
        let bare = matches!(t, Ty::Named(id) if same(id));
        let pointer = types.defs[i].pointer.clone();
        if bare {
            diags.push(Diagnostic::at(
                &pointer,
                "cyclic $ref: this schema is only a reference that leads back to itself",
            ));
            types.defs[i].kind = TypeKind::Alias(Ty::Json);
        } else {
            let replaced = replace_named(t, &same);
            warnings.push(Diagnostic::at(
                &pointer,
                "this schema contains itself only through lists or maps, which a Rust type alias cannot express; the inner occurrence is typed as a JSON value",
            ).warning());
            types.defs[i].kind = TypeKind::Alias(replaced);
        }
    }
    (diags, warnings)
}

/// `t` with every named type matching `hit` replaced by a JSON value.
fn replace_named(t: &Ty, hit: &dyn Fn(&TypeId) -> bool) -> Ty {
    match t {
        Ty::Named(id) if hit(id) => Ty::Json,
        Ty::Vec(inner) => Ty::Vec(Box::new(replace_named(inner, hit))),
        Ty::Map(inner) => Ty::Map(Box::new(replace_named(inner, hit))),
        other => other.clone(),
    }
}

/// Strongly connected components (iterative Tarjan); returns the component of each node.
fn tarjan(edges: &[Vec<TypeId>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some((v, i)) = work.pop() {
            if i == 0 {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(w) = edges[v].get(i).map(|t| t.0) {
                work.push((v, i + 1));
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_of_a_cycle_and_a_tail() {
        // 0 → 1 → 2 → 0, 3 → 0, 4 → 4
        let e = |v: &[usize]| v.iter().map(|&i| TypeId(i)).collect::<Vec<_>>();
        let edges = vec![e(&[1]), e(&[2]), e(&[0]), e(&[0]), e(&[4])];
        let c = tarjan(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
        assert_ne!(c[4], c[3]);
    }
}
