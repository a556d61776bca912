//! Schemas → types in the arena. Component schemas get their ids reserved first, so forward and
//! cyclic references resolve to the same id; inline objects, enums and unions become new named
//! types with a name hint built from where they sit.

use std::collections::BTreeMap;

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};

use crate::diagnostics::{Diagnostic, join, unescape};
use crate::ir::{
    EnumDef, EnumVariant, Field, Presence, StructDef, Ty, TypeDef, TypeId, TypeKind, TypeSpace,
    UnionDef, UnionVariant, Usage,
};

/// A schema or a reference to one, whichever container holds it.
#[derive(Clone, Copy)]
pub enum SchemaRef<'a> {
    /// `$ref` string.
    Ref(&'a str),
    /// Inline schema.
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

/// A lowered use of a schema.
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The type, without any optional wrapper.
    pub ty: Ty,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// The schema's description.
    pub docs: Option<String>,
    /// The schema's example.
    pub example: Option<serde_json::Value>,
    /// The schema's `format`.
    pub format: Option<String>,
}

/// Properties gathered from an object schema or an `allOf` of them.
#[derive(Default)]
struct ObjectParts<'a> {
    properties: BTreeMap<String, (SchemaRef<'a>, String)>,
    required: Vec<String>,
    additional: Option<(&'a AdditionalProperties, String)>,
}

/// Lowers schemas of one document into a [`TypeSpace`].
pub struct SchemaLowerer<'a> {
    schemas: &'a indexmap::IndexMap<String, ReferenceOr<Schema>>,
    /// The arena being filled.
    pub types: TypeSpace,
    components: BTreeMap<String, TypeId>,
    /// Problems found so far.
    pub diags: Vec<Diagnostic>,
    /// Inline object schemas being lowered, by pointer. `allOf` copies a component's properties
    /// (with their pointers) into the object that includes it, so a component whose property
    /// includes the component again would otherwise be copied forever.
    in_progress: BTreeMap<String, TypeId>,
}

const COMPONENT_PREFIX: &str = "#/components/schemas/";

impl<'a> SchemaLowerer<'a> {
    /// Reserves an id for every component schema.
    pub fn new(schemas: &'a indexmap::IndexMap<String, ReferenceOr<Schema>>) -> Self {
        let mut this = SchemaLowerer {
            schemas,
            types: TypeSpace::default(),
            components: BTreeMap::new(),
            diags: Vec::new(),
            in_progress: BTreeMap::new(),
        };
        let mut names: Vec<&String> = schemas.keys().collect();
        names.sort();
        for name in names {
            let id = this.push(
                vec![name.clone()],
                join("/components/schemas", name),
                None,
                TypeKind::Pending,
            );
            this.components.insert(name.clone(), id);
        }
        this
    }

    /// Lowers every component schema into its reserved id.
    pub fn lower_components(&mut self) {
        let names: Vec<String> = self.components.keys().cloned().collect();
        for name in names {
            self.lower_component(&name);
        }
    }

    fn lower_component(&mut self, name: &str) {
        let Some(&id) = self.components.get(name) else {
            return;
        };
        if !matches!(self.types.defs[id.0].kind, TypeKind::Pending) {
            return;
        }
        let pointer = join("/components/schemas", name);
        let Some(schema) = self.schemas.get(name) else {
            return;
        };
        match schema {
            ReferenceOr::Reference { reference } => {
                // Only names the target; loops of such aliases are found by
                // `analysis::alias_cycles` once every component is lowered.
                let target = self.lower_ref(reference, &pointer);
                self.types.defs[id.0].kind = TypeKind::Alias(target.ty);
            }
            ReferenceOr::Item(schema) => {
                self.types.defs[id.0].docs = schema.schema_data.description.clone();
                let hint = vec![name.to_string()];
                let lowered = self.lower_schema(schema, &pointer, &hint, Some(id));
                if matches!(self.types.defs[id.0].kind, TypeKind::Pending) {
                    // The schema was not a struct, enum or union: name it as an alias.
                    self.types.defs[id.0].kind = TypeKind::Alias(lowered.ty);
                }
            }
        }
    }

    /// Lowers a schema or reference found at `pointer`.
    pub fn lower(&mut self, schema: SchemaRef<'_>, pointer: &str, hint: &[String]) -> Lowered {
        match schema {
            SchemaRef::Ref(r) => self.lower_ref(r, pointer),
            SchemaRef::Item(s) => self.lower_schema(s, pointer, hint, None),
        }
    }

