//! One API call: built by a generated method, adjusted by the caller, then sent with retries.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{
    ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::auth::Requirement;
use crate::client::Client;
use crate::decode::DecodeFailure;
use crate::error::{ApiError, Error, body_snippet, request_id};
use crate::query::{self, QueryValue};
use crate::response::ApiResponse;
use crate::retry::{self, Outcome};

/// Sent with every request; names the crate the runtime was copied into.
const USER_AGENT_VALUE: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// Turns a successful response body into the call's result type.
pub(crate) type Decoder<T> = fn(&Bytes) -> Result<T, DecodeFailure>;

/// A request ready to send. Await it (or call [`send`](Call::send)) to get the decoded body;
/// adjust it first with [`timeout`](Call::timeout), [`max_retries`](Call::max_retries),
/// [`header`](Call::header) or [`query`](Call::query).
///
/// `P` holds the operation's optional parameters: a generated method returns a call whose
/// chained setters (`.page_size(100)`, `.include_phone_numbers(false)`) fill them in, and they
/// are encoded into the request when it is sent.
///
/// Building a call never fails on the spot: a bad argument is reported when it is sent.
#[must_use = "a Call does nothing until it is awaited or sent"]
pub struct Call<T, P = ()> {
    pub(crate) client: Client,
    pub(crate) request: Result<RequestParts, Error>,
    pub(crate) options: CallOptions,
    pub(crate) decode: Decoder<T>,
    /// The operation's parameters, encoded by `apply` when the call is sent.
    pub(crate) params: P,
    pub(crate) apply: ApplyParams<T, P>,
}

/// Encodes an operation's parameters into its request (query, headers, body).
pub(crate) type ApplyParams<T, P> = fn(Call<T>, P) -> Call<T>;

/// The encoder of a call without parameters.
fn no_params<T>(call: Call<T>, _: ()) -> Call<T> {
    call
}

/// Everything needed to (re)build the HTTP request of each attempt.
#[derive(Debug, Clone)]
pub(crate) struct RequestParts {
    pub(crate) method: Method,
    /// Already encoded, starting with `/`.
    pub(crate) path: String,
    /// Unencoded; encoded once when the URL is built.
    pub(crate) query: Vec<(String, QueryValue)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<RequestBody>,
    /// Which credentials to send; `None` is the document's default (`meta::SECURITY`).
    pub(crate) security: Option<Requirement>,
    /// The operation's own server, instead of the client's base URL.
    pub(crate) server: Option<&'static str>,
}

/// A request body: replayable bytes, or a stream that can be sent only once.
#[derive(Clone)]
pub(crate) enum RequestBody {
    Bytes(Bytes),
    /// Taken by the first attempt; a call with such a body is never retried.
    OneShot(Arc<Mutex<Option<reqwest::Body>>>),
}

impl fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestBody::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            RequestBody::OneShot(_) => f.write_str("OneShot"),
        }
    }
}

/// A file sent as one part of a `multipart/form-data` body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    /// The contents.
    pub bytes: Bytes,
    /// The file name sent with the part. Servers often treat a part as a file only when it has
    /// one, so the part's field name is sent when this is `None`.
    pub file_name: Option<String>,
    /// The part's media type; `application/octet-stream` when `None`.
    pub content_type: Option<String>,
}

impl FilePart {
    /// A file with these contents, no name and no media type.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        FilePart {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// Sets the file name sent with the part.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// Sets the part's media type, e.g. `audio/mpeg`.
    pub fn content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }
}

/// A body that can be sent as `multipart/form-data`; generated request types implement it.
pub trait ToMultipart {
    /// Adds this value's fields to `form`.
    fn to_multipart(&self, form: &mut MultipartForm) -> Result<(), Error>;
}

/// Free-form objects and maps: one text part per field.
impl ToMultipart for serde_json::Value {
    fn to_multipart(&self, form: &mut MultipartForm) -> Result<(), Error> {
        form.text_fields(self)
    }
}

impl ToMultipart for serde_json::Map<String, serde_json::Value> {
    fn to_multipart(&self, form: &mut MultipartForm) -> Result<(), Error> {
        form.text_fields(self)
    }
}

impl<T: Serialize> ToMultipart for std::collections::BTreeMap<String, T> {
    fn to_multipart(&self, form: &mut MultipartForm) -> Result<(), Error> {
        form.text_fields(self)
    }
}

/// The parts of a `multipart/form-data` body, in order.
#[derive(Debug, Clone, Default)]
pub struct MultipartForm {
    parts: Vec<(String, FormPart)>,
}

