//! Header and cookie parameters and fixed path queries on the wire: the `header_params` fixture's
//! crate is generated into a scratch workspace under `target/`, given the test program
//! `tests/wire/header_params.rs` (a client against a local server that records each request),
//! and that program is run with `cargo test`. The build folder is the one the fixture crates
//! share, so the dependencies are already compiled.

use std::path::Path;
use std::process::Command;

#[test]
fn header_and_cookie_parameters_arrive_as_the_style_rules_say() {
    let root = xtask::root();
    let workspace = root.join("target/wire-crates");
    if workspace.exists() {
        std::fs::remove_dir_all(&workspace).expect("clear the scratch workspace");
    }
    let name = "header_params";
    let spec = root.join(format!("generator/tests/fixtures/{name}.yaml"));
    let text = std::fs::read_to_string(&spec).expect("read the fixture");
    let config = xtask::fixtures::fixture_config(&root, name).expect("fixture config");
    let generated =
        generator::generate(&text, &config).unwrap_or_else(|d| panic!("{}: {d}", spec.display()));
    assert!(generated.skipped.is_empty(), "{:?}", generated.skipped);
    let dir = workspace.join(name);
    xtask::sync::write(&dir, &generated.files).unwrap_or_else(|e| panic!("{e}"));
    write(
        &workspace.join("Cargo.toml"),
        &format!("[workspace]\nresolver = \"3\"\nmembers = [{name:?}]\n"),
    );
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).expect("copy lock");
    let program = root.join(format!("xtask/tests/wire/{name}.rs"));
    let test = std::fs::read_to_string(&program).expect("read the wire test program");
    write(&dir.join("tests/wire.rs"), &test);

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-crates-build"))
        .args(["test", "--quiet", "--test", "wire"])
        .output()
        .expect("run cargo test");
    assert!(
        output.status.success(),
        "the wire test of {name} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}