    fn component_name(&mut self, reference: &str, pointer: &str) -> Option<String> {
        let Some(name) = reference.strip_prefix(COMPONENT_PREFIX) else {
            // The resolver says why a reference is not local; a local one elsewhere is not a
            // schema this lowerer reads.
            let d = crate::load::resolve::local_pointer(reference, pointer).err();
            self.diags.push(d.unwrap_or_else(|| Diagnostic::at(
                join(pointer, "$ref"),
                format!("unsupported $ref {reference:?}: only #/components/schemas/... references are supported here"),
            )));
            return None;
        };
        let name = unescape(name);
        if !self.components.contains_key(&name) {
            self.diags.push(Diagnostic::at(
                join(pointer, "$ref"),
                format!("dangling $ref {reference:?}: no such schema"),
            ));
            return None;
        }
        Some(name)
    }

    fn lower_ref(&mut self, reference: &str, pointer: &str) -> Lowered {
        let Some(name) = self.component_name(reference, pointer) else {
            return Lowered {
                ty: Ty::Json,
                nullable: false,
                docs: None,
                example: None,
                format: None,
            };
        };
        let id = self.components[&name];
        let nullable = self.component_nullable(&name, &mut Vec::new());
        // An alias of a plain type is used directly; named shapes are referenced by id.
        Lowered {
            ty: Ty::Named(id),
            nullable,
            docs: None,
            example: None,
            format: None,
        }
    }

    fn component_nullable(&self, name: &str, seen: &mut Vec<String>) -> bool {
        if seen.iter().any(|n| n == name) {
            return false;
        }
        seen.push(name.to_string());
        match self.schemas.get(name) {
            Some(ReferenceOr::Item(s)) => s.schema_data.nullable,
            Some(ReferenceOr::Reference { reference }) => reference
                .strip_prefix(COMPONENT_PREFIX)
                .map(unescape)
                .is_some_and(|n| self.component_nullable(&n, seen)),
            None => false,
        }
    }

    fn push(
        &mut self,
        hint: Vec<String>,
        pointer: String,
        docs: Option<String>,
        kind: TypeKind,
    ) -> TypeId {
        let id = TypeId(self.types.defs.len());
        self.types.defs.push(TypeDef {
            name: String::new(),
            hint,
            pointer,
            docs,
            kind,
            usage: Usage::default(),
            query_params: false,
        });
        id
    }

    /// Declares a new named type, or fills the reserved component id.
    fn declare(
        &mut self,
        target: Option<TypeId>,
        hint: &[String],
        pointer: &str,
        docs: Option<String>,
        kind: TypeKind,
    ) -> TypeId {
        match target {
            Some(id) => {
                self.types.defs[id.0].kind = kind;
                id
            }
            None => self.push(hint.to_vec(), pointer.to_string(), docs, kind),
        }
    }

    /// Declares a struct from explicit fields (used for operation parameter sets).
    pub fn declare_struct(
        &mut self,
        hint: Vec<String>,
        pointer: String,
        docs: Option<String>,
        def: StructDef,
    ) -> TypeId {
        self.push(hint, pointer, docs, TypeKind::Struct(def))
    }

