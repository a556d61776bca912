//! Every generator fixture (`generator/tests/fixtures/*.yaml`) must yield a crate that compiles
//! with warnings denied, and whose method examples (doctests) compile. The crates are written as
//! members of one temporary workspace under `target/`, so their shared dependencies compile once,
//! and checked by a single `cargo clippy -- -D warnings` and a single `cargo test --doc`. `xtask/tests/fixtures_compile.rs` runs it under plain
//! `cargo test` (and so in `cargo xtask test`'s workspace step).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Generates every fixture's crate into `target/fixture-crates/<name>/` and runs
/// `cargo clippy --workspace -- -D warnings`, then `cargo test --doc --workspace`, over all of
/// them at once (build output in `target/fixture-crates-build`). Fails with the first generation
/// error or cargo's output.
pub fn check_fixtures_compile(root: &Path) -> Result<(), String> {
    let fixtures = fixture_files(root)?;
    if fixtures.is_empty() {
        return Err("no fixtures in generator/tests/fixtures".into());
    }
    let workspace = root.join("target/fixture-crates");
    // A clean slate: a fixture that was renamed or removed must not linger as a member.
    if workspace.exists() {
        std::fs::remove_dir_all(&workspace)
            .map_err(|e| format!("cannot clear {}: {e}", workspace.display()))?;
    }
    let mut members = Vec::new();
    for path in &fixtures {
        let name = fixture_name(path);
        let generated = generate_fixture(path, &fixture_config(root, &name)?)?;
        let dir = workspace.join(&name);
        for file in &generated.files {
            let target = dir.join(&file.path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            std::fs::write(&target, &file.contents)
                .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        }
        members.push(name);
    }
    let manifest = format!(
        "# Written by `xtask::fixtures::check_fixtures_compile`; rewritten on every run.\n\
         [workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("{m:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    write(&workspace.join("Cargo.toml"), &manifest)?;
    // The project's lock file pins the same dependency versions the checked-in client uses (and
    // lets the check run without resolving anything anew).
    let lock = root.join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, workspace.join("Cargo.lock"))
            .map_err(|e| format!("cannot copy {}: {e}", lock.display()))?;
    }

    // Every crate is checked even when one fails, so one run reports every problem.
    let clippy = [
        "clippy",
        "--workspace",
        "--keep-going",
        "--quiet",
        "--",
        "-D",
        "warnings",
    ];
    cargo(root, &workspace, &clippy, "do not compile cleanly")?;
    // Each method's example (its `REFERENCE.md` example too) is a `no_run` doctest.
    let doctests = ["test", "--doc", "--workspace", "--quiet"];
    cargo(
        root,
        &workspace,
        &doctests,
        "have examples that do not compile",
    )
}

/// Runs cargo over the fixture workspace; fails with its output, saying the crates `what`.
fn cargo(root: &Path, workspace: &Path, args: &[&str], what: &str) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-crates-build"))
        .args(args)
        .output()
        .map_err(|e| format!("cannot run cargo {}: {e}", args.join(" ")))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "fixture crates {what} ({}):\n{}{}",
            workspace.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// The configuration a fixture is generated with (the snapshot test uses the same):
/// `generator/tests/fixtures/config/<name>.yaml` when there is one (pagination schemes, for
/// one, are only ever configured), else the minimal one.
pub fn fixture_config(root: &Path, name: &str) -> Result<generator::Config, String> {
    let path = root.join(format!("generator/tests/fixtures/config/{name}.yaml"));
    if !path.exists() {
        let mut config = generator::Config::minimal(&format!("fixture-{}", name.replace('_', "-")));
        // Fixtures named `features_*` are about per-resource cargo features.
        if name.starts_with("features_") {
            config.features = generator::config::FeatureMode::PerResource;
        }
        return Ok(config);
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    generator::Config::from_yaml(&text).map_err(|d| format!("{}: {d}", path.display()))
}

/// Generates a fixture: a document file, or a folder whose root is `openapi.yaml`.
pub fn generate_fixture(
    path: &Path,
    config: &generator::Config,
) -> Result<generator::Generated, String> {
    let generated = if path.is_dir() {
        let files = generator::load::DiskFiles(path.to_path_buf());
        generator::generate_files(FOLDER_ROOT, &files, config)
    } else {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        generator::generate(&text, config)
    };
    generated.map_err(|d| format!("{}: {d}", path.display()))
}

/// The root document of a multi-file fixture folder.
pub const FOLDER_ROOT: &str = "openapi.yaml";

/// `generator/tests/fixtures/*.yaml` and the folders holding an `openapi.yaml`, sorted.
pub fn fixture_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    let dir = root.join("generator/tests/fixtures");
    let entries =
        std::fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut out = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .path();
        if path.extension().is_some_and(|e| e == "yaml") || path.join(FOLDER_ROOT).is_file() {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

fn fixture_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
