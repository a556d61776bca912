//! The single error type returned by every call, and the parsed API error body.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// A boxed underlying cause, kept so `std::error::Error::source` chains stay intact.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// How many bytes of a response body a [`Error::Decode`] keeps, so errors stay loggable.
pub(crate) const BODY_SNIPPET_LIMIT: usize = 512;

/// Everything that can go wrong when calling the API.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request never got a response: DNS, connect, TLS, reset connection, broken body.
    #[error("connection error: {message}")]
    Connection {
        /// Human-readable description, including the underlying causes.
        message: String,
        /// The underlying transport error.
        #[source]
        source: Option<BoxError>,
    },
    /// An attempt took longer than the configured per-attempt timeout (after all retries).
    #[error("request timed out after {}", fmt_duration(*.timeout))]
    Timeout {
        /// The per-attempt timeout that was exceeded.
        timeout: Duration,
    },
    /// The server answered with a success status, but the body did not match the expected type.
    #[error("could not decode {status} response at `{path}`: {message}")]
    Decode {
        /// HTTP status of the response.
        status: StatusCode,
        /// Where in the body decoding failed, e.g. `data[3].status.value` (`.` for the root).
        path: String,
        /// What the decoder expected.
        message: String,
        /// The start of the body (at most 512 bytes, lossily converted to UTF-8).
        body_snippet: String,
        /// The `x-request-id` response header, to quote to support.
        request_id: Option<String>,
    },
    /// The server answered with a non-success status.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The request could not be built: a bad path argument, header or query parameter.
    #[error("invalid request: {message}")]
    InvalidRequest {
        /// What was wrong with the request.
        message: String,
    },
    /// The client could not be configured: missing API key, bad base URL, TLS initialisation.
    #[error("configuration error: {message}")]
    Config {
        /// What was wrong with the configuration.
        message: String,
        /// The underlying error, if any.
        #[source]
        source: Option<BoxError>,
    },
}

impl Error {
    /// The HTTP status, for [`Error::Api`] and [`Error::Decode`].
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The parsed API error, if the server answered with a non-success status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The status class of an API error, if this is one.
    pub fn kind(&self) -> Option<ApiErrorKind> {
        self.api_error().map(|e| e.kind)
    }

    /// The `x-request-id` of the response that caused this error, if there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether the last attempt timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Whether the last attempt failed without a response (connect, TLS, reset).
    pub fn is_connection(&self) -> bool {
        matches!(self, Error::Connection { .. })
    }

    /// Whether the response body failed to decode into the expected type.
    pub fn is_decode(&self) -> bool {
        matches!(self, Error::Decode { .. })
    }

    pub(crate) fn invalid_request(message: impl Into<String>) -> Self {
        Error::InvalidRequest {
            message: message.into(),
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
            source: None,
        }
    }

    /// Wraps a transport error, spelling out its cause chain: reqwest's own message is often
    /// just "error sending request", with the useful part ("connection refused") in a source.
    pub(crate) fn connection(err: reqwest::Error) -> Self {
        let mut message = err.to_string();
        let mut cause = std::error::Error::source(&err);
        while let Some(c) = cause {
            message.push_str(": ");
            message.push_str(&c.to_string());
            cause = c.source();
        }
        Error::Connection {
            message,
            source: Some(Box::new(err)),
        }
    }
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

/// The class of an API error, derived from its HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400: the request was malformed.
    BadRequest,
    /// 401: the API key is missing or invalid.
    Authentication,
    /// 403: the API key may not do this.
    PermissionDenied,
    /// 404: the resource does not exist.
    NotFound,
    /// 409: the request conflicts with the resource's state.
    Conflict,
    /// 422: the request was well-formed but its content was rejected.
    UnprocessableEntity,
    /// 429: too many requests.
    RateLimit,
    /// 500 and above: the server failed.
    InternalServer,
    /// Any other non-success status.
    Other,
}

impl ApiErrorKind {
    /// Classifies an HTTP status.
    pub fn from_status(status: StatusCode) -> Self {
        match status.as_u16() {
            400 => ApiErrorKind::BadRequest,
            401 => ApiErrorKind::Authentication,
            403 => ApiErrorKind::PermissionDenied,
            404 => ApiErrorKind::NotFound,
            409 => ApiErrorKind::Conflict,
            422 => ApiErrorKind::UnprocessableEntity,
            429 => ApiErrorKind::RateLimit,
            s if s >= 500 => ApiErrorKind::InternalServer,
            _ => ApiErrorKind::Other,
        }
    }
}

/// A non-success response: status, headers, raw body and the parsed `errors[]` of its body.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status of the response.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The `x-request-id` response header, to quote to support.
    pub request_id: Option<String>,
    /// The entries of the body's `errors` array (empty if the body had another shape).
    pub errors: Vec<ApiErrorDetail>,
    /// The raw body, lossily converted to UTF-8.
    pub body: String,
    /// The status class.
    pub kind: ApiErrorKind,
}

