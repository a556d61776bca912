//! The API client: configuration shared by every call, cheap to clone.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::auth::{Credentials, Prepared};
use crate::call::Call;
use crate::error::Error;
use crate::meta;
use crate::retry::{Backoff, DEFAULT_MAX_RETRIES};

/// Per-attempt timeout unless configured otherwise.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// A configured API client. Cloning is cheap (an `Arc`); clones share one connection pool.
///
/// Requests need a Tokio runtime with the time driver enabled (`#[tokio::main]` has it).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// What every call reads from its client.
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// Without a trailing slash; paths start with one.
    pub(crate) base_url: String,
    /// The credentials as they go on the wire, marked sensitive; kept nowhere else.
    pub(crate) credentials: Prepared,
    pub(crate) max_retries: u32,
    pub(crate) timeout: Duration,
    pub(crate) backoff: Backoff,
    pub(crate) default_headers: HeaderMap,
}

// `Client::new` and `Client::builder` are generated (in `meta`): they ask for the credentials
// the document's security schemes need.
impl Client {
    /// A client configured from the environment: the credentials `Client::new` asks for
    /// (required), any other scheme's whose variables are set, and the base URL from
    /// `meta::BASE_URL_ENV` (optional); the crate's README names them all.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The base URL every path is appended to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// How many times a failed attempt is retried unless a call says otherwise.
    pub fn max_retries(&self) -> u32 {
        self.inner.max_retries
    }

    /// The per-attempt timeout unless a call says otherwise.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// Calls an endpoint this crate does not describe, through the same authentication,
    /// retries and timeouts. `path` is relative to the base URL, e.g. `/orders`;
    /// it is sent as given (encode any dynamic parts yourself). The response decodes as JSON
    /// unless [`Call::into_bytes`] or [`Call::into_text`] says otherwise.
    pub fn request(&self, method: reqwest::Method, path: &str) -> Call<serde_json::Value> {
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        Call::new(
            self,
            method,
            Ok(path),
            crate::decode::json::<serde_json::Value>,
        )
    }

    /// A `reqwest` builder with the TLS crypto provider this crate uses (rustls with `ring`)
    /// installed: start from it to configure your own HTTP client for
    /// [`ClientBuilder::http_client`] (proxy, pool settings, extra roots).
    pub fn http_client_builder() -> reqwest::ClientBuilder {
        install_crypto_provider();
        reqwest::Client::builder()
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }
}

