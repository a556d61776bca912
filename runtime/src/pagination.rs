//! Auto-pagination of list endpoints: a stream of items or of whole pages.
//!
//! Streams are consumed with [`StreamExt`] / [`TryStreamExt`], re-exported here:
//!
//! ```text
//! use my_client::pagination::TryStreamExt;
//! let all: Vec<_> = client.orders().list().items().try_collect().await?;
//! ```

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::stream;
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::call::{Call, CallOptions, Decoder, RequestParts, decode_response, execute};
use crate::client::Client;
use crate::error::Error;
use crate::query::QueryValue;
use crate::response::ApiResponse;

pub use futures_core::Stream;
pub use futures_util::{StreamExt, TryStreamExt};

/// Where a page sits in the whole list, from the response's `meta`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageInfo {
    /// The number of this page, starting at 1.
    pub page_number: Option<i64>,
    /// How many pages the list has.
    pub total_pages: Option<i64>,
}

/// A list response that pagination can walk; implemented by generated list-response types.
/// Each implements the one method its [`Scheme`] reads; the others say "no next page".
pub trait Paged: DeserializeOwned + Send + 'static {
    /// One element of the list.
    type Item: Send + 'static;
    /// The elements of this page.
    fn into_items(self) -> Vec<Self::Item>;
    /// How many elements this page holds.
    fn item_count(&self) -> usize;
    /// Page number and page count ([`Scheme::page_number`]), if the response carried them.
    fn page_info(&self) -> Option<PageInfo> {
        None
    }
    /// The cursor that asks for the next page ([`Scheme::cursor`]); `None` on the last page.
    fn next_cursor(&self) -> Option<String> {
        None
    }
    /// The next page's URL, absolute or relative ([`Scheme::next_url`]); `None` on the last.
    fn next_url(&self) -> Option<&str> {
        None
    }
}

