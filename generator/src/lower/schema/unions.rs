//! `oneOf` / `anyOf` schemas → unions: tagged by a discriminator, or untagged.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::{COMPONENT_PREFIX, SchemaLowerer, SchemaRef, Site};
use crate::diagnostics::{join, unescape};
use crate::ir::{Name, Ty, TypeKind, UnionDef, UnionVariant};

impl SchemaLowerer<'_> {
    pub(super) fn union(
        &mut self,
        members: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
        keyword: &str,
        site: &Site<'_>,
        nullable: &mut bool,
    ) -> Ty {
        let (pointer, hint, target, docs) =
            (site.pointer, site.hint, site.target, site.docs.clone());
        let at = join(pointer, keyword);
        if members.len() == 1 {
            let inner = self.lower(SchemaRef::from(&members[0]), &join(&at, "0"), hint);
            *nullable |= inner.nullable;
            return inner.ty;
        }
        let all_refs = members
            .iter()
            .all(|m| matches!(m, ReferenceOr::Reference { .. }));
        if let (Some(disc), true) = (discriminator, all_refs) {
            let id = self.declare(target, hint, pointer, docs, TypeKind::Pending);
            let mut variants: Vec<UnionVariant> = Vec::new();
            for (i, m) in members.iter().enumerate() {
                let ReferenceOr::Reference { reference } = m else {
                    continue;
                };
                let lowered = self.lower_ref(reference, &join(&at, i.to_string()));
                // Mapping values are references or, as OpenAPI also allows, bare schema names.
                let name = reference.strip_prefix(COMPONENT_PREFIX).map(unescape);
                let mut tags: Vec<String> = disc
                    .mapping
                    .iter()
                    .filter(|(_, r)| *r == reference || Some(r.as_str()) == name.as_deref())
                    .map(|(t, _)| t.clone())
                    .collect();
                if tags.is_empty() {
                    if let Some(name) = reference.strip_prefix(COMPONENT_PREFIX) {
                        tags.push(unescape(name));
                    }
                }
                tags.sort();
                variants.push(UnionVariant {
                    rust: Name::default(),
                    ty: lowered.ty,
                    tags,
                    boxed: false,
                });
            }
            self.types.defs[id.0].kind = TypeKind::Union(UnionDef {
                discriminator: Some(disc.property_name.clone()),
                variants,
                open: false,
                unknown: Name::default(),
            });
            return Ty::Named(id);
        }
        let id = self.declare(target, hint, pointer, docs, TypeKind::Pending);
        let mut variants = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let lowered = self.lower(
                SchemaRef::from(m),
                &join(&at, i.to_string()),
                &hint.with(&member_word(m)),
            );
            *nullable |= lowered.nullable;
            variants.push(UnionVariant {
                rust: Name::default(),
                ty: lowered.ty,
                tags: Vec::new(),
                boxed: false,
            });
        }
        self.types.defs[id.0].kind = TypeKind::Union(UnionDef {
            discriminator: None,
            variants,
            open: false,
            unknown: Name::default(),
        });
        Ty::Named(id)
    }
}

/// Words naming an inline union member: its `title` when it has one ("With URL" → `WithUrl`),
/// else its kind (`Object`, `String`, …).
fn member_word(member: &ReferenceOr<Schema>) -> String {
    match member {
        ReferenceOr::Item(s) => match s.schema_data.title.as_deref().map(str::trim) {
            Some(t) if t.chars().any(|c| c.is_ascii_alphabetic()) => t.to_string(),
            _ => kind_word(member).to_string(),
        },
        ReferenceOr::Reference { .. } => kind_word(member).to_string(),
    }
}

/// A word describing an inline union member, for the name of the type it may become.
fn kind_word(member: &ReferenceOr<Schema>) -> &'static str {
    let ReferenceOr::Item(s) = member else {
        return "Ref";
    };
    match &s.schema_kind {
        SchemaKind::Type(Type::String(_)) => "String",
        SchemaKind::Type(Type::Array(_)) => "List",
        SchemaKind::Type(Type::Integer(_)) => "Integer",
        SchemaKind::Type(Type::Number(_)) => "Number",
        SchemaKind::Type(Type::Boolean(_)) => "Boolean",
        _ => "Object",
    }
}
