//! Auto-pagination against a local server: carried filters and every stop condition.

mod support;

use std::time::Duration;

use client_runtime::pagination::{PageInfo, Paged, StreamExt, TryStreamExt};
use client_runtime::{Error, ListCall};
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;
use support::{Reply, TestServer, client};

#[derive(Debug, Deserialize)]
struct OrderPage {
    data: Vec<Order>,
    meta: Option<Meta>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Order {
    id: String,
}

#[derive(Debug, Deserialize)]
struct Meta {
    page_number: Option<i64>,
    total_pages: Option<i64>,
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
        self.meta.as_ref().map(|m| PageInfo {
            page_number: m.page_number,
            total_pages: m.total_pages,
        })
    }
}

fn page_of(req: &support::Recorded) -> i64 {
    req.query("page[number]")
        .and_then(|n| n.parse().ok())
        .unwrap_or(1)
}

/// A list call with a filter and a page size, as a generated `list()` would build it.
fn list(server: &TestServer) -> ListCall<OrderPage> {
    client(server)
        .request(Method::GET, "/porting_orders")
        .query("filter[status]", "in-process")
        .query("page[size]", "2")
        .into_json::<OrderPage>()
        .paginate(client_runtime::pagination::Scheme::page_number(
            "page[number]",
        ))
}

/// Fails instead of hanging if pagination does not stop.
async fn bounded<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), f)
        .await
        .expect("pagination did not stop")
}

#[tokio::test]
async fn three_pages_carry_filters_and_size() {
    let server = TestServer::start(|req, _| {
        let n = page_of(req);
        Reply::json(
            200,
            json!({
                "data": [{"id": format!("{n}a")}, {"id": format!("{n}b")}],
                "meta": {"page_number": n, "page_size": 2, "total_pages": 3, "total_results": 6}
            }),
        )
    })
    .await;
    let ids: Vec<String> = bounded(list(&server).items().map_ok(|o| o.id).try_collect())
        .await
        .unwrap();
    assert_eq!(ids, ["1a", "1b", "2a", "2b", "3a", "3b"]);

    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    let pages: Vec<_> = reqs.iter().map(|r| r.query("page[number]")).collect();
    assert_eq!(pages, [None, Some("2"), Some("3")]);
    for r in &reqs {
        assert_eq!(r.path, "/v2/porting_orders");
        assert_eq!(r.query("filter[status]"), Some("in-process"));
        assert_eq!(r.query("page[size]"), Some("2"));
        assert!(
            r.target.contains("filter%5Bstatus%5D=in-process"),
            "{}",
            r.target
        );
    }
}

#[tokio::test]
async fn pages_stream_exposes_meta() {
    let server = TestServer::start(|req, _| {
        let n = page_of(req);
        Reply::json(
            200,
            json!({"data": [{"id": "x"}], "meta": {"page_number": n, "total_pages": 2}}),
        )
    })
    .await;
    let pages: Vec<OrderPage> = bounded(list(&server).pages().try_collect()).await.unwrap();
    let numbers: Vec<_> = pages
        .iter()
        .map(|p| p.page_info().unwrap().page_number)
        .collect();
    assert_eq!(numbers, [Some(1), Some(2)]);
}

#[tokio::test]
async fn stops_when_page_number_reaches_total_pages() {
    // The server claims page 4 of 3 right away: one request only.
    let server = TestServer::start(|_, _| {
        Reply::json(
            200,
            json!({"data": [{"id": "a"}], "meta": {"page_number": 4, "total_pages": 3}}),
        )
    })
    .await;
    let items: Vec<_> = bounded(list(&server).items().collect::<Vec<_>>()).await;
    assert_eq!(items.len(), 1);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn stops_on_an_empty_page() {
    let server = TestServer::start(|req, _| {
        let n = page_of(req);
        let data = if n == 1 {
            json!([{"id": "a"}, {"id": "b"}])
        } else {
            json!([])
        };
        Reply::json(
            200,
            json!({"data": data, "meta": {"page_number": n, "total_pages": 50}}),
        )
    })
    .await;
    let ids: Vec<String> = bounded(list(&server).items().map_ok(|o| o.id).try_collect())
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn missing_meta_does_not_loop() {
    let server = TestServer::start(|_, _| Reply::json(200, json!({"data": [{"id": "a"}]}))).await;
    let items: Vec<_> = bounded(list(&server).items().collect::<Vec<_>>()).await;
    assert_eq!(items.len(), 1);
    assert_eq!(server.requests().len(), 1);

    // Meta present but without total_pages: same.
    let server = TestServer::start(|_, _| {
        Reply::json(
            200,
            json!({"data": [{"id": "a"}], "meta": {"page_number": 1}}),
        )
    })
    .await;
    let items: Vec<_> = bounded(list(&server).items().collect::<Vec<_>>()).await;
    assert_eq!(items.len(), 1);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn server_ignoring_page_number_is_bounded_by_total_pages() {
    let server = TestServer::start(|_, _| {
        Reply::json(
            200,
            json!({"data": [{"id": "a"}], "meta": {"page_number": 1, "total_pages": 3}}),
        )
    })
    .await;
    let items: Vec<_> = bounded(list(&server).items().collect::<Vec<_>>()).await;
    assert_eq!(items.len(), 3);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn an_error_mid_way_is_yielded_and_ends_the_stream() {
    let server = TestServer::start(|req, _| {
        if page_of(req) == 2 {
            return Reply::json(
                404,
                json!({"errors": [{"code": "10005", "title": "Not found"}]}),
            );
        }
        Reply::json(
            200,
            json!({"data": [{"id": "a"}], "meta": {"page_number": 1, "total_pages": 3}}),
        )
    })
    .await;
    let results: Vec<Result<Order, Error>> = bounded(list(&server).items().collect()).await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    let err = results[1].as_ref().unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn awaiting_a_list_call_fetches_the_first_page_only() {
    let server = TestServer::start(|_, _| {
        Reply::json(
            200,
            json!({"data": [{"id": "a"}], "meta": {"page_number": 1, "total_pages": 9}}),
        )
        .header("x-request-id", "rid-1")
    })
    .await;
    let page = list(&server).await.unwrap();
    assert_eq!(page.data, [Order { id: "a".into() }]);
    let response = list(&server).send_with_response().await.unwrap();
    assert_eq!(response.request_id(), Some("rid-1"));
    assert_eq!(server.requests().len(), 2);
}
