//! `REFERENCE.md` of the porting crate: a section for every operation of `spec/porting.yaml`,
//! no call that passes `Default::default()` or `None`, and every example exactly the rustdoc
//! example of a method, which `cargo test --doc` (a `cargo xtask test` step) compiles.

use serde_yaml_ng::Value;

fn read(rel: &str) -> String {
    let path = format!("{}/../{rel}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Every file of the crate generated from `spec/porting.yaml`, by path.
fn porting_crate() -> Vec<(String, String)> {
    let config =
        generator::Config::from_yaml(&read("spec/generator.yaml")).expect("valid configuration");
    generator::generate(&read("spec/porting.yaml"), &config)
        .unwrap_or_else(|d| panic!("generation failed: {d}"))
        .files
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect()
}

fn reference(files: &[(String, String)]) -> &str {
    files
        .iter()
        .find(|(p, _)| p == "REFERENCE.md")
        .map(|(_, c)| c.as_str())
        .expect("the crate has a REFERENCE.md")
}

/// The document's operations, counted from the YAML itself: `(METHOD, path)`.
fn spec_operations() -> Vec<(String, String)> {
    let doc: Value = serde_yaml_ng::from_str(&read("spec/porting.yaml")).expect("valid YAML");
    let methods = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_mapping().expect("paths") {
        let path = path.as_str().expect("path key").to_string();
        for (method, _) in item.as_mapping().expect("path item") {
            let m = method.as_str().unwrap_or_default();
            if methods.contains(&m) {
                out.push((m.to_uppercase(), path.clone()));
            }
        }
    }
    out
}

/// The contents of every fenced Rust block.
fn rust_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in markdown.lines() {
        match (&mut current, line) {
            (None, "```rust") => current = Some(Vec::new()),
            (Some(lines), "```") => {
                blocks.push(lines.join("\n"));
                current = None;
            }
            (Some(lines), l) => lines.push(l),
            (None, _) => {}
        }
    }
    assert!(current.is_none(), "an unclosed code block");
    blocks
}

#[test]
fn every_operation_has_one_section_with_its_endpoint() {
    let files = porting_crate();
    let md = reference(&files);
    let operations = spec_operations();
    assert_eq!(operations.len(), 54, "spec/porting.yaml has 54 operations");
    let sections: Vec<&str> = md.split("\n### ").skip(1).collect();
    assert_eq!(
        sections.len(),
        operations.len(),
        "one `### ` section per operation"
    );
    for (method, path) in &operations {
        let endpoint = format!("\n`{method} {path}`\n");
        let holding = sections.iter().filter(|s| s.contains(&endpoint)).count();
        assert_eq!(holding, 1, "{method} {path}: in {holding} sections");
    }
    let groups = md.lines().filter(|l| l.starts_with("## `client")).count();
    assert!(
        groups >= 10,
        "sections are grouped by resource ({groups} groups)"
    );
}

#[test]
fn no_example_passes_a_default_or_none() {
    let files = porting_crate();
    let md = reference(&files);
    assert!(!md.contains("Default::default()"));
    for block in rust_blocks(md) {
        for bad in ["Default::default()", "None", "todo!", "unimplemented!"] {
            assert!(
                !block.contains(bad),
                "an example contains `{bad}`:\n{block}"
            );
        }
    }
}

#[test]
fn every_example_is_a_method_doctest() {
    let files = porting_crate();
    let md = reference(&files);
    let blocks = rust_blocks(md);
    let resources: Vec<&str> = files
        .iter()
        .filter(|(p, _)| p.starts_with("src/resources/"))
        .map(|(_, c)| c.as_str())
        .collect();
    // One example per method: 54 operations and their `text/csv` alternatives, the same count
    // as the methods' doctests.
    let doctests: usize = resources
        .iter()
        .map(|f| f.matches("/// ```rust,no_run\n").count())
        .sum();
    assert!(blocks.len() > 54, "{} examples", blocks.len());
    assert_eq!(
        blocks.len(),
        doctests,
        "as many examples as method doctests"
    );
    // Doc comments as they read inside an `impl`, indentation aside.
    let docs: Vec<String> = resources
        .iter()
        .map(|file| {
            file.lines()
                .map(str::trim_start)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    for block in &blocks {
        let mut lines = vec![
            "/// ```rust,no_run".to_string(),
            "/// # async fn example(client: &telnyx_porting::Client) -> Result<(), telnyx_porting::Error> {".to_string(),
        ];
        lines.extend(
            block
                .lines()
                .map(|l| format!("/// {l}").trim_end().to_string()),
        );
        lines.extend(["/// # Ok(())", "/// # }", "/// ```"].map(String::from));
        let doctest = lines.join("\n");
        let found = docs.iter().filter(|d| d.contains(&doctest)).count();
        assert_eq!(found, 1, "not exactly one method's doctest:\n{block}");
    }
}

#[test]
fn examples_show_optional_setters() {
    let files = porting_crate();
    let md = reference(&files);
    let blocks = rust_blocks(md);
    let retrieve = blocks
        .iter()
        .find(|b| {
            b.contains(".porting_orders()\n    .retrieve(")
                || b.contains(".porting_orders().retrieve(")
        })
        .expect("an example of porting_orders().retrieve");
    assert!(
        retrieve.contains(".include_phone_numbers("),
        "the retrieve example sets its optional parameter:\n{retrieve}"
    );
}
