//! Path templates: `/a/{id}/b` → literal segments around named parameters.

use crate::ir::PathTemplate;

/// Parses a path template, rejecting unbalanced braces and empty or duplicate names.
pub fn parse(path: &str) -> Result<PathTemplate, String> {
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
    Ok(PathTemplate { segments, params })
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
    }

    #[test]
    fn bad_templates() {
        for bad in ["a/{x}", "/a/{x", "/a/x}", "/a/{}", "/a/{x}/{x}", "/a/{{x}}"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