/// How a list endpoint asks for its next page, and which query key sets its page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    advance: Advance,
    size_key: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Advance {
    PageNumber(&'static str),
    Cursor(&'static str),
    NextUrl,
}

impl Scheme {
    /// Numbered pages: the next request repeats this one with the page number in `key`
    /// (e.g. `page[number]`), until [`Paged::page_info`] says the last page was reached.
    pub const fn page_number(key: &'static str) -> Scheme {
        Scheme {
            advance: Advance::PageNumber(key),
            size_key: None,
        }
    }

    /// A cursor: the next request repeats this one with [`Paged::next_cursor`] in `key`
    /// (e.g. `after`), until there is none.
    pub const fn cursor(key: &'static str) -> Scheme {
        Scheme {
            advance: Advance::Cursor(key),
            size_key: None,
        }
    }

    /// A next-page link: the next request is a GET of [`Paged::next_url`], as the server gave
    /// it (its query replaces this request's), until there is none. The URL must lie under the
    /// client's base URL, so the credentials never go to another host.
    pub const fn next_url() -> Scheme {
        Scheme {
            advance: Advance::NextUrl,
            size_key: None,
        }
    }

    /// The query key [`ListCall::page_size`] sets, e.g. `page[size]` or `limit`.
    pub const fn with_page_size(mut self, key: &'static str) -> Scheme {
        self.size_key = Some(key);
        self
    }
}

/// A call to a list endpoint: await it for the first page, or walk all pages with
/// [`items`](ListCall::items) or [`pages`](ListCall::pages). Later pages repeat the same
/// request (filters, page size, extra headers and query) with the next page number or cursor;
/// with a next-page link they request that link, with the same headers.
///
/// `Q` holds the operation's optional parameters, filled in by the generated setters.
#[must_use = "a ListCall does nothing until it is awaited or streamed"]
pub struct ListCall<P: Paged, Q = ()> {
    call: Call<P, Q>,
    scheme: Scheme,
    /// Set last, after the parameters are encoded, so it wins over any size they carry.
    page_size: Option<u32>,
}

impl<P: Paged, Q> Call<P, Q> {
    /// Turns this call into a paginated one that follows `scheme`. Public so an undocumented
    /// list endpoint reached through `Client::request` can be walked too, with your own
    /// [`Paged`] type.
    pub fn paginate(self, scheme: Scheme) -> ListCall<P, Q> {
        ListCall {
            call: self,
            scheme,
            page_size: None,
        }
    }
}

impl<P: Paged, Q> ListCall<P, Q> {
    /// Changes the parameters a generated setter sets.
    #[allow(dead_code)] // not every generated crate has list operations with parameters
    pub(crate) fn map_params(mut self, set: impl FnOnce(&mut Q)) -> Self {
        self.call = self.call.map_params(set);
        self
    }

    /// Every item of every page, fetching pages as the stream is polled (the next page is
    /// fetched while this one's items are consumed). After an error the stream ends.
    pub fn items(self) -> impl Stream<Item = Result<P::Item, Error>> + Send + Unpin + 'static {
        // Each page's own `Vec` is handed over as it is: items are moved out, never copied.
        Box::pin(self.pages().flat_map(|page| {
            let (items, error) = match page {
                Ok(page) => (page.into_items(), None),
                Err(e) => (Vec::new(), Some(e)),
            };
            stream::iter(items.into_iter().map(Ok).chain(error.map(Err)))
        }))
    }

    /// Every page with its `meta`. While the caller holds a page, the next one is already
    /// being fetched, one page ahead at most; dropping the stream cancels that fetch. After an
    /// error the stream ends.
    pub fn pages(self) -> impl Stream<Item = Result<P, Error>> + Send + Unpin + 'static {
        let scheme = self.scheme;
        let Call {
            client,
            request,
            options,
            decode,
            ..
        } = self.finish();
        let first = request.map(|parts| Pager {
            position: Position::start(scheme, &parts),
            client,
            parts,
            options,
            decode,
            scheme,
        });
        // The first page is fetched when the stream is first polled, like any stream's work.
        let start = match first {
            Ok(pager) => Some(Prefetch::Inline(Box::pin(pager.fetch()))),
            Err(e) => Some(Prefetch::ready(Err(e))),
        };
        Box::pin(stream::unfold(start, |state| async move {
            let (page, next) = state?.await;
            // Start the next request now, so it runs while the caller works on this page.
            let next = next.map(|pager| match pager {
                Ok(pager) => Prefetch::start(pager),
                Err(e) => Prefetch::ready(Err(e)),
            });
            Some((page, next))
        }))
    }

    /// Fetches the first page only.
    pub async fn send(self) -> Result<P, Error> {
        self.finish().send().await
    }

    /// Fetches the first page only, with status and headers.
    pub async fn send_with_response(self) -> Result<ApiResponse<P>, Error> {
        self.finish().send_with_response().await
    }

    /// The first page's call: parameters encoded, then the page size.
    fn finish(self) -> Call<P> {
        let mut call = self.call.resolve();
        match (self.page_size, self.scheme.size_key, &mut call.request) {
            (None, _, _) | (Some(_), Some(_), Err(_)) => {}
            (Some(n), Some(key), Ok(parts)) => set_query(parts, key, n.to_string()),
            (Some(_), None, request) => {
                *request = Err(Error::invalid_request(
                    "page_size: this list endpoint declares no page-size parameter",
                ));
            }
        }
        call
    }

    /// Asks for `n` items per page, replacing any size set before, on every page request (a
    /// next-page link carries the size the server chose). A list whose scheme has no page-size
    /// key fails with [`Error::InvalidRequest`] instead of sending a size the server ignores.
    pub fn page_size(mut self, n: u32) -> Self {
        self.page_size = Some(n);
        self
    }

    /// Overrides the client's per-attempt timeout for every page request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.call = self.call.timeout(timeout);
        self
    }

    /// Overrides the client's retry budget for every page request.
    pub fn max_retries(mut self, n: u32) -> Self {
        self.call = self.call.max_retries(n);
        self
    }

    /// Sets a header on every page request; see [`Call::header`].
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.call = self.call.header(name, value);
        self
    }

    /// Adds a query parameter to every page request; see [`Call::query`].
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.call = self.call.query(key, value);
        self
    }
}

