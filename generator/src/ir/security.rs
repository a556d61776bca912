//! Security schemes: what each request sends and what the client's constructor asks for.

use super::Name;

/// The document's security schemes, what operations send by default, and what the client's
/// constructor asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Security {
    /// Every declared scheme, by key.
    pub schemes: Vec<SecurityScheme>,
    /// The document's root `security`: alternatives, each a set of scheme keys.
    pub default: Requirement,
    /// What `Client::new` takes.
    pub constructor: Constructor,
}

/// Alternatives (any one will do), each a set of scheme keys sent together; empty sends none.
pub type Requirement = Vec<Vec<String>>;

/// One security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its key in `components.securitySchemes`.
    pub key: String,
    /// Where the secret goes.
    pub kind: SchemeKind,
    /// Environment variables `Client::from_env` reads: one for a token, two for basic.
    pub env: Vec<String>,
    /// The document's description of it.
    pub description: Option<String>,
    /// The setter on `Credentials` (set by the naming pass).
    pub setter: Name,
}

/// Where a scheme's secret goes on the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer` (http bearer, oauth2, openIdConnect).
    Bearer,
    /// `Authorization: Basic`.
    Basic,
    /// An API key in this header.
    Header(String),
    /// An API key in this query parameter.
    Query(String),
    /// An API key in this cookie.
    Cookie(String),
}

/// The arguments of `Client::new` and `Client::builder`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Constructor {
    /// No credentials: the document needs none.
    #[default]
    Nothing,
    /// One token for the scheme at this index of [`Security::schemes`].
    Token(usize),
    /// A username and password for the basic scheme at this index.
    Basic(usize),
    /// A `Credentials` value (the default requirement needs several schemes at once).
    Credentials,
}