#[derive(Debug, Clone)]
enum FormPart {
    Text(String),
    File(FilePart),
}

impl MultipartForm {
    /// An empty form.
    pub fn new() -> Self {
        MultipartForm::default()
    }

    /// Adds a text part per field of `fields` (a struct or map), named as query parameters are
    /// (`a[b]` for nested objects); an array adds one part per item. Absent fields add nothing.
    pub fn text_fields<T: Serialize + ?Sized>(&mut self, fields: &T) -> Result<(), Error> {
        for (name, value) in query::to_items(fields)? {
            match value {
                QueryValue::One(v) => self.text(name, v),
                QueryValue::List(vs) => vs.into_iter().for_each(|v| self.text(name.clone(), v)),
            }
        }
        Ok(())
    }

    /// Adds a text part.
    pub fn text(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.parts.push((name.into(), FormPart::Text(value.into())));
    }

    /// Adds a file part per file (none for `None`, one per item of a list).
    pub fn files<'a>(&mut self, name: &str, files: impl IntoIterator<Item = &'a FilePart>) {
        for file in files {
            self.parts
                .push((name.to_owned(), FormPart::File(file.clone())));
        }
    }

    /// The `content-type` header value and the encoded body (RFC 7578). The boundary is random
    /// and chosen again in the unlikely case a part contains it.
    fn encode(&self) -> (String, Bytes) {
        let boundary = loop {
            let candidate = format!(
                "form-boundary-{:016x}{:016x}",
                fastrand::u64(..),
                fastrand::u64(..)
            );
            let clashes = self.parts.iter().any(|(_, part)| {
                let data: &[u8] = match part {
                    FormPart::Text(t) => t.as_bytes(),
                    FormPart::File(f) => &f.bytes,
                };
                data.windows(candidate.len())
                    .any(|w| w == candidate.as_bytes())
            });
            if !clashes {
                break candidate;
            }
        };
        let mut out = Vec::new();
        for (name, part) in &self.parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let name = quote_param(name);
            match part {
                FormPart::Text(text) => {
                    out.extend_from_slice(
                        format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n")
                            .as_bytes(),
                    );
                    out.extend_from_slice(text.as_bytes());
                }
                FormPart::File(file) => {
                    let file_name = quote_param(file.file_name.as_deref().unwrap_or(&name));
                    let media = file
                        .content_type
                        .as_deref()
                        .unwrap_or("application/octet-stream")
                        .replace(['\r', '\n'], "");
                    out.extend_from_slice(
                        format!(
                            "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                             Content-Type: {media}\r\n\r\n"
                        )
                        .as_bytes(),
                    );
                    out.extend_from_slice(&file.bytes);
                }
            }
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (
            format!("multipart/form-data; boundary={boundary}"),
            Bytes::from(out),
        )
    }
}

/// A name for a quoted `Content-Disposition` parameter: `"`, CR and LF percent-encoded, as
/// browsers do (RFC 7578, section 2).
fn quote_param(s: &str) -> String {
    s.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Per-call overrides of the client's settings.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
}

/// A successful response before decoding.
pub(crate) struct RawResponse {
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl<T> Call<T> {
    /// A call of `method` on `path` (already rendered by `path::render`), decoded by `decode`.
    pub(crate) fn new(
        client: &Client,
        method: Method,
        path: Result<String, Error>,
        decode: Decoder<T>,
    ) -> Self {
        let request = path.map(|path| {
            let mut headers = HeaderMap::new();
            headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
            RequestParts {
                method,
                path,
                query: Vec::new(),
                headers,
                body: None,
                security: None,
                server: None,
            }
        });
        Call {
            client: client.clone(),
            request,
            options: CallOptions::default(),
            decode,
            params: (),
            apply: no_params::<T>,
        }
    }

    /// Carries an operation's parameters, encoded by `apply` when the call is sent; until
    /// then the generated setters change them.
    #[allow(dead_code)] // not every generated crate has operations with parameters
    pub(crate) fn with_params<P>(self, params: P, apply: ApplyParams<T, P>) -> Call<T, P> {
        Call {
            client: self.client,
            request: self.request,
            options: self.options,
            decode: self.decode,
            params,
            apply,
        }
    }
}

impl<T, P> Call<T, P> {
    /// Changes the parameters a generated setter sets.
    #[allow(dead_code)] // not every generated crate has optional parameters
    pub(crate) fn map_params(mut self, set: impl FnOnce(&mut P)) -> Self {
        set(&mut self.params);
        self
    }

