//! The intermediate representation: every decision made, every name final. Emitters and
//! templates read it; they never invent names or make policy decisions.

/// The whole API.
#[derive(Debug, Clone)]
pub struct Api {
    /// Title from `info`.
    pub title: String,
    /// Description from `info`.
    pub description: Option<String>,
    /// API version from `info`.
    pub version: String,
    /// Default base URL.
    pub base_url: String,
    /// Every type the client declares.
    pub types: TypeSpace,
    /// Every operation, in `path`, then method order.
    pub operations: Vec<Operation>,
    /// The resource tree the operations hang from.
    pub root: Resource,
    /// Operations that could not be generated, with the reason.
    pub skipped: Vec<Skipped>,
    /// Things worth telling the user that do not stop generation.
    pub warnings: Vec<String>,
    /// Webhook deliveries from the document's `webhooks` section.
    pub webhooks: crate::lower::webhooks::Webhooks,
}

/// An operation left out of the client, with why.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// `METHOD /path`.
    pub operation: String,
    /// The located reason.
    pub reason: String,
}

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
    pub name: String,
    /// Words the naming pass builds the name from.
    pub hint: Vec<String>,
    /// JSON pointer of the schema it comes from.
    pub pointer: String,
    /// Rustdoc text.
    pub docs: Option<String>,
    /// Shape.
    pub kind: TypeKind,
    /// Where it is used.
    pub usage: Usage,
    /// Whether it is an operation's query parameter set (serialized into the query string only).
    pub query_params: bool,
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
    /// May be absent or null, and the difference matters (request-only types):
    /// `Option<Option<T>>`; `Some(None)` sends `null`.
    OptionalNullable,
}

/// One struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Name on the wire.
    pub wire: String,
    /// Rust name (set by the naming pass).
    pub rust: String,
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
    /// Serialized as a query parameter in `deepObject` or `form` style (for docs only).
    pub deep_object: bool,
    /// A header parameter (parameter structs only): never serialized, sent as the header named
    /// by `wire` when set.
    pub header: bool,
    /// The request body (parameter structs only): never serialized with the parameters, sent as
    /// the body.
    pub body: bool,
    /// The document's example value for this field, if any.
    pub example: Option<serde_json::Value>,
    /// The schema's `format` (`uuid`, `date-time`, …), if any.
    pub format: Option<String>,
}

/// A string enum.
#[derive(Debug, Clone)]
pub struct EnumDef {
    /// Variants.
    pub variants: Vec<EnumVariant>,
    /// Accepts values the document does not list (used in responses).
    pub open: bool,
}

/// One enum value.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// Value on the wire.
    pub wire: String,
    /// Rust variant name (set by the naming pass).
    pub rust: String,
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
}

/// One alternative of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// Rust variant name (set by the naming pass).
    pub rust: String,
    /// Payload type.
    pub ty: Ty,
    /// Discriminator values selecting it (tagged unions).
    pub tags: Vec<String>,
    /// Boxed to break a cycle.
    pub boxed: bool,
}

/// HTTP methods the generator emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HttpMethod {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
    /// TRACE
    Trace,
}

impl HttpMethod {
    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// A path template split at its parameters: `segments.len() == params.len() + 1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// Literal text around the parameters.
    pub segments: Vec<String>,
    /// Parameter names in order of appearance.
    pub params: Vec<String>,
}

/// A path parameter, passed positionally.
#[derive(Debug, Clone)]
pub struct PathParam {
    /// Name in the template.
    pub wire: String,
    /// Rust argument name (set by the naming pass).
    pub rust: String,
    /// `&str` for strings; other scalars are formatted with `Display`.
    pub ty: Ty,
    /// Rustdoc text.
    pub docs: Option<String>,
    /// The document's example value, if any.
    pub example: Option<serde_json::Value>,
    /// The schema's `format`, if any.
    pub format: Option<String>,
}

/// What a successful response carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// JSON decoded into a type.
    Json(Ty),
    /// Raw bytes (PDF and other binary types), with the media type to accept.
    Bytes(String),
    /// Text (CSV and other text types), with the media type to accept.
    Text(String),
    /// No body.
    Empty,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// Media type sent.
    pub media_type: String,
    /// Type serialized into it ([`Ty::Bytes`] for [`BodyEncoding::Bytes`]).
    pub ty: Ty,
    /// How the value becomes the body.
    pub encoding: BodyEncoding,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON.
    Json,
    /// `application/x-www-form-urlencoded`, keys as in query strings.
    Form,
    /// `multipart/form-data`: text parts from the fields, file parts from [`Ty::File`] fields.
    Multipart,
    /// Sent as is, with `media_type` as its content type.
    Bytes,
}

/// What the method takes after its path arguments.
#[derive(Debug, Clone)]
pub enum ParamsArg {
    /// Nothing.
    None,
    /// A query parameter struct (`TypeId`), which may also carry the body in a `body` field.
    Query(TypeId),
    /// The body type itself.
    Body,
}

/// Auto-pagination facts for a list operation. The response struct has `data` (a list of
/// `item`) and `meta` (a struct with `page_number` and `total_pages`).
#[derive(Debug, Clone)]
pub struct Pagination {
    /// Item type of `data`.
    pub item: Ty,
    /// Query key of the page number, e.g. `page[number]`.
    pub page_number_key: String,
    /// The response struct.
    pub response: TypeId,
    /// The `meta` struct.
    pub meta: TypeId,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId`, or a derived one.
    pub operation_id: String,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path as written, e.g. `/porting_orders/{id}`.
    pub path: String,
    /// Parsed path.
    pub template: PathTemplate,
    /// Summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Whether the document marks it deprecated.
    pub deprecated: bool,
    /// Positional path arguments.
    pub path_params: Vec<PathParam>,
    /// What follows them.
    pub params: ParamsArg,
    /// Body, if any.
    pub body: Option<Body>,
    /// Whether the body may be omitted.
    pub body_required: bool,
    /// Primary success payload.
    pub payload: Payload,
    /// HTTP status of the primary success response.
    pub success_status: String,
    /// Other media types the success response offers (e.g. `text/csv`), each emitted as an
    /// extra method `{method}_{suffix}`.
    pub alternatives: Vec<Alternative>,
    /// Auto-pagination, for list operations.
    pub pagination: Option<Pagination>,
    /// Resource path, e.g. `["porting_orders", "actions"]` (names final).
    pub resource: Vec<String>,
    /// Rust method name (final).
    pub method_name: String,
}

/// Another representation of the success response.
#[derive(Debug, Clone)]
pub struct Alternative {
    /// Rust method name.
    pub method_name: String,
    /// What it returns.
    pub payload: Payload,
}

/// A node of the resource tree.
#[derive(Debug, Clone, Default)]
pub struct Resource {
    /// snake_case path from the client, empty for the root.
    pub path: Vec<String>,
    /// Rust type name of the accessor struct, e.g. `PortingOrdersActions`.
    pub type_name: String,
    /// Operations (indexes into [`Api::operations`]), in method name order.
    pub operations: Vec<usize>,
    /// Children by name.
    pub children: Vec<Resource>,
}
