//! Copied into the generated `openai_pagination` fixture crate as `tests/wire.rs` by
//! `xtask/tests/pagination_wire.rs`: each cursor list walks three pages of a local server.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::Uri;
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use fixture_openai_pagination::Client;
use fixture_openai_pagination::pagination::TryStreamExt;
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

/// Every request target the server saw, in order.
type Seen = Arc<Mutex<Vec<String>>>;

fn record(seen: &Seen, uri: &Uri) {
    seen.lock().expect("lock").push(uri.to_string());
}

/// Page `n` (1-based) of three: two ids each.
fn ids(prefix: &str, n: usize) -> [String; 2] {
    [
        format!("{prefix}{}", 2 * n - 1),
        format!("{prefix}{}", 2 * n),
    ]
}

fn page_of(cursor: Option<&str>, cursors: [&str; 2]) -> usize {
    match cursor {
        None => 1,
        Some(c) if c == cursors[0] => 2,
        Some(c) if c == cursors[1] => 3,
        Some(other) => panic!("unexpected cursor {other}"),
    }
}

async fn files(State(seen): State<Seen>, uri: Uri) -> Answer {
    record(&seen, &uri);
    let n = page_of(query(&uri, "after"), ["f2", "f4"]);
    let [a, b] = ids("f", n);
    answer(json!({
        "object": "list",
        "data": [{"id": a, "bytes": 1}, {"id": b, "bytes": 2}],
        "first_id": a, "last_id": b, "has_more": n < 3
    }))
}

async fn jobs(State(seen): State<Seen>, uri: Uri) -> Answer {
    record(&seen, &uri);
    let n = page_of(query(&uri, "after"), ["j2", "j4"]);
    let [a, b] = ids("j", n);
    answer(json!({"object": "list", "data": [{"id": a}, {"id": b}], "has_more": n < 3}))
}

async fn usage(State(seen): State<Seen>, uri: Uri) -> Answer {
    record(&seen, &uri);
    let n = page_of(query(&uri, "page"), ["p2", "p3"]);
    let next = match n {
        1 => json!("p2"),
        2 => json!("p3"),
        _ => Value::Null,
    };
    answer(json!({
        "object": "page",
        "data": [{"start_time": n}],
        "has_more": n < 3,
        "next_page": next
    }))
}

async fn start() -> (Client, Seen) {
    let seen = Seen::default();
    let router = Router::new()
        .route("/files", get(files))
        .route("/fine_tuning/jobs", get(jobs))
        .route("/organization/usage/completions", get(usage))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .build()
        .expect("client");
    (client, seen)
}

fn seen(seen: &Seen) -> Vec<String> {
    seen.lock().expect("lock").clone()
}

#[tokio::test]
async fn files_follow_last_id_until_has_more_is_false() {
    let (client, log) = start().await;
    let files: Vec<_> = client
        .files()
        .list()
        .purpose("batch")
        .page_size(2)
        .items()
        .try_collect()
        .await
        .expect("every page");
    let ids: Vec<_> = files.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["f1", "f2", "f3", "f4", "f5", "f6"]);
    assert_eq!(
        seen(&log),
        [
            "/files?purpose=batch&limit=2",
            "/files?purpose=batch&limit=2&after=f2",
            "/files?purpose=batch&limit=2&after=f4",
        ]
    );
}

#[tokio::test]
async fn jobs_follow_the_last_items_id() {
    let (client, log) = start().await;
    let jobs: Vec<_> = client
        .fine_tuning()
        .jobs()
        .list()
        .items()
        .try_collect()
        .await
        .expect("every page");
    let ids: Vec<_> = jobs.iter().map(|j| j.id.as_str()).collect();
    assert_eq!(ids, ["j1", "j2", "j3", "j4", "j5", "j6"]);
    assert_eq!(
        seen(&log),
        [
            "/fine_tuning/jobs",
            "/fine_tuning/jobs?after=j2",
            "/fine_tuning/jobs?after=j4",
        ]
    );
}

#[tokio::test]
async fn usage_follows_next_page() {
    let (client, log) = start().await;
    let pages: Vec<_> = client
        .organization()
        .usage()
        .completions()
        .list()
        .pages()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(pages.len(), 3);
    assert!(!pages[2].has_more);
    assert_eq!(
        seen(&log),
        [
            "/organization/usage/completions",
            "/organization/usage/completions?page=p2",
            "/organization/usage/completions?page=p3",
        ]
    );
}

#[tokio::test]
async fn awaiting_a_list_fetches_one_page() {
    let (client, log) = start().await;
    let first = client.files().list().await.expect("page");
    assert_eq!(first.data.len(), 2);
    assert!(first.has_more);
    assert_eq!(seen(&log).len(), 1);
}
