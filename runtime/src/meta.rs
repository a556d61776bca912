// Written by the generator's `meta` emitter (generator/src/runtime.rs) with neutral values, so
// the runtime compiles on its own; generated crates get their API's values. Rewrite it with
// `UPDATE_SNAPSHOTS=1 cargo test -p generator --test runtime_boundary`, never by hand.

//! Constants describing the API this client talks to, its security schemes and the
//! client's constructor, which asks for the credentials the document needs.
#[allow(unused_imports)]
use crate::auth::{Credentials, Placement, Requirement, Scheme};
use crate::client::{Client, ClientBuilder};
use crate::error::Error;
/// The base URL every request path is appended to.
pub const DEFAULT_BASE_URL: &str = "https://api.example.com";
/// Environment variable that, when set, overrides [`DEFAULT_BASE_URL`].
pub const BASE_URL_ENV: &str = "BASE_URL";
/// Every security scheme the document declares.
pub(crate) const SCHEMES: &[Scheme] = &[
    Scheme {
        name: "bearer",
        placement: Placement::Bearer,
        env: &["API_KEY"],
    },
    Scheme {
        name: "basic",
        placement: Placement::Basic,
        env: &["BASIC_USERNAME", "BASIC_PASSWORD"],
    },
    Scheme {
        name: "header_key",
        placement: Placement::Header("X-Api-Key"),
        env: &["HEADER_KEY"],
    },
    Scheme {
        name: "query_key",
        placement: Placement::Query("api_key"),
        env: &["QUERY_KEY"],
    },
    Scheme {
        name: "cookie_key",
        placement: Placement::Cookie("session"),
        env: &["COOKIE_KEY"],
    },
];
/// What a call sends unless its operation says otherwise: the document's `security`.
pub(crate) const SECURITY: Requirement = &[&["bearer"]];
/// The schemes `Client::from_env` cannot do without: those `Client::new` asks for.
pub(crate) const REQUIRED: &[&str] = &["bearer"];
impl Credentials {
    /// Sets the `bearer` credential: a bearer token, sent as `Authorization: Bearer <token>`.
    pub fn bearer(self, token: impl Into<String>) -> Self {
        self.set_token("bearer", token)
    }
    /// Sets the `basic` credential: a username and password, sent as HTTP basic auth.
    pub fn basic(
        self,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        self.set_basic("basic", username, password)
    }
    /// Sets the `header_key` credential: an API key, sent in the `X-Api-Key` header.
    pub fn header_key(self, token: impl Into<String>) -> Self {
        self.set_token("header_key", token)
    }
    /// Sets the `query_key` credential: an API key, sent as the `api_key` query parameter.
    pub fn query_key(self, token: impl Into<String>) -> Self {
        self.set_token("query_key", token)
    }
    /// Sets the `cookie_key` credential: an API key, sent as the `session` cookie.
    pub fn cookie_key(self, token: impl Into<String>) -> Self {
        self.set_token("cookie_key", token)
    }
}
impl Client {
    /// A client with the API key (`bearer`) and default settings: the production base URL, 2 retries and a 60 s timeout per attempt.
    pub fn new(api_key: impl Into<String>) -> Result<Client, Error> {
        Client::builder(api_key).build()
    }
    /// A builder with the API key (`bearer`), to adjust the base URL, retries, timeout, headers, HTTP client or further credentials ([`ClientBuilder::credentials`]).
    pub fn builder(api_key: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(Credentials::new().bearer(api_key))
    }
}
