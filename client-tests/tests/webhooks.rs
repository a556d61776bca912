//! The generated crate's webhooks end to end: real Ed25519 signatures from a key generated
//! here, `Webhooks::unwrap` on every porting event type, and the `webhook_receiver` example
//! run as a process and fed signed requests over loopback.

use std::process::Stdio;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signer as _, SigningKey};
use serde_json::{Value, json};
use telnyx_porting::webhooks::{self, SCHEME, WebhookEvent};
use telnyx_porting::{WebhookError, Webhooks};
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStderr, ChildStdout};

fn fresh_key() -> SigningKey {
    let mut seed = [0u8; 32];
    seed.iter_mut().for_each(|b| *b = fastrand::u8(..));
    SigningKey::from_bytes(&seed)
}

fn public_b64(key: &SigningKey) -> String {
    STANDARD.encode(key.verifying_key().as_bytes())
}

fn sign(key: &SigningKey, timestamp: &str, body: &[u8]) -> String {
    let mut message = format!("{timestamp}|").into_bytes();
    message.extend_from_slice(body);
    STANDARD.encode(key.sign(&message).to_bytes())
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

fn envelope(event_type: &str, payload: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "data": {
            "event_type": event_type,
            "id": "6f1c3c5e-2a7e-4f55-9a43-0d1b6f0f6a01",
            "payload": payload,
            "payload_status": "completed",
            "porting_order_id": "0b5a3f0e-94a6-4f0b-bb0a-5d6d6f0b7c11",
            "record_type": "porting_event",
            "available_notification_methods": ["webhook"],
        },
        "meta": {"attempt": 1, "delivered_to": "https://example.com/hooks"},
    }))
    .expect("serializes")
}

/// One good delivery of every porting type, plus an unknown one, with the receiver's line.
fn good_events() -> Vec<(Vec<u8>, &'static str)> {
    vec![
        (
            envelope(
                "porting_order.status_changed",
                json!({"id": "order-1", "status": {"value": "ported", "details": []},
                       "customer_reference": "ref-1"}),
            ),
            "porting_order.status_changed order-1 ported",
        ),
        (
            envelope(
                "porting_order.new_comment",
                json!({"porting_order_id": "order-2",
                       "comment": {"id": "c-1", "body": "FOC date confirmed", "user_type": "admin"}}),
            ),
            "porting_order.new_comment - -",
        ),
        (
            envelope(
                "porting_order.split",
                json!({"from": {"id": "order-3"}, "to": {"id": "order-4"},
                       "porting_phone_numbers": [{"id": "pn-1"}]}),
            ),
            "porting_order.split - -",
        ),
        (
            envelope(
                "porting_order.deleted",
                json!({"id": "order-5", "deleted_at": "2026-01-02T03:04:05Z"}),
            ),
            "porting_order.deleted order-5 -",
        ),
        (
            envelope(
                "porting_order.messaging_changed",
                json!({"id": "order-6", "messaging": {"messaging_port_status": "pending",
                       "enable_messaging": true}}),
            ),
            "porting_order.messaging_changed order-6 -",
        ),
        (
            envelope(
                "porting_order.sim_swapped",
                json!({"id": "order-7", "status": {"value": "brand_new"}}),
            ),
            "porting_order.sim_swapped order-7 brand_new",
        ),
    ]
}

fn signed_headers(key: &SigningKey, at: u64, body: &[u8]) -> Vec<(String, String)> {
    let ts = at.to_string();
    vec![
        ("telnyx-signature-ed25519".into(), sign(key, &ts, body)),
        ("telnyx-timestamp".into(), ts),
    ]
}

#[test]
fn the_scheme_is_telnyx_ed25519() {
    assert_eq!(SCHEME.signature_header, "telnyx-signature-ed25519");
    assert_eq!(SCHEME.timestamp_header, "telnyx-timestamp");
    assert_eq!(SCHEME.public_key_env, "TELNYX_PUBLIC_KEY");
    assert_eq!(SCHEME.tolerance, Duration::from_secs(300));
}