    /// The call with its parameters encoded into the request.
    pub(crate) fn resolve(self) -> Call<T> {
        let Call {
            client,
            request,
            options,
            decode,
            params,
            apply,
        } = self;
        let bare = Call {
            client,
            request,
            options,
            decode,
            params: (),
            apply: no_params::<T>,
        };
        apply(bare, params)
    }

    /// Applies `f` to the request unless an earlier step already failed; a failure is kept and
    /// reported on send.
    fn modify(mut self, f: impl FnOnce(&mut RequestParts) -> Result<(), Error>) -> Self {
        if let Ok(parts) = &mut self.request {
            if let Err(e) = f(parts) {
                self.request = Err(e);
            }
        }
        self
    }

    /// Adds the query parameters serialized from `params` (see `query::to_pairs`).
    #[allow(dead_code)] // not every generated crate has query parameters
    pub(crate) fn with_query<Q: Serialize + ?Sized>(self, params: &Q) -> Self {
        self.modify(|parts| {
            parts.query.extend(query::to_items(params)?);
            Ok(())
        })
    }

    /// Sends `body` as JSON.
    #[allow(dead_code)] // not every generated crate has request bodies
    pub(crate) fn with_json<B: Serialize + ?Sized>(self, body: &B) -> Self {
        self.modify(|parts| {
            let bytes = serde_json::to_vec(body)
                .map_err(|e| Error::invalid_request(format!("cannot serialize the body: {e}")))?;
            parts.body = Some(RequestBody::Bytes(Bytes::from(bytes)));
            parts
                .headers
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            Ok(())
        })
    }

    /// Sends `body` as an `application/x-www-form-urlencoded` form, keys and values as in query
    /// strings (nested objects `a[b]`), arrays as repeated keys.
    #[allow(dead_code)] // only generated crates with form bodies call it
    pub(crate) fn with_form<B: Serialize + ?Sized>(self, body: &B) -> Self {
        self.modify(|parts| {
            let items = query::to_items(body)?;
            let text = query::encode_form(&items);
            parts.body = Some(RequestBody::Bytes(Bytes::from(text)));
            parts.headers.insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            );
            Ok(())
        })
    }

    /// Sends `body` as is, with `content_type`. `Bytes` is cheap to clone, so the call stays
    /// retryable.
    #[allow(dead_code)] // only generated crates with binary bodies call it
    pub(crate) fn with_bytes(self, body: Bytes, content_type: &'static str) -> Self {
        self.modify(|parts| {
            let ct = HeaderValue::from_str(content_type).map_err(|_| {
                Error::invalid_request(format!("invalid content type {content_type:?}"))
            })?;
            parts.body = Some(RequestBody::Bytes(body));
            parts.headers.insert(CONTENT_TYPE, ct);
            Ok(())
        })
    }

    /// Sends `body` as `multipart/form-data`. The parts are encoded once, into bytes, so the call
    /// stays retryable.
    #[allow(dead_code)] // only generated crates with multipart bodies call it
    pub(crate) fn with_multipart<B: ToMultipart + ?Sized>(self, body: &B) -> Self {
        self.modify(|parts| {
            let mut form = MultipartForm::new();
            body.to_multipart(&mut form)?;
            let (content_type, bytes) = form.encode();
            let ct = HeaderValue::from_str(&content_type).map_err(|_| {
                Error::invalid_request(format!("invalid content type {content_type:?}"))
            })?;
            parts.body = Some(RequestBody::Bytes(bytes));
            parts.headers.insert(CONTENT_TYPE, ct);
            Ok(())
        })
    }

    /// Sets the header of a header parameter when it has a value, in `simple` style.
    #[allow(dead_code)] // only generated crates with header parameters call it
    pub(crate) fn with_header_param<V: Serialize>(
        self,
        name: &'static str,
        value: Option<V>,
        explode: bool,
    ) -> Self {
        let Some(value) = value else { return self };
        match crate::header::simple(name, &value, explode) {
            Ok(Some(text)) => self.header(name, text),
            Ok(None) => self,
            Err(e) => self.modify(|_| Err(e)),
        }
    }

    /// Sends the credentials of the first alternative the client has of `requirement`: a list of
    /// alternatives, each the names of schemes sent together (`meta::SCHEMES`); `&[]` sends
    /// none. Generated methods whose operation differs from the document's default set it.
    pub fn with_security(self, requirement: Requirement) -> Self {
        self.modify(|parts| {
            parts.security = Some(requirement);
            Ok(())
        })
    }

