//! Resource and method names of every operation, from lowering's placement words.

use std::collections::BTreeMap;

use super::ident::{Name, dedupe, module_ident, snake_ident};
use crate::ir::{Api, MethodWord, OpKey, Placement};

/// `(resource path, method)` of every placed operation, in code form.
pub type Placed = BTreeMap<OpKey, (Vec<String>, String)>;

/// Names every placement. Two operations on one resource with one method name both fall back
/// to their `operationId`, except that a lone plain path keeps the name when the others are its
/// variants with a fixed query (`/responses?beta=true`); names still equal after that are
/// numbered by `(path, method)`.
pub fn place(api: &Api) -> Placed {
    let mut placed: Placed = api
        .placements
        .iter()
        .map(|(key, p)| (key.clone(), (resource_names(p), method_name(&p.method))))
        .collect();
    let mut by_slot: BTreeMap<(Vec<String>, String), Vec<OpKey>> = BTreeMap::new();
    for (key, slot) in &placed {
        by_slot.entry(slot.clone()).or_default().push(key.clone());
    }
    for keys in by_slot.into_values().filter(|k| k.len() > 1) {
        let plain: Vec<&OpKey> = keys.iter().filter(|k| !k.1.contains('?')).collect();
        let keeps = (plain.len() == 1).then(|| plain[0].clone());
        for key in keys.iter().filter(|k| Some(*k) != keeps.as_ref()) {
            if let (Some(slot), Some(p)) = (placed.get_mut(key), api.placements.get(key)) {
                slot.1 = snake_ident(&p.operation_id);
            }
        }
    }
    let mut by_resource: BTreeMap<Vec<String>, Vec<OpKey>> = BTreeMap::new();
    for (key, (resource, _)) in &placed {
        by_resource
            .entry(resource.clone())
            .or_default()
            .push(key.clone());
    }
    for keys in by_resource.into_values() {
        let proposals: Vec<(String, String)> = keys
            .iter()
            .map(|k| {
                let method = placed.get(k).map(|s| s.1.clone()).unwrap_or_default();
                (method, format!("{} {}", k.1, k.0.as_str()))
            })
            .collect();
        for (key, name) in keys.iter().zip(dedupe(&proposals)) {
            if let Some(slot) = placed.get_mut(key) {
                slot.1 = name;
            }
        }
    }
    placed
}

fn resource_names(p: &Placement) -> Vec<String> {
    p.resource.iter().map(|w| module_ident(w)).collect()
}

fn method_name(word: &MethodWord) -> String {
    match word {
        MethodWord::Word(w) => snake_ident(w),
        MethodWord::Segment(s) => module_ident(s),
    }
}

/// Gives each operation its resource path and method names, and each alternative
/// representation its own method (`list` + `text/csv` → `list_csv`).
pub fn apply(api: &mut Api, placed: &Placed) {
    for op in &mut api.operations {
        let Some((resource, method)) = placed.get(&op.key()) else {
            continue;
        };
        op.resource = resource.iter().map(|r| Name::from_code(r)).collect();
        op.method_name = Name::from_code(method);
        for alt in &mut op.alternatives {
            let name = format!(
                "{}_{}",
                op.method_name.bare(),
                media_suffix(&alt.media_type)
            );
            alt.method_name = Name::from_code(&name);
        }
    }
}

/// `text/csv` → `csv`, `application/vnd.x+xml` → `xml`.
fn media_suffix(media: &str) -> String {
    let sub = media
        .split(';')
        .next()
        .unwrap_or(media)
        .rsplit('/')
        .next()
        .unwrap_or(media);
    let sub = sub.rsplit('+').next().unwrap_or(sub);
    Name::from_code(&snake_ident(sub)).bare().to_string()
}