    fn lower_schema(
        &mut self,
        schema: &Schema,
        pointer: &str,
        hint: &[String],
        target: Option<TypeId>,
    ) -> Lowered {
        let data = &schema.schema_data;
        let docs = data.description.clone();
        let mut nullable = data.nullable;
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if s.enumeration.iter().any(Option::is_none) {
                    nullable = true;
                }
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                if values.is_empty() {
                    Ty::String
                } else {
                    self.string_enum(values, target, hint, pointer, docs.clone())
                }
            }
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Ty::I32,
                _ => Ty::I64,
            },
            SchemaKind::Type(Type::Number(_)) => Ty::F64,
            SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
            SchemaKind::Type(Type::Array(a)) => {
                self.array(a.items.as_ref().map(SchemaRef::from), pointer, hint)
            }
            // `allOf: [$ref]` (usually there to attach a description) is the referenced type.
            SchemaKind::AllOf { all_of } if single_ref(all_of).is_some() => {
                let (reference, annotated_null) = single_ref(all_of).unwrap_or_default();
                let inner = self.lower_ref(reference, pointer);
                nullable |= inner.nullable || annotated_null;
                inner.ty
            }
            SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => {
                self.object(schema, pointer, hint, target, docs.clone())
            }
            SchemaKind::OneOf { one_of } => self.union(
                one_of,
                data.discriminator.as_ref(),
                &mut nullable,
                pointer,
                "oneOf",
                hint,
                target,
                docs.clone(),
            ),
            SchemaKind::AnyOf { any_of } => self.union(
                any_of,
                data.discriminator.as_ref(),
                &mut nullable,
                pointer,
                "anyOf",
                hint,
                target,
                docs.clone(),
            ),
            SchemaKind::Not { .. } => Ty::Json,
            SchemaKind::Any(any) => {
                if !any.one_of.is_empty() {
                    self.union(
                        &any.one_of,
                        data.discriminator.as_ref(),
                        &mut nullable,
                        pointer,
                        "oneOf",
                        hint,
                        target,
                        docs.clone(),
                    )
                } else if !any.any_of.is_empty() {
                    self.union(
                        &any.any_of,
                        data.discriminator.as_ref(),
                        &mut nullable,
                        pointer,
                        "anyOf",
                        hint,
                        target,
                        docs.clone(),
                    )
                } else if let (Some((reference, annotated_null)), true) = (
                    single_ref(&any.all_of),
                    any.properties.is_empty() && any.additional_properties.is_none(),
                ) {
                    let inner = self.lower_ref(reference, pointer);
                    nullable |= inner.nullable || annotated_null;
                    inner.ty
                } else if !any.all_of.is_empty()
                    || !any.properties.is_empty()
                    || any.typ.as_deref() == Some("object")
                    || any.additional_properties.is_some()
                {
                    self.object(schema, pointer, hint, target, docs.clone())
                } else if any.items.is_some() || any.typ.as_deref() == Some("array") {
                    self.array(any.items.as_ref().map(SchemaRef::from), pointer, hint)
                } else if !any.enumeration.is_empty() {
                    let strings: Option<Vec<String>> = any
                        .enumeration
                        .iter()
                        .filter(|v| !v.is_null())
                        .map(|v| v.as_str().map(str::to_string))
                        .collect();
                    if any.enumeration.iter().any(|v| v.is_null()) {
                        nullable = true;
                    }
                    match strings {
                        Some(values) if !values.is_empty() => {
                            self.string_enum(values, target, hint, pointer, docs.clone())
                        }
                        _ => scalar_of(any.typ.as_deref(), any.format.as_deref()),
                    }
                } else {
                    scalar_of(any.typ.as_deref(), any.format.as_deref())
                }
            }
        };
        Lowered {
            ty,
            nullable,
            docs,
            example: data.example.clone(),
            format: format_of(&schema.schema_kind),
        }
    }

    fn array(&mut self, items: Option<SchemaRef<'_>>, pointer: &str, hint: &[String]) -> Ty {
        match items {
            Some(items) => {
                let item_hint = with(hint, "Item");
                let inner = self.lower(items, &join(pointer, "items"), &item_hint);
                Ty::Vec(Box::new(inner.ty))
            }
            None => Ty::Vec(Box::new(Ty::Json)),
        }
    }

    fn string_enum(
        &mut self,
        values: Vec<String>,
        target: Option<TypeId>,
        hint: &[String],
        pointer: &str,
        docs: Option<String>,
    ) -> Ty {
        let mut seen = std::collections::BTreeSet::new();
        let variants = values
            .into_iter()
            .filter(|v| seen.insert(v.clone()))
            .map(|wire| EnumVariant {
                wire,
                rust: String::new(),
            })
            .collect();
        let id = self.declare(
            target,
            hint,
            pointer,
            docs,
            TypeKind::Enum(EnumDef {
                variants,
                open: false,
            }),
        );
        Ty::Named(id)
    }

    fn object(
        &mut self,
        schema: &Schema,
        pointer: &str,
        hint: &[String],
        target: Option<TypeId>,
        docs: Option<String>,
    ) -> Ty {
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
                        self.lower(SchemaRef::from(inner.as_ref()), &at, &with(hint, "Value"));
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
            let mut lowered = self.lower(prop, &at, &with(hint, &wire));
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
                rust: String::new(),
                ty: lowered.ty,
                presence,
                nullable: lowered.nullable,
                boxed: false,
                docs,
                deep_object: false,
                header: false,
                body: false,
                example: lowered.example,
                format: lowered.format,
            });
        }
        let additional = match parts.additional {
            Some((AdditionalProperties::Schema(inner), at)) => Some(
                self.lower(SchemaRef::from(inner.as_ref()), &at, &with(hint, "Value"))
                    .ty,
            ),
            _ => None,
        };
        self.in_progress.remove(pointer);
        self.types.defs[id.0].kind = TypeKind::Struct(StructDef { fields, additional });
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

    #[allow(clippy::too_many_arguments)]
    fn union(
        &mut self,
        members: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
        nullable: &mut bool,
        pointer: &str,
        keyword: &str,
        hint: &[String],
        target: Option<TypeId>,
        docs: Option<String>,
    ) -> Ty {
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
                    rust: String::new(),
                    ty: lowered.ty,
                    tags,
                    boxed: false,
                });
            }
            self.types.defs[id.0].kind = TypeKind::Union(UnionDef {
                discriminator: Some(disc.property_name.clone()),
                variants,
                open: false,
            });
            return Ty::Named(id);
        }
        let id = self.declare(target, hint, pointer, docs, TypeKind::Pending);
        let mut variants = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let lowered = self.lower(
                SchemaRef::from(m),
                &join(&at, i.to_string()),
                &with(hint, &member_word(m)),
            );
            *nullable |= lowered.nullable;
            variants.push(UnionVariant {
                rust: String::new(),
                ty: lowered.ty,
                tags: Vec::new(),
                boxed: false,
            });
        }
        self.types.defs[id.0].kind = TypeKind::Union(UnionDef {
            discriminator: None,
            variants,
            open: false,
        });
        Ty::Named(id)
    }
}

