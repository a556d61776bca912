//! Each kind of credential as the server receives it: bearer and basic `Authorization`, an API
//! key in a header, the query string or a cookie, several schemes at once, alternatives, and
//! none. The runtime's own `meta` declares one scheme of each kind (`generator::runtime::neutral`).

mod support;

use std::time::Duration;

use client_runtime::{Client, ClientBuilder, Credentials, Error};
use reqwest::Method;
use serde_json::json;
use support::{Recorded, Reply, TestServer};

const SECRET: &str = "s3cret-Value_42";

fn all_credentials() -> Credentials {
    Credentials::new()
        .basic("alice", SECRET)
        .header_key(format!("h-{SECRET}"))
        .query_key(format!("q-{SECRET}"))
        .cookie_key(format!("c-{SECRET}"))
}

async fn server() -> TestServer {
    TestServer::start(|_, _| Reply::json(200, json!({}))).await
}

fn builder(server: &TestServer, credentials: Credentials) -> ClientBuilder {
    ClientBuilder::new(credentials)
        .base_url(&server.base_url)
        .max_retries(0)
}

/// Sends one call with `requirement` and returns what the server saw.
async fn sent(
    client: &Client,
    server: &TestServer,
    requirement: client_runtime::auth::Requirement,
) -> Recorded {
    client
        .request(Method::GET, "/things?x=1")
        .with_security(requirement)
        .await
        .expect("call succeeds");
    server.requests().pop().expect("one request")
}

#[tokio::test]
async fn each_kind_goes_where_its_scheme_says() {
    let server = server().await;
    let client = builder(&server, Credentials::new().bearer(SECRET))
        .credentials(all_credentials())
        .build()
        .expect("client");

    let r = sent(&client, &server, &[&["bearer"]]).await;
    assert_eq!(
        r.header("authorization"),
        Some(&*format!("Bearer {SECRET}"))
    );
    assert_eq!(r.query.len(), 1, "{:?}", r.query);

    let r = sent(&client, &server, &[&["basic"]]).await;
    // base64("alice:s3cret-Value_42")
    assert_eq!(
        r.header("authorization"),
        Some("Basic YWxpY2U6czNjcmV0LVZhbHVlXzQy")
    );

    let r = sent(&client, &server, &[&["header_key"]]).await;
    assert_eq!(r.header("x-api-key"), Some(&*format!("h-{SECRET}")));
    assert_eq!(r.header("authorization"), None);

    let r = sent(&client, &server, &[&["query_key"]]).await;
    assert_eq!(r.query("api_key"), Some(&*format!("q-{SECRET}")));
    assert_eq!(r.query("x"), Some("1"));
    assert_eq!(r.header("authorization"), None);

    let r = sent(&client, &server, &[&["cookie_key"]]).await;
    assert_eq!(r.header("cookie"), Some(&*format!("session=c-{SECRET}")));

    // `security: []`: nothing at all.
    let r = sent(&client, &server, &[]).await;
    assert_eq!(r.header("authorization"), None);
    assert_eq!(r.header("cookie"), None);
    assert_eq!(r.header("x-api-key"), None);
    assert_eq!(r.query("api_key"), None);
}

#[tokio::test]
async fn schemes_of_one_requirement_are_all_sent_and_the_first_alternative_held_wins() {
    let server = server().await;
    let client = builder(&server, all_credentials()).build().expect("client");

    let r = sent(
        &client,
        &server,
        &[&["header_key", "query_key", "cookie_key"]],
    )
    .await;
    assert_eq!(r.header("x-api-key"), Some(&*format!("h-{SECRET}")));
    assert_eq!(r.query("api_key"), Some(&*format!("q-{SECRET}")));
    assert_eq!(r.header("cookie"), Some(&*format!("session=c-{SECRET}")));

    // No bearer token was given: the second alternative is sent.
    let r = sent(&client, &server, &[&["bearer"], &["basic"]]).await;
    assert!(
        r.header("authorization")
            .is_some_and(|v| v.starts_with("Basic "))
    );

    // An empty alternative means "optional": with no bearer token, nothing is sent.
    let r = sent(&client, &server, &[&["bearer"], &[]]).await;
    assert_eq!(r.header("authorization"), None);
}

#[tokio::test]
async fn the_document_default_applies_without_a_requirement_of_the_call() {
    let server = server().await;
    let client = builder(&server, Credentials::new().bearer(SECRET))
        .build()
        .expect("client");
    client
        .request(Method::GET, "/d")
        .await
        .expect("call succeeds");
    let r = server.requests().pop().expect("one request");
    assert_eq!(
        r.header("authorization"),
        Some(&*format!("Bearer {SECRET}"))
    );
}

#[tokio::test]
async fn a_missing_credential_fails_before_sending_and_names_only_the_scheme() {
    let server = server().await;
    let client = builder(&server, Credentials::new().bearer(SECRET))
        .build()
        .expect("client");
    let err = client
        .request(Method::GET, "/x")
        .with_security(&[&["basic", "header_key"]])
        .await
        .expect_err("no basic credentials");
    assert!(matches!(err, Error::Config { .. }), "{err}");
    let text = err.to_string();
    assert!(text.contains("basic + header_key"), "{text}");
    assert!(!text.contains(SECRET), "{text}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn secrets_stay_out_of_debug_and_errors() {
    let credentials = all_credentials().bearer(SECRET);
    let shown = format!("{credentials:?}");
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(
        shown.contains("query_key") && shown.contains("<redacted>"),
        "{shown}"
    );

    let server = server().await;
    let client = builder(&server, credentials).build().expect("client");
    let shown = format!("{client:?}");
    assert!(!shown.contains(SECRET), "{shown}");

    // A connection error would show the URL, which holds the query credential.
    let dead = ClientBuilder::new(all_credentials())
        .base_url("http://127.0.0.1:9")
        .max_retries(0)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    let err = dead
        .request(Method::GET, "/x")
        .with_security(&[&["query_key"]])
        .await
        .expect_err("nothing listens on port 9");
    let text = format!("{err} {err:?}");
    assert!(!text.contains(SECRET), "{text}");

    // Invalid credentials are refused when the client is built, without echoing them.
    for bad in [
        Credentials::new().bearer(format!("a\n{SECRET}")),
        Credentials::new().basic(format!("a:{SECRET}"), "p"),
        Credentials::new().basic("", SECRET),
        Credentials::new().cookie_key(format!("{SECRET}; other=1")),
        Credentials::new().header_key("  "),
    ] {
        let err = ClientBuilder::new(bad).build().expect_err("refused");
        assert!(matches!(err, Error::Config { .. }), "{err}");
        assert!(!err.to_string().contains(SECRET), "{err}");
    }
}