impl<P: Paged, Q: Send + 'static> IntoFuture for ListCall<P, Q> {
    type Output = Result<P, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<P, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<P: Paged, Q> fmt::Debug for ListCall<P, Q> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ListCall")
            .field("call", &self.call)
            .field("scheme", &self.scheme)
            .finish()
    }
}

/// The state between two page requests.
struct Pager<P> {
    client: Client,
    parts: RequestParts,
    options: CallOptions,
    decode: Decoder<P>,
    scheme: Scheme,
    /// What the next request asks for.
    position: Position,
}

/// Where the walk stands: what the latest request asked for, to stop a server that repeats
/// itself from making the walk loop forever.
enum Position {
    /// The page number asked for.
    Number(i64),
    /// The cursor sent, if any.
    Cursor(Option<String>),
    /// The link followed, if any.
    Url(Option<String>),
}

impl Position {
    fn start(scheme: Scheme, parts: &RequestParts) -> Position {
        match scheme.advance {
            Advance::PageNumber(key) => Position::Number(current_page(parts, key)),
            Advance::Cursor(key) => Position::Cursor(query_value(parts, key).map(str::to_owned)),
            Advance::NextUrl => Position::Url(None),
        }
    }
}

/// A page and, if there is one, the pager for the page after it (or why it cannot be asked for).
type Fetched<P> = (Result<P, Error>, Option<Result<Pager<P>, Error>>);

impl<P: Paged> Pager<P> {
    /// Fetches the requested page; returns the pager for the following page, if there is one.
    async fn fetch(mut self) -> Fetched<P> {
        let page = match execute(&self.client, &self.parts, self.options).await {
            Ok(raw) => match decode_response(raw, self.decode) {
                Ok(response) => response.data,
                Err(e) => return (Err(e), None),
            },
            Err(e) => return (Err(e), None),
        };
        let next = match self.advance(&page) {
            Ok(true) => Some(Ok(self)),
            Ok(false) => None,
            Err(e) => Some(Err(e)),
        };
        (Ok(page), next)
    }

    /// Points the request at the page after `page`; false when `page` was the last.
    fn advance(&mut self, page: &P) -> Result<bool, Error> {
        if page.item_count() == 0 {
            return Ok(false);
        }
        match (&mut self.position, self.scheme.advance) {
            (Position::Number(requested), Advance::PageNumber(key)) => {
                let Some(next) = next_page(*requested, page.page_info(), page.item_count()) else {
                    return Ok(false);
                };
                set_query(&mut self.parts, key, next.to_string());
                *requested = next;
            }
            (Position::Cursor(sent), Advance::Cursor(key)) => {
                let Some(cursor) = page.next_cursor().filter(|c| !c.is_empty()) else {
                    return Ok(false);
                };
                if sent.as_deref() == Some(cursor.as_str()) {
                    return Ok(false);
                }
                set_query(&mut self.parts, key, cursor.clone());
                *sent = Some(cursor);
            }
            (Position::Url(followed), Advance::NextUrl) => {
                let Some(url) = page.next_url().filter(|u| !u.is_empty()) else {
                    return Ok(false);
                };
                if followed.as_deref() == Some(url) {
                    return Ok(false);
                }
                self.parts.path = link_path(self.client.base_url(), &self.parts.path, url)?;
                self.parts.query.clear();
                *followed = Some(url.to_owned());
            }
            // `Position::start` pairs each position with its scheme.
            _ => return Ok(false),
        }
        Ok(true)
    }
}

