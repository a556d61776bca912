//! Pure retry policy: whether to retry an attempt, and how long to wait first.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// Retries after the first attempt, unless configured otherwise (3 attempts in all).
pub(crate) const DEFAULT_MAX_RETRIES: u32 = 2;

/// The longest wait a server may ask for; longer requests are clamped, not obeyed.
pub(crate) const MAX_SERVER_DELAY: Duration = Duration::from_secs(60);

/// Exponential backoff used when the server does not say how long to wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Backoff {
    /// Delay before the first retry.
    pub(crate) initial: Duration,
    /// Upper bound of the doubling delay.
    pub(crate) max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            initial: Duration::from_millis(500),
            max: Duration::from_secs(8),
        }
    }
}

impl Backoff {
    /// `min(initial * 2^retry, max)` minus up to 25 % jitter; `jitter` is a fraction in `[0, 1)`.
    pub(crate) fn delay(&self, retry: u32, jitter: f64) -> Duration {
        // 2^31 overflows nothing here: saturating multiplication, then the cap.
        let factor = 1u32.checked_shl(retry.min(31)).unwrap_or(u32::MAX);
        let base = self.initial.saturating_mul(factor).min(self.max);
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        base.mul_f64(1.0 - 0.25 * jitter)
    }
}

/// What an attempt ended with, as far as the retry decision is concerned.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Outcome<'a> {
    /// No response: connect/TLS/reset.
    Connection,
    /// The per-attempt timeout elapsed.
    Timeout,
    /// A non-success response.
    Status(StatusCode, &'a HeaderMap),
}

/// Whether the failed attempt is worth repeating, ignoring the retry budget.
pub(crate) fn is_retryable(outcome: Outcome<'_>) -> bool {
    match outcome {
        Outcome::Connection | Outcome::Timeout => true,
        Outcome::Status(status, headers) => {
            // The server knows best: `x-should-retry` overrides the status-based rule.
            match headers
                .get("x-should-retry")
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
            {
                Some(v) if v.eq_ignore_ascii_case("true") => return true,
                Some(v) if v.eq_ignore_ascii_case("false") => return false,
                _ => {}
            }
            matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
        }
    }
}

/// Whether to retry after `retries_done` retries so far, with a budget of `max_retries`.
pub(crate) fn should_retry(outcome: Outcome<'_>, retries_done: u32, max_retries: u32) -> bool {
    retries_done < max_retries && is_retryable(outcome)
}

/// The wait before retry number `retry` (0 for the first retry): what the server asked for via
/// `retry-after-ms` or `retry-after` (capped at 60 s), otherwise the jittered backoff.
pub(crate) fn delay(
    headers: Option<&HeaderMap>,
    retry: u32,
    backoff: Backoff,
    now: SystemTime,
    jitter: f64,
) -> Duration {
    headers
        .and_then(|h| server_delay(h, now))
        .map(|d| d.min(MAX_SERVER_DELAY))
        .unwrap_or_else(|| backoff.delay(retry, jitter))
}

/// The delay the server asked for, if any header holds a usable (non-negative, finite) value.
fn server_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = header("retry-after-ms").and_then(parse_non_negative) {
        return Some(Duration::from_secs_f64(ms.min(1e9) / 1000.0));
    }
    let value = header("retry-after")?;
    if let Some(secs) = parse_non_negative(value) {
        return Some(Duration::from_secs_f64(secs.min(1e9)));
    }
    // A date in the past is as good as garbage: fall back to backoff.
    let date = httpdate::parse_http_date(value).ok()?;
    date.duration_since(now).ok()
}

fn parse_non_negative(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0)
}

