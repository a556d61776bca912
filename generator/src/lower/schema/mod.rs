//! Schemas → types in the arena. Component schemas get their ids reserved first, so forward and
//! cyclic references resolve to the same id; inline objects, enums and unions become new named
//! types with a name hint built from where they sit. Objects (`objects`) and unions (`unions`)
//! have a file each.

mod objects;
mod unions;

use std::collections::BTreeMap;

use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};

use crate::diagnostics::{Diagnostic, join, unescape};
use crate::ir::{
    EnumDef, EnumVariant, Hint, Name, Ty, TypeDef, TypeId, TypeKind, TypeSpace, Usage,
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

/// Where a schema being lowered sits: what a type declared for it is called and documented as.
struct Site<'s> {
    /// Its JSON pointer.
    pointer: &'s str,
    /// Words for the type's name.
    hint: &'s Hint,
    /// The reserved id of the component schema it is, if it is one.
    target: Option<TypeId>,
    /// Its description.
    docs: Option<String>,
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
                Hint::words(vec![name.clone()]),
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
                let hint = Hint::words(vec![name.to_string()]);
                let lowered = self.lower_schema(schema, &pointer, &hint, Some(id));
                if matches!(self.types.defs[id.0].kind, TypeKind::Pending) {
                    // The schema was not a struct, enum or union: name it as an alias.
                    self.types.defs[id.0].kind = TypeKind::Alias(lowered.ty);
                }
            }
        }
    }

    /// Lowers a schema or reference found at `pointer`.
    pub fn lower(&mut self, schema: SchemaRef<'_>, pointer: &str, hint: &Hint) -> Lowered {
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
        hint: Hint,
        pointer: String,
        docs: Option<String>,
        kind: TypeKind,
    ) -> TypeId {
        let id = TypeId(self.types.defs.len());
        self.types.defs.push(TypeDef {
            name: Name::default(),
            hint,
            pointer,
            docs,
            kind,
            usage: Usage::default(),
            home: Default::default(),
            shared: Vec::new(),
        });
        id
    }

    /// Declares a new named type, or fills the reserved component id.
    fn declare(
        &mut self,
        target: Option<TypeId>,
        hint: &Hint,
        pointer: &str,
        docs: Option<String>,
        kind: TypeKind,
    ) -> TypeId {
        match target {
            Some(id) => {
                self.types.defs[id.0].kind = kind;
                id
            }
            None => self.push(hint.clone(), pointer.to_string(), docs, kind),
        }
    }

    fn lower_schema(
        &mut self,
        schema: &Schema,
        pointer: &str,
        hint: &Hint,
        target: Option<TypeId>,
    ) -> Lowered {
        let data = &schema.schema_data;
        let docs = data.description.clone();
        let site = Site {
            pointer,
            hint,
            target,
            docs: docs.clone(),
        };
        let disc = data.discriminator.as_ref();
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
                    self.string_enum(values, &site)
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
                self.object(schema, &site)
            }
            SchemaKind::OneOf { one_of } => self.union(one_of, disc, "oneOf", &site, &mut nullable),
            SchemaKind::AnyOf { any_of } => self.union(any_of, disc, "anyOf", &site, &mut nullable),
            SchemaKind::Not { .. } => Ty::Json,
            SchemaKind::Any(any) => self.lower_any(schema, any, &site, &mut nullable),
        };
        Lowered {
            ty,
            nullable,
            docs,
            example: data.example.clone(),
            format: format_of(&schema.schema_kind),
        }
    }

    /// A schema without a single `type` (3.1 forms, bare compositions, enums of any JSON).
    fn lower_any(
        &mut self,
        schema: &Schema,
        any: &AnySchema,
        site: &Site<'_>,
        nullable: &mut bool,
    ) -> Ty {
        let disc = schema.schema_data.discriminator.as_ref();
        let (pointer, hint) = (site.pointer, site.hint);
        if !any.one_of.is_empty() {
            self.union(&any.one_of, disc, "oneOf", site, nullable)
        } else if !any.any_of.is_empty() {
            self.union(&any.any_of, disc, "anyOf", site, nullable)
        } else if let (Some((reference, annotated_null)), true) = (
            single_ref(&any.all_of),
            any.properties.is_empty() && any.additional_properties.is_none(),
        ) {
            let inner = self.lower_ref(reference, pointer);
            *nullable |= inner.nullable || annotated_null;
            inner.ty
        } else if !any.all_of.is_empty()
            || !any.properties.is_empty()
            || any.typ.as_deref() == Some("object")
            || any.additional_properties.is_some()
        {
            self.object(schema, site)
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
                *nullable = true;
            }
            match strings {
                Some(values) if !values.is_empty() => self.string_enum(values, site),
                _ => scalar_of(any.typ.as_deref(), any.format.as_deref()),
            }
        } else {
            scalar_of(any.typ.as_deref(), any.format.as_deref())
        }
    }

    fn array(&mut self, items: Option<SchemaRef<'_>>, pointer: &str, hint: &Hint) -> Ty {
        match items {
            Some(items) => {
                let item_hint = hint.with("Item");
                let inner = self.lower(items, &join(pointer, "items"), &item_hint);
                Ty::Vec(Box::new(inner.ty))
            }
            None => Ty::Vec(Box::new(Ty::Json)),
        }
    }

    fn string_enum(&mut self, values: Vec<String>, site: &Site<'_>) -> Ty {
        let (pointer, hint, target, docs) =
            (site.pointer, site.hint, site.target, site.docs.clone());
        let mut seen = std::collections::BTreeSet::new();
        let variants = values
            .into_iter()
            .filter(|v| seen.insert(v.clone()))
            .map(|wire| EnumVariant {
                wire,
                rust: Name::default(),
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
                unknown: Name::default(),
            }),
        );
        Ty::Named(id)
    }
}

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
