//! Connection reuse and prefetch, against a keep-alive server that counts TCP connections.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use client_runtime::pagination::{PageInfo, Paged, StreamExt, TryStreamExt};
use client_runtime::{Client, ListCall};
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;
use support::{Recorded, Reply, TestServer};

const PAGES: i64 = 200;

#[derive(Debug, Deserialize)]
struct OrderPage {
    data: Vec<Order>,
    meta: Meta,
}

#[derive(Debug, Deserialize)]
struct Order {
    id: String,
}

#[derive(Debug, Deserialize)]
struct Meta {
    page_number: i64,
    total_pages: i64,
}

impl Paged for OrderPage {
    type Item = Order;
    fn into_items(self) -> Vec<Order> {
        self.data
    }
    fn item_count(&self) -> usize {
        self.data.len()
    }
    fn page_info(&self) -> Option<PageInfo> {
        Some(PageInfo {
            page_number: Some(self.meta.page_number),
            total_pages: Some(self.meta.total_pages),
        })
    }
}

/// Pages decoded as [`CountedPage`]; only the cancellation test uses that type.
static DECODED: AtomicUsize = AtomicUsize::new(0);

/// A page that counts its decodings, to tell whether a cancelled fetch still ran to the end.
#[derive(Debug, Deserialize)]
struct CountedPage {
    #[serde(deserialize_with = "counted")]
    meta: Meta,
}

fn counted<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Meta, D::Error> {
    let meta = Meta::deserialize(d)?;
    DECODED.fetch_add(1, Ordering::SeqCst);
    Ok(meta)
}

impl Paged for CountedPage {
    type Item = ();
    fn into_items(self) -> Vec<()> {
        Vec::new()
    }
    fn item_count(&self) -> usize {
        1
    }
    fn page_info(&self) -> Option<PageInfo> {
        Some(PageInfo {
            page_number: Some(self.meta.page_number),
            total_pages: Some(self.meta.total_pages),
        })
    }
}

fn page_of(req: &Recorded) -> i64 {
    req.query("page[number]")
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

/// Orders per page: enough that a body arrives in several reads and takes a while to decode,
/// as a real page of porting orders does.
const PER_PAGE: usize = 100;

/// Page `n` of `total`.
fn page(n: i64, total: i64) -> Reply {
    let note = "x".repeat(400);
    let data: Vec<_> = (0..PER_PAGE)
        .map(|i| json!({ "id": format!("{n}-{i}"), "note": note }))
        .collect();
    Reply::json(
        200,
        json!({ "data": data, "meta": { "page_number": n, "total_pages": total } }),
    )
}

fn list<P: Paged>(server: &TestServer) -> ListCall<P> {
    Client::builder("test-key-123")
        .base_url(&server.base_url)
        .build()
        .expect("client")
        .request(Method::GET, "/porting_orders")
        .into_json::<P>()
        .paginate(client_runtime::pagination::Scheme::page_number(
            "page[number]",
        ))
}

async fn walk_all_pages() {
    let server = TestServer::keep_alive(|req, _| page(page_of(req), PAGES)).await;
    let items: Vec<Order> = list::<OrderPage>(&server)
        .items()
        .try_collect()
        .await
        .expect("all items");
    assert_eq!(items.len(), PER_PAGE * PAGES as usize);
    assert_eq!(
        items[items.len() - 1].id,
        format!("{PAGES}-{}", PER_PAGE - 1)
    );
    assert_eq!(server.requests().len(), PAGES as usize);
    let connections = server.connections();
    assert!(
        (1..=2).contains(&connections),
        "{PAGES} sequential pages opened {connections} connections"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn sequential_pages_reuse_the_connection_on_a_current_thread_runtime() {
    walk_all_pages().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sequential_pages_reuse_the_connection_on_a_multi_thread_runtime() {
    walk_all_pages().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_next_page_is_fetched_one_page_ahead_and_cancelled_on_drop() {
    // Page 2 answers slowly, so its request is still in flight when the stream is dropped.
    let server = TestServer::keep_alive(|req, _| {
        let n = page_of(req);
        let reply = page(n, 5);
        if n == 2 {
            reply.delayed(Duration::from_millis(1000))
        } else {
            reply
        }
    })
    .await;
    let mut pages = list::<CountedPage>(&server).pages();
    let first = pages.next().await.expect("a page").expect("page 1");
    assert_eq!(first.meta.page_number, 1);
    // While the caller holds page 1, page 2 is requested, and nothing further.
    for _ in 0..500 {
        if server.requests().len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let asked: Vec<i64> = server.requests().iter().map(page_of).collect();
    assert_eq!(asked, [1, 2]);
    assert_eq!(
        DECODED.load(Ordering::SeqCst),
        1,
        "page 2 is still on its way"
    );
    drop(pages);
    // Had the fetch of page 2 survived the drop, page 2 would be decoded once it arrives.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        DECODED.load(Ordering::SeqCst),
        1,
        "the dropped fetch went on"
    );
    let asked: Vec<i64> = server.requests().iter().map(page_of).collect();
    assert_eq!(asked, [1, 2]);
}

#[tokio::test(flavor = "current_thread")]
async fn nothing_is_requested_until_the_stream_is_polled() {
    let server = TestServer::keep_alive(|req, _| page(page_of(req), 3)).await;
    let pages = list::<OrderPage>(&server).pages();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(server.requests().is_empty());
    drop(pages);
}
