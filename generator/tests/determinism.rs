//! Output depends on the document's content only: generating twice gives the same bytes, and so
//! does generating from the same document with every mapping's keys in reverse order.

use serde_json::{Map, Value};

fn read(rel: &str) -> String {
    let path = format!("{}/../{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn porting_config() -> generator::Config {
    generator::Config::from_yaml(&read("spec/generator.yaml")).expect("valid configuration")
}

/// Every object's keys in reverse order, at every depth (arrays keep their order: it means
/// something there).
fn reverse_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let entries: Vec<(String, Value)> = map.into_iter().collect();
            let mut out = Map::new();
            for (k, v) in entries.into_iter().rev() {
                out.insert(k, reverse_keys(v));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(reverse_keys).collect()),
        other => other,
    }
}

fn files(text: &str, config: &generator::Config) -> Vec<(String, String)> {
    generator::generate(text, config)
        .unwrap_or_else(|d| panic!("generation failed: {d}"))
        .files
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

fn assert_same(what: &str, a: &[(String, String)], b: &[(String, String)]) {
    let paths = |v: &[(String, String)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(a), paths(b), "{what}: different file sets");
    for ((path, x), (_, y)) in a.iter().zip(b) {
        if x != y {
            let line = x
                .lines()
                .zip(y.lines())
                .position(|(l, r)| l != r)
                .map_or(0, |i| i + 1);
            panic!("{what}: {path} differs (first at line {line})");
        }
    }
}

#[test]
fn generating_twice_gives_identical_bytes() {
    let text = read("spec/porting.yaml");
    let config = porting_config();
    assert_same("second run", &files(&text, &config), &files(&text, &config));
}

#[test]
fn reordered_mappings_give_identical_bytes() {
    let text = read("spec/porting.yaml");
    let config = porting_config();
    let original = files(&text, &config);

    let value: Value = serde_yaml_ng::from_str(&text).expect("the spec parses");
    let reversed = reverse_keys(value.clone());
    assert_ne!(
        serde_json::to_string(&value).ok(),
        serde_json::to_string(&reversed).ok(),
        "reversing changed nothing, so the test would prove nothing"
    );
    let json = serde_json::to_string_pretty(&reversed).expect("serializable");
    assert_same("reversed keys", &original, &files(&json, &config));
    // Same document as JSON in its original order: the input syntax does not matter either.
    let json = serde_json::to_string(&value).expect("serializable");
    assert_same("as JSON", &original, &files(&json, &config));
}

#[test]
fn fixtures_are_independent_of_key_order() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures folder").flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable fixture");
        let config = generator::Config::minimal("fixture");
        let value: Value = serde_yaml_ng::from_str(&text).expect("fixture parses");
        let json = serde_json::to_string(&reverse_keys(value)).expect("serializable");
        assert_same(
            &path.display().to_string(),
            &files(&text, &config),
            &files(&json, &config),
        );
        count += 1;
    }
    assert!(count > 0);
}
