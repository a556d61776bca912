//! The cursor and next-link schemes and `page_size`, against a local server: what each page
//! request sends and when the walk stops.

mod support;

use std::time::Duration;

use client_runtime::Error;
use client_runtime::pagination::{Paged, Scheme, StreamExt, TryStreamExt};
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;
use support::{Reply, TestServer, client};

/// An OpenAI-style page: `data`, `last_id`, `has_more`.
#[derive(Debug, Deserialize)]
struct CursorPage {
    data: Vec<Item>,
    last_id: Option<String>,
    has_more: Option<bool>,
}

#[derive(Debug, Deserialize)]
struct Item {
    id: String,
}

impl Paged for CursorPage {
    type Item = Item;
    fn into_items(self) -> Vec<Item> {
        self.data
    }
    fn item_count(&self) -> usize {
        self.data.len()
    }
    fn next_cursor(&self) -> Option<String> {
        if self.has_more == Some(false) {
            return None;
        }
        self.last_id.clone()
    }
}

/// A Twilio-style page: the items array, and `next_page_uri`.
#[derive(Debug, Deserialize)]
struct LinkPage {
    calls: Vec<Item>,
    next_page_uri: Option<String>,
}

impl Paged for LinkPage {
    type Item = Item;
    fn into_items(self) -> Vec<Item> {
        self.calls
    }
    fn item_count(&self) -> usize {
        self.calls.len()
    }
    fn next_url(&self) -> Option<&str> {
        self.next_page_uri.as_deref()
    }
}

async fn bounded<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), f)
        .await
        .expect("pagination did not stop")
}

fn ids<T: std::fmt::Debug>(results: &[Result<Item, T>]) -> Vec<String> {
    results
        .iter()
        .map(|r| r.as_ref().expect("item").id.clone())
        .collect()
}

fn cursor_list(server: &TestServer) -> client_runtime::ListCall<CursorPage> {
    client(server)
        .request(Method::GET, "/files")
        .query("purpose", "batch")
        .query("limit", "2")
        .into_json::<CursorPage>()
        .paginate(Scheme::cursor("after").with_page_size("limit"))
}

/// Three pages: `after` carries the previous page's `last_id` until `has_more` is false.
fn three_cursor_pages(req: &support::Recorded) -> Reply {
    let (ids, more) = match req.query("after") {
        None => (["1", "2"], true),
        Some("2") => (["3", "4"], true),
        _ => (["5", "6"], false),
    };
    Reply::json(
        200,
        json!({"data": [{"id": ids[0]}, {"id": ids[1]}], "last_id": ids[1], "has_more": more}),
    )
}

#[tokio::test]
async fn cursor_walks_three_pages_until_has_more_is_false() {
    let server = TestServer::start(|req, _| three_cursor_pages(req)).await;
    let items: Vec<_> = bounded(cursor_list(&server).items().collect()).await;
    assert_eq!(ids(&items), ["1", "2", "3", "4", "5", "6"]);
    let reqs = server.requests();
    let after: Vec<_> = reqs.iter().map(|r| r.query("after")).collect();
    assert_eq!(after, [None, Some("2"), Some("4")]);
    for r in &reqs {
        assert_eq!(r.query("purpose"), Some("batch"));
        assert_eq!(r.query("limit"), Some("2"));
    }
}

#[tokio::test]
async fn page_size_replaces_the_size_on_every_page_request() {
    let server = TestServer::start(|req, _| three_cursor_pages(req)).await;
    let items: Vec<_> = bounded(cursor_list(&server).page_size(100).items().collect()).await;
    assert_eq!(items.len(), 6);
    for r in server.requests() {
        assert_eq!(r.query("limit"), Some("100"), "{}", r.target);
        assert_eq!(r.target.matches("limit=").count(), 1, "{}", r.target);
    }
}

