//! The generated client end to end against an in-process server: pagination with values this
//! client does not know, a PDF byte for byte, a typed 422, the headers sent, and the shipped
//! examples run as programs while the server injects 429s and 5xx.

#[path = "../../runtime/tests/support/mod.rs"]
mod support;

use std::time::Duration;

use futures_util::TryStreamExt;
use serde_json::json;
use support::{Reply, TestServer};
use telnyx_porting::models::PortingOrderPageConsolidated;
use telnyx_porting::porting_orders::{ListFilter, ListParams};
use telnyx_porting::{ApiErrorKind, Client};

fn client(server: &TestServer) -> Client {
    Client::builder("key-for-tests")
        .base_url(&server.base_url)
        .backoff(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .expect("client builds")
}

fn order(id: &str, status: &str) -> serde_json::Value {
    json!({ "id": id, "record_type": "porting_order", "status": { "value": status, "details": [] },
            "phone_number_type": "local", "a_field_from_the_future": { "nested": true } })
}

fn page(number: i64, total: i64, ids: &[&str], status: &str) -> Reply {
    let data: Vec<_> = ids.iter().map(|id| order(id, status)).collect();
    Reply::json(
        200,
        json!({ "data": data, "meta": { "page_number": number, "page_size": 2, "total_pages": total, "total_results": 5 } }),
    )
}

#[tokio::test]
async fn list_pages_carry_filters_and_keep_unknown_values() {
    let server = TestServer::start(|req, _| match req.query("page[number]") {
        None | Some("1") => page(1, 3, &["a", "b"], "draft"),
        Some("2") => page(2, 3, &["c", "d"], "status-invented-tomorrow"),
        _ => page(3, 3, &["e"], "ported"),
    })
    .await;
    let params = ListParams {
        page: Some(PortingOrderPageConsolidated {
            size: Some(2),
            ..Default::default()
        }),
        filter: Some(ListFilter {
            customer_reference: Some("ref 1".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let orders: Vec<_> = client(&server)
        .porting_orders()
        .list(params)
        .items()
        .try_collect()
        .await
        .expect("all pages");
    let ids: Vec<_> = orders
        .iter()
        .map(|o| o.id.clone().unwrap_or_default())
        .collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    let unknown = orders[2]
        .status
        .as_ref()
        .and_then(|s| s.value.clone())
        .expect("status value");
    assert_eq!(unknown.as_str(), "status-invented-tomorrow");
    assert_eq!(
        serde_json::to_value(&unknown).expect("serializes"),
        json!("status-invented-tomorrow")
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for (i, r) in requests.iter().enumerate() {
        assert_eq!(r.path, "/v2/porting_orders");
        assert_eq!(r.query("page[size]"), Some("2"), "request {i}");
        assert_eq!(
            r.query("filter[customer_reference]"),
            Some("ref 1"),
            "request {i}"
        );
    }
    assert_eq!(requests[1].query("page[number]"), Some("2"));
    assert_eq!(requests[2].query("page[number]"), Some("3"));
}

#[tokio::test]
async fn loa_template_pdf_arrives_byte_for_byte() {
    let pdf: Vec<u8> = b"%PDF-1.7\n"
        .iter()
        .copied()
        .chain((0..=255u8).cycle().take(70_000))
        .collect();
    let served = pdf.clone();
    let server = TestServer::start(move |_, _| Reply::raw(200, "application/pdf", &served)).await;
    let bytes = client(&server)
        .porting_orders()
        .retrieve_loa_template("0b7d6e5c-7a1d-4c1b-9a37-3f0c1c2e4d51", Default::default())
        .await
        .expect("pdf");
    assert_eq!(bytes.as_ref(), pdf.as_slice());
    let r = &server.requests()[0];
    assert_eq!(
        r.path,
        "/v2/porting_orders/0b7d6e5c-7a1d-4c1b-9a37-3f0c1c2e4d51/loa_template"
    );
    assert_eq!(r.header("accept"), Some("application/pdf"));
    assert_eq!(r.header("authorization"), Some("Bearer key-for-tests"));
    assert!(
        r.header("user-agent")
            .is_some_and(|ua| ua.starts_with("telnyx-porting/")),
        "{:?}",
        r.header("user-agent")
    );
}

#[tokio::test]
async fn a_422_is_typed_with_the_telnyx_errors() {
    let server = TestServer::start(|_, _| {
        Reply::json(422, json!({ "errors": [ { "code": "10015", "title": "Invalid attribute",
            "detail": "phone_numbers must be E.164", "source": { "pointer": "/phone_numbers" } } ] }))
        .header("x-request-id", "req-42")
    })
    .await;
    let params = telnyx_porting::portability_checks::RunParams {
        phone_numbers: Some(vec!["12".into()]),
    };
    let err = client(&server)
        .portability_checks()
        .run(params)
        .await
        .expect_err("422");
    assert_eq!(err.kind(), Some(ApiErrorKind::UnprocessableEntity));
    assert_eq!(err.request_id(), Some("req-42"));
    let api = err.api_error().expect("api error");
    assert_eq!(api.errors[0].code.as_deref(), Some("10015"));
    assert_eq!(api.errors[0].pointer.as_deref(), Some("/phone_numbers"));
    let r = &server.requests()[0];
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&r.body).expect("json body"),
        json!({"phone_numbers": ["12"]})
    );
    assert_eq!(server.requests().len(), 1, "a 422 is not retried");
}

/// An example program, built by `cargo test` / `cargo build --examples` beside this test.
fn example(name: &str) -> std::path::PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let path = target.join("debug/examples").join(name);
    assert!(
        path.exists(),
        "{} is not built: run `cargo build -p telnyx-porting --examples` first",
        path.display()
    );
    path
}

async fn run(name: &str, server: &TestServer, args: &[&str]) -> std::process::Output {
    tokio::process::Command::new(example(name))
        .args(args)
        .env("TELNYX_API_KEY", "key-for-tests")
        .env("TELNYX_BASE_URL", &server.base_url)
        .output()
        .await
        .expect("example runs")
}

#[tokio::test]
async fn list_porting_orders_example_rides_through_faults() {
    // Every page is first refused with a 429 (retry-after-ms) and then a 503.
    let server = TestServer::start(|req, i| match i % 3 {
        0 => Reply::json(429, json!({"errors": []})).header("retry-after-ms", "5"),
        1 => Reply::json(503, json!({"errors": []})),
        _ => match req.query("page[number]") {
            None | Some("1") => page(1, 2, &["o-1", "o-2"], "draft"),
            _ => page(2, 2, &["o-3"], "ported"),
        },
    })
    .await;
    let out = run("list_porting_orders", &server, &[]).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout, "o-1\no-2\no-3\ntotal: 3\n");
    assert_eq!(server.requests().len(), 6);
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.query("page[size]") == Some("250"))
    );
}

#[tokio::test]
async fn download_loa_template_example_writes_the_pdf() {
    let server = TestServer::start(|_, i| match i {
        0 => Reply::json(500, json!({"errors": []})),
        _ => Reply::raw(200, "application/pdf", b"%PDF-1.4 tiny"),
    })
    .await;
    let dir = std::env::temp_dir().join(format!("loa-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("loa.pdf");
    let out = run(
        "download_loa_template",
        &server,
        &["order-1", file.to_str().expect("utf-8 path")],
    )
    .await;
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "13 bytes\n");
    assert_eq!(std::fs::read(&file).expect("written"), b"%PDF-1.4 tiny");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn examples_fail_with_one_line_on_stderr() {
    let server = TestServer::start(|_, _| {
        Reply::json(
            401,
            json!({"errors": [{"code": "10009", "title": "Authentication failed"}]}),
        )
    })
    .await;
    let out = run("list_porting_orders", &server, &[]).await;
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("401"), "{stderr}");
    let out = run("download_loa_template", &server, &["only-one-arg"]).await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: usage:"));
}
