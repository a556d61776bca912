//! Mutation testing: real documents (every fixture, and a slice of the porting spec) are
//! damaged at random (keys deleted or renamed, values replaced by other types, `$ref`s to
//! nowhere, subtrees swapped, …), re-serialized and generated. Whatever the damage, the generator
//! must not panic, and must either report errors that say where, or produce Rust that parses.
//!
//! Environment: `MUTATION_CASES` (default 10,000), `MUTATION_SEED` (a fixed seed by default, so
//! CI is reproducible; set another to explore), `MUTATION_TRACE=<file>` (each case's document is
//! written there first: a stack overflow aborts before any report), `MUTATION_LOG=<file>` (the
//! first error of every rejected case, to see which checks the mutations reach).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{
    Config as RunnerConfig, RngAlgorithm, TestCaseError, TestRng, TestRunner,
};
use serde_json::{Map, Value, json};

/// One step into a JSON value.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// The damage done to one node.
#[derive(Debug, Clone)]
enum Op {
    Delete,
    Null,
    Number(i64),
    Float,
    Bool(bool),
    Text(usize),
    EmptyObject,
    EmptyArray,
    /// An array holding the node, or an object holding it under a key.
    Wrap(bool),
    /// The key the node sits under, renamed to one of [`STRINGS`].
    RenameKey(usize),
    /// A copy of the node beside it, under another key (or appended, in an array).
    Duplicate(usize),
    DanglingRef(usize),
    /// Swapped with another node (picked like the first).
    Swap(u32),
    /// Replaced by a copy of another node.
    CopyFrom(u32),
}

const STRINGS: &[&str] = &[
    "",
    "x",
    "type",
    "self",
    "Self",
    "+1",
    "-1",
    "0",
    "null",
    "object",
    "array",
    "string",
    "integer",
    "number",
    "boolean",
    "binary",
    "date-time",
    "int32",
    "header",
    "path",
    "query",
    "cookie",
    "deepObject",
    "application/json",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "text/csv",
    "*/*",
    "#/components/schemas/",
    "#/components/schemas/Nowhere",
    "#/components/parameters/Nowhere",
    "#/paths",
    "other.yaml#/x",
    "3.0.0",
    "3.1.0",
    "2.0",
    "/a/{id}",
    "/a/{",
    "{id}",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "discriminator",
    "additionalProperties",
    "required",
    "enum",
    "const",
    "nullable",
    "$ref",
    "Ünïcode",
    "日本語",
    "a\u{0}b",
    "r#type",
    "page[number]",
    "Idempotency-Key",
    "Accept",
    "Authorization",
];

const REF_TARGETS: &[&str] = &[
    "#/components/schemas/Nowhere",
    "#/components/parameters/Nowhere",
    "#/components/requestBodies/Nowhere",
    "#/components/responses/Nowhere",
    "#/components/schemas/",
    "#/components",
    "#",
    "",
    "https://example.com/x.yaml#/A",
];

fn op_strategy() -> impl Strategy<Value = Op> {
    let s = 0..STRINGS.len();
    prop_oneof![
        6 => Just(Op::Delete),
        1 => Just(Op::Null),
        1 => any::<i64>().prop_map(Op::Number),
        1 => Just(Op::Float),
        1 => any::<bool>().prop_map(Op::Bool),
        8 => s.clone().prop_map(Op::Text),
        1 => Just(Op::EmptyObject),
        1 => Just(Op::EmptyArray),
        1 => any::<bool>().prop_map(Op::Wrap),
        4 => s.clone().prop_map(Op::RenameKey),
        3 => s.prop_map(Op::Duplicate),
        3 => (0..REF_TARGETS.len()).prop_map(Op::DanglingRef),
        3 => any::<u32>().prop_map(Op::Swap),
        3 => any::<u32>().prop_map(Op::CopyFrom),
    ]
}

/// Every node's path, in document order (the root excluded).
fn paths(v: &Value) -> Vec<Vec<Step>> {
    fn walk(v: &Value, here: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    here.push(Step::Key(k.clone()));
                    out.push(here.clone());
                    walk(child, here, out);
                    here.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    here.push(Step::Index(i));
                    out.push(here.clone());
                    walk(child, here, out);
                    here.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut Vec::new(), &mut out);
    out
}

