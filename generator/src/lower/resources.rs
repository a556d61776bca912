//! Which resource and method each operation goes to, in words: named in the configuration, or
//! derived from the path (`GET /a/{id}` → `a` / `retrieve`, `POST /a/{id}/actions/go` →
//! `a.actions` / `go`). The naming pass turns the words into names and resolves collisions.

use std::collections::BTreeMap;

use crate::config::{Config, ResourceConfig};
use crate::diagnostics::Diagnostic;
use crate::ir::{HttpMethod, MethodWord, OpKey, Placement};

/// Places every operation: `ops` are `(key, operationId or pointer)`. A configured operation the
/// document lacks is a warning (another version of the document may have dropped it).
pub fn place(
    ops: &[(OpKey, String)],
    config: &Config,
    diags: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> BTreeMap<OpKey, Placement> {
    let mut configured: BTreeMap<OpKey, (Vec<String>, String)> = BTreeMap::new();
    walk_config(&config.resources, &mut Vec::new(), &mut configured, diags);
    let known: std::collections::BTreeSet<&OpKey> = ops.iter().map(|(k, _)| k).collect();
    for key in configured.keys() {
        if !known.contains(key) {
            warnings.push(
                Diagnostic::config(
                    "resources",
                    format!(
                        "the configuration names `{} {}`, which the document does not have",
                        key.0.as_str(),
                        key.1
                    ),
                )
                .warning(),
            );
        }
    }
    ops.iter()
        .map(|(key, operation_id)| {
            let placement = match configured.get(key) {
                Some((resource, method)) => Placement {
                    resource: resource.clone(),
                    method: MethodWord::Word(method.clone()),
                    operation_id: operation_id.clone(),
                },
                None => derive(key.0, &key.1, operation_id),
            };
            (key.clone(), placement)
        })
        .collect()
}

fn walk_config(
    resources: &indexmap::IndexMap<String, ResourceConfig>,
    path: &mut Vec<String>,
    out: &mut BTreeMap<OpKey, (Vec<String>, String)>,
    diags: &mut Vec<Diagnostic>,
) {
    for (name, resource) in resources {
        path.push(name.clone());
        for (method, target) in &resource.methods {
            match parse_target(target) {
                Some(key) => {
                    if out.insert(key, (path.clone(), method.clone())).is_some() {
                        diags.push(Diagnostic::config(
                            "resources",
                            format!("operation `{target}` is named twice"),
                        ));
                    }
                }
                None => diags.push(Diagnostic::config(
                    format!("resource `{}`", path.join(".")),
                    format!("method `{method}`: expected \"VERB /path\", found {target:?}"),
                )),
            }
        }
        walk_config(&resource.resources, path, out, diags);
        path.pop();
    }
}

fn parse_target(target: &str) -> Option<OpKey> {
    let (verb, path) = target.trim().split_once(' ')?;
    let method = match verb.to_ascii_uppercase().as_str() {
        "GET" => HttpMethod::Get,
        "POST" => HttpMethod::Post,
        "PUT" => HttpMethod::Put,
        "PATCH" => HttpMethod::Patch,
        "DELETE" => HttpMethod::Delete,
        "HEAD" => HttpMethod::Head,
        "OPTIONS" => HttpMethod::Options,
        "TRACE" => HttpMethod::Trace,
        _ => return None,
    };
    let path = path.trim();
    path.starts_with('/').then(|| (method, path.to_string()))
}

/// The derived placement of an operation the configuration does not name.
pub fn derive(method: HttpMethod, path: &str, operation_id: &str) -> Placement {
    let segments: Vec<&str> = crate::lower::path::without_query(path)
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let is_param = |s: &str| s.starts_with('{') && s.ends_with('}');
    let mut statics: Vec<String> = segments
        .iter()
        .filter(|s| !is_param(s))
        .map(|s| s.to_string())
        .collect();
    let ends_with_param = segments.last().is_some_and(|s| is_param(s));
    let action_after_param =
        segments.len() >= 2 && !ends_with_param && is_param(segments[segments.len() - 2]);
    let verb = |w: &str| MethodWord::Word(w.to_string());
    let method_word = match method {
        HttpMethod::Get if ends_with_param => verb("retrieve"),
        HttpMethod::Get => verb("list"),
        HttpMethod::Post
            if action_after_param
                || (statics.len() >= 2 && statics[statics.len() - 2] == "actions") =>
        {
            match statics.pop() {
                Some(action) => MethodWord::Segment(action),
                None => verb(operation_id),
            }
        }
        HttpMethod::Post => verb("create"),
        HttpMethod::Put | HttpMethod::Patch => verb("update"),
        HttpMethod::Delete => verb("delete"),
        other => verb(&other.as_str().to_ascii_lowercase()),
    };
    if statics.is_empty() {
        statics.push("root".to_string());
    }
    Placement {
        resource: statics,
        method: method_word,
        operation_id: operation_id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_placements() {
        let word = |w: &str| MethodWord::Word(w.to_string());
        let cases = [
            (
                HttpMethod::Get,
                "/porting_orders",
                "porting_orders",
                word("list"),
            ),
            (
                HttpMethod::Get,
                "/porting_orders/{id}",
                "porting_orders",
                word("retrieve"),
            ),
            (
                HttpMethod::Post,
                "/porting_orders",
                "porting_orders",
                word("create"),
            ),
            (
                HttpMethod::Patch,
                "/porting_orders/{id}",
                "porting_orders",
                word("update"),
            ),
            (
                HttpMethod::Delete,
                "/porting_orders/{id}",
                "porting_orders",
                word("delete"),
            ),
            (
                HttpMethod::Post,
                "/porting_orders/{id}/actions/activate",
                "porting_orders.actions",
                MethodWord::Segment("activate".into()),
            ),
            (
                HttpMethod::Post,
                "/calls/{id}/answer",
                "calls",
                MethodWord::Segment("answer".into()),
            ),
            (HttpMethod::Get, "/a/{id}/b", "a.b", word("list")),
            (HttpMethod::Get, "/", "root", word("list")),
            (HttpMethod::Get, "/10dlc/brand", "10dlc.brand", word("list")),
        ];
        for (m, path, resource, method) in cases {
            let p = derive(m, path, "op");
            assert_eq!(
                (p.resource.join("."), p.method),
                (resource.to_string(), method),
                "{path}"
            );
        }
    }

    #[test]
    fn configuration_problems_are_reported() {
        let config = Config::from_yaml(
            "crate_name: t\ncrate_version: 0.1.0\ndescription: d\nresources:\n  a:\n    methods:\n      run: POST /nope\n      bad: FETCH /x\n",
        )
        .expect("valid configuration");
        let (mut diags, mut warnings) = (Vec::new(), Vec::new());
        place(&[], &config, &mut diags, &mut warnings);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("FETCH"), "{diags:?}");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("POST /nope"), "{warnings:?}");
    }
}