#[test]
fn unwrap_types_every_porting_event() {
    let key = fresh_key();
    let hooks = Webhooks::new(&public_b64(&key)).expect("key");
    let mut seen = Vec::new();
    for (body, _) in good_events() {
        let event = hooks
            .unwrap(&body, signed_headers(&key, now(), &body))
            .expect("a signed event unwraps");
        match &event {
            WebhookEvent::PortingOrderStatusChanged(e) => {
                let payload = e.data.payload.as_ref().expect("payload");
                assert_eq!(payload.id.as_deref(), Some("order-1"));
                let status = payload.status.as_ref().and_then(|s| s.value.as_ref());
                assert_eq!(status.map(|v| v.as_str()), Some("ported"));
                assert_eq!(e.meta.attempt, 1);
            }
            WebhookEvent::PortingOrderNewComment(e) => {
                let comment = e.data.payload.as_ref().and_then(|p| p.comment.as_ref());
                assert_eq!(
                    comment.and_then(|c| c.body.as_deref()),
                    Some("FOC date confirmed")
                );
            }
            WebhookEvent::PortingOrderSplit(e) => {
                let to = e.data.payload.as_ref().and_then(|p| p.to.as_ref());
                assert_eq!(to.and_then(|t| t.id.as_deref()), Some("order-4"));
            }
            WebhookEvent::PortingOrderDeleted(e) => {
                let payload = e.data.payload.as_ref().expect("payload");
                assert_eq!(payload.id.as_deref(), Some("order-5"));
            }
            WebhookEvent::PortingOrderMessagingChanged(e) => {
                let messaging = e.data.payload.as_ref().and_then(|p| p.messaging.as_ref());
                assert_eq!(messaging.and_then(|m| m.enable_messaging), Some(true));
            }
            WebhookEvent::Unknown(raw) => {
                // Kept whole, byte for byte equal as JSON.
                let original: Value = serde_json::from_slice(&body).expect("json");
                assert_eq!(raw, &original);
            }
        }
        // Serializing gives the delivery back.
        let again = serde_json::to_value(&event).expect("serializes");
        assert_eq!(
            again.pointer("/data/event_type"),
            serde_json::from_slice::<Value>(&body)
                .expect("json")
                .pointer("/data/event_type")
        );
        seen.push(event.event_type().map(str::to_string));
    }
    let mut expected: Vec<Option<String>> = WebhookEvent::KNOWN_EVENT_TYPES
        .iter()
        .map(|t| Some(t.to_string()))
        .collect();
    expected.push(Some("porting_order.sim_swapped".into()));
    seen.sort();
    expected.sort();
    assert_eq!(
        seen, expected,
        "one event of each porting type and an unknown one"
    );
}

#[test]
fn unwrap_rejects_what_verification_rejects() {
    let key = fresh_key();
    let hooks = Webhooks::new(&public_b64(&key)).expect("key");
    let body = &good_events()[0].0;
    let mut tampered = body.clone();
    tampered[20] ^= 1;
    let err = hooks
        .unwrap(&tampered, signed_headers(&key, now(), body))
        .unwrap_err();
    assert!(matches!(err, WebhookError::BadSignature), "{err:?}");
    let err = hooks
        .unwrap(body, signed_headers(&key, now() - 301, body))
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::StaleTimestamp { .. }),
        "{err:?}"
    );
    let err = hooks
        .unwrap(body, signed_headers(&fresh_key(), now(), body))
        .unwrap_err();
    assert!(matches!(err, WebhookError::BadSignature), "{err:?}");
    let err = hooks
        .unwrap(body, Vec::<(String, String)>::new())
        .unwrap_err();
    assert!(matches!(err, WebhookError::MissingHeader(_)), "{err:?}");
}

#[test]
fn a_signed_body_that_is_not_json_or_not_its_schema_is_rejected() {
    let key = fresh_key();
    let hooks = Webhooks::new(&public_b64(&key)).expect("key");
    let body = b"not json at all";
    let err = hooks
        .unwrap(body, signed_headers(&key, now(), body))
        .unwrap_err();
    assert!(matches!(err, WebhookError::NotJson(_)), "{err:?}");
    assert_eq!(err.http_status(), 400);
    // A known type whose payload has the wrong shape is not silently turned into `Unknown`.
    let body = envelope("porting_order.deleted", json!({"id": 42}));
    let err = hooks
        .unwrap(&body, signed_headers(&key, now(), &body))
        .unwrap_err();
    assert!(matches!(err, WebhookError::InvalidPayload(_)), "{err:?}");
}

