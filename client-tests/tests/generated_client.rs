//! The generated client end to end against an in-process server: pagination with values this
//! client does not know, a PDF byte for byte, a typed 422, the headers sent, and the shipped
//! examples run as programs while the server injects 429s and 5xx.

#[path = "../../runtime/tests/support/mod.rs"]
mod support;

use std::time::Duration;

use futures_util::TryStreamExt;
use serde_json::json;
use support::{Reply, TestServer};
use telnyx_porting::models::{
    PortingOrderDocuments, PortingOrderEndUser, PortingOrderEndUserAdmin,
    PortingOrderEndUserLocation, PortingOrderPageConsolidated,
    PortingOrderPhoneNumberConfiguration,
};
use telnyx_porting::porting_orders::ListFilter;
use telnyx_porting::{ApiErrorKind, Client, Nullable};

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
    let orders: Vec<_> = client(&server)
        .porting_orders()
        .list()
        .page(PortingOrderPageConsolidated::new().size(2))
        .filter(ListFilter::new().customer_reference("ref 1"))
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
        .retrieve_loa_template("0b7d6e5c-7a1d-4c1b-9a37-3f0c1c2e4d51")
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
    let err = client(&server)
        .portability_checks()
        .run()
        .phone_numbers(vec!["12".into()])
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

/// The calls of the JavaScript reference read as briefly in Rust: only what is required is an
/// argument, every optional parameter a setter, and each goes out as the document says.
#[tokio::test]
async fn optional_parameters_are_chained_setters() {
    let id = "0b7d6e5c-7a1d-4c1b-9a37-3f0c1c2e4d51";
    let server = TestServer::start(|req, _| {
        if req.path.ends_with("/loa_template") {
            Reply::raw(200, "application/pdf", b"%PDF-1.7")
        } else {
            page(1, 1, &["a"], "draft")
        }
    })
    .await;
    let client = client(&server);
    client
        .porting_orders()
        .retrieve(id)
        .include_phone_numbers(false)
        .into_json::<serde_json::Value>()
        .await
        .expect("retrieve");
    let mut orders = client.porting_orders().list().page_size(100).items();
    orders.try_next().await.expect("first order");
    drop(orders);
    client
        .porting_orders()
        .verification_codes()
        .send(id)
        .await
        .expect("send codes");
    let events = client.porting().events().list().await.expect("first page");
    assert!(events.data.is_some());
    let pdf = client
        .porting_orders()
        .retrieve_loa_template(id)
        .loa_configuration_id("5e1e9a5c-7d57-4c34-9a8c-9a7d1e5e2f10")
        .await
        .expect("pdf");
    assert_eq!(&pdf[..], b"%PDF-1.7");

    let reqs = server.requests();
    assert_eq!(reqs[0].query("include_phone_numbers"), Some("false"));
    assert_eq!(reqs[1].query("page[size]"), Some("100"));
    let send = reqs
        .iter()
        .find(|r| r.path.ends_with("/verification_codes/send"))
        .expect("send request");
    assert_eq!(send.method, "POST");
    assert!(
        send.body.is_empty(),
        "an optional body left unset is not sent"
    );
    assert_eq!(send.header("content-length"), Some("0"));
    let template = reqs.last().expect("template request");
    assert_eq!(
        template.query("loa_configuration_id"),
        Some("5e1e9a5c-7d57-4c34-9a8c-9a7d1e5e2f10")
    );
}

/// `PATCH /porting_orders/{id}` clears a field sent as `null`, however deep it sits, and leaves
/// alone every field that is not set.
#[tokio::test]
async fn update_sends_null_only_for_the_fields_cleared() {
    let server =
        TestServer::start(|_, _| Reply::json(200, json!({ "data": order("o", "draft") }))).await;
    let client = client(&server);
    client
        .porting_orders()
        .update("o")
        .documents(PortingOrderDocuments::new().invoice(Nullable::Null))
        .end_user(
            PortingOrderEndUser::new()
                .admin(
                    PortingOrderEndUserAdmin::new()
                        .tax_identifier(Nullable::Null)
                        .business_identifier(Nullable::Null)
                        .entity_name("Acme Corp"),
                )
                .location(PortingOrderEndUserLocation::new().extended_address(Nullable::Null)),
        )
        .phone_number_configuration(
            PortingOrderPhoneNumberConfiguration::new().emergency_address_id(Nullable::Null),
        )
        .customer_reference("ticket-1")
        .await
        .expect("update");
    client
        .porting_orders()
        .update("o")
        .await
        .expect("empty update");
    let reqs = server.requests();
    assert_eq!(reqs[0].method, "PATCH");
    let sent: serde_json::Value = serde_json::from_slice(&reqs[0].body).expect("json body");
    assert_eq!(
        sent,
        json!({
            "customer_reference": "ticket-1",
            "documents": { "invoice": null },
            "end_user": {
                "admin": { "business_identifier": null, "entity_name": "Acme Corp", "tax_identifier": null },
                "location": { "extended_address": null }
            },
            "phone_number_configuration": { "emergency_address_id": null }
        })
    );
    let empty: serde_json::Value = serde_json::from_slice(&reqs[1].body).expect("json body");
    assert_eq!(empty, json!({}), "a field left unset is absent");
}

/// A `POST` without a body says so with `Content-Length: 0`: some proxies refuse it otherwise.
#[tokio::test]
async fn bodiless_actions_send_content_length_zero() {
    let server =
        TestServer::start(|_, _| Reply::json(200, json!({ "data": order("o", "draft") }))).await;
    let client = client(&server);
    let actions = client.porting_orders().actions();
    actions.activate("o").into_bytes().await.expect("activate");
    actions.cancel("o").into_bytes().await.expect("cancel");
    actions.confirm("o").into_bytes().await.expect("confirm");
    client
        .porting()
        .events()
        .republish("e")
        .await
        .expect("republish");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 4);
    for r in &reqs {
        assert_eq!(r.method, "POST");
        assert_eq!(r.header("content-length"), Some("0"), "{}", r.path);
        assert_eq!(r.header("transfer-encoding"), None, "{}", r.path);
    }
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