#[tokio::test]
async fn page_size_without_a_size_key_fails_before_sending() {
    let server = TestServer::start(|req, _| three_cursor_pages(req)).await;
    let list = client(&server)
        .request(Method::GET, "/files")
        .into_json::<CursorPage>()
        .paginate(Scheme::cursor("after"))
        .page_size(10);
    let results: Vec<_> = bounded(list.items().collect()).await;
    assert_eq!(results.len(), 1);
    let Err(Error::InvalidRequest { message }) = &results[0] else {
        panic!("expected InvalidRequest, got {:?}", results[0]);
    };
    assert!(message.contains("page-size"), "{message}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn cursor_stops_when_absent_or_repeated() {
    // No `has_more`, and the cursor never changes: the second page is the last one asked for.
    let server =
        TestServer::start(|_, _| Reply::json(200, json!({"data": [{"id": "a"}], "last_id": "a"})))
            .await;
    let items: Vec<_> = bounded(cursor_list(&server).items().collect()).await;
    assert_eq!(items.len(), 2);
    assert_eq!(server.requests().len(), 2);

    let server = TestServer::start(|_, _| {
        Reply::json(
            200,
            json!({"data": [{"id": "a"}], "last_id": null, "has_more": true}),
        )
    })
    .await;
    let items: Vec<_> = bounded(cursor_list(&server).items().collect()).await;
    assert_eq!(items.len(), 1);
    assert_eq!(server.requests().len(), 1);
}

fn link_list(server: &TestServer) -> client_runtime::ListCall<LinkPage> {
    client(server)
        .request(Method::GET, "/Accounts/AC1/Calls.json")
        .query("Status", "completed")
        .header("x-trace", "t1")
        .into_json::<LinkPage>()
        .paginate(Scheme::next_url().with_page_size("PageSize"))
        .page_size(2)
}

#[tokio::test]
async fn next_links_relative_and_absolute_are_followed_as_given() {
    let server = TestServer::start(|req, _| {
        let (ids, next) = match req.query("Page") {
            None => (
                ["1", "2"],
                json!("/v2/Accounts/AC1/Calls.json?Page=1&PageSize=2&PageToken=PA%2F1"),
            ),
            // An absolute link to the same server.
            Some("1") => (
                ["3", "4"],
                json!(format!(
                    "http://{}/v2/Accounts/AC1/Calls.json?Page=2&PageSize=2",
                    req.header("host").unwrap_or_default()
                )),
            ),
            _ => (["5", "6"], json!(null)),
        };
        Reply::json(
            200,
            json!({"calls": [{"id": ids[0]}, {"id": ids[1]}], "next_page_uri": next}),
        )
    })
    .await;
    let items: Vec<_> = bounded(link_list(&server).items().collect()).await;
    assert_eq!(ids(&items), ["1", "2", "3", "4", "5", "6"]);
    let reqs = server.requests();
    let targets: Vec<_> = reqs.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "/v2/Accounts/AC1/Calls.json?Status=completed&PageSize=2",
            "/v2/Accounts/AC1/Calls.json?Page=1&PageSize=2&PageToken=PA%2F1",
            "/v2/Accounts/AC1/Calls.json?Page=2&PageSize=2",
        ]
    );
    for r in &reqs {
        assert_eq!(r.header("x-trace"), Some("t1"));
    }
}

#[tokio::test]
async fn a_link_off_the_base_url_is_refused_after_its_page() {
    for link in ["http://elsewhere.invalid/v2/x", "/other/x", "/v22/x"] {
        let server = TestServer::start(move |_, _| {
            Reply::json(200, json!({"calls": [{"id": "a"}], "next_page_uri": link}))
        })
        .await;
        let results: Vec<_> = bounded(link_list(&server).items().collect()).await;
        assert_eq!(results.len(), 2, "{link}");
        assert!(results[0].is_ok());
        let Err(Error::InvalidRequest { message }) = &results[1] else {
            panic!("expected InvalidRequest for {link}, got {:?}", results[1]);
        };
        assert!(message.contains("not under the base URL"), "{message}");
        assert_eq!(server.requests().len(), 1);
    }
}

#[tokio::test]
async fn a_repeated_or_empty_link_ends_the_walk() {
    let server = TestServer::start(|_, _| {
        Reply::json(
            200,
            json!({"calls": [{"id": "a"}], "next_page_uri": "/v2/same"}),
        )
    })
    .await;
    let items: Vec<_> = bounded(link_list(&server).items().try_collect::<Vec<_>>())
        .await
        .expect("items");
    assert_eq!(items.len(), 2);
    assert_eq!(server.requests().len(), 2);

    let server = TestServer::start(|_, _| {
        Reply::json(200, json!({"calls": [{"id": "a"}], "next_page_uri": ""}))
    })
    .await;
    let items: Vec<_> = bounded(link_list(&server).items().collect()).await;
    assert_eq!(items.len(), 1);
    assert_eq!(server.requests().len(), 1);
}
