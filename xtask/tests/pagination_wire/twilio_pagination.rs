//! Copied into the generated `twilio_pagination` fixture crate as `tests/wire.rs` by
//! `xtask/tests/pagination_wire.rs`: a list walks three pages of a local server by following
//! each page's `next_page_uri`, relative and then absolute.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::Uri;
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use fixture_twilio_pagination::Client;
use fixture_twilio_pagination::pagination::TryStreamExt;
use serde_json::{Value, json};

/// A JSON answer (the crate's axum has no `json` feature).
type Answer = ([(axum::http::HeaderName, &'static str); 1], String);

fn answer(body: Value) -> Answer {
    ([(CONTENT_TYPE, "application/json")], body.to_string())
}

/// A query parameter's raw value.
fn query<'a>(uri: &'a Uri, key: &str) -> Option<&'a str> {
    uri.query()?
        .split('&')
        .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
}

#[derive(Clone, Default)]
struct Server {
    /// Every request target, in order.
    seen: Arc<Mutex<Vec<String>>>,
    /// `http://host:port`, for absolute links.
    base: Arc<Mutex<String>>,
}

async fn calls(State(server): State<Server>, uri: Uri) -> Answer {
    server.seen.lock().expect("lock").push(uri.to_string());
    let n: u32 = query(&uri, "Page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    let path = "/2010-04-01/Accounts/AC1/Calls.json";
    let next = match n {
        0 => json!(format!("{path}?Page=1&PageSize=2&PageToken=PA1")),
        1 => {
            let base = server.base.lock().expect("lock").clone();
            json!(format!("{base}{path}?Page=2&PageSize=2&PageToken=PA2"))
        }
        _ => Value::Null,
    };
    let sids = [format!("CA{}", 2 * n + 1), format!("CA{}", 2 * n + 2)];
    answer(json!({
        "calls": [{"sid": sids[0], "status": "completed"}, {"sid": sids[1], "status": null}],
        "start": 2 * n, "end": 2 * n + 1, "page": n, "page_size": 2,
        "first_page_uri": format!("{path}?Page=0&PageSize=2"),
        "previous_page_uri": null,
        "next_page_uri": next,
        "uri": uri.to_string()
    }))
}

async fn start() -> (Client, Server) {
    let server = Server::default();
    let router = Router::new()
        .route("/2010-04-01/Accounts/{sid}/Calls.json", get(calls))
        .with_state(server.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    *server.base.lock().expect("lock") = base.clone();
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    let client = Client::builder()
        .base_url(base)
        .build()
        .expect("client");
    (client, server)
}

#[tokio::test]
async fn calls_follow_next_page_uri_across_three_pages() {
    let (client, server) = start().await;
    let calls: Vec<_> = client
        ._2010_04_01()
        .accounts()
        .calls_json()
        .list("AC1")
        .status("completed")
        .page_size(2)
        .items()
        .try_collect()
        .await
        .expect("every page");
    let sids: Vec<_> = calls.iter().filter_map(|c| c.sid.as_deref()).collect();
    assert_eq!(sids, ["CA1", "CA2", "CA3", "CA4", "CA5", "CA6"]);
    let seen = server.seen.lock().expect("lock").clone();
    assert_eq!(
        seen,
        [
            "/2010-04-01/Accounts/AC1/Calls.json?Status=completed&PageSize=2",
            "/2010-04-01/Accounts/AC1/Calls.json?Page=1&PageSize=2&PageToken=PA1",
            "/2010-04-01/Accounts/AC1/Calls.json?Page=2&PageSize=2&PageToken=PA2",
        ]
    );
}
