//! Object schemas (and `allOf` merges of them) → structs.

use std::collections::BTreeMap;

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

use super::{COMPONENT_PREFIX, SchemaLowerer, SchemaRef, Site};
use crate::diagnostics::{Diagnostic, join, unescape};
use crate::ir::{Field, Name, Presence, StructDef, Ty, TypeKind};

/// Properties gathered from an object schema or an `allOf` of them.
#[derive(Default)]
struct ObjectParts<'a> {
    properties: BTreeMap<String, (SchemaRef<'a>, String)>,
    required: Vec<String>,
    additional: Option<(&'a AdditionalProperties, String)>,
}

impl<'a> SchemaLowerer<'a> {
    pub(super) fn object(&mut self, schema: &Schema, site: &Site<'_>) -> Ty {
        let (pointer, hint, target, docs) =
            (site.pointer, site.hint, site.target, site.docs.clone());
        if let Some(&id) = self.in_progress.get(pointer) {
            // The same schema inside itself: refer to the struct being built (boxed later).
            return Ty::Named(id);
        }
        let mut parts = ObjectParts::default();
        self.gather(
            SchemaRef::Item(schema),
            pointer,
            &mut parts,
            &mut Vec::new(),
        );
        if parts.properties.is_empty() {
            return match parts.additional {
                Some((AdditionalProperties::Schema(inner), at)) => {
                    let inner =
                        self.lower(SchemaRef::from(inner.as_ref()), &at, &hint.with("Value"));
                    Ty::Map(Box::new(inner.ty))
                }
                _ => Ty::JsonObject,
            };
        }
        // Reserve the id before lowering fields so a field may refer back to this struct.
        let id = self.declare(target, hint, pointer, docs, TypeKind::Pending);
        self.in_progress.insert(pointer.to_string(), id);
        let mut fields = Vec::new();
        let required = parts.required.clone();
        for (wire, (prop, at)) in parts.properties {
            let mut lowered = self.lower(prop, &at, &hint.with(&wire));
            if let Some(file) = binary_of(prop) {
                lowered.ty = file;
            }
            let is_required = required.contains(&wire);
            let presence = match (is_required, lowered.nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, _) => Presence::Optional,
            };
            let docs = lowered.docs.clone().or_else(|| self.prop_docs(prop));
            fields.push(Field {
                wire,
                rust: Name::default(),
                ty: lowered.ty,
                presence,
                nullable: lowered.nullable,
                boxed: false,
                docs,
                example: lowered.example,
                format: lowered.format,
                setter: Name::default(),
            });
        }
        let additional = match parts.additional {
            Some((AdditionalProperties::Schema(inner), at)) => Some(
                self.lower(SchemaRef::from(inner.as_ref()), &at, &hint.with("Value"))
                    .ty,
            ),
            _ => None,
        };
        self.in_progress.remove(pointer);
        self.types.defs[id.0].kind = TypeKind::Struct(StructDef {
            fields,
            additional,
            additional_name: Name::default(),
        });
        Ty::Named(id)
    }

    /// A `$ref` property has no description of its own: use the target's.
    fn prop_docs(&self, prop: SchemaRef<'_>) -> Option<String> {
        match prop {
            SchemaRef::Ref(r) => r.strip_prefix(COMPONENT_PREFIX).and_then(|n| {
                match self.schemas.get(&unescape(n)) {
                    Some(ReferenceOr::Item(s)) => s.schema_data.description.clone(),
                    _ => None,
                }
            }),
            SchemaRef::Item(_) => None,
        }
    }

    /// Collects properties from an object schema, following `allOf` members and references.
    fn gather<'s>(
        &mut self,
        schema: SchemaRef<'s>,
        pointer: &str,
        parts: &mut ObjectParts<'s>,
        seen: &mut Vec<String>,
    ) where
        'a: 's,
    {
        let schema: &'s Schema = match schema {
            SchemaRef::Ref(r) => {
                let Some(name) = self.component_name(r, pointer) else {
                    return;
                };
                if seen.contains(&name) {
                    self.diags.push(Diagnostic::at(
                        pointer,
                        format!("allOf member {r:?} includes itself"),
                    ));
                    return;
                }
                seen.push(name.clone());
                match self.schemas.get(&name) {
                    Some(ReferenceOr::Item(s)) => {
                        let at = join("/components/schemas", &name);
                        self.gather(SchemaRef::Item(s), &at, parts, seen);
                    }
                    Some(ReferenceOr::Reference { reference }) => {
                        let at = join("/components/schemas", &name);
                        self.gather(SchemaRef::Ref(reference), &at, parts, seen);
                    }
                    None => {}
                }
                seen.pop();
                return;
            }
            SchemaRef::Item(s) => s,
        };
        let (props, required, additional, all_of): (_, &Vec<String>, _, &[ReferenceOr<Schema>]) =
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => (
                    Some(&o.properties),
                    &o.required,
                    o.additional_properties.as_ref(),
                    &[],
                ),
                SchemaKind::AllOf { all_of } => (None, &EMPTY, None, all_of.as_slice()),
                SchemaKind::Any(a) => (
                    Some(&a.properties),
                    &a.required,
                    a.additional_properties.as_ref(),
                    a.all_of.as_slice(),
                ),
                _ => return,
            };
        if let Some(props) = props {
            for (name, prop) in props {
                let at = join(&join(pointer, "properties"), name);
                parts
                    .properties
                    .insert(name.clone(), (SchemaRef::from(prop), at));
            }
        }
        for r in required {
            if !parts.required.contains(r) {
                parts.required.push(r.clone());
            }
        }
        if let Some(ap) = additional {
            parts.additional = Some((ap, join(pointer, "additionalProperties")));
        }
        for (i, member) in all_of.iter().enumerate() {
            let at = join(&join(pointer, "allOf"), i.to_string());
            self.gather(SchemaRef::from(member), &at, parts, seen);
        }
    }
}

static EMPTY: Vec<String> = Vec::new();

/// A `format: binary` string property (or a list of them) is a file to upload: JSON has no raw
/// bytes, so such properties only make sense in `multipart/form-data` bodies.
fn binary_of(prop: SchemaRef<'_>) -> Option<Ty> {
    let SchemaRef::Item(s) = prop else {
        return None;
    };
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => matches!(
            st.format,
            VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
        )
        .then_some(Ty::File),
        SchemaKind::Type(Type::Array(a)) => match &a.items {
            Some(ReferenceOr::Item(item)) => match binary_of(SchemaRef::Item(item)) {
                Some(Ty::File) => Some(Ty::Vec(Box::new(Ty::File))),
                _ => None,
            },
            _ => None,
        },
        SchemaKind::Any(a) => (a.typ.as_deref() == Some("string")
            && a.format.as_deref() == Some("binary"))
        .then_some(Ty::File),
        _ => None,
    }
}
