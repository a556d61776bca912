//! Credentials and how each security scheme of the document puts them on a request.
//!
//! The generated `meta` module lists the document's schemes ([`Scheme`]) and its default
//! requirement; each generated method that differs names its own with `Call::with_security`.
//! A requirement is a list of alternatives (any one will do), each a list of scheme names that
//! are all sent together; an empty list sends no credentials.

use std::fmt;

use base64::Engine as _;
use reqwest::header::{AUTHORIZATION, COOKIE, HeaderMap, HeaderName, HeaderValue};

use crate::error::Error;
use crate::meta;
use crate::query::QueryValue;

/// Where a scheme's secret goes on the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// `Authorization: Bearer <token>` (http bearer, oauth2 and openIdConnect access tokens).
    Bearer,
    /// `Authorization: Basic base64(username:password)`.
    Basic,
    /// An API key in the named header.
    Header(&'static str),
    /// An API key in the named query parameter.
    Query(&'static str),
    /// An API key in the named cookie.
    Cookie(&'static str),
}

/// One security scheme of the document (a key of `components.securitySchemes`).
#[derive(Debug, Clone, Copy)]
pub struct Scheme {
    /// The scheme's key in the document, as requirements name it.
    pub name: &'static str,
    /// Where its secret goes.
    pub placement: Placement,
    /// Environment variables `Client::from_env` reads it from: one for a token, username and
    /// password for basic.
    pub env: &'static [&'static str],
}

/// Alternatives of sets of scheme names, as the document's `security` lists them.
pub type Requirement = &'static [&'static [&'static str]];

/// A secret as the caller gave it.
#[derive(Clone)]
enum Secret {
    Token(String),
    Basic { username: String, password: String },
}

/// The credentials a client sends, by scheme. Build one with the generated setter of each scheme
/// (one per scheme the document declares). Never shows a secret in `Debug`.
#[derive(Clone, Default)]
pub struct Credentials {
    given: Vec<(&'static str, Secret)>,
}

impl Credentials {
    /// No credentials yet.
    pub fn new() -> Self {
        Credentials::default()
    }

    /// Whether no scheme has a credential.
    pub fn is_empty(&self) -> bool {
        self.given.is_empty()
    }

    /// The names of the schemes that have a credential, in the order they were given.
    pub fn schemes(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.given.iter().map(|(name, _)| *name)
    }

    /// Sets the token (or API key) of `scheme`, replacing an earlier one.
    #[allow(dead_code)] // not every document has a token scheme
    pub(crate) fn set_token(self, scheme: &'static str, token: impl Into<String>) -> Self {
        self.with_secret(scheme, Secret::Token(token.into()))
    }

    /// Sets the username and password of the basic scheme `scheme`, replacing earlier ones.
    #[allow(dead_code)] // not every document has a basic scheme
    pub(crate) fn set_basic(
        self,
        scheme: &'static str,
        username: impl Into<String>,
        password: impl Into<String>,
    ) -> Self {
        let secret = Secret::Basic {
            username: username.into(),
            password: password.into(),
        };
        self.with_secret(scheme, secret)
    }

    /// These credentials, then `other`'s, which win for a scheme both have.
    pub(crate) fn merge(mut self, other: Credentials) -> Self {
        for (scheme, secret) in other.given {
            self = self.with_secret(scheme, secret);
        }
        self
    }

    fn with_secret(mut self, scheme: &'static str, secret: Secret) -> Self {
        self.given.retain(|(name, _)| *name != scheme);
        self.given.push((scheme, secret));
        self
    }

    /// Every scheme whose variables are set and non-empty; `required` schemes must be there.
    pub(crate) fn from_lookup(
        get: impl Fn(&str) -> Option<String>,
        required: &[&str],
    ) -> Result<Credentials, Error> {
        let get = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let mut out = Credentials::new();
        for scheme in meta::SCHEMES {
            let values: Option<Vec<String>> = scheme.env.iter().map(|v| get(v)).collect();
            match (values.as_deref(), scheme.placement) {
                (Some([user, password]), Placement::Basic) => {
                    out = out.set_basic(scheme.name, user.clone(), password.clone());
                }
                (Some([token]), _) => out = out.set_token(scheme.name, token.clone()),
                _ if required.contains(&scheme.name) => {
                    return Err(Error::config(format!(
                        "environment variable{} {} not set or empty; {} your credentials",
                        if scheme.env.len() == 1 { "" } else { "s" },
                        scheme.env.join(" and "),
                        if scheme.env.len() == 1 {
                            "it must hold"
                        } else {
                            "they must hold"
                        }
                    )));
                }
                _ => {}
            }
        }
        Ok(out)
    }

    /// Checks every credential against its scheme and renders what goes on the wire once.
    pub(crate) fn prepare(self) -> Result<Prepared, Error> {
        let mut ready = Vec::new();
        for (name, secret) in self.given {
            let scheme = meta::SCHEMES
                .iter()
                .find(|s| s.name == name)
                .ok_or_else(|| Error::config(format!("unknown security scheme {name:?}")))?;
            ready.push((name, render(scheme, secret)?));
        }
        Ok(Prepared { ready })
    }
}

/// Names the schemes only.
impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, _) in &self.given {
            map.entry(name, &"<redacted>");
        }
        map.finish()
    }
}