/// reqwest is built without a rustls crypto provider of its own (aws-lc-sys is slow to compile),
/// so `ring` becomes the process default here, unless the program installed one already.
fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Another thread may win the race to install; either provider serves.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// Never shows a credential.
impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("max_retries", &self.inner.max_retries)
            .field("timeout", &self.inner.timeout)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`]; see [`Client::builder`].
pub struct ClientBuilder {
    credentials: Credentials,
    base_url: Option<String>,
    max_retries: u32,
    timeout: Duration,
    backoff: Backoff,
    http: Option<reqwest::Client>,
    root_certificates: Vec<reqwest::Certificate>,
    default_headers: HeaderMap,
    /// The first invalid default header, reported by `build` rather than panicking here.
    header_error: Option<String>,
}

impl ClientBuilder {
    /// A builder sending `credentials` (see `Client::builder` for the usual start).
    pub fn new(credentials: Credentials) -> Self {
        ClientBuilder {
            credentials,
            base_url: None,
            max_retries: DEFAULT_MAX_RETRIES,
            timeout: DEFAULT_TIMEOUT,
            backoff: Backoff::default(),
            http: None,
            root_certificates: Vec::new(),
            default_headers: HeaderMap::new(),
            header_error: None,
        }
    }

    /// A builder with the credentials from their variables (`meta::SCHEMES`; those of
    /// `meta::REQUIRED` must be set and non-empty) and the base URL from `meta::BASE_URL_ENV`
    /// when that is set and non-empty.
    pub fn from_env() -> Result<ClientBuilder, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// [`ClientBuilder::from_env`] over any variable source, so it can be tested without
    /// mutating the process environment.
    fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<ClientBuilder, Error> {
        let credentials = Credentials::from_lookup(&get, meta::REQUIRED)?;
        let mut builder = ClientBuilder::new(credentials);
        if let Some(url) = get(meta::BASE_URL_ENV).filter(|u| !u.trim().is_empty()) {
            builder.base_url = Some(url);
        }
        Ok(builder)
    }

    /// Adds `credentials` (built with the generated setters); they win over earlier ones for the
    /// same scheme. Each call sends those its operation's security requirement names.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = self.credentials.merge(credentials);
        self
    }

    /// The base URL, e.g. a mock server's; defaults to the API's own (`meta::DEFAULT_BASE_URL`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Retries after a failed first attempt (default 2). `0` disables retries.
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// Timeout of each attempt, from sending the request to reading the whole body (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Backoff between retries when the server does not say how long to wait: `initial` before
    /// the first retry, doubling up to `max`, minus up to 25 % jitter (default 0.5 s and 8 s).
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.backoff = Backoff {
            initial,
            max: max.max(initial),
        };
        self
    }

    /// Uses this HTTP client (proxy, TLS roots, connection pool settings) instead of a default
    /// one; build it from [`Client::http_client_builder`], which sets up the TLS provider.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Trusts this certificate authority too, besides the system's (e.g. a private gateway's).
    /// Ignored when [`http_client`](Self::http_client) supplies the HTTP client.
    pub fn add_root_certificate(mut self, certificate: reqwest::Certificate) -> Self {
        self.root_certificates.push(certificate);
        self
    }

    /// Sends this header with every request. An invalid name or value fails [`build`](Self::build).
    pub fn default_header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let name_str = name.as_ref();
        match (
            HeaderName::from_bytes(name_str.as_bytes()),
            HeaderValue::from_str(value.as_ref()),
        ) {
            (Ok(n), Ok(v)) => {
                self.default_headers.insert(n, v);
            }
            (Err(_), _) => {
                self.header_error
                    .get_or_insert(format!("invalid header name {name_str:?}"));
            }
            // The value may be a secret: name the header only.
            (_, Err(_)) => {
                self.header_error
                    .get_or_insert(format!("invalid value for header {name_str:?}"));
            }
        }
        self
    }

    /// Validates the settings and creates the client.
    pub fn build(self) -> Result<Client, Error> {
        if let Some(message) = self.header_error {
            return Err(Error::config(message));
        }
        let credentials = self.credentials.prepare()?;
        let base_url =
            normalize_base_url(self.base_url.as_deref().unwrap_or(meta::DEFAULT_BASE_URL))?;
        let http = match self.http {
            Some(http) => http,
            None => self
                .root_certificates
                .into_iter()
                .fold(Client::http_client_builder(), |b, c| {
                    b.add_root_certificate(c)
                })
                .build()
                .map_err(|e| Error::Config {
                    message: format!("could not initialise the HTTP client: {e}"),
                    source: Some(Box::new(e)),
                })?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials,
                max_retries: self.max_retries,
                timeout: self.timeout,
                backoff: self.backoff,
                default_headers: self.default_headers,
            }),
        })
    }
}

/// Never shows a credential.
impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("max_retries", &self.max_retries)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// Checks the base URL is an absolute http(s) URL without query or fragment, and trims the
/// trailing slash so `base + "/path"` never doubles it.
fn normalize_base_url(raw: &str) -> Result<String, Error> {
    let trimmed = raw.trim().trim_end_matches('/');
    let url = reqwest::Url::parse(trimmed)
        .map_err(|e| Error::config(format!("invalid base URL {trimmed:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(Error::config(format!(
            "invalid base URL {trimmed:?}: must be an http or https URL"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(format!(
            "invalid base URL {trimmed:?}: must not have a query or fragment"
        )));
    }
    Ok(trimmed.to_owned())
}

// Copied into every generated crate: these tests hold for any document's schemes.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::test_credentials;

    const KEY: &str = "KEYsecret0123456789";

    fn builder(secret: &str) -> ClientBuilder {
        ClientBuilder::new(test_credentials(secret))
    }

    #[test]
    fn debug_hides_the_credentials() {
        let client = builder(KEY).max_retries(5).build().unwrap();
        let shown = format!("{client:?} {:?}", builder(KEY));
        assert!(!shown.contains(KEY), "{shown}");
        for scheme in meta::SCHEMES {
            assert!(shown.contains(scheme.name), "{shown}");
        }
        assert_eq!(shown.contains("<redacted>"), !meta::SCHEMES.is_empty());
        assert!(shown.contains(meta::DEFAULT_BASE_URL));
        assert!(!format!("{:?}", client.inner().credentials).contains(KEY));
    }

    #[test]
    fn defaults() {
        let client = builder(KEY).build().unwrap();
        assert_eq!(client.base_url(), meta::DEFAULT_BASE_URL);
        assert_eq!(client.max_retries(), 2);
        assert_eq!(client.timeout(), Duration::from_secs(60));
        assert_eq!(client.inner().backoff, Backoff::default());
    }

    #[test]
    fn base_url_is_validated_and_trimmed() {
        let c = builder(KEY)
            .base_url("http://127.0.0.1:4010/v2/")
            .build()
            .unwrap();
        assert_eq!(c.base_url(), "http://127.0.0.1:4010/v2");
        for bad in [
            "",
            "not a url",
            "ftp://x",
            "mailto:a@b",
            "http://x/?a=1",
            "http://x/#f",
        ] {
            let err = builder(KEY).base_url(bad).build().unwrap_err();
            assert!(matches!(err, Error::Config { .. }), "{bad}: {err}");
        }
    }

    #[test]
    fn bad_credentials_and_headers_are_config_errors_without_the_secret() {
        if !meta::SCHEMES.is_empty() {
            for key in ["", "   "] {
                assert!(matches!(builder(key).build(), Err(Error::Config { .. })));
            }
            let err = builder("abc\ndef-secret").build().unwrap_err();
            assert!(!err.to_string().contains("secret"), "{err}");
        }
        let err = builder(KEY)
            .default_header("x-ok", "v\r\nsecret")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("x-ok") && !err.to_string().contains("secret"));
        let err = builder(KEY)
            .default_header("bad name", "v")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("bad name"));
    }

    #[test]
    fn env_lookup() {
        let all: Vec<(&str, &str)> = meta::SCHEMES
            .iter()
            .flat_map(|s| s.env.iter().map(|v| (*v, "k")))
            .collect();
        let env = |pairs: Vec<(&'static str, &'static str)>| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let required = meta::SCHEMES
            .iter()
            .filter(|s| meta::REQUIRED.contains(&s.name));
        for scheme in required {
            let err = ClientBuilder::from_lookup(env(Vec::new())).unwrap_err();
            assert!(err.to_string().contains(scheme.env[0]), "{err}");
            let blank = all.iter().map(|(k, _)| (*k, " ")).collect();
            assert!(ClientBuilder::from_lookup(env(blank)).is_err());
        }

        let c = ClientBuilder::from_lookup(env(all.clone()))
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(c.base_url(), meta::DEFAULT_BASE_URL);
        let given: Vec<&str> = c.inner().credentials.schemes().collect();
        let declared: Vec<&str> = meta::SCHEMES.iter().map(|s| s.name).collect();
        assert_eq!(given, declared);

        let mut with_url = all;
        with_url.push((meta::BASE_URL_ENV, "http://localhost:4010/"));
        let c = ClientBuilder::from_lookup(env(with_url))
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(c.base_url(), "http://localhost:4010");
    }

    #[test]
    fn request_path_gets_a_leading_slash() {
        let c = builder(KEY).build().unwrap();
        let call = c.request(reqwest::Method::GET, "orders");
        assert_eq!(
            format!("{call:?}"),
            "Call { method: GET, path: \"/orders\", .. }"
        );
    }

    #[test]
    fn client_is_send_sync() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<Client>();
    }
}
