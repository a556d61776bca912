//! A crate generated with no configuration at all (`Config::derived`), the way
//! `cargo xtask generate --spec X --out D` makes one: its identity comes from the document, it
//! names no Telnyx value, and its own `cargo test` passes.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The fixture whose derived crate is built and tested: it declares every kind of scheme.
pub const FIXTURE: &str = "generator/tests/fixtures/security.yaml";

/// The files of `spec`'s crate generated without configuration.
pub fn generate(spec: &Path) -> Result<generator::Generated, String> {
    let text = std::fs::read_to_string(spec)
        .map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    generator::generate(&text, &generator::Config::derived())
        .map_err(|d| format!("{}: {d}", spec.display()))
}

/// Every `path: line` of the generated files that mentions Telnyx, in any case.
pub fn telnyx_mentions(generated: &generator::Generated) -> Vec<String> {
    let mut out = Vec::new();
    for file in &generated.files {
        for line in file.contents.lines() {
            if line.to_ascii_lowercase().contains("telnyx") {
                out.push(format!("{}: {line}", file.path));
            }
        }
    }
    out
}

/// Writes the fixture's derived crate to `target/derived-crate` and runs its `cargo test`
/// (build output shared with the fixture crates' check).
pub fn check_cargo_test(root: &Path) -> Result<(), String> {
    let generated = generate(&root.join(FIXTURE))?;
    let dir = root.join("target/derived-crate");
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
    }
    for file in &generated.files {
        write(&dir.join(&file.path), &file.contents)?;
    }
    // Its own workspace, so the project's does not claim it; the project's lock pins versions.
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    write(&manifest, &format!("{text}\n[workspace]\n"))?;
    let lock = root.join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, dir.join("Cargo.lock"))
            .map_err(|e| format!("cannot copy {}: {e}", lock.display()))?;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-crates-build"))
        .args(["test", "--quiet"])
        .output()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo test` fails in the derived crate ({}):\n{}{}",
            dir.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// The real-world documents beside the project (`../shared/realworld`), read-only.
pub fn realworld(root: &Path, name: &str) -> PathBuf {
    root.join("../shared/realworld").join(name)
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