/// A jitter fraction in `[0, 1)`.
pub(crate) fn random_jitter() -> f64 {
    fastrand::f64()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn d(h: &HeaderMap, retry: u32) -> Duration {
        delay(
            Some(h),
            retry,
            Backoff::default(),
            SystemTime::UNIX_EPOCH,
            0.0,
        )
    }

    #[test]
    fn retry_after_ms_wins() {
        let h = headers(&[("retry-after-ms", "250"), ("retry-after", "7")]);
        assert_eq!(d(&h, 0), Duration::from_millis(250));
        let h = headers(&[("retry-after-ms", "1.5")]);
        assert_eq!(d(&h, 0), Duration::from_micros(1500));
    }

    #[test]
    fn retry_after_seconds() {
        assert_eq!(
            d(&headers(&[("retry-after", "3")]), 0),
            Duration::from_secs(3)
        );
        assert_eq!(d(&headers(&[("retry-after", " 0 ")]), 1), Duration::ZERO);
        assert_eq!(
            d(&headers(&[("retry-after", "0.5")]), 4),
            Duration::from_millis(500)
        );
    }

    #[test]
    fn retry_after_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        let later = httpdate::fmt_http_date(now + Duration::from_secs(5));
        let h = headers(&[("retry-after", &later)]);
        assert_eq!(
            delay(Some(&h), 0, Backoff::default(), now, 0.0),
            Duration::from_secs(5)
        );
        // A date in the past is ignored in favour of the backoff.
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(5));
        let h = headers(&[("retry-after", &earlier)]);
        assert_eq!(
            delay(Some(&h), 0, Backoff::default(), now, 0.0),
            Duration::from_millis(500)
        );
    }

    #[test]
    fn garbage_falls_back_to_backoff() {
        for (name, value) in [
            ("retry-after-ms", "soon"),
            ("retry-after-ms", "-5"),
            ("retry-after-ms", "NaN"),
            ("retry-after-ms", "inf"),
            ("retry-after", "-1"),
            ("retry-after", "tomorrow"),
            ("retry-after", ""),
        ] {
            let h = headers(&[(name, value)]);
            assert_eq!(d(&h, 1), Duration::from_secs(1), "{name}: {value}");
        }
        // An unusable retry-after-ms does not hide a usable retry-after.
        let h = headers(&[("retry-after-ms", "x"), ("retry-after", "2")]);
        assert_eq!(d(&h, 0), Duration::from_secs(2));
    }

    #[test]
    fn server_delay_is_capped() {
        assert_eq!(
            d(&headers(&[("retry-after", "86400")]), 0),
            MAX_SERVER_DELAY
        );
        assert_eq!(
            d(&headers(&[("retry-after-ms", "1e30")]), 0),
            MAX_SERVER_DELAY
        );
        let far = httpdate::fmt_http_date(SystemTime::UNIX_EPOCH + Duration::from_secs(99_999));
        assert_eq!(d(&headers(&[("retry-after", &far)]), 0), MAX_SERVER_DELAY);
    }

    #[test]
    fn backoff_sequence_without_jitter() {
        let b = Backoff::default();
        let seq: Vec<_> = (0..7).map(|n| b.delay(n, 0.0).as_millis()).collect();
        assert_eq!(seq, [500, 1000, 2000, 4000, 8000, 8000, 8000]);
        assert_eq!(b.delay(u32::MAX, 0.0), Duration::from_secs(8));
        assert_eq!(
            delay(None, 2, b, SystemTime::now(), 0.0),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn jitter_takes_off_at_most_a_quarter() {
        let b = Backoff::default();
        assert_eq!(b.delay(1, 0.999_999_9).as_millis(), 750);
        assert_eq!(b.delay(0, 0.5), Duration::from_micros(437_500));
        assert_eq!(b.delay(0, f64::NAN), Duration::from_millis(500));
        for n in 0..6 {
            let full = b.delay(n, 0.0);
            for _ in 0..200 {
                let got = b.delay(n, random_jitter());
                assert!(
                    got <= full && got >= full.mul_f64(0.75),
                    "{got:?} vs {full:?}"
                );
            }
        }
    }

    #[test]
    fn status_decisions() {
        let none = HeaderMap::new();
        for code in [408, 409, 429, 500, 502, 503, 504, 599] {
            let s = StatusCode::from_u16(code).unwrap();
            assert!(is_retryable(Outcome::Status(s, &none)), "{code}");
        }
        for code in [400, 401, 403, 404, 422, 302] {
            let s = StatusCode::from_u16(code).unwrap();
            assert!(!is_retryable(Outcome::Status(s, &none)), "{code}");
        }
        assert!(is_retryable(Outcome::Connection));
        assert!(is_retryable(Outcome::Timeout));
    }

    #[test]
    fn x_should_retry_overrides() {
        let no = headers(&[("x-should-retry", "false")]);
        let yes = headers(&[("x-should-retry", "TRUE")]);
        let junk = headers(&[("x-should-retry", "maybe")]);
        assert!(!is_retryable(Outcome::Status(
            StatusCode::INTERNAL_SERVER_ERROR,
            &no
        )));
        assert!(!is_retryable(Outcome::Status(
            StatusCode::TOO_MANY_REQUESTS,
            &no
        )));
        assert!(is_retryable(Outcome::Status(StatusCode::BAD_REQUEST, &yes)));
        assert!(is_retryable(Outcome::Status(
            StatusCode::SERVICE_UNAVAILABLE,
            &junk
        )));
        assert!(!is_retryable(Outcome::Status(StatusCode::NOT_FOUND, &junk)));
    }

    #[test]
    fn budget_limits_retries() {
        let none = HeaderMap::new();
        let s = Outcome::Status(StatusCode::SERVICE_UNAVAILABLE, &none);
        assert!(should_retry(s, 0, 2));
        assert!(should_retry(s, 1, 2));
        assert!(!should_retry(s, 2, 2));
        assert!(!should_retry(Outcome::Timeout, 0, 0));
        let s = Outcome::Status(StatusCode::NOT_FOUND, &none);
        assert!(!should_retry(s, 0, 2));
    }
}
