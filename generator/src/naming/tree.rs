//! The resource tree: accessor names that never clash with the methods beside them (nor with
//! the runtime's own methods on `Client`), and unique accessor type names.

use std::collections::BTreeMap;

use super::ident::{Name, type_ident};
use super::types::{shorten, unique_short};
use crate::ir::{Api, Resource};

/// Names reserved on `Client` by the runtime.
const CLIENT_METHODS: &[&str] = &[
    "new", "builder", "from_env", "base_url", "request", "clone", "fmt",
];

#[derive(Default)]
struct Node {
    children: BTreeMap<String, Node>,
    ops: Vec<usize>,
}

/// Builds the tree from the operations' resource paths, renaming clashing methods
/// (`{method}_operation`) and root accessors (`{name}_resource`).
pub fn build(api: &mut Api) -> Resource {
    let mut root = Node::default();
    for (i, op) in api.operations.iter().enumerate() {
        let mut node = &mut root;
        for seg in &op.resource {
            node = node.children.entry(seg.code()).or_default();
        }
        node.ops.push(i);
    }
    fix(&mut root, api, true);
    let mut tree = convert(root, Vec::new(), api);
    // Accessor type names are unique across the tree (`a_b` and `a.b` would both be `AB`).
    let mut proposals = Vec::new();
    read(&tree, &mut proposals);
    write(
        &mut tree,
        &mut unique_short(&proposals)
            .into_iter()
            .map(|n| Name::from_code(&n)),
    );
    tree
}

fn fix(node: &mut Node, api: &mut Api, is_root: bool) {
    let taken: Vec<String> = node.children.keys().cloned().collect();
    let clashes =
        |n: &str| taken.iter().any(|t| t == n) || (is_root && CLIENT_METHODS.contains(&n));
    for &i in &node.ops {
        let op = &mut api.operations[i];
        if clashes(&op.method_name.code()) {
            op.method_name = Name::from_code(&format!("{}_operation", op.method_name.bare()));
        }
        for alt in &mut op.alternatives {
            if clashes(&alt.method_name.code()) {
                alt.method_name = Name::from_code(&format!("{}_operation", alt.method_name));
            }
        }
    }
    if is_root {
        let renamed: Vec<(String, String)> = node
            .children
            .keys()
            .filter(|k| CLIENT_METHODS.contains(&k.as_str()))
            .map(|k| (k.clone(), format!("{k}_resource")))
            .collect();
        for (old, new) in renamed {
            if let Some(child) = node.children.remove(&old) {
                node.children.insert(new, child);
            }
        }
    }
    for child in node.children.values_mut() {
        fix(child, api, false);
    }
}

fn convert(node: Node, path: Vec<Name>, api: &mut Api) -> Resource {
    let type_name = if path.is_empty() {
        "Client".to_string()
    } else {
        let words: Vec<&str> = path.iter().map(Name::bare).collect();
        shorten(&type_ident(&words.join(" ")))
    };
    let mut ops = node.ops;
    ops.sort_by_key(|&i| api.operations[i].method_name.code());
    for &i in &ops {
        api.operations[i].resource = path.clone();
    }
    let children = node
        .children
        .into_iter()
        .map(|(name, child)| {
            let mut p = path.clone();
            p.push(Name::from_code(&name));
            convert(child, p, api)
        })
        .collect();
    Resource {
        path,
        type_name: Name::from_code(&type_name),
        operations: ops,
        children,
    }
}

fn read(r: &Resource, out: &mut Vec<(String, String)>) {
    let path: Vec<String> = r.path.iter().map(Name::code).collect();
    out.push((r.type_name.code(), path.join(".")));
    r.children.iter().for_each(|c| read(c, out));
}

fn write(r: &mut Resource, names: &mut impl Iterator<Item = Name>) {
    if let Some(n) = names.next() {
        r.type_name = n;
    }
    r.children.iter_mut().for_each(|c| write(c, names));
}
