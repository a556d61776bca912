//! Which resource and method each operation becomes: named in the configuration, or derived
//! from the path (`GET /a/{id}` → `a().retrieve(id)`, `POST /a/{id}/actions/go` →
//! `a().actions().go(id)`).

use std::collections::BTreeMap;

use crate::config::{Config, ResourceConfig};
use crate::diagnostics::Diagnostic;
use crate::ir::HttpMethod;
use crate::naming::{dedupe, module_ident, snake_ident};

/// An operation's place in the resource tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// Resource path, snake_case.
    pub resource: Vec<String>,
    /// Method name, snake_case.
    pub method: String,
}

/// `(method, path)` of every operation, keyed the way configuration names them.
pub type OpKey = (HttpMethod, String);

/// Places every operation. Names come from the configuration where it has them; the rest are
/// derived. Method names are made unique within each resource. A configured operation the
/// document lacks is a warning (another version of the document may have dropped it).
pub fn place(
    ops: &[(OpKey, String)],
    config: &Config,
    diags: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> BTreeMap<OpKey, Placement> {
    let mut configured: BTreeMap<OpKey, Placement> = BTreeMap::new();
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
    let mut placed: BTreeMap<OpKey, Placement> = BTreeMap::new();
    for (key, operation_id) in ops {
        let p = configured
            .get(key)
            .cloned()
            .unwrap_or_else(|| derive(key.0, &key.1, operation_id));
        placed.insert(key.clone(), p);
    }
    resolve_collisions(&mut placed, ops);
    placed
}

fn walk_config(
    resources: &indexmap::IndexMap<String, ResourceConfig>,
    path: &mut Vec<String>,
    out: &mut BTreeMap<OpKey, Placement>,
    diags: &mut Vec<Diagnostic>,
) {
    for (name, resource) in resources {
        path.push(module_ident(name));
        for (method, target) in &resource.methods {
            match parse_target(target) {
                Some(key) => {
                    let placement = Placement {
                        resource: path.clone(),
                        method: snake_ident(method),
                    };
                    if out.insert(key.clone(), placement).is_some() {
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
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let is_param = |s: &str| s.starts_with('{') && s.ends_with('}');
    let mut statics: Vec<String> = segments
        .iter()
        .filter(|s| !is_param(s))
        .map(|s| module_ident(s))
        .collect();
    let ends_with_param = segments.last().is_some_and(|s| is_param(s));
    let action_after_param =
        segments.len() >= 2 && !ends_with_param && is_param(segments[segments.len() - 2]);
    let method_name = match method {
        HttpMethod::Get if ends_with_param => "retrieve".to_string(),
        HttpMethod::Get => "list".to_string(),
        HttpMethod::Post
            if action_after_param
                || (statics.len() >= 2 && statics[statics.len() - 2] == "actions") =>
        {
            statics.pop().unwrap_or_else(|| snake_ident(operation_id))
        }
        HttpMethod::Post => "create".to_string(),
        HttpMethod::Put | HttpMethod::Patch => "update".to_string(),
        HttpMethod::Delete => "delete".to_string(),
        other => other.as_str().to_ascii_lowercase(),
    };
    if statics.is_empty() {
        statics.push("root".to_string());
    }
    Placement {
        resource: statics,
        method: method_name,
    }
}

/// Two operations on one resource with one method name: every one of them falls back to its
/// `operationId`, made unique.
fn resolve_collisions(placed: &mut BTreeMap<OpKey, Placement>, ops: &[(OpKey, String)]) {
    let ids: BTreeMap<&OpKey, &String> = ops.iter().map(|(k, id)| (k, id)).collect();
    let mut by_slot: BTreeMap<(Vec<String>, String), Vec<OpKey>> = BTreeMap::new();
    for (key, p) in placed.iter() {
        by_slot
            .entry((p.resource.clone(), p.method.clone()))
            .or_default()
            .push(key.clone());
    }
    for ((_, _), keys) in by_slot {
        if keys.len() < 2 {
            continue;
        }
        for key in keys {
            if let (Some(p), Some(id)) = (placed.get_mut(&key), ids.get(&key)) {
                p.method = snake_ident(id);
            }
        }
    }
    // operationIds may still clash after snake-casing: number them by (method, path).
    let mut by_resource: BTreeMap<Vec<String>, Vec<OpKey>> = BTreeMap::new();
    for (key, p) in placed.iter() {
        by_resource
            .entry(p.resource.clone())
            .or_default()
            .push(key.clone());
    }
    for (_, keys) in by_resource {
        let proposals: Vec<(String, String)> = keys
            .iter()
            .map(|k| {
                (
                    placed[k].method.clone(),
                    format!("{} {}", k.1, k.0.as_str()),
                )
            })
            .collect();
        for (key, name) in keys.iter().zip(dedupe(&proposals)) {
            if let Some(p) = placed.get_mut(key) {
                p.method = name;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_placements() {
        let cases = [
            (HttpMethod::Get, "/porting_orders", "porting_orders", "list"),
            (
                HttpMethod::Get,
                "/porting_orders/{id}",
                "porting_orders",
                "retrieve",
            ),
            (
                HttpMethod::Post,
                "/porting_orders",
                "porting_orders",
                "create",
            ),
            (
                HttpMethod::Patch,
                "/porting_orders/{id}",
                "porting_orders",
                "update",
            ),
            (
                HttpMethod::Delete,
                "/porting_orders/{id}",
                "porting_orders",
                "delete",
            ),
            (
                HttpMethod::Post,
                "/porting_orders/{id}/actions/activate",
                "porting_orders.actions",
                "activate",
            ),
            (HttpMethod::Post, "/calls/{id}/answer", "calls", "answer"),
            (HttpMethod::Get, "/a/{id}/b", "a.b", "list"),
            (HttpMethod::Get, "/", "root", "list"),
            (HttpMethod::Get, "/10dlc/brand", "_10dlc.brand", "list"),
        ];
        for (m, path, resource, method) in cases {
            let p = derive(m, path, "op");
            assert_eq!(
                (p.resource.join("."), p.method.as_str()),
                (resource.to_string(), method),
                "{path}"
            );
        }
    }

    #[test]
    fn colliding_methods_fall_back_to_operation_ids() {
        let ops = vec![
            ((HttpMethod::Get, "/a".to_string()), "listA".to_string()),
            (
                (HttpMethod::Get, "/a/{id}/x".to_string()),
                "getX".to_string(),
            ),
            ((HttpMethod::Get, "/a/x".to_string()), "getX2".to_string()),
        ];
        let (mut diags, mut warnings) = (Vec::new(), Vec::new());
        let placed = place(&ops, &Config::minimal("t"), &mut diags, &mut warnings);
        assert!(diags.is_empty() && warnings.is_empty());
        assert_eq!(placed[&ops[0].0].method, "list");
        assert_eq!(placed[&ops[1].0].method, "get_x");
        assert_eq!(placed[&ops[2].0].method, "get_x2");
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
