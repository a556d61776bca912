//! Retries, backoff, Retry-After and timeouts against a local server.

mod support;

use std::time::{Duration, Instant};

use client_runtime::{ApiErrorKind, Client, Error};
use reqwest::Method;
use serde_json::{Value, json};
use support::{Reply, TestServer, client};

fn ok() -> Reply {
    Reply::json(200, json!({"data": {"id": "ok"}}))
}

#[tokio::test]
async fn rate_limit_honours_retry_after_ms() {
    let server = TestServer::start(|_, i| {
        if i == 0 {
            Reply::json(429, json!({"errors": []})).header("retry-after-ms", "150")
        } else {
            ok()
        }
    })
    .await;
    // Backoff of 20 s: only the server's 150 ms can make this finish quickly.
    let client = Client::builder("k")
        .base_url(&server.base_url)
        .backoff(Duration::from_secs(20), Duration::from_secs(20))
        .build()
        .unwrap();
    let started = Instant::now();
    let body: Value =
        tokio::time::timeout(Duration::from_secs(5), client.request(Method::GET, "/x"))
            .await
            .expect("retry-after-ms was not honoured")
            .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(body["data"]["id"], "ok");
    assert!(elapsed >= Duration::from_millis(150), "{elapsed:?}");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let server = TestServer::start(|_, i| {
        if i == 0 {
            Reply::json(503, json!({})).header("retry-after", "1")
        } else {
            ok()
        }
    })
    .await;
    let started = Instant::now();
    client(&server).request(Method::GET, "/x").await.unwrap();
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(1000), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[tokio::test]
async fn unavailable_twice_then_success() {
    let server = TestServer::start(|_, i| {
        if i < 2 {
            Reply::json(503, json!({}))
        } else {
            ok()
        }
    })
    .await;
    let body = client(&server).request(Method::GET, "/x").await.unwrap();
    assert_eq!(body["data"]["id"], "ok");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn server_error_three_times_gives_up_after_three_attempts() {
    let server = TestServer::start(|_, _| {
        Reply::json(
            500,
            json!({"errors": [{"code": "10000", "title": "Internal error"}]}),
        )
    })
    .await;
    let err = client(&server)
        .request(Method::GET, "/x")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), Some(ApiErrorKind::InternalServer));
    assert_eq!(
        err.api_error().unwrap().errors[0].code.as_deref(),
        Some("10000")
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn retry_budget_is_configurable_per_client_and_call() {
    let server = TestServer::start(|_, _| Reply::json(502, json!({}))).await;
    let c = client(&server);
    c.request(Method::GET, "/x")
        .max_retries(0)
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 1);
    c.request(Method::GET, "/x")
        .max_retries(4)
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 6);
    let c = Client::builder("k")
        .base_url(&server.base_url)
        .max_retries(1)
        .backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .unwrap();
    c.request(Method::GET, "/x").await.unwrap_err();
    assert_eq!(server.requests().len(), 8);
}

#[tokio::test]
async fn slow_response_times_out_then_succeeds() {
    let server = TestServer::start(|_, i| {
        if i == 0 {
            ok().delayed(Duration::from_secs(3))
        } else {
            ok()
        }
    })
    .await;
    let started = Instant::now();
    let body = client(&server)
        .request(Method::GET, "/x")
        .timeout(Duration::from_millis(200))
        .await
        .unwrap();
    assert_eq!(body["data"]["id"], "ok");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn timeouts_exhaust_into_a_timeout_error() {
    let server = TestServer::start(|_, _| ok().delayed(Duration::from_secs(3))).await;
    let client = Client::builder("k")
        .base_url(&server.base_url)
        .timeout(Duration::from_millis(100))
        .max_retries(1)
        .backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .unwrap();
    let err = client.request(Method::GET, "/x").await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.to_string(), "request timed out after 100 ms");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn connection_reset_is_retried() {
    let server = TestServer::start(|_, i| if i == 0 { Reply::Reset } else { ok() }).await;
    let body = client(&server).request(Method::GET, "/x").await.unwrap();
    assert_eq!(body["data"]["id"], "ok");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn connection_refused_is_a_connection_error() {
    // Bind then release a port so nothing listens on it.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = Client::builder("k")
        .base_url(format!("http://127.0.0.1:{port}"))
        .backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .unwrap();
    let err = client.request(Method::GET, "/x").await.unwrap_err();
    assert!(err.is_connection(), "{err:?}");
    assert!(std::error::Error::source(&err).is_some());
}

#[tokio::test]
async fn should_retry_false_header_prevents_retry() {
    let server =
        TestServer::start(|_, _| Reply::json(500, json!({})).header("x-should-retry", "false"))
            .await;
    let err = client(&server)
        .request(Method::GET, "/x")
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn should_retry_true_header_forces_retry() {
    let server = TestServer::start(|_, i| {
        if i == 0 {
            Reply::json(400, json!({})).header("x-should-retry", "true")
        } else {
            ok()
        }
    })
    .await;
    client(&server).request(Method::GET, "/x").await.unwrap();
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = TestServer::start(|_, _| Reply::json(404, json!({}))).await;
    let err = client(&server)
        .request(Method::GET, "/x")
        .await
        .unwrap_err();
    assert_eq!(err.kind(), Some(ApiErrorKind::NotFound));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn streaming_body_is_never_retried() {
    let server = TestServer::start(|_, _| Reply::json(503, json!({}))).await;
    let err = client(&server)
        .request(Method::POST, "/upload")
        .body(reqwest::Body::wrap(String::from("streamed")), "text/plain")
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].body, b"streamed");

    // A body given as bytes is replayable, so it is retried with the same content.
    let server = TestServer::start(|_, i| {
        if i == 0 {
            Reply::json(503, json!({}))
        } else {
            ok()
        }
    })
    .await;
    client(&server)
        .request(Method::POST, "/upload")
        .body(reqwest::Body::from("fixed"), "text/plain")
        .await
        .unwrap();
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert!(reqs.iter().all(|r| r.body == b"fixed"));
}

#[tokio::test]
async fn decode_failures_are_not_retried() {
    let server = TestServer::start(|_, _| Reply::raw(200, "application/json", b"{not json")).await;
    let err = client(&server)
        .request(Method::GET, "/x")
        .await
        .unwrap_err();
    assert!(err.is_decode(), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn dropping_the_call_cancels_the_retry_wait() {
    let server =
        TestServer::start(|_, _| Reply::json(503, json!({})).header("retry-after-ms", "30000"))
            .await;
    let call = client(&server).request(Method::GET, "/x");
    let started = Instant::now();
    let outcome = tokio::time::timeout(Duration::from_millis(300), call).await;
    assert!(
        outcome.is_err(),
        "the call should still be waiting to retry"
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn error_type_is_send_sync() {
    fn check<T: Send + Sync + 'static>() {}
    check::<Error>();
}
