//! What goes over the wire and how responses come back: headers, bodies, errors, decoding.

mod support;

use bytes::Bytes;
use client_runtime::{ApiErrorKind, Error};
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;
use support::{Reply, TestServer, client};

#[tokio::test]
async fn sends_auth_accept_content_type_and_user_agent() {
    let server = TestServer::start(|_, _| Reply::json(201, json!({"data": {"id": "new"}}))).await;
    let response = client(&server)
        .request(Method::POST, "/porting_orders")
        .json_body(&json!({"phone_numbers": ["+13035550000"]}))
        .header("x-custom", "yes")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status.as_u16(), 201);
    assert_eq!(response.data["data"]["id"], "new");

    let reqs = server.requests();
    let r = &reqs[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/v2/porting_orders");
    assert_eq!(r.header("authorization"), Some("Bearer test-key-123"));
    assert_eq!(r.header("accept"), Some("application/json"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("user-agent"), Some("client-runtime/0.1.0"));
    assert_eq!(r.header("x-custom"), Some("yes"));
    let sent: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(sent, json!({"phone_numbers": ["+13035550000"]}));
}

#[tokio::test]
async fn get_has_no_content_type_and_client_default_headers_apply() {
    let server = TestServer::start(|_, _| Reply::json(200, json!({}))).await;
    let client = client_runtime::Client::builder("k2")
        .base_url(format!("{}/", server.base_url))
        .default_header("x-team", "porting")
        .build()
        .unwrap();
    client.request(Method::GET, "porting_orders").await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(r.path, "/v2/porting_orders");
    assert_eq!(r.header("content-type"), None);
    assert_eq!(r.header("x-team"), Some("porting"));
    assert_eq!(r.header("authorization"), Some("Bearer k2"));
}

#[tokio::test]
async fn query_is_percent_encoded_once_with_literal_list_commas() {
    let server = TestServer::start(|_, _| Reply::json(200, json!({}))).await;
    client(&server)
        .request(Method::GET, "/porting_orders")
        .query("filter[id]", "a b")
        .query("q", "x&y=z")
        .await
        .unwrap();
    let r = &server.requests()[0];
    assert_eq!(
        r.target,
        "/v2/porting_orders?filter%5Bid%5D=a%20b&q=x%26y%3Dz"
    );
    assert_eq!(r.query("filter[id]"), Some("a b"));
    assert_eq!(r.query("q"), Some("x&y=z"));
}

#[tokio::test]
async fn unprocessable_entity_parses_telnyx_errors() {
    let server = TestServer::start(|_, _| {
        Reply::json(
            422,
            json!({"errors": [{
                "code": "10015",
                "title": "Invalid phone number",
                "detail": "must be E.164",
                "source": {"pointer": "/phone_numbers"},
                "meta": {"url": "https://developers.telnyx.com/docs/overview/errors/10015"}
            }]}),
        )
        .header("x-request-id", "7f3c0d2e")
    })
    .await;
    let err = client(&server)
        .request(Method::POST, "/porting_orders")
        .json_body(&json!({"phone_numbers": ["123"]}))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "422 Unprocessable Entity (request id 7f3c0d2e): phone_numbers: must be E.164 [10015]"
    );
    assert_eq!(err.request_id(), Some("7f3c0d2e"));
    let api = err.api_error().unwrap();
    assert_eq!(api.kind, ApiErrorKind::UnprocessableEntity);
    assert_eq!(api.headers["x-request-id"], "7f3c0d2e");
    assert!(api.body.contains("\"10015\""));
    let detail = &api.errors[0];
    assert_eq!(detail.code.as_deref(), Some("10015"));
    assert_eq!(detail.title.as_deref(), Some("Invalid phone number"));
    assert_eq!(detail.detail.as_deref(), Some("must be E.164"));
    assert_eq!(detail.pointer.as_deref(), Some("/phone_numbers"));
    assert!(detail.meta.is_some());
    assert_eq!(server.requests().len(), 1, "422 is not retried");
}