    /// Sends the call to `server` (the operation's own) instead of the client's base URL.
    #[allow(dead_code)] // only operations with their own `servers` call it
    pub(crate) fn with_server(self, server: &'static str) -> Self {
        self.modify(|parts| {
            parts.server = Some(server);
            Ok(())
        })
    }

    /// Adds a cookie parameter to the `Cookie` header when it has a value, in `form` style.
    #[allow(dead_code)] // only generated crates with cookie parameters call it
    pub(crate) fn with_cookie_param<V: Serialize>(
        self,
        name: &'static str,
        value: Option<V>,
        explode: bool,
    ) -> Self {
        let Some(value) = value else { return self };
        self.modify(|parts| {
            let Some(text) = crate::header::form_cookie(name, &value, explode)? else {
                return Ok(());
            };
            let joined = match parts.headers.get(COOKIE).map(HeaderValue::to_str) {
                Some(Ok(earlier)) => format!("{earlier}; {text}"),
                _ => text,
            };
            let v = HeaderValue::from_str(&joined).map_err(|_| {
                Error::invalid_request(format!("invalid value for cookie {name:?}"))
            })?;
            parts.headers.insert(COOKIE, v);
            Ok(())
        })
    }

    /// Asks for another media type than JSON, e.g. `application/pdf`.
    #[allow(dead_code)] // only generated crates with non-JSON responses call it
    pub(crate) fn with_accept(self, mime: &'static str) -> Self {
        self.modify(|parts| {
            let value = HeaderValue::from_str(mime)
                .map_err(|_| Error::invalid_request(format!("invalid media type {mime:?}")))?;
            parts.headers.insert(ACCEPT, value);
            Ok(())
        })
    }

    /// Replaces the decoder, keeping the request (with its parameters encoded).
    fn with_decoder<U>(self, decode: Decoder<U>) -> Call<U> {
        let call = self.resolve();
        Call {
            client: call.client,
            request: call.request,
            options: call.options,
            decode,
            params: (),
            apply: no_params::<U>,
        }
    }

    /// Overrides the client's per-attempt timeout for this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Overrides the client's retry budget for this call (`0` disables retries).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.options.max_retries = Some(n);
        self
    }

    /// Sets a header on this call, replacing any header of that name (including the defaults).
    /// An invalid name or value makes the call fail when sent.
    pub fn header(self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let name = name.as_ref();
        let value = value.as_ref();
        self.modify(|parts| {
            let n = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::invalid_request(format!("invalid header name {name:?}")))?;
            // The value may be a secret: name the header only.
            let v = HeaderValue::from_str(value).map_err(|_| {
                Error::invalid_request(format!("invalid value for header {name:?}"))
            })?;
            parts.headers.insert(n, v);
            Ok(())
        })
    }

    /// Adds a query parameter this crate does not know about; `key` and `value` are
    /// percent-encoded when sent, so pass them unencoded (`filter[x]`, not `filter%5Bx%5D`).
    pub fn query(self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let (key, value) = (key.into(), value.into());
        self.modify(|parts| {
            parts.query.push((key, QueryValue::One(value)));
            Ok(())
        })
    }

    /// Returns the raw body bytes instead of decoding it.
    pub fn into_bytes(self) -> Call<Bytes> {
        self.with_decoder(crate::decode::bytes)
    }

    /// Returns the body as UTF-8 text instead of decoding it.
    pub fn into_text(self) -> Call<String> {
        self.with_decoder(crate::decode::text)
    }

    /// Decodes the JSON body as `U` instead, e.g. your own type for an undocumented endpoint.
    pub fn into_json<U: DeserializeOwned>(self) -> Call<U> {
        self.with_decoder(crate::decode::json::<U>)
    }

    /// Sends the request (retrying as configured) and decodes the body.
    pub async fn send(self) -> Result<T, Error> {
        self.send_with_response().await.map(|r| r.data)
    }

    /// Like [`send`](Call::send), but also returns the status and headers.
    pub async fn send_with_response(self) -> Result<ApiResponse<T>, Error> {
        let call = self.resolve();
        let parts = call.request?;
        let raw = execute(&call.client, &parts, call.options).await?;
        decode_response(raw, call.decode)
    }
}

impl Call<serde_json::Value> {
    /// Sends `body` as JSON (`content-type: application/json`).
    pub fn json_body<B: Serialize + ?Sized>(self, body: &B) -> Self {
        self.with_json(body)
    }