/// One entry of an error body's `errors` array.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ApiErrorDetail {
    /// The API's error code, e.g. `"10015"`.
    pub code: Option<String>,
    /// Short summary.
    pub title: Option<String>,
    /// Longer explanation.
    pub detail: Option<String>,
    /// JSON pointer to the offending body field (`source.pointer`), e.g. `/phone_numbers`.
    pub pointer: Option<String>,
    /// The offending query parameter (`source.parameter`), if the server names one.
    pub parameter: Option<String>,
    /// Extra information, e.g. `{ "url": "https://docs.example.com/errors/10015" }`.
    pub meta: Option<serde_json::Value>,
}

impl ApiError {
    /// Builds an API error from a response, parsing the error body leniently: any body that
    /// is not `{ "errors": [ {...} ] }` yields no details but is still kept raw.
    pub fn from_response(status: StatusCode, headers: HeaderMap, body: &[u8]) -> Self {
        let errors = serde_json::from_slice::<serde_json::Value>(body)
            .map(|v| parse_details(&v))
            .unwrap_or_default();
        ApiError {
            request_id: request_id(&headers),
            kind: ApiErrorKind::from_status(status),
            status,
            headers,
            errors,
            body: String::from_utf8_lossy(body).into_owned(),
        }
    }
}

impl std::error::Error for ApiError {}

/// One line: `422 Unprocessable Entity (request id abc): phone_numbers: must be E.164 [10015]`.
impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.status.as_u16())?;
        if let Some(reason) = self.status.canonical_reason() {
            write!(f, " {reason}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {})", one_line(id, 100))?;
        }
        match self.errors.first() {
            Some(first) => {
                f.write_str(": ")?;
                fmt_detail(first, f)?;
                if self.errors.len() > 1 {
                    write!(f, " (+{} more)", self.errors.len() - 1)?;
                }
            }
            None if !self.body.trim().is_empty() => {
                write!(f, ": {}", one_line(&self.body, 200))?;
            }
            None => {}
        }
        Ok(())
    }
}

fn fmt_detail(d: &ApiErrorDetail, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    // `/phone_numbers/0` reads better as `phone_numbers.0`.
    let location = d
        .pointer
        .as_deref()
        .map(|p| p.trim_start_matches('/').replace('/', "."))
        .or_else(|| d.parameter.clone())
        .filter(|l| !l.is_empty());
    if let Some(loc) = location {
        write!(f, "{}: ", one_line(&loc, 100))?;
    }
    let text = d
        .detail
        .as_deref()
        .or(d.title.as_deref())
        .unwrap_or("error");
    f.write_str(&one_line(text, 300))?;
    if let Some(code) = &d.code {
        write!(f, " [{}]", one_line(code, 40))?;
    }
    Ok(())
}

/// Collapses whitespace (so Display stays on one line) and truncates to `max` chars.
fn one_line(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, word) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.chars().count() > max {
        out = out.chars().take(max).collect();
        out.push('…');
    }
    out
}

fn parse_details(v: &serde_json::Value) -> Vec<ApiErrorDetail> {
    let Some(items) = v.get("errors").and_then(|e| e.as_array()) else {
        return Vec::new();
    };
    items
        .iter()
        .filter(|item| item.is_object())
        .map(|item| {
            let source = item.get("source");
            ApiErrorDetail {
                code: scalar(item.get("code")),
                title: scalar(item.get("title")),
                detail: scalar(item.get("detail")),
                pointer: scalar(source.and_then(|s| s.get("pointer"))),
                parameter: scalar(source.and_then(|s| s.get("parameter"))),
                meta: item.get("meta").filter(|m| !m.is_null()).cloned(),
            }
        })
        .collect()
}

/// Accepts a string or a number (some endpoints send numeric codes).
fn scalar(v: Option<&serde_json::Value>) -> Option<String> {
    match v? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The `x-request-id` header, if present and readable.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The first [`BODY_SNIPPET_LIMIT`] bytes of a body, cut on a character boundary.
pub(crate) fn body_snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    if text.len() <= BODY_SNIPPET_LIMIT {
        return text.into_owned();
    }
    let mut end = BODY_SNIPPET_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes total)", &text[..end], body.len())
}

