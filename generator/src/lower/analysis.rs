//! Whole-arena analyses: where each type is used (requests, responses) and which references
//! must be boxed because types contain each other by value.

use crate::ir::{Operation, ParamsArg, Payload, Presence, Ty, TypeId, TypeKind, TypeSpace};

fn named_in(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Vec(inner) | Ty::Map(inner) => named_in(inner, out),
        _ => {}
    }
}

/// Types a type refers to, by value or not.
fn references(types: &TypeSpace, id: TypeId) -> Vec<TypeId> {
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
pub fn mark_usage(types: &mut TypeSpace, operations: &[Operation]) {
    let mut requests = Vec::new();
    let mut responses = Vec::new();
    for op in operations {
        if let ParamsArg::Query(id) = op.params {
            requests.push(id);
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
    for def in &mut types.defs {
        let usage = def.usage;
        match &mut def.kind {
            TypeKind::Enum(e) => e.open = usage.response,
            TypeKind::Union(u) => u.open = usage.response,
            TypeKind::Struct(s) if usage.request && !usage.response => {
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
