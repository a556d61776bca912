//! Webhook verification against real Ed25519 signatures made here from a freshly generated key.
//! Each test removes exactly one thing a check looks at, so it fails if that check is removed.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use client_runtime::webhook::{Scheme, Verifier, WebhookError};
use ed25519_dalek::{Signer as _, SigningKey};

const SCHEME: Scheme = Scheme {
    signature_header: "x-test-signature",
    timestamp_header: "x-test-timestamp",
    public_key_env: "CLIENT_RUNTIME_TEST_PUBLIC_KEY",
    tolerance: Duration::from_secs(300),
};
const NOW: u64 = 1_800_000_000;
const BODY: &[u8] = br#"{"data":{"event_type":"thing.happened"}}"#;

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

fn verifier(key: &SigningKey) -> Verifier {
    Verifier::new(SCHEME, &public_b64(key))
        .expect("valid key")
        .with_clock(|| UNIX_EPOCH + Duration::from_secs(NOW))
}

fn headers(signature: &str, timestamp: &str) -> Vec<(String, String)> {
    vec![
        ("x-test-signature".into(), signature.into()),
        ("x-test-timestamp".into(), timestamp.into()),
    ]
}

fn signed_at(key: &SigningKey, at: u64) -> Vec<(String, String)> {
    let ts = at.to_string();
    headers(&sign(key, &ts, BODY), &ts)
}

#[test]
fn a_real_signature_verifies() {
    let key = fresh_key();
    verifier(&key)
        .verify(BODY, signed_at(&key, NOW))
        .expect("a good delivery passes");
}

#[test]
fn a_tampered_body_is_a_bad_signature() {
    let key = fresh_key();
    let mut body = BODY.to_vec();
    body[10] ^= 1;
    let err = verifier(&key)
        .verify(&body, signed_at(&key, NOW))
        .unwrap_err();
    assert!(matches!(err, WebhookError::BadSignature), "{err:?}");
    assert_eq!(err.http_status(), 401);
}

#[test]
fn a_tampered_timestamp_is_a_bad_signature() {
    let key = fresh_key();
    let ts = NOW.to_string();
    let signature = sign(&key, &ts, BODY);
    // Still inside the window, so only the signature can reject it.
    let err = verifier(&key)
        .verify(BODY, headers(&signature, &(NOW - 1).to_string()))
        .unwrap_err();
    assert!(matches!(err, WebhookError::BadSignature), "{err:?}");
}

#[test]
fn the_wrong_key_is_a_bad_signature() {
    let signer = fresh_key();
    let other = fresh_key();
    let err = verifier(&other)
        .verify(BODY, signed_at(&signer, NOW))
        .unwrap_err();
    assert!(matches!(err, WebhookError::BadSignature), "{err:?}");
}

