//! The intermediate representation: every decision made, every name final. Lowering fills it
//! with wire names and hint words; the naming pass turns those into [`Name`]s. Emitters and
//! templates read it; they never invent names or make policy decisions.

use std::collections::BTreeMap;

pub use crate::naming::Name;

mod pagination;
mod security;
mod types;
pub use pagination::{CursorFrom, PageNext, Pagination};
pub use security::{Constructor, Requirement, SchemeKind, Security, SecurityScheme};
pub use types::{
    EnumDef, EnumVariant, Field, Home, Presence, StructDef, Ty, TypeDef, TypeId, TypeKind,
    TypeSpace, UnionDef, UnionVariant, Usage,
};

/// The whole API.
#[derive(Debug, Clone)]
pub struct Api {
    /// Title from `info`.
    pub title: String,
    /// Description from `info`.
    pub description: Option<String>,
    /// API version from `info`.
    pub version: String,
    /// Crate-level settings: entered once, read by templates and `meta`.
    pub krate: CrateInfo,
    /// Every type the client declares.
    pub types: TypeSpace,
    /// Every operation, in `path`, then method order.
    pub operations: Vec<Operation>,
    /// The resource tree the operations hang from (built by the naming pass).
    pub root: Resource,
    /// Where every operation of the document goes, skipped ones included (their inline types
    /// are named after it too).
    pub placements: BTreeMap<OpKey, Placement>,
    /// Operations that could not be generated, with the reason.
    pub skipped: Vec<Skipped>,
    /// Things worth telling the user that do not stop generation.
    pub warnings: Vec<crate::diagnostics::Diagnostic>,
    /// Webhook deliveries from the document's `webhooks` section.
    pub webhooks: crate::lower::webhooks::Webhooks,
    /// Per-resource cargo features and what each item compiles under (`None` without them;
    /// set after naming by [`crate::lower::reach`]).
    pub features: Option<crate::lower::reach::Features>,
}

/// `(method, path)`: how operations are keyed, in configuration and in type hints.
pub type OpKey = (HttpMethod, String);

/// Where lowering puts an operation, in words; the naming pass makes the names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// Resource path words, from the configuration or the path's static segments.
    pub resource: Vec<String>,
    /// What the method is called.
    pub method: MethodWord,
    /// The `operationId` (or a pointer), the fallback when two methods of a resource collide.
    pub operation_id: String,
}

/// The word a method name is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MethodWord {
    /// Named in the configuration, or a CRUD verb (`list`, `retrieve`, …).
    Word(String),
    /// The action segment of the path (`/orders/{id}/actions/activate` → `activate`).
    Segment(String),
}

/// Words the naming pass builds a type name from: the name of the operation it belongs to, if
/// any, then words for where it sits (`Params`, a property name, `Item`, …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hint {
    /// The operation whose resource and method names lead the type name.
    pub owner: Option<OpKey>,
    /// Further words.
    pub words: Vec<String>,
}

impl Hint {
    /// A hint of plain words.
    pub fn words(words: Vec<String>) -> Hint {
        Hint { owner: None, words }
    }

    /// The hint of an operation's own types.
    pub fn operation(key: OpKey) -> Hint {
        Hint {
            owner: Some(key),
            words: Vec::new(),
        }
    }

    /// This hint plus one more word.
    pub fn with(&self, word: &str) -> Hint {
        let mut h = self.clone();
        h.words.push(word.to_string());
        h
    }
}

/// The generated crate's identity and the settings its `meta` module and templates show, taken
/// once from the configuration or the document.
#[derive(Debug, Clone)]
pub struct CrateInfo {
    /// Package name (`telnyx-porting`).
    pub name: String,
    /// The package name as a Rust path (`telnyx_porting`; set by the naming pass).
    pub lib_name: Name,
    /// Package version.
    pub version: String,
    /// One-line description.
    pub description: String,
    /// Default base URL: the document's first server, else the configuration's.
    pub base_url: String,
    /// Environment variable holding the API key.
    pub api_key_env: String,
    /// Environment variable overriding the base URL.
    pub base_url_env: String,
    /// The command that regenerates the crate, named in every file's header.
    pub regenerate_command: String,
    /// Example programs to ship, by template name.
    pub examples: Vec<String>,
    /// Security schemes and what the constructor asks for.
    pub security: Security,
    /// How the crate is split into cargo features.
    pub feature_mode: crate::config::FeatureMode,
}

impl CrateInfo {
    /// The settings of a crate generated with `config` whose base URL is `base_url`.
    pub fn new(config: &crate::config::Config, base_url: String) -> CrateInfo {
        CrateInfo {
            name: config.crate_name.clone().unwrap_or_default(),
            lib_name: Name::default(),
            version: config.crate_version.clone(),
            description: config.description.clone().unwrap_or_default(),
            base_url,
            api_key_env: config.api_key_env.clone().unwrap_or_default(),
            base_url_env: config.base_url_env.clone().unwrap_or_default(),
            regenerate_command: config.regenerate_command.clone(),
            examples: config.examples.clone(),
            security: Security::default(),
            feature_mode: config.features,
        }
    }
}

/// An operation left out of the client, with why.
#[derive(Debug, Clone)]
pub struct Skipped {
    /// `METHOD /path`.
    pub operation: String,
    /// The located reason.
    pub reason: crate::diagnostics::Diagnostic,
}

/// `skipped: GET /a: document #/paths/~1a/get/…: …`
impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "skipped: {}: {}",
            self.operation,
            self.reason.described()
        )
    }
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
    /// The path key's fixed query (`/a?beta=true` → `beta`, `true`), sent with every call.
    pub query: Vec<(String, String)>,
}