#[test]
fn http_header_maps_work_and_names_match_in_any_case() {
    let key = fresh_key();
    let hooks = Webhooks::new(&public_b64(&key)).expect("key");
    let body = &good_events()[3].0;
    let ts = now().to_string();
    let mixed = vec![
        (
            "Telnyx-Signature-ED25519".to_string(),
            sign(&key, &ts, body),
        ),
        ("TELNYX-timestamp".to_string(), ts.clone()),
    ];
    let event = hooks.unwrap(body, mixed).expect("mixed-case names");
    assert_eq!(event.event_type(), Some("porting_order.deleted"));
    let mut map = telnyx_porting::reqwest::header::HeaderMap::new();
    map.insert(
        "telnyx-signature-ed25519",
        sign(&key, &ts, body).parse().expect("header value"),
    );
    map.insert("telnyx-timestamp", ts.parse().expect("header value"));
    hooks.unwrap(body, &map).expect("a HeaderMap works");
    map.append("telnyx-timestamp", ts.parse().expect("header value"));
    let err = hooks.unwrap(body, &map).unwrap_err();
    assert!(
        matches!(err, WebhookError::DuplicateHeader("telnyx-timestamp")),
        "{err:?}"
    );
}

#[test]
fn parse_unverified_types_without_a_key() {
    for (body, line) in good_events() {
        let event = webhooks::parse_unverified(&body).expect("parses");
        assert_eq!(event.event_type(), line.split(' ').next());
    }
    assert!(webhooks::parse_unverified(b"{").is_err());
}

// ---- the example receiver, as a process ----

/// An example program, built by `cargo build -p telnyx-porting --examples` beside this test.
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

struct Receiver {
    child: Child,
    stdout: Lines<BufReader<ChildStdout>>,
    stderr: Lines<BufReader<ChildStderr>>,
    url: String,
}

async fn next_line<R: tokio::io::AsyncBufRead + Unpin>(lines: &mut Lines<R>, what: &str) -> String {
    tokio::time::timeout(Duration::from_secs(20), lines.next_line())
        .await
        .unwrap_or_else(|_| panic!("no {what} line within 20 s"))
        .expect("reads")
        .unwrap_or_else(|| panic!("{what} closed"))
}

async fn start_receiver(key: &SigningKey) -> Receiver {
    let mut child = tokio::process::Command::new(example("webhook_receiver"))
        .arg("0")
        .env("TELNYX_PUBLIC_KEY", public_b64(key))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("receiver starts");
    let stdout = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let first = next_line(&mut stderr, "startup").await;
    let addr = first
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected startup line {first:?}"))
        .to_string();
    Receiver {
        child,
        stdout,
        stderr,
        url: format!("http://{addr}/webhooks"),
    }
}

async fn post(url: &str, headers: &[(&str, &str)], body: &[u8]) -> u16 {
    let mut req = telnyx_porting::Client::http_client_builder()
        .build()
        .expect("an HTTP client")
        .post(url)
        .body(body.to_vec());
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    req.send().await.expect("request sent").status().as_u16()
}

/// What is wrong, headers, body, expected status, expected check named on stderr.
type BadCase<'a> = (&'a str, Vec<(&'a str, String)>, Vec<u8>, u16, &'a str);