/// The path and query (below the base URL) of a next-page link, resolved against the current
/// request's URL. A link elsewhere is refused: following it would send the credentials there.
fn link_path(base: &str, current_path: &str, link: &str) -> Result<String, Error> {
    let invalid = |why: String| Error::invalid_request(format!("next page link {link:?}: {why}"));
    let base_url = reqwest::Url::parse(base).map_err(|e| invalid(e.to_string()))?;
    let current = reqwest::Url::parse(&format!("{base}{current_path}"))
        .map_err(|e| invalid(e.to_string()))?;
    let target = current.join(link).map_err(|e| invalid(e.to_string()))?;
    let prefix = base_url.path().trim_end_matches('/');
    let rest = target
        .path()
        .strip_prefix(prefix)
        .filter(|rest| rest.is_empty() || rest.starts_with('/'));
    let (Some(rest), true) = (rest, target.origin() == base_url.origin()) else {
        return Err(invalid(format!("it is not under the base URL {base}")));
    };
    let mut path = if rest.is_empty() {
        "/".to_owned()
    } else {
        rest.to_owned()
    };
    if let Some(query) = target.query() {
        path.push('?');
        path.push_str(query);
    }
    Ok(path)
}

/// A page fetch that has started: a task on the current Tokio runtime, so it proceeds (on a
/// multi-thread runtime, in parallel) while the caller consumes the previous page. Dropping it
/// aborts the task. Outside a runtime the fetch runs when awaited instead.
enum Prefetch<P: Paged> {
    Task(tokio::task::JoinHandle<Fetched<P>>),
    Inline(Pin<Box<dyn Future<Output = Fetched<P>> + Send>>),
}

impl<P: Paged> Prefetch<P> {
    fn start(pager: Pager<P>) -> Self {
        match tokio::runtime::Handle::try_current() {
            // The task keeps the caller's tracing span, so its request logs stay attributed.
            Ok(runtime) => Prefetch::Task(
                runtime.spawn(
                    async move {
                        // hyper hands the previous page's connection back to its pool from a task
                        // of its own; yielding once lets that run, so this request reuses the
                        // connection instead of racing it with a new one.
                        tokio::task::yield_now().await;
                        pager.fetch().await
                    }
                    .in_current_span(),
                ),
            ),
            Err(_) => Prefetch::Inline(Box::pin(pager.fetch())),
        }
    }

    fn ready(result: Result<P, Error>) -> Self {
        Prefetch::Inline(Box::pin(std::future::ready((result, None))))
    }
}

impl<P: Paged> Drop for Prefetch<P> {
    fn drop(&mut self) {
        if let Prefetch::Task(task) = self {
            task.abort();
        }
    }
}

impl<P: Paged> Future for Prefetch<P> {
    type Output = Fetched<P>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Fetched<P>> {
        match self.get_mut() {
            Prefetch::Inline(fetch) => fetch.as_mut().poll(cx),
            Prefetch::Task(task) => match Pin::new(task).poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Ok(fetched)) => Poll::Ready(fetched),
                // The fetch panicked: the panic belongs to whoever polls the stream.
                Poll::Ready(Err(e)) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                // Only a runtime shutting down cancels a task we did not abort ourselves.
                Poll::Ready(Err(_)) => Poll::Ready((
                    Err(Error::invalid_request(
                        "the page request was cancelled: the Tokio runtime is shutting down",
                    )),
                    None,
                )),
            },
        }
    }
}

/// The page to ask for after page `requested`, or `None` when the list is done: `meta` or one
/// of its numbers missing, the last page reached, or an empty page. The next number always
/// grows and never passes `total_pages`, so a server that ignores the page parameter cannot
/// make this loop forever.
pub(crate) fn next_page(requested: i64, info: Option<PageInfo>, item_count: usize) -> Option<i64> {
    let info = info?;
    let number = info.page_number?;
    let total = info.total_pages?;
    if item_count == 0 {
        return None;
    }
    let current = number.max(requested);
    if current >= total {
        return None;
    }
    current.checked_add(1)
}