#[test]
fn the_window_is_inclusive_at_300_seconds_either_way() {
    let key = fresh_key();
    let v = verifier(&key);
    v.verify(BODY, signed_at(&key, NOW - 300))
        .expect("300 s old passes");
    v.verify(BODY, signed_at(&key, NOW + 300))
        .expect("300 s ahead passes");
    let err = v.verify(BODY, signed_at(&key, NOW - 301)).unwrap_err();
    assert!(
        matches!(
            err,
            WebhookError::StaleTimestamp {
                age_secs: 301,
                tolerance_secs: 300
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.check(), "stale timestamp");
    let err = v.verify(BODY, signed_at(&key, NOW + 301)).unwrap_err();
    assert!(
        matches!(
            err,
            WebhookError::FutureTimestamp {
                ahead_secs: 301,
                tolerance_secs: 300
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.check(), "future timestamp");
    assert_eq!(err.http_status(), 400);
}

#[test]
fn the_tolerance_is_configurable() {
    let key = fresh_key();
    let v = verifier(&key).with_tolerance(Duration::from_secs(10));
    assert_eq!(v.tolerance(), Duration::from_secs(10));
    v.verify(BODY, signed_at(&key, NOW - 10))
        .expect("10 s old passes");
    let err = v.verify(BODY, signed_at(&key, NOW - 11)).unwrap_err();
    assert!(
        matches!(err, WebhookError::StaleTimestamp { .. }),
        "{err:?}"
    );
}

#[test]
fn the_default_clock_is_the_system_clock() {
    let key = fresh_key();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    let v = Verifier::new(SCHEME, &public_b64(&key)).expect("valid key");
    v.verify(BODY, signed_at(&key, now))
        .expect("signed just now");
    let err = v.verify(BODY, signed_at(&key, now - 400)).unwrap_err();
    assert!(
        matches!(err, WebhookError::StaleTimestamp { .. }),
        "{err:?}"
    );
}

#[test]
fn missing_headers_are_named() {
    let key = fresh_key();
    let v = verifier(&key);
    let mut h = signed_at(&key, NOW);
    h.remove(0);
    let err = v.verify(BODY, h.iter().map(|(a, b)| (a, b))).unwrap_err();
    assert!(
        matches!(err, WebhookError::MissingHeader("x-test-signature")),
        "{err:?}"
    );
    let mut h = signed_at(&key, NOW);
    h.remove(1);
    let err = v.verify(BODY, h).unwrap_err();
    assert!(
        matches!(err, WebhookError::MissingHeader("x-test-timestamp")),
        "{err:?}"
    );
    let err = v.verify(BODY, Vec::<(String, String)>::new()).unwrap_err();
    assert_eq!(err.check(), "missing header");
}

#[test]
fn duplicated_headers_are_rejected_even_when_one_copy_is_good() {
    let key = fresh_key();
    let v = verifier(&key);
    for index in [0, 1] {
        let mut h = signed_at(&key, NOW);
        let copy = h[index].clone();
        h.push((copy.0.to_uppercase(), copy.1));
        let err = v.verify(BODY, h).unwrap_err();
        assert!(matches!(err, WebhookError::DuplicateHeader(_)), "{err:?}");
    }
}

#[test]
fn header_names_are_matched_in_any_case() {
    let key = fresh_key();
    let ts = NOW.to_string();
    let h = vec![
        ("X-Test-SIGNATURE", sign(&key, &ts, BODY)),
        ("x-TEST-Timestamp", ts),
    ];
    verifier(&key)
        .verify(BODY, h)
        .expect("mixed-case names pass");
}

#[test]
fn garbled_signatures_are_named() {
    let key = fresh_key();
    let v = verifier(&key);
    let ts = NOW.to_string();
    let err = v
        .verify(BODY, headers("%%% not base64 %%%", &ts))
        .unwrap_err();
    assert!(
        matches!(err, WebhookError::MalformedBase64 { what: "signature" }),
        "{err:?}"
    );
    let short = STANDARD.encode([7u8; 63]);
    let err = v.verify(BODY, headers(&short, &ts)).unwrap_err();
    assert!(
        matches!(
            err,
            WebhookError::WrongLength {
                what: "signature",
                expected: 64,
                actual: 63
            }
        ),
        "{err:?}"
    );
    let long = STANDARD.encode([7u8; 65]);
    let err = v.verify(BODY, headers(&long, &ts)).unwrap_err();
    assert!(
        matches!(err, WebhookError::WrongLength { actual: 65, .. }),
        "{err:?}"
    );
}

#[test]
fn garbled_timestamps_are_named() {
    let key = fresh_key();
    let v = verifier(&key);
    for ts in ["", "abc", "-5", "1800000000.0", " 1800000000"] {
        let err = v
            .verify(BODY, headers(&sign(&key, ts, BODY), ts))
            .unwrap_err();
        assert!(
            matches!(err, WebhookError::MalformedTimestamp("x-test-timestamp")),
            "{ts:?}: {err:?}"
        );
    }
}

#[test]
fn non_utf8_header_values_fail_closed() {
    let key = fresh_key();
    let h: Vec<(&str, &[u8])> = vec![
        ("x-test-signature", b"\xff\xfe"),
        ("x-test-timestamp", b"1800000000"),
    ];
    let err = verifier(&key).verify(BODY, h).unwrap_err();
    assert!(
        matches!(err, WebhookError::MalformedBase64 { .. }),
        "{err:?}"
    );
}

#[test]
fn bad_public_keys_are_named() {
    let err = Verifier::new(SCHEME, "not base64!").unwrap_err();
    assert!(
        matches!(err, WebhookError::MalformedBase64 { what: "public key" }),
        "{err:?}"
    );
    let err = Verifier::new(SCHEME, &STANDARD.encode([1u8; 31])).unwrap_err();
    assert!(
        matches!(
            err,
            WebhookError::WrongLength {
                what: "public key",
                expected: 32,
                actual: 31
            }
        ),
        "{err:?}"
    );
}

#[test]
fn a_weak_public_key_is_refused() {
    // The identity point: every signature made "by" it is trivially forgeable.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let v = Verifier::new(SCHEME, &STANDARD.encode(identity))
        .expect("decodes as a point")
        .with_clock(|| UNIX_EPOCH + Duration::from_secs(NOW));
    let ts = NOW.to_string();
    // R = identity, s = 0 satisfies the plain verification equation for the identity key.
    let mut forged = [0u8; 64];
    forged[0] = 1;
    let err = v
        .verify(BODY, headers(&STANDARD.encode(forged), &ts))
        .unwrap_err();
    assert!(matches!(err, WebhookError::BadSignature), "{err:?}");
}

#[test]
fn the_key_comes_from_the_environment() {
    let key = fresh_key();
    // SAFETY of the test: no other test in this binary reads or writes this variable.
    unsafe { std::env::remove_var(SCHEME.public_key_env) };
    let err = Verifier::from_env(SCHEME).unwrap_err();
    assert!(
        matches!(
            err,
            WebhookError::MissingPublicKey {
                env: "CLIENT_RUNTIME_TEST_PUBLIC_KEY"
            }
        ),
        "{err:?}"
    );
    unsafe { std::env::set_var(SCHEME.public_key_env, public_b64(&key)) };
    let v = Verifier::from_env(SCHEME)
        .expect("key from env")
        .with_clock(|| UNIX_EPOCH + Duration::from_secs(NOW));
    v.verify(BODY, signed_at(&key, NOW)).expect("verifies");
}