/// Each operation's mock-server test: its resource path and method, joined (unique by path).
pub fn name_tests(api: &mut Api) {
    let proposals: Vec<(String, String)> = api
        .operations
        .iter()
        .map(|op| {
            let words: Vec<&str> = op
                .resource
                .iter()
                .chain(std::iter::once(&op.method_name))
                .map(Name::bare)
                .collect();
            (
                words.join("_"),
                format!("{} {}", op.path, op.method.as_str()),
            )
        })
        .collect();
    for (op, name) in api.operations.iter_mut().zip(dedupe(&proposals)) {
        op.test_name = Name::from_code(&name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{HttpMethod, Resource, TypeSpace};

    fn api(placements: &[(HttpMethod, &str, &str)]) -> Api {
        Api {
            title: String::new(),
            description: None,
            version: String::new(),
            krate: crate::ir::CrateInfo::new(&crate::Config::minimal("t"), String::new()),
            types: TypeSpace::default(),
            operations: Vec::new(),
            root: Resource::default(),
            placements: placements
                .iter()
                .map(|(m, path, id)| {
                    let key = (*m, path.to_string());
                    (key, crate::lower::resources::derive(*m, path, id))
                })
                .collect(),
            skipped: Vec::new(),
            warnings: Vec::new(),
            webhooks: Default::default(),
            features: None,
        }
    }

    #[test]
    fn colliding_methods_fall_back_to_operation_ids() {
        let api = api(&[
            (HttpMethod::Get, "/a", "listA"),
            (HttpMethod::Get, "/a/{id}/x", "getX"),
            (HttpMethod::Get, "/a/x", "getX2"),
        ]);
        let placed = place(&api);
        let method = |path: &str| placed[&(HttpMethod::Get, path.to_string())].1.clone();
        assert_eq!(method("/a"), "list");
        assert_eq!(method("/a/{id}/x"), "get_x");
        assert_eq!(method("/a/x"), "get_x2");
    }

    #[test]
    fn query_suffixed_variants_leave_the_plain_path_its_name() {
        let suffixed = api(&[
            (HttpMethod::Post, "/r", "createR"),
            (HttpMethod::Post, "/r?beta=true", "betaCreateR"),
            (HttpMethod::Post, "/r?alpha=1", "alphaCreateR"),
            (HttpMethod::Get, "/r/{id}", "getR"),
            (HttpMethod::Get, "/r/{id}?beta=true", "getR"),
        ]);
        let placed = place(&suffixed);
        let method = |m, path: &str| placed[&(m, path.to_string())].1.clone();
        assert_eq!(method(HttpMethod::Post, "/r"), "create");
        assert_eq!(method(HttpMethod::Post, "/r?beta=true"), "beta_create_r");
        assert_eq!(method(HttpMethod::Post, "/r?alpha=1"), "alpha_create_r");
        assert_eq!(method(HttpMethod::Get, "/r/{id}"), "retrieve");
        assert_eq!(method(HttpMethod::Get, "/r/{id}?beta=true"), "get_r");
        // Without a plain path among them, every variant falls back, as any collision does.
        let variants = api(&[
            (HttpMethod::Post, "/s?a=1", "one"),
            (HttpMethod::Post, "/s?a=2", "two"),
        ]);
        let placed = place(&variants);
        assert_eq!(placed[&(HttpMethod::Post, "/s?a=1".to_string())].1, "one");
        assert_eq!(placed[&(HttpMethod::Post, "/s?a=2".to_string())].1, "two");
    }

    #[test]
    fn equal_operation_ids_are_numbered_by_path() {
        let api = api(&[
            (HttpMethod::Get, "/b/x", "same"),
            (HttpMethod::Get, "/b/{id}/x", "same"),
        ]);
        let placed = place(&api);
        let method = |path: &str| placed[&(HttpMethod::Get, path.to_string())].1.clone();
        assert_eq!(method("/b/x"), "same");
        assert_eq!(method("/b/{id}/x"), "same2");
    }

    #[test]
    fn media_suffixes() {
        assert_eq!(media_suffix("text/csv"), "csv");
        assert_eq!(media_suffix("application/vnd.x+xml; charset=utf-8"), "xml");
        assert_eq!(media_suffix("text/type"), "type");
    }
}