static EMPTY: Vec<String> = Vec::new();

/// The `format` keyword of a schema, whatever its type.
fn format_of(kind: &SchemaKind) -> Option<String> {
    fn text<T: std::fmt::Debug>(f: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
        match f {
            VariantOrUnknownOrEmpty::Item(v) => Some(format!("{v:?}")),
            VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
            VariantOrUnknownOrEmpty::Empty => None,
        }
    }
    match kind {
        SchemaKind::Type(Type::String(s)) => text(&s.format).map(|f| match f.as_str() {
            "DateTime" => "date-time".to_string(),
            "Date" => "date".to_string(),
            "Password" => "password".to_string(),
            "Byte" => "byte".to_string(),
            "Binary" => "binary".to_string(),
            _ => f,
        }),
        SchemaKind::Type(Type::Integer(i)) => text(&i.format).map(|f| f.to_lowercase()),
        SchemaKind::Type(Type::Number(n)) => text(&n.format).map(|f| f.to_lowercase()),
        SchemaKind::Any(a) => a.format.clone(),
        _ => None,
    }
}

/// The reference of an `allOf` that is one reference plus, at most, members that only annotate
/// (`description`, `nullable`, examples), and whether an annotation makes it nullable.
fn single_ref(all_of: &[ReferenceOr<Schema>]) -> Option<(&str, bool)> {
    let mut found = None;
    let mut nullable = false;
    for member in all_of {
        match member {
            ReferenceOr::Reference { reference } if found.is_none() => found = Some(reference),
            ReferenceOr::Item(s) if is_annotation(s) => nullable |= s.schema_data.nullable,
            _ => return None,
        }
    }
    found.map(|r| (r.as_str(), nullable))
}

/// A schema that constrains nothing a type can express: no type, properties, items, enum or
/// composition (only prose, examples, flags).
fn is_annotation(s: &Schema) -> bool {
    matches!(&s.schema_kind, SchemaKind::Any(a)
        if a.typ.is_none()
            && a.properties.is_empty()
            && a.additional_properties.is_none()
            && a.items.is_none()
            && a.enumeration.is_empty()
            && a.one_of.is_empty()
            && a.all_of.is_empty()
            && a.any_of.is_empty()
            && a.not.is_none())
}

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

fn scalar_of(typ: Option<&str>, format: Option<&str>) -> Ty {
    match (typ, format) {
        (Some("string"), _) => Ty::String,
        (Some("integer"), Some("int32")) => Ty::I32,
        (Some("integer"), _) => Ty::I64,
        (Some("number"), _) => Ty::F64,
        (Some("boolean"), _) => Ty::Bool,
        (Some("object"), _) => Ty::JsonObject,
        _ => Ty::Json,
    }
}

/// `hint` plus one more word.
pub fn with(hint: &[String], word: &str) -> Vec<String> {
    let mut v = hint.to_vec();
    v.push(word.to_string());
    v
}