#[tokio::test]
async fn the_receiver_prints_good_events_and_rejects_bad_ones() {
    let key = fresh_key();
    let mut rx = start_receiver(&key).await;
    let sig = "telnyx-signature-ed25519";
    let tsh = "telnyx-timestamp";

    for (body, line) in good_events() {
        let ts = now().to_string();
        let status = post(
            &rx.url,
            &[(sig, &sign(&key, &ts, &body)), (tsh, &ts)],
            &body,
        )
        .await;
        assert_eq!(status, 200, "{line}");
        assert_eq!(next_line(&mut rx.stdout, "stdout").await, line);
    }

    let body = good_events()[0].0.clone();
    let ts = now().to_string();
    let good_sig = sign(&key, &ts, &body);
    let mut tampered = body.clone();
    tampered[25] ^= 1;
    let stale = (now() - 400).to_string();
    let future = (now() + 400).to_string();
    let other = fresh_key();
    let not_json = b"this is not json".to_vec();
    let cases: Vec<BadCase> = vec![
        (
            "tampered body",
            vec![(sig, good_sig.clone()), (tsh, ts.clone())],
            tampered,
            401,
            "bad signature",
        ),
        (
            "tampered timestamp",
            vec![(sig, good_sig.clone()), (tsh, (now() - 5).to_string())],
            body.clone(),
            401,
            "bad signature",
        ),
        (
            "wrong key",
            vec![(sig, sign(&other, &ts, &body)), (tsh, ts.clone())],
            body.clone(),
            401,
            "bad signature",
        ),
        (
            "stale",
            vec![(sig, sign(&key, &stale, &body)), (tsh, stale.clone())],
            body.clone(),
            400,
            "stale timestamp",
        ),
        (
            "future",
            vec![(sig, sign(&key, &future, &body)), (tsh, future.clone())],
            body.clone(),
            400,
            "future timestamp",
        ),
        (
            "no signature",
            vec![(tsh, ts.clone())],
            body.clone(),
            400,
            "missing header",
        ),
        (
            "no timestamp",
            vec![(sig, good_sig.clone())],
            body.clone(),
            400,
            "missing header",
        ),
        (
            "two timestamps",
            vec![
                (sig, good_sig.clone()),
                (tsh, ts.clone()),
                (tsh, ts.clone()),
            ],
            body.clone(),
            400,
            "duplicate header",
        ),
        (
            "garbled signature",
            vec![(sig, "@@not-base64@@".into()), (tsh, ts.clone())],
            body.clone(),
            400,
            "malformed base64",
        ),
        (
            "short signature",
            vec![(sig, STANDARD.encode([1u8; 32])), (tsh, ts.clone())],
            body.clone(),
            400,
            "wrong length",
        ),
        (
            "garbled timestamp",
            vec![(sig, good_sig.clone()), (tsh, "soon".into())],
            body.clone(),
            400,
            "malformed timestamp",
        ),
        (
            "not json",
            vec![(sig, sign(&key, &ts, &not_json)), (tsh, ts.clone())],
            not_json.clone(),
            400,
            "body is not JSON",
        ),
    ];
    for (what, headers, body, want, check) in cases {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let status = post(&rx.url, &headers, &body).await;
        assert_eq!(status, want, "{what}");
        let line = next_line(&mut rx.stderr, "stderr").await;
        assert!(
            line.starts_with(&format!("rejected: {check}: ")),
            "{what}: {line:?}"
        );
    }

    // Mixed-case names, after all those bad requests: the server still serves.
    let (body, line) = good_events().remove(3);
    let ts = now().to_string();
    let status = post(
        &rx.url,
        &[
            ("Telnyx-Signature-Ed25519", &sign(&key, &ts, &body)),
            ("TELNYX-TIMESTAMP", &ts),
        ],
        &body,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(next_line(&mut rx.stdout, "stdout").await, line);

    // Nothing else was printed: no stdout line for a rejected request.
    rx.child.start_kill().expect("stops");
    let _ = rx.child.wait().await;
    assert_eq!(
        rx.stdout.next_line().await.expect("reads"),
        None,
        "extra stdout"
    );
    assert_eq!(
        rx.stderr.next_line().await.expect("reads"),
        None,
        "extra stderr"
    );
}

#[tokio::test]
async fn the_receiver_refuses_to_start_without_a_key() {
    let out = tokio::process::Command::new(example("webhook_receiver"))
        .arg("0")
        .env_remove("TELNYX_PUBLIC_KEY")
        .output()
        .await
        .expect("runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("TELNYX_PUBLIC_KEY"), "{stderr}");
    assert!(out.stdout.is_empty());
}