/// One parameter of an operation.
#[derive(Debug, Clone)]
pub struct Param {
    /// Name on the wire.
    pub wire: String,
    /// Rust name: an argument for path parameters, a field of the options struct for the rest
    /// (set by the naming pass).
    pub rust: Name,
    /// Where it travels.
    pub location: Location,
    /// Whether the call must supply it.
    pub required: bool,
    /// Type. Path parameters are `String`, `I32` or `I64` (`&str` or `Display` in the call).
    pub ty: Ty,
    /// Rustdoc text.
    pub docs: Option<String>,
    /// The document's example value, if any.
    pub example: Option<serde_json::Value>,
    /// The schema's `format`, if any.
    pub format: Option<String>,
    /// `explode` as declared or defaulted (headers and cookies read it; queries use the style).
    pub explode: bool,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// In the path template, passed positionally.
    Path,
    /// In the query string, in the given style.
    Query(QueryStyle),
    /// As the header named by the wire name, when set.
    Header,
    /// As a cookie named by the wire name, in the `Cookie` header, when set.
    Cookie,
}

/// OpenAPI query parameter styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form` (the default): `a=1&b=2`, arrays comma-joined or repeated.
    Form,
    /// `deepObject`: `filter[a][b]=v`.
    DeepObject,
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
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
    /// Whether the call must send it.
    pub required: bool,
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

/// What the method takes after its path arguments, and what its call carries for the chained
/// setters: decided once by lowering.
#[derive(Debug, Clone)]
pub enum Signature {
    /// Nothing.
    PathOnly,
    /// The body value itself, as one argument.
    Body,
    /// No argument: the call carries the body (an `Option` of it when the body is optional) and
    /// each of its top-level fields, all optional, is a setter.
    BodyFields(Vec<Setter>),
    /// The call carries an options struct holding every query and header parameter, and the
    /// body if any. Required parameters (and a body that is not flattened) are arguments; the
    /// optional ones are setters.
    Options(OptionsStruct),
}

/// The struct a call carries its query and header parameters (and body) in.
#[derive(Debug, Clone)]
pub struct OptionsStruct {
    /// Type name (set by the naming pass, unique among all types).
    pub name: Name,
    /// Words for the name.
    pub hint: Hint,
    /// Pointer of the operation's parameters, the tiebreak when names collide.
    pub pointer: String,
    /// The field holding the body: set by the naming pass when the operation has one.
    pub body_field: Option<Name>,
    /// The body's fields are setters (it has no required field) rather than an argument.
    pub body_fields: bool,
    /// The call's setters: optional parameters, then the body's fields when flattened.
    pub setters: Vec<Setter>,
    /// The module it is declared in (set by the naming pass).
    pub home: Home,
}

/// One chained setter of a call.
#[derive(Debug, Clone)]
pub struct Setter {
    /// Method name (set by the naming pass: never one of the call's own methods).
    pub name: Name,
    /// What it sets.
    pub target: SetterTarget,
}

/// What a setter sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetterTarget {
    /// The parameter at this index of [`Operation::params`].
    Param(usize),
    /// The field at this index of the body struct.
    BodyField(usize),
    /// The whole body, when it is optional and cannot be flattened.
    Body,
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
    /// Path parameters in template order, then query parameters, then headers, each group by
    /// wire name.
    pub params: Vec<Param>,
    /// Body, if any.
    pub body: Option<Body>,
    /// What the method takes after its path arguments.
    pub signature: Signature,
    /// The method's argument after the path arguments (set by the naming pass).
    pub params_arg: Name,
    /// Primary success payload.
    pub payload: Payload,
    /// HTTP status of the primary success response.
    pub success_status: String,
    /// Other media types the success response offers (e.g. `text/csv`), each emitted as an
    /// extra method `{method}_{suffix}`.
    pub alternatives: Vec<Alternative>,
    /// Auto-pagination, for list operations.
    pub pagination: Option<Pagination>,
    /// Where lowering put it.
    pub placement: Placement,
    /// Resource path, e.g. `["porting_orders", "actions"]` (set by the naming pass).
    pub resource: Vec<Name>,
    /// Rust method name (set by the naming pass).
    pub method_name: Name,
    /// Name of its generated mock-server test (set by the naming pass).
    pub test_name: Name,
    /// Its own `security`, when it differs from the document's default.
    pub security: Option<Requirement>,
    /// Its own (path or operation) server URL, when it differs from the document's.
    pub server: Option<String>,
}

impl Operation {
    /// `(method, path)`.
    pub fn key(&self) -> OpKey {
        (self.method, self.path.clone())
    }

    /// Path parameters, in template order.
    pub fn path_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.location == Location::Path)
    }

    /// Query and header parameters: the fields of the options struct.
    pub fn option_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.location != Location::Path)
    }
}

/// Another representation of the success response.
#[derive(Debug, Clone)]
pub struct Alternative {
    /// Its media type, which names the method (`text/csv` → `list_csv`).
    pub media_type: String,
    /// Rust method name (set by the naming pass).
    pub method_name: Name,
    /// What it returns.
    pub payload: Payload,
}

/// A node of the resource tree.
#[derive(Debug, Clone, Default)]
pub struct Resource {
    /// snake_case path from the client, empty for the root.
    pub path: Vec<Name>,
    /// Rust type name of the accessor struct, e.g. `PortingOrdersActions`.
    pub type_name: Name,
    /// Operations (indexes into [`Api::operations`]), in method name order.
    pub operations: Vec<usize>,
    /// Children by name.
    pub children: Vec<Resource>,
}
