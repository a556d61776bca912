//! Per-resource cargo features hold up in every combination a user can pick: each
//! `features_*` fixture's crate is linted (clippy, warnings denied, every target including the
//! mock-server tests) with no feature, with each feature alone, and with the defaults.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Generates each `features_*` fixture's crate under `target/feature-crates/<name>/` and lints
/// it under every feature set of [`feature_sets`]. Fails with the first failing set's output.
pub fn check_feature_sets(root: &Path) -> Result<Vec<String>, String> {
    let fixtures: Vec<PathBuf> = crate::fixtures::fixture_files(root)?
        .into_iter()
        .filter(|p| stem(p).starts_with("features_"))
        .collect();
    if fixtures.is_empty() {
        return Err("no features_* fixture in generator/tests/fixtures".into());
    }
    let workspace = root.join("target/feature-crates");
    let names: Vec<String> = fixtures.iter().map(|p| format!("{:?}", stem(p))).collect();
    // A workspace of its own, so Cargo does not take the crates for strays of the project's.
    let manifest = format!(
        "# Written by `xtask::features::check_feature_sets`; rewritten on every run.\n\
         [workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        names.join(", ")
    );
    std::fs::create_dir_all(&workspace)
        .map_err(|e| format!("cannot create {}: {e}", workspace.display()))?;
    let write = |path: PathBuf, text: &str| {
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(workspace.join("Cargo.toml"), &manifest)?;
    let lock = root.join("Cargo.lock");
    let lock_text = std::fs::read_to_string(&lock)
        .map_err(|e| format!("cannot read {}: {e}", lock.display()))?;
    write(workspace.join("Cargo.lock"), &lock_text)?;
    let mut checked = Vec::new();
    for path in &fixtures {
        let name = stem(path);
        let dir = workspace.join(&name);
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let config = crate::fixtures::fixture_config(root, &name)?;
        let generated =
            generator::generate(&text, &config).map_err(|d| format!("{}: {d}", path.display()))?;
        crate::sync::write(&dir, &generated.files)?;
        let manifest = generated
            .files
            .iter()
            .find(|f| f.path == "Cargo.toml")
            .ok_or_else(|| format!("{name}: no Cargo.toml generated"))?;
        let sets = feature_sets(&manifest.contents)?;
        for set in sets {
            lint(root, &dir, &set).map_err(|e| format!("{name}: {e}"))?;
            checked.push(format!("{name}: {}", set.join(" ")));
        }
    }
    Ok(checked)
}

/// The cargo arguments of every feature set worth checking: none, each one alone, the
/// defaults. Read from the generated manifest's `default` list.
pub fn feature_sets(manifest: &str) -> Result<Vec<Vec<String>>, String> {
    let doc: toml::Table = manifest
        .parse()
        .map_err(|e| format!("the generated Cargo.toml does not parse: {e}"))?;
    let defaults: Vec<String> = doc
        .get("features")
        .and_then(|f| f.get("default"))
        .and_then(toml::Value::as_array)
        .ok_or("the generated Cargo.toml has no `default` feature list")?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let none = || vec!["--no-default-features".to_string()];
    let mut sets = vec![none()];
    for f in &defaults {
        let mut set = none();
        set.extend(["--features".to_string(), f.clone()]);
        sets.push(set);
    }
    sets.push(Vec::new());
    Ok(sets)
}

/// `cargo clippy --all-targets` with `set` plus the mock-server tests, warnings denied.
fn lint(root: &Path, dir: &Path, set: &[String]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-crates-build"))
        .args(["clippy", "--quiet", "--all-targets"])
        .args(set)
        .args(["--features", "mock-server-tests", "--", "-D", "warnings"])
        .output()
        .map_err(|e| format!("cannot run cargo clippy: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "clippy {} failed in {}:\n{}{}",
            set.join(" "),
            dir.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
