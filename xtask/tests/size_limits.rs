//! Size limits of generated crates, on the project's spec and on three large real documents
//! read from `../shared` (the whole upstream Telnyx API, OpenAI, Twilio): no type name longer
//! than 40 characters, no file of the client's source longer than 3,000 lines, and every
//! declared type name unique within its file (two equal names would not compile). The
//! mock-server test suite (`tests/`) is not checked here: its emitter writes one file.

use std::path::PathBuf;

const MAX_NAME: usize = 40;
const MAX_LINES: usize = 3000;

/// `pub struct X`, `pub enum X<'a>`, `pub type X = …`: the declared type names of a file.
fn declared_types(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let rest = line.trim_start();
            ["pub struct ", "pub enum ", "pub type ", "pub trait "]
                .iter()
                .find_map(|kw| rest.strip_prefix(kw))
        })
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

/// Every rule on one generated crate.
fn check(name: &str, spec: PathBuf) {
    let out = xtask::generate(&spec, &xtask::default_config())
        .unwrap_or_else(|e| panic!("{name}: generation fails: {e}"));
    let mut long_names = Vec::new();
    let mut long_files = Vec::new();
    let mut count = 0;
    for f in out.files.iter().filter(|f| f.path.ends_with(".rs")) {
        let mut seen = std::collections::BTreeSet::new();
        for t in declared_types(&f.contents) {
            count += 1;
            if t.len() > MAX_NAME {
                long_names.push(format!("{}: {t} ({})", f.path, t.len()));
            }
            assert!(
                seen.insert(t.clone()),
                "{name}: {} declares {t} twice",
                f.path
            );
        }
        let lines = f.contents.lines().count();
        if f.path.starts_with("src/") && lines > MAX_LINES {
            long_files.push(format!("{} ({lines} lines)", f.path));
        }
    }
    assert!(
        count > 50,
        "{name}: only {count} types found: the scan is broken"
    );
    assert!(
        long_names.is_empty(),
        "{name}: {} names over {MAX_NAME} characters:\n{}",
        long_names.len(),
        long_names.join("\n")
    );
    assert!(
        long_files.is_empty(),
        "{name}: files over {MAX_LINES} lines:\n{}",
        long_files.join("\n")
    );
    assert!(
        out.files.iter().any(|f| f.path == "src/models/mod.rs"),
        "{name}: models are a directory"
    );
}

#[test]
fn porting_crate_keeps_the_limits() {
    check("porting", xtask::default_spec());
}

#[test]
fn upstream_crate_keeps_the_limits() {
    check("upstream", xtask::upstream_spec());
}

#[test]
fn openai_crate_keeps_the_limits() {
    check(
        "openai",
        xtask::root().join("../shared/realworld/openai.yaml"),
    );
}

#[test]
fn twilio_crate_keeps_the_limits() {
    check(
        "twilio",
        xtask::root().join("../shared/realworld/twilio_api_v2010.json"),
    );
}