/// The page number the request already asks for (1 when it names none).
fn current_page(parts: &RequestParts, key: &str) -> i64 {
    query_value(parts, key)
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1)
}

/// The last single value the request sends under `key`.
fn query_value<'a>(parts: &'a RequestParts, key: &str) -> Option<&'a str> {
    parts
        .query
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| match v {
            QueryValue::One(s) => Some(s.as_str()),
            QueryValue::List(_) => None,
        })
}

/// Sets a query key, replacing any value the caller gave.
fn set_query(parts: &mut RequestParts, key: &str, value: String) {
    parts.query.retain(|(k, _)| k != key);
    parts.query.push((key.to_owned(), QueryValue::One(value)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;

    fn info(n: Option<i64>, t: Option<i64>) -> Option<PageInfo> {
        Some(PageInfo {
            page_number: n,
            total_pages: t,
        })
    }

    #[test]
    fn next_page_rules() {
        assert_eq!(next_page(1, info(Some(1), Some(3)), 2), Some(2));
        assert_eq!(next_page(2, info(Some(2), Some(3)), 2), Some(3));
        assert_eq!(next_page(3, info(Some(3), Some(3)), 2), None);
        assert_eq!(next_page(1, info(Some(5), Some(3)), 2), None);
        assert_eq!(next_page(1, info(Some(1), Some(3)), 0), None, "empty page");
        assert_eq!(next_page(1, None, 2), None, "meta missing");
        assert_eq!(next_page(1, info(None, Some(3)), 2), None);
        assert_eq!(next_page(1, info(Some(1), None), 2), None);
        assert_eq!(next_page(1, info(Some(1), Some(0)), 2), None);
        assert_eq!(
            next_page(i64::MAX, info(Some(i64::MAX - 1), Some(i64::MAX)), 1),
            None
        );
    }

    #[test]
    fn server_ignoring_page_number_cannot_loop_forever() {
        // The server always answers "page 1 of 4": we still stop after asking for page 4.
        let mut requested = 1;
        let mut asked = vec![requested];
        while let Some(next) = next_page(requested, info(Some(1), Some(4)), 10) {
            requested = next;
            asked.push(next);
            assert!(asked.len() < 10);
        }
        assert_eq!(asked, [1, 2, 3, 4]);
    }

    #[test]
    fn page_number_replaces_the_callers() {
        let client = crate::client::ClientBuilder::new(crate::auth::test_credentials("k"))
            .build()
            .unwrap();
        let call = client
            .request(Method::GET, "/l")
            .query("page[number]", "3")
            .query("page[size]", "2");
        let mut parts = call.request.unwrap();
        assert_eq!(current_page(&parts, "page[number]"), 3);
        set_query(&mut parts, "page[number]", "4".into());
        assert_eq!(
            parts.query,
            [
                ("page[size]".to_owned(), QueryValue::One("2".into())),
                ("page[number]".to_owned(), QueryValue::One("4".into())),
            ]
        );
        assert_eq!(current_page(&parts, "page[other]"), 1);
    }

    struct Empty;
    impl<'de> serde::Deserialize<'de> for Empty {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            serde::de::IgnoredAny::deserialize(d).map(|_| Empty)
        }
    }
    impl Paged for Empty {
        type Item = ();
        fn into_items(self) -> Vec<()> {
            Vec::new()
        }
        fn item_count(&self) -> usize {
            0
        }
    }

    #[tokio::test]
    async fn a_request_error_ends_the_stream_after_one_item() {
        let client = crate::client::ClientBuilder::new(crate::auth::test_credentials("k"))
            .build()
            .unwrap();
        let list = client
            .request(Method::GET, "/l")
            .header("bad header", "x")
            .into_json::<Empty>()
            .paginate(Scheme::page_number("page[number]"));
        let results: Vec<_> = list.pages().collect().await;
        assert_eq!(results.len(), 1);
        assert!(matches!(results[0], Err(Error::InvalidRequest { .. })));
    }
}
