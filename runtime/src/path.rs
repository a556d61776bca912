//! Rendering request paths with percent-encoded parameters.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::Error;

/// Everything but RFC 3986 unreserved characters is encoded, so an argument can never add a
/// segment (`/`), start a query (`?`) or fragment (`#`), or smuggle in an escape (`%`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Interleaves literal `segments` with encoded `args`: `segments[0] args[0] segments[1] ...`.
///
/// `segments` has one more entry than `args`, or as many when the path ends with an argument.
/// An argument that is empty, `.` or `..` is rejected: it would address another resource.
#[allow(dead_code)] // a generated crate without path parameters would not call it
pub(crate) fn render(segments: &[&str], args: &[&str]) -> Result<String, Error> {
    if segments.len() != args.len() && segments.len() != args.len() + 1 {
        return Err(Error::invalid_request(format!(
            "path template has {} segments for {} arguments",
            segments.len(),
            args.len()
        )));
    }
    let mut out = String::new();
    for (i, segment) in segments.iter().enumerate() {
        out.push_str(segment);
        if let Some(arg) = args.get(i) {
            if matches!(*arg, "" | "." | "..") {
                return Err(Error::invalid_request(format!(
                    "path parameter {} must not be {:?}",
                    i + 1,
                    arg
                )));
            }
            out.extend(utf8_percent_encode(arg, SEGMENT));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: [&str; 2] = ["/orders/", "/actions/activate"];

    #[test]
    fn renders_and_encodes() {
        let table = [
            (
                "5f3a1e6c-1c5c-4a4e-9d5e-0c1e2b3a4d5f",
                "/orders/5f3a1e6c-1c5c-4a4e-9d5e-0c1e2b3a4d5f/actions/activate",
            ),
            ("a/b", "/orders/a%2Fb/actions/activate"),
            ("a b", "/orders/a%20b/actions/activate"),
            ("100%", "/orders/100%25/actions/activate"),
            ("x?y#z", "/orders/x%3Fy%23z/actions/activate"),
            ("..a", "/orders/..a/actions/activate"),
            ("~_-.", "/orders/~_-./actions/activate"),
            ("é", "/orders/%C3%A9/actions/activate"),
        ];
        for (arg, want) in table {
            assert_eq!(render(&ORDER, &[arg]).unwrap(), want, "{arg}");
        }
    }

    #[test]
    fn trailing_argument_and_no_argument() {
        assert_eq!(render(&["/orders/"], &["1"]).unwrap(), "/orders/1");
        assert_eq!(
            render(&["/a/", "/b/", ""], &["1", "2"]).unwrap(),
            "/a/1/b/2"
        );
        assert_eq!(render(&["/orders"], &[]).unwrap(), "/orders");
    }

    #[test]
    fn rejects_dot_segments_and_empty() {
        for arg in ["", ".", ".."] {
            let err = render(&ORDER, &[arg]).unwrap_err();
            assert!(matches!(err, Error::InvalidRequest { .. }), "{arg:?}");
        }
    }

    #[test]
    fn rejects_mismatched_template() {
        assert!(render(&["/a"], &["1", "2"]).is_err());
        assert!(render(&["/a", "/b", "/c"], &["1"]).is_err());
    }
}
