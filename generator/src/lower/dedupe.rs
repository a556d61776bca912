//! One type per shape: the inline types of operations that are structurally identical (same
//! properties, types, required lists, enum values, nullability and usage, recursively) become
//! one type, the first in document order. Docs and examples do not count as structure; the
//! kept type's docs name every operation using it. Component schemas are never merged: their
//! names are the document's.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{OpKey, Operation, Payload, Presence, Ty, TypeId, TypeKind, TypeSpace};
use crate::lower::webhooks::Webhook;

/// Merges identical operation-owned types and renumbers the arena, rewriting every use.
pub fn merge_identical(types: &mut TypeSpace, operations: &mut [Operation], hooks: &mut [Webhook]) {
    let mut keys = Keys {
        types,
        memo: BTreeMap::new(),
        open: BTreeSet::new(),
    };
    let mut groups: BTreeMap<String, Vec<TypeId>> = BTreeMap::new();
    for i in 0..types.defs.len() {
        if types.defs[i].hint.owner.is_none() {
            continue;
        }
        let key = keys.of(TypeId(i));
        // A type on a cycle has no finite key: it stays as it is.
        if !key.contains("\u{0}cycle") {
            groups.entry(key).or_default().push(TypeId(i));
        }
    }
    let mut target: Vec<TypeId> = (0..types.defs.len()).map(TypeId).collect();
    for members in groups.values().filter(|m| m.len() > 1) {
        let keep = members[0];
        let owners: BTreeSet<OpKey> = members
            .iter()
            .filter_map(|id| types.get(*id).hint.owner.clone())
            .collect();
        for id in &members[1..] {
            target[id.0] = keep;
        }
        let def = &mut types.defs[keep.0];
        def.shared = owners
            .iter()
            .filter(|k| Some(*k) != def.hint.owner.as_ref())
            .cloned()
            .collect();
        if owners.len() > 1 {
            let users: Vec<String> = owners
                .iter()
                .map(|(m, p)| format!("`{} {p}`", m.as_str()))
                .collect();
            let note = format!("Used by {}.", users.join(", "));
            def.docs = Some(match def.docs.take() {
                Some(d) if !d.trim().is_empty() => format!("{d}\n\n{note}"),
                _ => note,
            });
        }
    }
    renumber(types, operations, hooks, &target);
}

/// Structural keys, memoized; a type met again while its key is being built is on a cycle.
struct Keys<'a> {
    types: &'a TypeSpace,
    memo: BTreeMap<TypeId, String>,
    open: BTreeSet<TypeId>,
}

impl Keys<'_> {
    fn of(&mut self, id: TypeId) -> String {
        if let Some(k) = self.memo.get(&id) {
            return k.clone();
        }
        if !self.open.insert(id) {
            return "\u{0}cycle".to_string();
        }
        let def = self.types.get(id);
        let mut key = format!("{:?}|", def.usage);
        match &def.kind {
            TypeKind::Struct(s) => {
                key.push_str("struct{");
                for f in &s.fields {
                    let ty = self.ty(&f.ty);
                    key.push_str(&format!(
                        "{:?}:{ty}:{}:{}:{}:{:?};",
                        f.wire,
                        presence(f.presence),
                        f.nullable,
                        f.boxed,
                        f.format
                    ));
                }
                if let Some(a) = &s.additional {
                    key.push_str(&format!("..{}", self.ty(a)));
                }
                key.push('}');
            }
            TypeKind::Enum(e) => {
                let values: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
                key.push_str(&format!("enum{:?}{}", values, e.open));
            }
            TypeKind::Union(u) => {
                key.push_str(&format!("union{:?}{}(", u.discriminator, u.open));
                for v in &u.variants {
                    let ty = self.ty(&v.ty);
                    key.push_str(&format!("{ty}:{:?}:{};", v.tags, v.boxed));
                }
                key.push(')');
            }
            TypeKind::Alias(t) => key.push_str(&format!("alias({})", self.ty(t))),
            // Never merged: a pending type is a placeholder of its own component.
            TypeKind::Pending => key.push_str(&format!("pending#{}", id.0)),
        }
        self.open.remove(&id);
        self.memo.insert(id, key.clone());
        key
    }

    fn ty(&mut self, t: &Ty) -> String {
        match t {
            // Owned types compare by shape, components by identity.
            Ty::Named(id) if self.types.get(*id).hint.owner.is_some() => {
                format!("<{}>", self.of(*id))
            }
            Ty::Named(id) => format!("#{}", id.0),
            Ty::Vec(inner) => format!("[{}]", self.ty(inner)),
            Ty::Map(inner) => format!("map<{}>", self.ty(inner)),
            other => format!("{other:?}"),
        }
    }
}

fn presence(p: Presence) -> &'static str {
    match p {
        Presence::Required => "req",
        Presence::RequiredNullable => "req-null",
        Presence::Optional => "opt",
        Presence::OptionalNullable => "opt-null",
    }
}

/// Drops every merged type, renumbers the rest in order and rewrites each use.
fn renumber(
    types: &mut TypeSpace,
    operations: &mut [Operation],
    hooks: &mut [Webhook],
    target: &[TypeId],
) {
    let mut new_index = vec![TypeId(0); target.len()];
    let mut next = 0;
    for (i, t) in target.iter().enumerate() {
        if t.0 == i {
            new_index[i] = TypeId(next);
            next += 1;
        }
    }
    let map = |id: TypeId| new_index[target[id.0].0];
    let defs = std::mem::take(&mut types.defs);
    types.defs = defs
        .into_iter()
        .enumerate()
        .filter(|(i, _)| target[*i].0 == *i)
        .map(|(_, d)| d)
        .collect();
    for def in &mut types.defs {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter_mut().for_each(|f| rewrite(&mut f.ty, &map));
                if let Some(a) = &mut s.additional {
                    rewrite(a, &map);
                }
            }
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| rewrite(&mut v.ty, &map)),
            TypeKind::Alias(t) => rewrite(t, &map),
            TypeKind::Enum(_) | TypeKind::Pending => {}
        }
    }
    for op in operations {
        op.params.iter_mut().for_each(|p| rewrite(&mut p.ty, &map));
        if let Some(b) = &mut op.body {
            rewrite(&mut b.ty, &map);
        }
        rewrite_payload(&mut op.payload, &map);
        for alt in &mut op.alternatives {
            rewrite_payload(&mut alt.payload, &map);
        }
        if let Some(p) = &mut op.pagination {
            rewrite(&mut p.item, &map);
            p.response = map(p.response);
        }
    }
    hooks.iter_mut().for_each(|w| rewrite(&mut w.payload, &map));
}

fn rewrite_payload(p: &mut Payload, map: &impl Fn(TypeId) -> TypeId) {
    if let Payload::Json(t) = p {
        rewrite(t, map);
    }
}

fn rewrite(t: &mut Ty, map: &impl Fn(TypeId) -> TypeId) {
    match t {
        Ty::Named(id) => *id = map(*id),
        Ty::Vec(inner) | Ty::Map(inner) => rewrite(inner, map),
        _ => {}
    }
}
