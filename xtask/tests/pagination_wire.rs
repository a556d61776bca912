//! OpenAI- and Twilio-style lists paginate on the wire with their own schemes: the
//! `openai_pagination` and `twilio_pagination` fixture crates (generated with their
//! configurations from `generator/tests/fixtures/config/`) each get a test program from
//! `xtask/tests/pagination_wire/<fixture>.rs` that walks three pages of a local axum server.
//! The crates are written into `target/pagination-wire/` and built in the fixture crates' build
//! directory, so their dependencies are shared.

use std::path::Path;
use std::process::Command;

const FIXTURES: [&str; 2] = ["openai_pagination", "twilio_pagination"];

fn write(path: &Path, contents: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create directory");
    }
    std::fs::write(path, contents).expect("write file");
}

#[test]
fn cursor_and_next_link_lists_walk_three_pages_of_a_local_server() {
    let root = xtask::root();
    let workspace = root.join("target/pagination-wire");
    if workspace.exists() {
        std::fs::remove_dir_all(&workspace).expect("clear the workspace");
    }
    for name in FIXTURES {
        let doc = root.join(format!("generator/tests/fixtures/{name}.yaml"));
        let text = std::fs::read_to_string(&doc).expect("fixture document");
        let config = xtask::fixtures::fixture_config(&root, name).expect("fixture config");
        let generated = generator::generate(&text, &config).expect("fixture generates");
        let dir = workspace.join(name);
        for file in &generated.files {
            write(&dir.join(&file.path), &file.contents);
        }
        // The test program's server; the generated crate has no use of axum itself.
        let manifest = dir.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).expect("generated manifest");
        let text = text.replacen(
            "[dev-dependencies]\n",
            "[dev-dependencies]\naxum = { version = \"0.8\", default-features = false, \
             features = [\"http1\", \"tokio\"] }\n",
            1,
        );
        assert!(
            text.contains("axum"),
            "no [dev-dependencies] in {}",
            manifest.display()
        );
        write(&manifest, &text);
        let program = root.join(format!("xtask/tests/pagination_wire/{name}.rs"));
        let program = std::fs::read_to_string(&program).expect("test program");
        write(&dir.join("tests/wire.rs"), &program);
    }
    let members: Vec<String> = FIXTURES.iter().map(|m| format!("{m:?}")).collect();
    write(
        &workspace.join("Cargo.toml"),
        &format!(
            "# Written by xtask/tests/pagination_wire.rs; rewritten on every run.\n\
             [workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    );
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).expect("lock file");

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-crates-build"))
        .args(["test", "--workspace", "--quiet", "--test", "wire"])
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the wire tests failed:\n{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Both programs ran, every test in them: 4 OpenAI, 1 Twilio.
    let passed: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("test result: ok"))
        .collect();
    assert_eq!(passed.len(), 2, "{stdout}");
    assert!(
        passed[0].contains("4 passed") && passed[1].contains("1 passed"),
        "{stdout}"
    );
}
