//! The type arena: every declared type, its shape and how it is used.

use super::{Hint, Name, OpKey};

/// Index of a type in [`TypeSpace::defs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// The arena of declared types.
#[derive(Debug, Clone, Default)]
pub struct TypeSpace {
    /// Definitions by [`TypeId`].
    pub defs: Vec<TypeDef>,
}

impl TypeSpace {
    /// The definition behind an id.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }
}

/// How a type is used, which decides open enums and double options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from a request (parameters or body).
    pub request: bool,
    /// Reachable from a response.
    pub response: bool,
    /// Sent as a `multipart/form-data` body (or an alternative of one): gets a `ToMultipart` impl.
    pub multipart: bool,
}

/// One declared type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Final Rust name (set by the naming pass).
    pub name: Name,
    /// Words the naming pass builds the name from.
    pub hint: Hint,
    /// JSON pointer of the schema it comes from.
    pub pointer: String,
    /// Rustdoc text.
    pub docs: Option<String>,
    /// Shape.
    pub kind: TypeKind,
    /// Where it is used.
    pub usage: Usage,
    /// The module it is declared in (set by the naming pass).
    pub home: Home,
    /// Further operations using this type besides `hint.owner`: it stood for identical inline
    /// schemas of theirs (set by lowering's dedupe).
    pub shared: Vec<OpKey>,
}

/// The module a type is declared in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Home {
    /// `crate::models`: component schemas, the types inline in them, and types no single
    /// resource owns.
    #[default]
    Models,
    /// `crate::resources::{path}`: the types one resource's operations own.
    Resource(Vec<Name>),
}

/// The shape of a declared type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// Placeholder while a component schema is being lowered.
    Pending,
    /// A struct with named fields.
    Struct(StructDef),
    /// A string enum.
    Enum(EnumDef),
    /// A union (`oneOf`/`anyOf`).
    Union(UnionDef),
    /// A named alias for another type.
    Alias(Ty),
}

/// A use of a type.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// Any JSON value.
    Json,
    /// A JSON object of unknown shape.
    JsonObject,
    /// A declared type.
    Named(TypeId),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// Raw bytes (`bytes::Bytes`): an `application/octet-stream` request body.
    Bytes,
    /// A file of a `multipart/form-data` body (the runtime's `call::FilePart`): a `format: binary`
    /// property. Never serialized; the multipart encoder sends it as a file part.
    File,
}

/// Struct fields and extra properties.
#[derive(Debug, Clone, Default)]
pub struct StructDef {
    /// Fields in document order.
    pub fields: Vec<Field>,
    /// Type of additional properties, collected into a flattened map.
    pub additional: Option<Ty>,
    /// The map's field name (set by the naming pass).
    pub additional_name: Name,
}

/// How a field is optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always present, never null: `T`.
    Required,
    /// Always present, may be null: `Option<T>`, serialized as `null` when `None`.
    RequiredNullable,
    /// May be absent: `Option<T>`, omitted when `None`.
    Optional,
    /// May be absent or null, and the difference matters (types sent in requests): the
    /// runtime's `Nullable<T>`, which sends `null` only when asked to.
    OptionalNullable,
}

/// One struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Name on the wire.
    pub wire: String,
    /// Rust name (set by the naming pass).
    pub rust: Name,
    /// Type without the optional wrapper.
    pub ty: Ty,
    /// Optional or not, nullable or not.
    pub presence: Presence,
    /// Whether the schema marks it nullable.
    pub nullable: bool,
    /// Boxed to break a cycle of by-value containment.
    pub boxed: bool,
    /// Rustdoc text.
    pub docs: Option<String>,
    /// The document's example value for this field, if any.
    pub example: Option<serde_json::Value>,
    /// The schema's `format` (`uuid`, `date-time`, …), if any.
    pub format: Option<String>,
    /// The chained setter of a request type's optional field (set by the naming pass).
    pub setter: Name,
}

/// A string enum.
#[derive(Debug, Clone)]
pub struct EnumDef {
    /// Variants.
    pub variants: Vec<EnumVariant>,
    /// Accepts values the document does not list (used in responses).
    pub open: bool,
    /// The catch-all variant of an open enum (set by the naming pass).
    pub unknown: Name,
}

/// One enum value.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// Value on the wire.
    pub wire: String,
    /// Rust variant name (set by the naming pass).
    pub rust: Name,
}

/// A union of alternatives.
#[derive(Debug, Clone)]
pub struct UnionDef {
    /// Property naming the alternative, for tagged unions.
    pub discriminator: Option<String>,
    /// Alternatives.
    pub variants: Vec<UnionVariant>,
    /// Keeps payloads that match no alternative (used in responses).
    pub open: bool,
    /// The catch-all variant of an open union (set by the naming pass).
    pub unknown: Name,
}

/// One alternative of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// Rust variant name (set by the naming pass).
    pub rust: Name,
    /// Payload type.
    pub ty: Ty,
    /// Discriminator values selecting it (tagged unions).
    pub tags: Vec<String>,
    /// Boxed to break a cycle.
    pub boxed: bool,
}