/// A credential as it goes on the wire.
#[derive(Clone)]
enum Wire {
    /// A whole header value, marked sensitive.
    Header(HeaderName, HeaderValue),
    /// One `name=value` pair of the `Cookie` header.
    Cookie(String),
    /// A query parameter.
    Query(&'static str, String),
}

/// Validated credentials, ready to apply to any request.
#[derive(Clone, Default)]
pub(crate) struct Prepared {
    ready: Vec<(&'static str, Wire)>,
}

/// Names the schemes only.
impl fmt::Debug for Prepared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.ready.iter().map(|(name, _)| name))
            .finish()
    }
}

fn render(scheme: &Scheme, secret: Secret) -> Result<Wire, Error> {
    let name = scheme.name;
    let empty = || Error::config(format!("the credential for {name} is empty"));
    let token = match (&secret, scheme.placement) {
        (Secret::Token(_), Placement::Basic) => {
            return Err(Error::config(format!(
                "{name} is a basic scheme: give it a username and a password"
            )));
        }
        (Secret::Basic { .. }, p) if p != Placement::Basic => {
            return Err(Error::config(format!(
                "{name} takes one token, not a username and a password"
            )));
        }
        (Secret::Token(t), _) => t.trim().to_owned(),
        (Secret::Basic { username, password }, _) => {
            if username.trim().is_empty() || password.trim().is_empty() {
                return Err(empty());
            }
            // RFC 7617: no control characters, and a username without ':'.
            if username.contains(':') || format!("{username}{password}").contains(char::is_control)
            {
                return Err(Error::config(format!(
                    "the username or password for {name} contains characters basic auth does \
                     not allow"
                )));
            }
            base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"))
        }
    };
    if token.is_empty() {
        return Err(empty());
    }
    let header = |header: HeaderName, text: String| {
        let mut value = HeaderValue::from_str(&text).map_err(|_| {
            Error::config(format!(
                "the credential for {name} contains characters not allowed in a header"
            ))
        })?;
        // Keeps the secret out of HeaderValue's Debug output and out of HTTP/2 header compression.
        value.set_sensitive(true);
        Ok(Wire::Header(header, value))
    };
    match scheme.placement {
        Placement::Bearer => header(AUTHORIZATION, format!("Bearer {token}")),
        Placement::Basic => header(AUTHORIZATION, format!("Basic {token}")),
        Placement::Header(h) => {
            let h = HeaderName::from_bytes(h.as_bytes())
                .map_err(|_| Error::config(format!("{name}: invalid header name {h:?}")))?;
            header(h, token)
        }
        Placement::Cookie(c) => {
            // A cookie value may not hold these, nor anything a header may not.
            if token.contains([';', ',', ' ', '"']) || HeaderValue::from_str(&token).is_err() {
                return Err(Error::config(format!(
                    "the credential for {name} contains characters not allowed in a cookie"
                )));
            }
            Ok(Wire::Cookie(format!("{c}={token}")))
        }
        Placement::Query(q) => Ok(Wire::Query(q, token)),
    }
}

/// What applying a requirement added to a request.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    /// A credential went into the query string, so the URL must not appear in errors.
    pub(crate) secret_in_url: bool,
}

impl Prepared {
    /// The names of the schemes it holds a credential for.
    #[allow(dead_code)] // for tests and Debug-free inspection
    pub(crate) fn schemes(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.ready.iter().map(|(name, _)| *name)
    }

    /// Adds the credentials of the first alternative of `requirement` that these credentials
    /// cover. An empty requirement (or an empty alternative) sends nothing.
    pub(crate) fn apply(
        &self,
        requirement: Requirement,
        headers: &mut HeaderMap,
        query: &mut Vec<(String, QueryValue)>,
    ) -> Result<Applied, Error> {
        let mut applied = Applied::default();
        if requirement.is_empty() {
            return Ok(applied);
        }
        let find = |scheme: &str| self.ready.iter().find(|(n, _)| *n == scheme);
        let Some(chosen) = requirement
            .iter()
            .find(|alt| alt.iter().all(|s| find(s).is_some()))
        else {
            let wanted: Vec<String> = requirement.iter().map(|alt| alt.join(" + ")).collect();
            return Err(Error::config(format!(
                "this call needs credentials for {}; the client has none of them",
                wanted.join(" or ")
            )));
        };
        let mut cookies = Vec::new();
        for (_, wire) in chosen.iter().filter_map(|s| find(s)) {
            match wire {
                Wire::Header(name, value) => {
                    headers.insert(name.clone(), value.clone());
                }
                Wire::Cookie(pair) => cookies.push(pair.as_str()),
                Wire::Query(name, value) => {
                    query.push(((*name).to_owned(), QueryValue::One(value.clone())));
                    applied.secret_in_url = true;
                }
            }
        }
        if !cookies.is_empty() {
            // Cookies the caller set on the call are kept, after the credentials.
            if let Some(existing) = headers.get(COOKIE).and_then(|v| v.to_str().ok()) {
                cookies.push(existing);
            }
            let mut value = HeaderValue::from_str(&cookies.join("; "))
                .map_err(|_| Error::config("a cookie credential is not a valid header value"))?;
            value.set_sensitive(true);
            headers.insert(COOKIE, value);
        }
        Ok(applied)
    }
}

/// A credential made from `secret` for every scheme the document declares (basic ones get the
/// username `user`), for tests that must hold for any document.
#[cfg(test)]
pub(crate) fn test_credentials(secret: &str) -> Credentials {
    meta::SCHEMES
        .iter()
        .fold(Credentials::new(), |c, s| match s.placement {
            Placement::Basic => c.set_basic(s.name, "user", secret),
            _ => c.set_token(s.name, secret),
        })
}