    /// Sends a body of any media type. A streaming body can be sent only once, so a call
    /// carrying one is never retried.
    pub fn body(self, body: reqwest::Body, content_type: impl AsRef<str>) -> Self {
        let content_type = content_type.as_ref();
        self.modify(|parts| {
            let ct = HeaderValue::from_str(content_type).map_err(|_| {
                Error::invalid_request(format!("invalid content type {content_type:?}"))
            })?;
            parts.headers.insert(CONTENT_TYPE, ct);
            parts.body = Some(match body.as_bytes() {
                Some(b) => RequestBody::Bytes(Bytes::copy_from_slice(b)),
                None => RequestBody::OneShot(Arc::new(Mutex::new(Some(body)))),
            });
            Ok(())
        })
    }
}

impl<T: Send + 'static, P: Send + 'static> IntoFuture for Call<T, P> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Shows the method and path only: headers and query values may carry secrets.
impl<T, P> fmt::Debug for Call<T, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Call");
        match &self.request {
            Ok(parts) => s.field("method", &parts.method).field("path", &parts.path),
            Err(e) => s.field("error", e),
        };
        s.finish_non_exhaustive()
    }
}

/// Decodes a successful response; a failure carries the path, status and a body snippet.
pub(crate) fn decode_response<T>(
    raw: RawResponse,
    decode: Decoder<T>,
) -> Result<ApiResponse<T>, Error> {
    match decode(&raw.body) {
        Ok(data) => Ok(ApiResponse {
            status: raw.status,
            headers: raw.headers,
            data,
        }),
        Err(failure) => Err(Error::Decode {
            status: raw.status,
            path: failure.path().to_owned(),
            message: failure.message().to_owned(),
            body_snippet: body_snippet(&raw.body),
            request_id: request_id(&raw.headers),
        }),
    }
}

/// Why an attempt failed.
enum Failure {
    Connection(reqwest::Error),
    Timeout,
    Status(RawResponse),
}

/// Sends the request, retrying per `retry`, and returns the first successful response.
pub(crate) async fn execute(
    client: &Client,
    parts: &RequestParts,
    options: CallOptions,
) -> Result<RawResponse, Error> {
    let inner = client.inner();
    let max_retries = options.max_retries.unwrap_or(inner.max_retries);
    let timeout = options.timeout.unwrap_or(inner.timeout);
    let (url, headers, secret_in_url) = build_request(client, parts)?;

    let mut retries = 0;
    loop {
        let attempt = retries + 1;
        let (body, replayable) = match &parts.body {
            None => (None, true),
            Some(RequestBody::Bytes(b)) => (Some(reqwest::Body::from(b.clone())), true),
            Some(RequestBody::OneShot(slot)) => {
                // A poisoned lock only means another attempt panicked mid-take: treat as sent.
                match slot.lock().ok().and_then(|mut s| s.take()) {
                    Some(b) => (Some(b), false),
                    None => {
                        return Err(Error::invalid_request(
                            "the streaming request body was already sent and cannot be replayed",
                        ));
                    }
                }
            }
        };
        let mut request = inner
            .http
            .request(parts.method.clone(), url.clone())
            .headers(headers.clone());
        match body {
            Some(body) => request = request.body(body),
            // Without a body reqwest sends no framing at all; a POST, PUT or PATCH without a
            // length is refused (411) by some proxies, so say it is empty.
            None if [Method::POST, Method::PUT, Method::PATCH].contains(&parts.method) => {
                request = request.header(CONTENT_LENGTH, HeaderValue::from_static("0"));
            }
            None => {}
        }

        let started = Instant::now();
        let result = tokio::time::timeout(timeout, async {
            let mut response = request.send().await?;
            let status = response.status();
            let headers = std::mem::take(response.headers_mut());
            let body = response.bytes().await?;
            Ok::<_, reqwest::Error>(RawResponse {
                status,
                headers,
                body,
            })
        })
        .await;
        let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);

        let failure = match result {
            Ok(Ok(raw)) if raw.status.is_success() => {
                tracing::debug!(
                    method = %parts.method, path = %parts.path, attempt,
                    status = raw.status.as_u16(), elapsed_ms, "request succeeded"
                );
                return Ok(raw);
            }
            Ok(Ok(raw)) => Failure::Status(raw),
            // A request reqwest cannot even build will not get better by retrying.
            Ok(Err(e)) if e.is_builder() => {
                return Err(Error::invalid_request(format!(
                    "cannot build the request: {e}"
                )));
            }
            Ok(Err(e)) if e.is_timeout() => Failure::Timeout,
            Ok(Err(e)) => Failure::Connection(e),
            Err(_elapsed) => Failure::Timeout,
        };
        let (outcome, server_headers) = match &failure {
            Failure::Connection(_) => (Outcome::Connection, None),
            Failure::Timeout => (Outcome::Timeout, None),
            Failure::Status(raw) => (
                Outcome::Status(raw.status, &raw.headers),
                Some(&raw.headers),
            ),
        };
        let status = match &failure {
            Failure::Status(raw) => raw.status.as_u16(),
            _ => 0,
        };
        tracing::debug!(
            method = %parts.method, path = %parts.path, attempt, status, elapsed_ms,
            timed_out = matches!(failure, Failure::Timeout), "request failed"
        );

        if replayable && retry::should_retry(outcome, retries, max_retries) {
            let wait = retry::delay(
                server_headers,
                retries,
                inner.backoff,
                SystemTime::now(),
                retry::random_jitter(),
            );
            tracing::info!(
                method = %parts.method, path = %parts.path, attempt, status,
                delay_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                "retrying request"
            );
            // Dropping the call's future here cancels the wait and the call.
            tokio::time::sleep(wait).await;
            retries += 1;
            continue;
        }

        return Err(match failure {
            // reqwest's message shows the URL, which then holds a credential.
            Failure::Connection(e) if secret_in_url => Error::connection(e.without_url()),
            Failure::Connection(e) => Error::connection(e),
            Failure::Timeout => Error::Timeout { timeout },
            Failure::Status(raw) => {
                ApiError::from_response(raw.status, raw.headers, &raw.body).into()
            }
        });
    }
}

