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
pub trait Paged: DeserializeOwned + Send + 'static {
    /// One element of the list.
    type Item: Send + 'static;
    /// The elements of this page.
    fn into_items(self) -> Vec<Self::Item>;
    /// How many elements this page holds.
    fn item_count(&self) -> usize;
    /// Page number and page count, if the response carried its `meta`.
    fn page_info(&self) -> Option<PageInfo>;
}

/// A call to a list endpoint: await it for the first page, or walk all pages with
/// [`items`](ListCall::items) or [`pages`](ListCall::pages). Later pages repeat the same
/// request (filters, page size, extra headers and query) with the next page number.
#[must_use = "a ListCall does nothing until it is awaited or streamed"]
pub struct ListCall<P: Paged> {
    call: Call<P>,
    page_key: &'static str,
}

impl<P: Paged> Call<P> {
    /// Turns this call into a paginated one; `page_number_key` is the query key of the page
    /// number, e.g. `page[number]`. Public so an undocumented list endpoint reached through
    /// `Client::request` can be walked too, with your own [`Paged`] type.
    pub fn paginate(self, page_number_key: &'static str) -> ListCall<P> {
        ListCall {
            call: self,
            page_key: page_number_key,
        }
    }
}

impl<P: Paged> ListCall<P> {
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
        let Call {
            client,
            request,
            options,
            decode,
        } = self.call;
        let first = request.map(|parts| Pager {
            requested: current_page(&parts, self.page_key),
            client,
            parts,
            options,
            decode,
            page_key: self.page_key,
        });
        // The first page is fetched when the stream is first polled, like any stream's work.
        let start = match first {
            Ok(pager) => Some(Prefetch::Inline(Box::pin(pager.fetch()))),
            Err(e) => Some(Prefetch::ready(Err(e))),
        };
        Box::pin(stream::unfold(start, |state| async move {
            let (page, next) = state?.await;
            // Start the next request now, so it runs while the caller works on this page.
            Some((page, next.map(Prefetch::start)))
        }))
    }

    /// Fetches the first page only.
    pub async fn send(self) -> Result<P, Error> {
        self.call.send().await
    }

    /// Fetches the first page only, with status and headers.
    pub async fn send_with_response(self) -> Result<ApiResponse<P>, Error> {
        self.call.send_with_response().await
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

impl<P: Paged> IntoFuture for ListCall<P> {
    type Output = Result<P, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<P, Error>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<P: Paged> fmt::Debug for ListCall<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ListCall")
            .field("call", &self.call)
            .field("page_key", &self.page_key)
            .finish()
    }
}

/// The state between two page requests.
struct Pager<P> {
    client: Client,
    parts: RequestParts,
    options: CallOptions,
    decode: Decoder<P>,
    page_key: &'static str,
    /// The page number the next request asks for.
    requested: i64,
}

/// A page and the pager for the page after it, if there is one.
type Fetched<P> = (Result<P, Error>, Option<Pager<P>>);

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
        match next_page(self.requested, page.page_info(), page.item_count()) {
            Some(next) => {
                set_page(&mut self.parts, self.page_key, next);
                self.requested = next;
                (Ok(page), Some(self))
            }
            None => (Ok(page), None),
        }
    }
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
    parts
        .query
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| match v {
            QueryValue::One(s) => s.trim().parse().ok(),
            QueryValue::List(_) => None,
        })
        .unwrap_or(1)
}

/// Sets the page number, replacing any the caller gave.
fn set_page(parts: &mut RequestParts, key: &str, number: i64) {
    parts.query.retain(|(k, _)| k != key);
    parts
        .query
        .push((key.to_owned(), QueryValue::One(number.to_string())));
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
        set_page(&mut parts, "page[number]", 4);
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
        fn page_info(&self) -> Option<PageInfo> {
            None
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
            .paginate("page[number]");
        let results: Vec<_> = list.pages().collect().await;
        assert_eq!(results.len(), 1);
        assert!(matches!(results[0], Err(Error::InvalidRequest { .. })));
    }
}