fn fmt_duration(d: Duration) -> String {
    if d.subsec_millis() == 0 && d.as_secs() > 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn sample_422() -> ApiError {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", HeaderValue::from_static("7f3c9a"));
        let body = br#"{"errors":[{"code":"10015","title":"Invalid value",
            "detail":"must be E.164","source":{"pointer":"/phone_numbers"},
            "meta":{"url":"https://docs.example.com/errors/10015"}}]}"#;
        ApiError::from_response(StatusCode::UNPROCESSABLE_ENTITY, headers, body)
    }

    #[test]
    fn classifies_by_status() {
        let table = [
            (400, ApiErrorKind::BadRequest),
            (401, ApiErrorKind::Authentication),
            (403, ApiErrorKind::PermissionDenied),
            (404, ApiErrorKind::NotFound),
            (409, ApiErrorKind::Conflict),
            (422, ApiErrorKind::UnprocessableEntity),
            (429, ApiErrorKind::RateLimit),
            (500, ApiErrorKind::InternalServer),
            (503, ApiErrorKind::InternalServer),
            (599, ApiErrorKind::InternalServer),
            (402, ApiErrorKind::Other),
            (418, ApiErrorKind::Other),
            (304, ApiErrorKind::Other),
        ];
        for (code, kind) in table {
            let status = StatusCode::from_u16(code).unwrap();
            assert_eq!(ApiErrorKind::from_status(status), kind, "status {code}");
        }
    }

    #[test]
    fn parses_an_errors_array_body() {
        let e = sample_422();
        assert_eq!(e.kind, ApiErrorKind::UnprocessableEntity);
        assert_eq!(e.request_id.as_deref(), Some("7f3c9a"));
        assert_eq!(e.errors.len(), 1);
        let d = &e.errors[0];
        assert_eq!(d.code.as_deref(), Some("10015"));
        assert_eq!(d.title.as_deref(), Some("Invalid value"));
        assert_eq!(d.detail.as_deref(), Some("must be E.164"));
        assert_eq!(d.pointer.as_deref(), Some("/phone_numbers"));
        assert_eq!(
            d.meta
                .as_ref()
                .and_then(|m| m.get("url"))
                .and_then(|u| u.as_str()),
            Some("https://docs.example.com/errors/10015")
        );
    }

    #[test]
    fn display_is_one_useful_line() {
        let e: Error = sample_422().into();
        assert_eq!(
            e.to_string(),
            "422 Unprocessable Entity (request id 7f3c9a): phone_numbers: must be E.164 [10015]"
        );
        assert_eq!(e.status(), Some(StatusCode::UNPROCESSABLE_ENTITY));
        assert_eq!(e.request_id(), Some("7f3c9a"));
        assert_eq!(e.kind(), Some(ApiErrorKind::UnprocessableEntity));
    }

    #[test]
    fn display_counts_extra_errors_and_falls_back_to_title() {
        let body = br#"{"errors":[{"code":10001,"title":"Bad\nthing"},{"detail":"x"}]}"#;
        let e = ApiError::from_response(StatusCode::BAD_REQUEST, HeaderMap::new(), body);
        assert_eq!(e.errors[0].code.as_deref(), Some("10001"));
        assert_eq!(
            e.to_string(),
            "400 Bad Request: Bad thing [10001] (+1 more)"
        );
    }

    #[test]
    fn lenient_on_other_bodies() {
        for body in [
            &b"<html>\n oops </html>"[..],
            b"{\"errors\":\"nope\"}",
            b"[1,2]",
        ] {
            let e = ApiError::from_response(StatusCode::BAD_GATEWAY, HeaderMap::new(), body);
            assert!(e.errors.is_empty());
            assert_eq!(e.body.as_bytes(), body);
            assert_eq!(e.kind, ApiErrorKind::InternalServer);
        }
        let e =
            ApiError::from_response(StatusCode::BAD_GATEWAY, HeaderMap::new(), b"<html>\n oops");
        assert_eq!(e.to_string(), "502 Bad Gateway: <html> oops");
        let e = ApiError::from_response(StatusCode::NOT_FOUND, HeaderMap::new(), b"");
        assert_eq!(e.to_string(), "404 Not Found");
    }

    #[test]
    fn other_variants_display() {
        let e = Error::Timeout {
            timeout: Duration::from_secs(60),
        };
        assert_eq!(e.to_string(), "request timed out after 60 s");
        assert!(e.is_timeout() && !e.is_connection() && e.status().is_none());
        let e = Error::Decode {
            status: StatusCode::OK,
            path: "data[1].id".into(),
            message: "invalid type: integer `5`, expected a string".into(),
            body_snippet: String::new(),
            request_id: None,
        };
        assert_eq!(
            e.to_string(),
            "could not decode 200 OK response at `data[1].id`: invalid type: integer `5`, expected a string"
        );
    }

    #[test]
    fn snippet_truncates_on_char_boundary() {
        let body = "é".repeat(600);
        let s = body_snippet(body.as_bytes());
        assert!(s.starts_with(&"é".repeat(256)));
        assert!(s.ends_with("… (1200 bytes total)"));
        assert_eq!(body_snippet(b"short"), "short");
    }
}