/// `base + path + ?query`, with the query encoded here and only here.
fn build_url(
    base: &str,
    parts: &RequestParts,
    credentials: &[(String, QueryValue)],
) -> Result<reqwest::Url, Error> {
    let mut url = format!("{base}{}", parts.path);
    if !parts.query.is_empty() || !credentials.is_empty() {
        let all: Vec<(String, QueryValue)> =
            parts.query.iter().chain(credentials).cloned().collect();
        url.push(if parts.path.contains('?') { '&' } else { '?' });
        url.push_str(&query::encode(&all));
    }
    reqwest::Url::parse(&url)
        .map_err(|e| Error::invalid_request(format!("invalid URL for path {:?}: {e}", parts.path)))
}

/// The URL and headers every attempt sends, and whether a credential is in the URL.
fn build_request(
    client: &Client,
    parts: &RequestParts,
) -> Result<(reqwest::Url, HeaderMap, bool), Error> {
    let inner = client.inner();
    let mut headers = inner.default_headers.clone();
    let mut query = Vec::new();
    let requirement = parts.security.unwrap_or(crate::meta::SECURITY);
    let applied = inner
        .credentials
        .apply(requirement, &mut headers, &mut query)?;
    let url = build_url(parts.server.unwrap_or(&inner.base_url), parts, &query)?;
    Ok((url, build_headers(headers, parts), applied.secret_in_url))
}

