//! Path templates: `/a/{id}/b` → literal segments around named parameters, and the fixed query
//! some documents write into a path key (`/responses?beta=true`).

use crate::ir::PathTemplate;

/// The path key without its query suffix, if it has one.
pub fn without_query(path: &str) -> &str {
    path.split_once('?').map_or(path, |(p, _)| p)
}

/// Parses a path template, rejecting unbalanced braces and empty or duplicate names.
pub fn parse(key: &str) -> Result<PathTemplate, String> {
    let (path, query) = match key.split_once('?') {
        Some((path, suffix)) => (path, fixed_query(suffix, key)?),
        None => (key, Vec::new()),
    };
    if !path.starts_with('/') {
        return Err(format!("path {path:?} must start with '/'"));
    }
    let mut segments = vec![String::new()];
    let mut params: Vec<String> = Vec::new();
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        match c {
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') | None => {
                            return Err(format!("unbalanced '{{' in path {path:?}"));
                        }
                        Some(c) => name.push(c),
                    }
                }
                if name.is_empty() {
                    return Err(format!("empty parameter name in path {path:?}"));
                }
                if params.contains(&name) {
                    return Err(format!(
                        "parameter {{{name}}} appears twice in path {path:?}"
                    ));
                }
                params.push(name);
                segments.push(String::new());
            }
            '}' => return Err(format!("unbalanced '}}' in path {path:?}")),
            c => segments.last_mut().map(|s| s.push(c)).unwrap_or(()),
        }
    }
    Ok(PathTemplate {
        segments,
        params,
        query,
    })
}

/// `a=1&b` → `[("a", "1"), ("b", "")]`, percent-decoded (the runtime encodes on sending).
/// Templated or empty keys are refused: the suffix is sent as is with every call.
fn fixed_query(suffix: &str, key: &str) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    for part in suffix.split('&').filter(|p| !p.is_empty()) {
        if part.contains(['{', '}']) {
            return Err(format!(
                "the query of path {key:?} holds a template parameter"
            ));
        }
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let (k, v) = (decode(k, key)?, decode(v, key)?);
        if k.is_empty() {
            return Err(format!("the query of path {key:?} has an empty name"));
        }
        pairs.push((k, v));
    }
    Ok(pairs)
}

/// Undoes `%XX` escapes; the result must be UTF-8.
fn decode(text: &str, key: &str) -> Result<String, String> {
    let bad = || format!("the query of path {key:?} has a malformed `%` escape");
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).ok_or_else(bad)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| bad())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let t = parse("/porting_orders/{id}/actions/activate").expect("valid");
        assert_eq!(t.segments, vec!["/porting_orders/", "/actions/activate"]);
        assert_eq!(t.params, vec!["id"]);
        let t = parse("/a/{x}/{y}").expect("valid");
        assert_eq!(t.segments, vec!["/a/", "/", ""]);
        assert_eq!(t.params, vec!["x", "y"]);
        let t = parse("/a/{x}.pdf").expect("valid");
        assert_eq!(t.segments, vec!["/a/", ".pdf"]);
        let t = parse("/plain").expect("valid");
        assert_eq!((t.segments.len(), t.params.len()), (1, 0));
        assert!(t.query.is_empty());
    }

    #[test]
    fn query_suffixes() {
        let t = parse("/r/{id}?beta=true").expect("valid");
        assert_eq!(t.segments, vec!["/r/", ""]);
        assert_eq!(t.params, vec!["id"]);
        assert_eq!(t.query, vec![("beta".into(), "true".into())]);
        let t = parse("/r?a=x%20y&flag&&b=%C3%A9").expect("valid");
        let want = [("a", "x y"), ("flag", ""), ("b", "é")];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(t.query, want);
        assert_eq!(without_query("/r/{id}?beta=true"), "/r/{id}");
        assert_eq!(without_query("/r"), "/r");
    }

    #[test]
    fn bad_query_suffixes() {
        for bad in [
            "/r?a={x}", "/r?=1", "/r?a=%2", "/r?a=%zz", "/r?a=%ff", "/r{?x}",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_templates() {
        for bad in ["a/{x}", "/a/{x", "/a/x}", "/a/{}", "/a/{x}/{x}", "/a/{{x}}"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