fn get_mut<'v>(v: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    let mut cur = v;
    for step in path {
        cur = match (cur, step) {
            (Value::Object(m), Step::Key(k)) => m.get_mut(k)?,
            (Value::Array(a), Step::Index(i)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn get<'v>(v: &'v Value, path: &[Step]) -> Option<&'v Value> {
    let mut cur = v;
    for step in path {
        cur = match (cur, step) {
            (Value::Object(m), Step::Key(k)) => m.get(k)?,
            (Value::Array(a), Step::Index(i)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// Applies one mutation at the node `pick` selects. Paths are recomputed per mutation, since
/// an earlier one may have moved things.
fn mutate(doc: &mut Value, pick: u32, op: &Op) {
    let all = paths(doc);
    // A string is replaced by another string, so the document keeps its shape and the damage
    // reaches the lowering (other operations exercise wrong types).
    let candidates: Vec<&Vec<Step>> = match op {
        Op::Text(_) => all
            .iter()
            .filter(|p| get(doc, p).is_some_and(Value::is_string))
            .collect(),
        _ => all.iter().collect(),
    };
    if candidates.is_empty() {
        return;
    }
    let path = candidates[pick as usize % candidates.len()];
    let Some((last, parent_path)) = path.split_last() else {
        return;
    };
    let other = |n: u32| all[n as usize % all.len()].clone();
    match op {
        Op::Delete => {
            if let Some(parent) = get_mut(doc, parent_path) {
                match (parent, last) {
                    (Value::Object(m), Step::Key(k)) => {
                        m.shift_remove(k);
                    }
                    (Value::Array(a), Step::Index(i)) if *i < a.len() => {
                        a.remove(*i);
                    }
                    _ => {}
                }
            }
        }
        Op::RenameKey(s) | Op::Duplicate(s) => match (get_mut(doc, parent_path), last) {
            (Some(Value::Array(a)), Step::Index(i)) => {
                if let (Op::Duplicate(_), Some(copy)) = (op, a.get(*i).cloned()) {
                    a.insert(*i, copy);
                }
            }
            (Some(Value::Object(m)), Step::Key(k)) => {
                let Some(value) = m.get(k).cloned() else {
                    return;
                };
                if matches!(op, Op::RenameKey(_)) {
                    m.shift_remove(k);
                }
                // A key that already exists is overwritten: JSON has no duplicate keys, this is
                // the nearest a document gets.
                m.insert(STRINGS[*s].to_string(), value);
            }
            _ => {}
        },
        Op::Swap(n) => {
            let second = other(*n);
            // Swapping a node with its own ancestor or descendant would lose one of them.
            let prefix = |a: &[Step], b: &[Step]| {
                a.len() <= b.len()
                    && a.iter().zip(b).all(|(x, y)| match (x, y) {
                        (Step::Key(p), Step::Key(q)) => p == q,
                        (Step::Index(p), Step::Index(q)) => p == q,
                        _ => false,
                    })
            };
            if prefix(path, &second) || prefix(&second, path) {
                return;
            }
            let (Some(a), Some(b)) = (get(doc, path).cloned(), get(doc, &second).cloned()) else {
                return;
            };
            if let Some(slot) = get_mut(doc, path) {
                *slot = b;
            }
            if let Some(slot) = get_mut(doc, &second) {
                *slot = a;
            }
        }
        Op::CopyFrom(n) => {
            let Some(copy) = get(doc, &other(*n)).cloned() else {
                return;
            };
            if let Some(slot) = get_mut(doc, path) {
                *slot = copy;
            }
        }
        _ => {
            let Some(slot) = get_mut(doc, path) else {
                return;
            };
            *slot = match op {
                Op::Null => Value::Null,
                Op::Number(n) => json!(n),
                Op::Float => json!(-0.5),
                Op::Bool(b) => json!(b),
                Op::Text(s) => json!(STRINGS[*s]),
                Op::EmptyObject => json!({}),
                Op::EmptyArray => json!([]),
                Op::Wrap(true) => Value::Array(vec![slot.take()]),
                Op::Wrap(false) => Value::Object(Map::from_iter([("x".to_string(), slot.take())])),
                Op::DanglingRef(t) => json!({"$ref": REF_TARGETS[*t]}),
                _ => return,
            };
        }
    }
}

/// The documents mutated: every fixture, and the porting spec cut down to a few operations
/// (still with every component schema, so references resolve until a mutation breaks them).
fn bases() -> &'static Vec<(String, Value)> {
    static BASES: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    BASES.get_or_init(|| {
        let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .expect("fixtures folder")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        entries.sort();
        for path in entries {
            let text = std::fs::read_to_string(&path).expect("readable fixture");
            let value: Value = serde_yaml_ng::from_str(&text).expect("fixture parses");
            out.push((path.display().to_string(), value));
        }
        let spec = format!("{}/../spec/porting.yaml", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&spec).expect("readable spec");
        let value: Value = serde_yaml_ng::from_str(&text).expect("spec parses");
        let value = porting_slice(value);
        out.push(("porting slice".into(), value));
        out
    })
}

/// How the cases ended, to show the mutations reach past the loader.
static GENERATED: AtomicUsize = AtomicUsize::new(0);
static REJECTED: AtomicUsize = AtomicUsize::new(0);

/// The porting spec cut down to a few operations (events with their discriminated union, LOA
/// configurations, a PDF download, number blocks, reports) and the components they reach: the
/// whole spec would make each case ten times slower for little more variety.
fn porting_slice(mut doc: Value) -> Value {
    const KEEP: &[&str] = &[
        "/porting/events",
        "/porting/loa_configurations",
        "/porting_orders/{id}/loa_template",
        "/porting_orders/{porting_order_id}/phone_number_blocks",
        "/porting/reports",
    ];
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, child) in m {
                    match (k.as_str(), child) {
                        ("$ref", Value::String(r)) => out.push(r.clone()),
                        _ => refs(child, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|c| refs(c, out)),
            _ => {}
        }
    }
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        paths.retain(|k, _| KEEP.contains(&k.as_str()));
    }
    let mut stack = Vec::new();
    if let Some(paths) = doc.get("paths") {
        refs(paths, &mut stack);
    }
    // The webhooks keep their payload schemas, so mutations reach the webhook lowering too.
    if let Some(webhooks) = doc.get("webhooks") {
        refs(webhooks, &mut stack);
    }
    let mut reached = std::collections::BTreeSet::new();
    while let Some(r) = stack.pop() {
        if !reached.insert(r.clone()) {
            continue;
        }
        let target = r.strip_prefix('#').and_then(|p| doc.pointer(p));
        if let Some(target) = target {
            refs(target, &mut stack);
        }
    }
    if let Some(Value::Object(components)) = doc.get_mut("components") {
        for (kind, items) in components.iter_mut() {
            if let Value::Object(items) = items {
                // Security schemes are named by `security`, never reached by a `$ref`.
                items.retain(|name, _| {
                    kind == "securitySchemes"
                        || reached.contains(&format!("#/components/{kind}/{name}"))
                });
            }
        }
    }
    doc
}

fn check(
    base: usize,
    mutations: &[(u32, Op)],
    text_form: bool,
    duplicate_key: bool,
) -> Result<(), TestCaseError> {
    let all = bases();
    let (name, original) = &all[base % all.len()];
    let mut doc = original.clone();
    for (pick, op) in mutations {
        mutate(&mut doc, *pick, op);
    }
    // Half the cases go through YAML text (the loader's YAML path), half through JSON.
    let mut text = if text_form {
        serde_yaml_ng::to_string(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?
    } else {
        serde_json::to_string(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?
    };
    // A key written twice exists only in text: repeat the first top-level key.
    if let (true, true, Some(key)) = (
        duplicate_key,
        text_form,
        doc.as_object().and_then(|m| m.keys().next()),
    ) {
        text.push_str(&format!(
            "{}: null\n",
            serde_json::to_string(key).unwrap_or_default()
        ));
    }
    // A stack overflow aborts the process before any report: leave the case on disk first.
    if let Ok(trace) = std::env::var("MUTATION_TRACE") {
        let _ = std::fs::write(trace, &text);
    }
    let config = generator::Config::minimal("mutant");
    let result = catch_unwind(AssertUnwindSafe(|| generator::generate(&text, &config)));
    let result = result.map_err(|p| {
        let msg = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        TestCaseError::fail(format!("panic on a mutant of {name}: {msg}\n{text}"))
    })?;
    match result {
        Err(diags) => {
            REJECTED.fetch_add(1, Ordering::Relaxed);
            if let Ok(log) = std::env::var("MUTATION_LOG") {
                use std::io::Write as _;
                if let Ok(mut f) = std::fs::OpenOptions::new()
                    .append(true)
                    .create(true)
                    .open(log)
                {
                    let _ = writeln!(f, "{}", diags.0[0].message);
                }
            }
            prop_assert!(!diags.0.is_empty(), "an error without diagnostics");
            for d in &diags.0 {
                use generator::diagnostics::{Location, Origin};
                prop_assert!(
                    matches!(d.location, Location::Pointer(_) | Location::Text { .. }),
                    "unlocated error: {d}\n{text}"
                );
                // Invalid generated Rust or a failing template is the generator's bug, not the
                // document's.
                prop_assert!(
                    d.origin == Origin::Document,
                    "the generator failed on a mutant of {name}: {d}\n{text}"
                );
            }
        }
        Ok(generated) => {
            GENERATED.fetch_add(1, Ordering::Relaxed);
            // The runtime modules are fixed text, parsed once by `every_base_generates_cleanly`.
            let runtime = runtime_copies();
            let own = generated
                .files
                .iter()
                .filter(|f| f.path.ends_with(".rs") && !runtime.contains(&f.path));
            for file in own {
                prop_assert!(
                    syn::parse_file(&file.contents).is_ok(),
                    "{} does not parse for a mutant of {name}\n{text}",
                    file.path
                );
            }
        }
    }
    Ok(())
}

#[test]
fn mutated_documents_never_panic() {
    let cases = std::env::var("MUTATION_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let config = RunnerConfig {
        cases,
        failure_persistence: None,
        // Shrinking re-runs generation many times; a failing case is readable as it is.
        max_shrink_iters: 64,
        ..RunnerConfig::default()
    };
    // A fixed seed keeps CI reproducible; `MUTATION_SEED` explores other cases.
    let seed: u64 = std::env::var("MUTATION_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5eed_0a9e);
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(
            &(seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)).to_le_bytes(),
        );
    }
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let strategy = (
        any::<usize>(),
        proptest::collection::vec((any::<u32>(), op_strategy()), 1..5),
        any::<bool>(),
        proptest::bool::weighted(0.05),
    );
    let started = std::time::Instant::now();
    let result = runner.run(&strategy, |(base, mutations, yaml, duplicate)| {
        check(base, &mutations, yaml, duplicate)
    });
    eprintln!(
        "{cases} mutation cases (seed {seed}) in {:.1} s: {} generated, {} rejected with located errors",
        started.elapsed().as_secs_f64(),
        GENERATED.load(Ordering::Relaxed),
        REJECTED.load(Ordering::Relaxed),
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Paths of the runtime modules copied verbatim into every crate (`src/call.rs`, …).
fn runtime_copies() -> &'static Vec<String> {
    static FILES: OnceLock<Vec<String>> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = format!("{}/../runtime/src", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_dir(&dir)
            .expect("runtime/src is readable")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".rs") && n != "lib.rs" && n != "meta.rs")
            .map(|n| format!("src/{n}"))
            .collect()
    })
}

#[test]
fn every_base_generates_cleanly() {
    for (name, value) in bases() {
        let text = serde_json::to_string(value).expect("serializable");
        match generator::generate(&text, &generator::Config::minimal("base")) {
            Err(d) => panic!("{name}: {d}"),
            Ok(g) => {
                for f in g.files.iter().filter(|f| f.path.ends_with(".rs")) {
                    assert!(syn::parse_file(&f.contents).is_ok(), "{name}: {}", f.path);
                }
            }
        }
    }
}
