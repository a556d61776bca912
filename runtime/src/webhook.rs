//! Verification of signed webhook deliveries.
//!
//! The sender signs `"{timestamp}|{raw body}"` with Ed25519 and sends the base64 signature and
//! the Unix timestamp in two headers. Header names, the environment variable holding the public
//! key and the default tolerance come from the generated crate's configuration ([`Scheme`]).
//! Every check fails closed: a request passes only when every check has passed.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, VerifyingKey};

/// Where a signing scheme keeps its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// Header carrying the base64 Ed25519 signature.
    pub signature_header: &'static str,
    /// Header carrying the Unix timestamp (seconds) the signature covers.
    pub timestamp_header: &'static str,
    /// Environment variable holding the base64 public key, read by [`Verifier::from_env`].
    pub public_key_env: &'static str,
    /// How far the timestamp may be from now, either way, unless changed per verifier.
    pub tolerance: Duration,
}

/// Why a delivery was rejected. Each variant names the check that failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// No public key was given and the environment variable is unset or empty.
    #[error("no public key: set {env}")]
    MissingPublicKey {
        /// The environment variable that was read.
        env: &'static str,
    },
    /// A required header is absent.
    #[error("missing header {0}")]
    MissingHeader(&'static str),
    /// A header appears more than once, so which value was signed is ambiguous.
    #[error("header {0} appears more than once")]
    DuplicateHeader(&'static str),
    /// The timestamp header is not a plain decimal number of seconds.
    #[error("header {0} is not a Unix timestamp in seconds")]
    MalformedTimestamp(&'static str),
    /// A value that must be base64 is not.
    #[error("{what} is not valid base64")]
    MalformedBase64 {
        /// `signature` or `public key`.
        what: &'static str,
    },
    /// A decoded value has the wrong number of bytes.
    #[error("{what} is {actual} bytes long, expected {expected}")]
    WrongLength {
        /// `signature` or `public key`.
        what: &'static str,
        /// Bytes required.
        expected: usize,
        /// Bytes found.
        actual: usize,
    },
    /// The public key has the right length but is not a usable Ed25519 key.
    #[error("public key is not a valid Ed25519 key")]
    InvalidPublicKey,
    /// The signature does not verify for this key, timestamp and body.
    #[error("signature does not match the body and timestamp")]
    BadSignature,
    /// The timestamp is older than the tolerance allows (a replay or a slow queue).
    #[error("timestamp is {age_secs} s old, more than the {tolerance_secs} s allowed")]
    StaleTimestamp {
        /// Seconds between the timestamp and now.
        age_secs: u64,
        /// The tolerance in force.
        tolerance_secs: u64,
    },
    /// The timestamp lies further in the future than the tolerance allows.
    #[error("timestamp is {ahead_secs} s in the future, more than the {tolerance_secs} s allowed")]
    FutureTimestamp {
        /// Seconds between now and the timestamp.
        ahead_secs: u64,
        /// The tolerance in force.
        tolerance_secs: u64,
    },
    /// The (verified) body is not JSON.
    #[error("body is not JSON: {0}")]
    NotJson(#[source] serde_json::Error),
    /// The (verified) body is JSON but not the shape its event type requires.
    #[error("body does not match its event's schema: {0}")]
    InvalidPayload(#[source] serde_json::Error),
}

impl WebhookError {
    /// A short, stable name of the failed check, for logs and metrics.
    pub fn check(&self) -> &'static str {
        match self {
            WebhookError::MissingPublicKey { .. } => "missing public key",
            WebhookError::MissingHeader(_) => "missing header",
            WebhookError::DuplicateHeader(_) => "duplicate header",
            WebhookError::MalformedTimestamp(_) => "malformed timestamp",
            WebhookError::MalformedBase64 { .. } => "malformed base64",
            WebhookError::WrongLength { .. } => "wrong length",
            WebhookError::InvalidPublicKey => "invalid public key",
            WebhookError::BadSignature => "bad signature",
            WebhookError::StaleTimestamp { .. } => "stale timestamp",
            WebhookError::FutureTimestamp { .. } => "future timestamp",
            WebhookError::NotJson(_) => "body is not JSON",
            WebhookError::InvalidPayload(_) => "invalid payload",
        }
    }

    /// The HTTP status a receiver should answer with: 401 when the signature does not verify,
    /// 400 for every other rejected request.
    pub fn http_status(&self) -> u16 {
        match self {
            WebhookError::BadSignature => 401,
            _ => 400,
        }
    }
}

type Clock = Arc<dyn Fn() -> SystemTime + Send + Sync>;

/// Checks signatures and timestamps of deliveries for one public key.
#[derive(Clone)]
pub struct Verifier {
    key: VerifyingKey,
    scheme: Scheme,
    tolerance: Duration,
    clock: Clock,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("scheme", &self.scheme)
            .field("tolerance", &self.tolerance)
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// A verifier for a base64 public key (32 bytes once decoded).
    pub fn new(scheme: Scheme, public_key_base64: &str) -> Result<Verifier, WebhookError> {
        let bytes: [u8; 32] = decode_fixed(public_key_base64.trim().as_bytes(), "public key")?;
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| WebhookError::InvalidPublicKey)?;
        Ok(Verifier {
            key,
            scheme,
            tolerance: scheme.tolerance,
            clock: Arc::new(SystemTime::now),
        })
    }

    /// A verifier for the public key in the scheme's environment variable.
    pub fn from_env(scheme: Scheme) -> Result<Verifier, WebhookError> {
        let missing = WebhookError::MissingPublicKey {
            env: scheme.public_key_env,
        };
        match std::env::var(scheme.public_key_env) {
            Ok(key) if !key.trim().is_empty() => Verifier::new(scheme, &key),
            _ => Err(missing),
        }
    }

    /// Changes how far a timestamp may be from now, either way.
    pub fn with_tolerance(mut self, tolerance: Duration) -> Verifier {
        self.tolerance = tolerance;
        self
    }

    /// Replaces the clock timestamps are compared with (tests pin it).
    pub fn with_clock(
        mut self,
        clock: impl Fn() -> SystemTime + Send + Sync + 'static,
    ) -> Verifier {
        self.clock = Arc::new(clock);
        self
    }

    /// The tolerance in force.
    pub fn tolerance(&self) -> Duration {
        self.tolerance
    }

    /// Verifies one delivery: both headers present exactly once (names compared without
    /// regard to case), the timestamp within the tolerance, and the signature valid for
    /// `"{timestamp}|{body}"`. `headers` is any list of name/value pairs, such as an
    /// `http::HeaderMap` by reference.
    pub fn verify<I, K, V>(&self, body: &[u8], headers: I) -> Result<(), WebhookError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<[u8]>,
    {
        let (signature, timestamp) = self.headers(headers)?;
        let seconds = parse_timestamp(&timestamp, self.scheme.timestamp_header)?;
        self.check_window(seconds)?;
        let signature: [u8; 64] = decode_fixed(&signature, "signature")?;
        let signature = Signature::from_bytes(&signature);
        let mut message = Vec::with_capacity(timestamp.len() + 1 + body.len());
        message.extend_from_slice(&timestamp);
        message.push(b'|');
        message.extend_from_slice(body);
        // `verify_strict` also rejects weak keys and non-canonical signatures, which plain
        // verification would let through.
        self.key
            .verify_strict(&message, &signature)
            .map_err(|_| WebhookError::BadSignature)
    }

    /// The signature and timestamp header values, each required exactly once.
    fn headers<I, K, V>(&self, headers: I) -> Result<(Vec<u8>, Vec<u8>), WebhookError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<[u8]>,
    {
        let wanted = [self.scheme.signature_header, self.scheme.timestamp_header];
        let mut found: [Option<Vec<u8>>; 2] = [None, None];
        for (name, value) in headers {
            let name = name.as_ref().trim();
            for (slot, want) in found.iter_mut().zip(wanted) {
                if name.eq_ignore_ascii_case(want) {
                    if slot.is_some() {
                        return Err(WebhookError::DuplicateHeader(want));
                    }
                    *slot = Some(value.as_ref().to_vec());
                }
            }
        }
        let [signature, timestamp] = found;
        let signature = signature.ok_or(WebhookError::MissingHeader(wanted[0]))?;
        let timestamp = timestamp.ok_or(WebhookError::MissingHeader(wanted[1]))?;
        Ok((signature, timestamp))
    }

    fn check_window(&self, seconds: u64) -> Result<(), WebhookError> {
        let tolerance_secs = self.tolerance.as_secs();
        // A clock before 1970 counts as 0: every real timestamp is then in the future.
        let now = (self.clock)()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        if now >= seconds {
            let age_secs = now - seconds;
            if age_secs > tolerance_secs {
                return Err(WebhookError::StaleTimestamp {
                    age_secs,
                    tolerance_secs,
                });
            }
        } else {
            let ahead_secs = seconds - now;
            if ahead_secs > tolerance_secs {
                return Err(WebhookError::FutureTimestamp {
                    ahead_secs,
                    tolerance_secs,
                });
            }
        }
        Ok(())
    }
}

/// Decimal digits only: no sign, no spaces, no fraction. The exact bytes are what was signed,
/// so a lenient parse would accept a value the signature does not cover as written.
fn parse_timestamp(value: &[u8], header: &'static str) -> Result<u64, WebhookError> {
    let malformed = WebhookError::MalformedTimestamp(header);
    if value.is_empty() || value.len() > 19 || !value.iter().all(u8::is_ascii_digit) {
        return Err(malformed);
    }
    std::str::from_utf8(value)
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .ok_or(malformed)
}

/// Decodes standard base64 into exactly `N` bytes.
fn decode_fixed<const N: usize>(text: &[u8], what: &'static str) -> Result<[u8; N], WebhookError> {
    let bytes = STANDARD
        .decode(text)
        .map_err(|_| WebhookError::MalformedBase64 { what })?;
    let actual = bytes.len();
    bytes.try_into().map_err(|_| WebhookError::WrongLength {
        what,
        expected: N,
        actual,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_plain_digits() {
        assert_eq!(
            parse_timestamp(b"1700000000", "t").ok(),
            Some(1_700_000_000)
        );
        for bad in [
            &b""[..],
            b"+1",
            b"-1",
            b" 1",
            b"1.5",
            b"1e9",
            b"99999999999999999999",
        ] {
            assert!(
                matches!(
                    parse_timestamp(bad, "t"),
                    Err(WebhookError::MalformedTimestamp("t"))
                ),
                "{bad:?} accepted"
            );
        }
    }

    #[test]
    fn decoding_names_the_failure() {
        assert!(matches!(
            decode_fixed::<4>(b"not base64!", "x"),
            Err(WebhookError::MalformedBase64 { what: "x" })
        ));
        assert!(matches!(
            decode_fixed::<4>(b"AAAAAAA=", "x"),
            Err(WebhookError::WrongLength {
                what: "x",
                expected: 4,
                actual: 5
            })
        ));
        assert_eq!(decode_fixed::<3>(b"AQID", "x").ok(), Some([1, 2, 3]));
    }
}