/// Client defaults and credentials (`headers`), then user agent, then this call's own headers.
fn build_headers(mut headers: HeaderMap, parts: &RequestParts) -> HeaderMap {
    headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
    for (name, value) in &parts.headers {
        headers.insert(name.clone(), value.clone());
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, Serialize)]
    struct ListParams {
        #[serde(skip_serializing_if = "Option::is_none")]
        size: Option<u32>,
        #[serde(skip)]
        note: Option<String>,
    }

    fn with_list_params(call: Call<Bytes>, p: ListParams) -> Call<Bytes> {
        let call = call.with_query(&p);
        match &p.note {
            Some(n) => call.with_json(n),
            None => call,
        }
    }

    #[test]
    fn parameters_set_after_the_call_is_built_are_encoded_when_it_is_sent() {
        let call = Call::new(
            &client(),
            Method::POST,
            Ok("/l".into()),
            crate::decode::bytes,
        )
        .with_params(ListParams::default(), with_list_params)
        .map_params(|p| p.size = Some(5))
        .header("x-a", "1")
        .map_params(|p| p.note = Some("n".into()));
        assert_eq!(call.params.size, Some(5), "not encoded before it is sent");
        let call = call.resolve();
        let sent = parts(&call);
        assert_eq!(
            sent.query,
            [("size".to_owned(), QueryValue::One("5".into()))]
        );
        assert_eq!(sent.headers["x-a"], "1");
        assert!(matches!(&sent.body, Some(RequestBody::Bytes(b)) if &b[..] == b"\"n\""));
        // Another decoder keeps what was set.
        let text = Call::new(
            &client(),
            Method::GET,
            Ok("/l".into()),
            crate::decode::bytes,
        )
        .with_params(ListParams::default(), with_list_params)
        .map_params(|p| p.size = Some(9))
        .into_text();
        assert_eq!(
            parts(&text).query,
            [("size".to_owned(), QueryValue::One("9".into()))]
        );
    }

    fn client() -> Client {
        crate::client::ClientBuilder::new(crate::auth::test_credentials("k"))
            .base_url("http://127.0.0.1:9/v2/")
            .build()
            .unwrap()
    }

    fn parts<T>(call: &Call<T>) -> &RequestParts {
        call.request.as_ref().unwrap()
    }

    #[test]
    fn url_has_encoded_query() {
        let call = Call::new(
            &client(),
            Method::GET,
            Ok("/orders".into()),
            crate::decode::empty,
        )
        .with_query(&serde_json::json!({"filter": {"id": ["a", "b c"]}, "page": {"size": 2}}))
        .query("x[y]", "1&2");
        let url = build_url(&client().inner().base_url, parts(&call), &[]).unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9/v2/orders?filter%5Bid%5D=a,b%20c&page%5Bsize%5D=2&x%5By%5D=1%262"
        );
        let raw = client().request(Method::GET, "/x?a=1").query("b", "2");
        let url = build_url(&client().inner().base_url, parts(&raw), &[]).unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:9/v2/x?a=1&b=2");
    }

    #[test]
    fn headers_layering() {
        let c = crate::client::ClientBuilder::new(crate::auth::test_credentials("secret-key"))
            .default_header("x-team", "a")
            .build()
            .unwrap();
        let call = Call::new(&c, Method::POST, Ok("/p".into()), crate::decode::empty)
            .with_json(&serde_json::json!({"a": 1}))
            .with_accept("application/pdf")
            .header("x-team", "b");
        let (_, h, _) = build_request(&c, parts(&call)).unwrap();
        // Whatever the document's default credentials are, their headers are marked sensitive.
        for name in [reqwest::header::AUTHORIZATION, reqwest::header::COOKIE] {
            assert!(h.get(&name).is_none_or(HeaderValue::is_sensitive), "{name}");
        }
        assert_eq!(h["accept"], "application/pdf");
        assert_eq!(h["content-type"], "application/json");
        assert_eq!(h["x-team"], "b");
        assert_eq!(h["user-agent"], USER_AGENT_VALUE);
        assert!(USER_AGENT_VALUE.contains('/'));
        match &parts(&call).body {
            Some(RequestBody::Bytes(b)) => assert_eq!(&b[..], br#"{"a":1}"#),
            other => panic!("unexpected body {other:?}"),
        }
    }

    #[tokio::test]
    async fn invalid_pieces_fail_on_send_not_before() {
        let c = client();
        let bad_header = c
            .request(Method::GET, "/x")
            .header("bad name", "v")
            .query("a", "b");
        assert!(matches!(
            bad_header.await,
            Err(Error::InvalidRequest { .. })
        ));
        let bad_value = c
            .request(Method::GET, "/x")
            .header("x-secret", "a\nb-secret");
        let err = bad_value.await.unwrap_err();
        assert!(!err.to_string().contains("b-secret"), "{err}");
        let bad_path = Call::new(
            &c,
            Method::GET,
            crate::path::render(&["/a/"], &[".."]),
            crate::decode::empty,
        );
        assert!(matches!(
            bad_path.timeout(Duration::from_secs(1)).await,
            Err(Error::InvalidRequest { .. })
        ));
        #[derive(Serialize)]
        struct Q {
            x: Vec<Vec<u8>>,
        }
        let bad_query = c
            .request(Method::GET, "/x")
            .with_query(&Q { x: vec![vec![1]] });
        assert!(matches!(bad_query.await, Err(Error::InvalidRequest { .. })));
    }

    #[test]
    fn streaming_body_is_one_shot_and_bytes_body_replayable() {
        let c = client();
        let streaming = c
            .request(Method::POST, "/x")
            .body(reqwest::Body::wrap(String::from("chunk")), "text/plain");
        assert!(matches!(
            parts(&streaming).body,
            Some(RequestBody::OneShot(_))
        ));
        let fixed = c
            .request(Method::POST, "/x")
            .body(reqwest::Body::from("abc"), "text/plain");
        assert!(matches!(&parts(&fixed).body, Some(RequestBody::Bytes(b)) if &b[..] == b"abc"));
        assert_eq!(parts(&fixed).headers["content-type"], "text/plain");
    }

    #[test]
    fn form_bytes_and_header_params() {
        let c = client();
        let call = Call::new(&c, Method::POST, Ok("/f".into()), crate::decode::empty)
            .with_form(&serde_json::json!({"To": "+1", "Tags": ["a", "b"]}))
            .with_header_param("Idempotency-Key", Some("k-1"), false)
            .with_header_param("x-absent", None::<&str>, false)
            .with_header_param("x-number", Some(7), false);
        let p = parts(&call);
        assert_eq!(
            p.headers["content-type"],
            "application/x-www-form-urlencoded"
        );
        assert_eq!(p.headers["idempotency-key"], "k-1");
        assert_eq!(p.headers["x-number"], "7");
        assert!(!p.headers.contains_key("x-absent"));
        assert!(
            matches!(&p.body, Some(RequestBody::Bytes(b)) if &b[..] == b"To=%2B1&Tags=a&Tags=b")
        );

        let call = Call::new(&c, Method::PUT, Ok("/b".into()), crate::decode::empty)
            .with_bytes(Bytes::from_static(b"\x00raw"), "application/octet-stream");
        let p = parts(&call);
        assert_eq!(p.headers["content-type"], "application/octet-stream");
        assert!(matches!(&p.body, Some(RequestBody::Bytes(b)) if &b[..] == b"\x00raw"));

        let bad = Call::new(&c, Method::POST, Ok("/f".into()), crate::decode::empty)
            .with_form(&serde_json::json!({"x": [{"a": 1}]}));
        assert!(bad.request.is_err());
    }

    #[test]
    fn cookie_params_share_one_cookie_header() {
        let c = client();
        let call = Call::new(&c, Method::GET, Ok("/c".into()), crate::decode::empty)
            .with_cookie_param("session", Some("s 1"), true)
            .with_cookie_param("absent", None::<&str>, true)
            .with_cookie_param("ids", Some(&[1, 2]), false);
        assert_eq!(parts(&call).headers["cookie"], "session=s%201; ids=1,2");
        let nested = Call::new(&c, Method::GET, Ok("/c".into()), crate::decode::empty)
            .with_header_param("x-nested", Some(&serde_json::json!([[1]])), false);
        assert!(nested.request.is_err());
    }

    #[test]
    fn multipart_bodies_are_encoded_once_and_replayable() {
        struct Upload {
            name: &'static str,
            file: FilePart,
            extra: Vec<FilePart>,
        }
        impl ToMultipart for Upload {
            fn to_multipart(&self, form: &mut MultipartForm) -> Result<(), Error> {
                form.text_fields(&serde_json::json!({"name": self.name, "tags": ["x", "y"]}))?;
                form.files("file", std::iter::once(&self.file));
                form.files("extra", &self.extra);
                form.files("none", None);
                Ok(())
            }
        }
        let upload = Upload {
            name: "a\"b",
            file: FilePart::new(&b"PDF"[..])
                .file_name("document.pdf")
                .content_type("application/pdf"),
            extra: vec![FilePart::new(Bytes::from_static(b"1"))],
        };
        let call = Call::new(
            &client(),
            Method::POST,
            Ok("/u".into()),
            crate::decode::empty,
        )
        .with_multipart(&upload);
        let p = parts(&call);
        let ct = p.headers["content-type"].to_str().unwrap();
        let boundary = ct.strip_prefix("multipart/form-data; boundary=").unwrap();
        let Some(RequestBody::Bytes(body)) = &p.body else {
            panic!("multipart body must be replayable bytes");
        };
        let want = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\na\"b\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nx\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\ny\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"document.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\nPDF\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"extra\"; filename=\"extra\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n1\r\n\
             --{b}--\r\n",
            b = boundary
        );
        assert_eq!(std::str::from_utf8(body).unwrap(), want);
        assert_eq!(quote_param("a\"b\r\nc"), "a%22b%0D%0Ac");
    }

    #[test]
    fn call_future_is_send() {
        fn check<F: Future + Send + 'static>(_: F) {}
        let c = client();
        check(c.request(Method::GET, "/x").into_future());
        check(c.request(Method::GET, "/x").into_bytes().send());
    }
}
