//! The naming pass: final Rust names for types, fields, variants, arguments and resources.
//! Proposals come from the document's words; collisions are resolved by JSON pointer (or wire
//! name), never by position.

use std::collections::BTreeMap;

use crate::ir::{Api, Resource, Ty, TypeKind, TypeSpace};
use crate::naming::{camel_ident, dedupe, snake_ident, type_ident};

/// Names reserved on `Client` by the runtime.
const CLIENT_METHODS: &[&str] = &[
    "new", "builder", "from_env", "base_url", "request", "clone", "fmt",
];

/// Assigns every name the emitters read.
pub fn assign(api: &mut Api) {
    name_types(&mut api.types);
    name_members(&mut api.types);
    for op in &mut api.operations {
        let mut proposals: Vec<(String, String)> = op
            .path_params
            .iter()
            .map(|p| (snake_ident(&p.wire), p.wire.clone()))
            .collect();
        // `params` is the argument after the path arguments.
        proposals.push(("params".into(), String::new()));
        for (p, name) in op.path_params.iter_mut().zip(dedupe(&proposals)) {
            p.rust = name;
        }
    }
    api.root = build_tree(api);
}

fn name_types(types: &mut TypeSpace) {
    let proposals: Vec<(String, String)> = types
        .defs
        .iter()
        .map(|d| {
            // Cased as one phrase: a keyword or a leading digit only matters at the start of
            // the whole name (`Self` + `1st` → `Self1st`, not `Self_V1st`).
            (type_ident(&d.hint.join(" ")), d.pointer.clone())
        })
        .collect();
    for (def, name) in types.defs.iter_mut().zip(dedupe(&proposals)) {
        def.name = name;
    }
}

fn name_members(types: &mut TypeSpace) {
    let names: Vec<String> = types.defs.iter().map(|d| d.name.clone()).collect();
    for def in &mut types.defs {
        let owner = def.name.clone();
        match &mut def.kind {
            TypeKind::Struct(s) => {
                let mut proposals: Vec<(String, String)> = s
                    .fields
                    .iter()
                    // The request body of a parameter struct keeps `body` even beside a query
                    // parameter of that name (the empty key sorts first).
                    .map(|f| {
                        let key = if f.body {
                            String::new()
                        } else {
                            f.wire.clone()
                        };
                        (snake_ident(&f.wire), key)
                    })
                    .collect();
                if s.additional.is_some() {
                    proposals.push(("additional_properties".into(), "\u{10ffff}".into()));
                }
                for (f, name) in s.fields.iter_mut().zip(dedupe(&proposals)) {
                    f.rust = name;
                }
            }
            TypeKind::Enum(e) => {
                let mut proposals: Vec<(String, String)> = e
                    .variants
                    .iter()
                    .map(|v| (camel_ident(&v.wire), v.wire.clone()))
                    .collect();
                // The catch-all of open enums keeps its name; a listed value that would take it
                // is numbered instead.
                proposals.push(("Unknown".into(), String::new()));
                for (v, name) in e.variants.iter_mut().zip(dedupe(&proposals)) {
                    v.rust = name;
                }
            }
            TypeKind::Union(u) => {
                let mut proposals: Vec<(String, String)> = u
                    .variants
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (variant_name(&v.ty, &names, &owner), format!("{i:08}")))
                    .collect();
                proposals.push(("Unknown".into(), String::new()));
                for (v, name) in u.variants.iter_mut().zip(dedupe(&proposals)) {
                    v.rust = name;
                }
            }
            TypeKind::Alias(_) | TypeKind::Pending => {}
        }
    }
}

/// A union variant is named after its payload; a payload named like the union loses that
/// prefix (`PortingEvent` + `PortingEventSplitEvent` → `SplitEvent`).
fn variant_name(ty: &Ty, names: &[String], owner: &str) -> String {
    match ty {
        Ty::Named(id) => {
            let full = &names[id.0];
            match full.strip_prefix(owner) {
                // `Self` alone is a keyword; such a variant keeps the payload's full name.
                Some(rest)
                    if rest.starts_with(|c: char| c.is_ascii_uppercase()) && rest != "Self" =>
                {
                    rest.to_string()
                }
                _ => full.clone(),
            }
        }
        Ty::String => "String".into(),
        Ty::Bool => "Boolean".into(),
        Ty::I32 | Ty::I64 => "Integer".into(),
        Ty::F64 => "Number".into(),
        Ty::Json => "Json".into(),
        Ty::JsonObject => "Object".into(),
        Ty::Vec(inner) => match variant_name(inner, names, owner).as_str() {
            // An inline list member's items are `{Owner}ListItem`: the member is the `List`.
            "ListItem" => "List".into(),
            item => format!("{item}List"),
        },
        Ty::Map(inner) => format!("{}Map", variant_name(inner, names, owner)),
        Ty::Bytes => "Bytes".into(),
        Ty::File => "File".into(),
    }
}

/// Builds the resource tree from the operations' placements. Child accessors never clash with
/// methods of the same resource (nor with the runtime's own methods on `Client`).
fn build_tree(api: &mut Api) -> Resource {
    #[derive(Default)]
    struct Node {
        children: BTreeMap<String, Node>,
        ops: Vec<usize>,
    }
    let mut root = Node::default();
    for (i, op) in api.operations.iter().enumerate() {
        let mut node = &mut root;
        for seg in &op.resource {
            node = node.children.entry(seg.clone()).or_default();
        }
        node.ops.push(i);
    }
    fn fix(node: &mut Node, api: &mut Api, is_root: bool) {
        let taken: Vec<String> = node.children.keys().cloned().collect();
        for &i in &node.ops {
            let op = &mut api.operations[i];
            let clashes =
                |n: &str| taken.iter().any(|t| t == n) || (is_root && CLIENT_METHODS.contains(&n));
            if clashes(&op.method_name) {
                op.method_name = format!("{}_operation", op.method_name.trim_start_matches("r#"));
            }
            for alt in &mut op.alternatives {
                if clashes(&alt.method_name) {
                    alt.method_name = format!("{}_operation", alt.method_name);
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
    fix(&mut root, api, true);
    fn convert(node: Node, path: Vec<String>, api: &mut Api) -> Resource {
        let type_name = if path.is_empty() {
            "Client".to_string()
        } else {
            let words: Vec<&str> = path.iter().map(|s| s.trim_start_matches("r#")).collect();
            type_ident(&words.join(" "))
        };
        let mut ops = node.ops;
        ops.sort_by(|&a, &b| {
            api.operations[a]
                .method_name
                .cmp(&api.operations[b].method_name)
        });
        for &i in &ops {
            api.operations[i].resource = path.clone();
        }
        let children = node
            .children
            .into_iter()
            .map(|(name, child)| {
                let mut p = path.clone();
                p.push(name);
                convert(child, p, api)
            })
            .collect();
        Resource {
            path,
            type_name,
            operations: ops,
            children,
        }
    }
    let mut tree = convert(root, Vec::new(), api);
    // Accessor type names are unique across the tree (`a_b` and `a.b` would both be `AB`).
    fn read(r: &Resource, out: &mut Vec<(String, String)>) {
        out.push((r.type_name.clone(), r.path.join(".")));
        r.children.iter().for_each(|c| read(c, out));
    }
    fn write(r: &mut Resource, names: &mut std::vec::IntoIter<String>) {
        if let Some(n) = names.next() {
            r.type_name = n;
        }
        r.children.iter_mut().for_each(|c| write(c, names));
    }
    let mut proposals = Vec::new();
    read(&tree, &mut proposals);
    write(&mut tree, &mut dedupe(&proposals).into_iter());
    tree
}
