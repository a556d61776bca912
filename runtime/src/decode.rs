//! Turning response bodies into values, with the failing field's path on error.

use std::fmt;

use bytes::Bytes;
use serde::de::DeserializeOwned;

/// Why a body could not be decoded, and where: `data[3].status` (`.` for the whole body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeFailure {
    path: String,
    message: String,
}

impl DecodeFailure {
    /// A failure at `path` (e.g. `data[3].status`; `.` for the whole body).
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        DecodeFailure {
            path: path.into(),
            message: message.into(),
        }
    }

    /// Where in the body decoding failed.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What the decoder expected.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DecodeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at `{}`: {}", self.path, self.message)
    }
}

impl std::error::Error for DecodeFailure {}

/// Decodes JSON; an empty body decodes as `null` (so `Option<T>` and `()` accept it).
///
/// Plain `serde_json` decodes first: tracking the path costs time on every field, and the path
/// is only needed to report a failure. Only a body that fails is decoded again, through
/// `serde_path_to_error`, so the error still names the field.
pub fn json<T: DeserializeOwned>(body: &Bytes) -> Result<T, DecodeFailure> {
    let input: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    serde_json::from_slice(input).or_else(|_| json_with_path(input))
}

/// The slow path of [`json`]: decodes while tracking the path, to say where the body is wrong.
fn json_with_path<T: DeserializeOwned>(input: &[u8]) -> Result<T, DecodeFailure> {
    let mut de = serde_json::Deserializer::from_slice(input);
    let value = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| DecodeFailure::new(e.path().to_string(), e.into_inner().to_string()))?;
    // Trailing garbage after a complete value is a malformed body, too.
    de.end()
        .map_err(|e| DecodeFailure::new(".", e.to_string()))?;
    Ok(value)
}

/// The body as raw bytes (PDF and other binary responses).
pub fn bytes(body: &Bytes) -> Result<Bytes, DecodeFailure> {
    Ok(body.clone())
}

/// The body as UTF-8 text (CSV and other text responses).
pub fn text(body: &Bytes) -> Result<String, DecodeFailure> {
    String::from_utf8(body.to_vec()).map_err(|e| {
        DecodeFailure::new(
            ".",
            format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        )
    })
}

/// Accepts any body and discards it (204 No Content and other bodiless answers).
pub fn empty(_body: &Bytes) -> Result<(), DecodeFailure> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        id: String,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct List {
        data: Vec<Item>,
    }

    #[test]
    fn json_ok() {
        let body = Bytes::from_static(br#"{"data":[{"id":"a"}],"extra":1}"#);
        let list: List = json(&body).unwrap();
        assert_eq!(list.data, [Item { id: "a".into() }]);
    }

    #[test]
    fn json_failure_names_the_path() {
        let body = Bytes::from_static(br#"{"data":[{"id":"a"},{"id":5}]}"#);
        let err = json::<List>(&body).unwrap_err();
        assert_eq!(err.path(), "data[1].id");
        assert!(err.message().contains("expected a string"), "{err}");
    }

    #[test]
    fn json_syntax_error_and_trailing_garbage() {
        let err = json::<serde_json::Value>(&Bytes::from_static(b"{\"a\": ")).unwrap_err();
        assert!(err.message().contains("EOF"), "{err}");
        let err = json::<serde_json::Value>(&Bytes::from_static(b"{} x")).unwrap_err();
        assert_eq!(err.path(), ".");
        assert!(err.message().contains("trailing"), "{err}");
    }

    #[test]
    fn a_failure_is_the_same_whichever_path_finds_it() {
        // The slow path alone must report what `json` reports, for a type error and for
        // trailing garbage; and it must accept what the fast path accepts.
        for body in [
            &br#"{"data":[{"id":"a"},{"id":5}]}"#[..],
            br#"{"data":[]} x"#,
            br#"{"data":"#,
        ] {
            let fast = json::<List>(&Bytes::copy_from_slice(body)).unwrap_err();
            let slow = json_with_path::<List>(body).unwrap_err();
            assert_eq!(fast, slow);
        }
        let ok = br#"{"data":[{"id":"a"}]}"#;
        assert_eq!(
            json_with_path::<List>(ok).unwrap(),
            json::<List>(&Bytes::from_static(ok)).unwrap()
        );
    }

    #[test]
    fn empty_body_is_null() {
        assert_eq!(json::<Option<List>>(&Bytes::new()).unwrap(), None);
        json::<()>(&Bytes::from_static(b" \n")).unwrap();
        assert_eq!(
            json::<serde_json::Value>(&Bytes::new()).unwrap(),
            serde_json::Value::Null
        );
        assert!(json::<List>(&Bytes::new()).is_err());
    }

    #[test]
    fn bytes_text_empty() {
        let pdf = Bytes::from_static(b"%PDF-1.7\n\xff\x00");
        assert_eq!(bytes(&pdf).unwrap(), pdf);
        assert_eq!(
            text(&Bytes::from_static(b"a,b\n1,2\n")).unwrap(),
            "a,b\n1,2\n"
        );
        let err = text(&Bytes::from_static(b"ab\xff")).unwrap_err();
        assert_eq!(err.to_string(), "at `.`: invalid UTF-8 at byte 2");
        empty(&Bytes::from_static(b"ignored")).unwrap();
    }
}