#[tokio::test]
async fn non_json_error_body_is_kept_raw() {
    let server =
        TestServer::start(|_, _| Reply::raw(401, "text/html", b"<h1>Unauthorized</h1>")).await;
    let err = client(&server)
        .request(Method::GET, "/x")
        .await
        .unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.kind, ApiErrorKind::Authentication);
    assert!(api.errors.is_empty());
    assert_eq!(api.body, "<h1>Unauthorized</h1>");
    assert!(!format!("{err} {err:?}").contains("test-key-123"));
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)] // only decoded, never read
struct List {
    data: Vec<Item>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)] // only decoded, never read
struct Item {
    id: String,
}

#[tokio::test]
async fn malformed_body_names_the_field_and_truncates_the_body() {
    let filler = "x".repeat(2000);
    let body = json!({"data": [{"id": "ok"}, {"id": 42}], "filler": filler}).to_string();
    let server = TestServer::start(move |_, _| {
        Reply::raw(200, "application/json", body.as_bytes()).header("x-request-id", "rid-9")
    })
    .await;
    let err = client(&server)
        .request(Method::GET, "/porting_orders")
        .into_json::<List>()
        .await
        .unwrap_err();
    match &err {
        Error::Decode {
            status,
            path,
            message,
            body_snippet,
            request_id,
        } => {
            assert_eq!(status.as_u16(), 200);
            assert_eq!(path, "data[1].id");
            assert!(message.contains("expected a string"), "{message}");
            assert!(
                body_snippet.starts_with(r#"{"data":[{"id":"ok"},{"id":42}]"#),
                "{body_snippet}"
            );
            assert!(body_snippet.len() < 600, "{}", body_snippet.len());
            assert_eq!(request_id.as_deref(), Some("rid-9"));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(err.to_string().contains("`data[1].id`"));
}

#[tokio::test]
async fn pdf_bytes_arrive_byte_for_byte() {
    let pdf: Vec<u8> = b"%PDF-1.7\n"
        .iter()
        .copied()
        .chain((0..=255u8).cycle().take(70_000))
        .collect();
    let served = pdf.clone();
    let server = TestServer::start(move |_, _| Reply::raw(200, "application/pdf", &served)).await;
    let got: Bytes = client(&server)
        .request(Method::GET, "/porting_orders/1/loa_template")
        .header("accept", "application/pdf")
        .into_bytes()
        .await
        .unwrap();
    assert_eq!(got.len(), pdf.len());
    assert!(got == pdf);
    assert_eq!(
        server.requests()[0].header("accept"),
        Some("application/pdf")
    );
}

#[tokio::test]
async fn csv_text_and_empty_204() {
    let server = TestServer::start(|req, _| {
        if req.path.ends_with("csv") {
            Reply::raw(
                200,
                "text/csv",
                b"phone_number,status\n+13035550000,ported\n",
            )
        } else {
            Reply::raw(204, "application/json", b"")
        }
    })
    .await;
    let c = client(&server);
    let csv = c.request(Method::GET, "/csv").into_text().await.unwrap();
    assert_eq!(csv, "phone_number,status\n+13035550000,ported\n");
    let none = c
        .request(Method::DELETE, "/thing")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(none.status.as_u16(), 204);
    assert!(none.data.is_null());
    c.request(Method::DELETE, "/thing")
        .into_json::<()>()
        .await
        .unwrap();
}

#[tokio::test]
async fn bodiless_post_put_patch_say_content_length_zero() {
    let server = TestServer::start(|_, _| Reply::json(200, json!({}))).await;
    let client = client(&server);
    for method in [
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::GET,
        Method::DELETE,
    ] {
        client
            .request(method, "/orders/1/actions/activate")
            .await
            .unwrap();
    }
    let reqs = server.requests();
    assert_eq!(reqs.len(), 5);
    for r in &reqs[..3] {
        assert_eq!(r.header("content-length"), Some("0"), "{}", r.method);
        assert_eq!(r.header("transfer-encoding"), None, "{}", r.method);
        assert!(r.body.is_empty());
    }
    for r in &reqs[3..] {
        assert_eq!(r.header("content-length"), None, "{}", r.method);
        assert_eq!(r.header("transfer-encoding"), None, "{}", r.method);
    }
}
