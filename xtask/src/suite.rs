//! `cargo xtask test`: every test the project has, each step timed, with one summary line.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Runs a command in `dir`, streaming its output; an error names the command.
pub fn run(dir: &Path, program: &str, args: &[&str], env: &[(&str, &Path)]) -> Result<(), String> {
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start `{program}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{program} {}` in {} failed ({status})",
            args.join(" "),
            dir.display()
        ))
    }
}

/// A crate folder outside the workspace (so Cargo does not treat it as a stray member).
fn scratch(name: &str) -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("telnyx-client-{name}"));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
    }
    Ok(dir)
}

/// Target folder shared by the standalone builds, so their dependencies compile once.
fn standalone_target(root: &Path) -> PathBuf {
    root.join("target/standalone")
}

/// `generated/` builds and lints clean as a crate of its own, outside this workspace.
pub fn standalone(root: &Path) -> Result<(), String> {
    let dir = scratch("standalone")?;
    let generated = crate::generate(&crate::default_spec(), &crate::default_config())?;
    crate::sync::write(&dir, &generated.files)?;
    let target = standalone_target(root);
    run(
        &dir,
        "cargo",
        &["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"],
        &[("CARGO_TARGET_DIR", &target)],
    )
}

/// A crate generated from upstream's own porting slice (another version of the document)
/// compiles with warnings denied.
pub fn upstream_version(root: &Path) -> Result<(), String> {
    let upstream = crate::upstream_spec();
    if !upstream.exists() {
        return Err(format!(
            "{} is missing: the upstream document must sit beside the project",
            upstream.display()
        ));
    }
    let slice = crate::upstream::porting_slice(&upstream)?;
    let dir = scratch("upstream-porting")?;
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let spec = dir.join("upstream-porting.yaml");
    std::fs::write(&spec, slice).map_err(|e| format!("cannot write {}: {e}", spec.display()))?;
    let out = dir.join("crate");
    let generated = crate::generate(&spec, &crate::default_config())?;
    crate::sync::write(&out, &generated.files)?;
    let target = standalone_target(root);
    run(
        &out,
        "cargo",
        &["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"],
        &[("CARGO_TARGET_DIR", &target)],
    )
}

/// The whole upstream API (about 1,200 operations) generates and compiles with warnings denied.
pub fn full_api(root: &Path) -> Result<(), String> {
    let upstream = crate::upstream_spec();
    if !upstream.exists() {
        return Err(format!(
            "{} is missing: the upstream document must sit beside the project",
            upstream.display()
        ));
    }
    let dir = scratch("full-api")?;
    let generated = crate::generate(&upstream, &crate::default_config())?;
    for s in &generated.skipped {
        println!("{s}");
    }
    println!("{} operations skipped", generated.skipped.len());
    crate::sync::write(&dir, &generated.files)?;
    let target = root.join("target/full");
    run(
        &dir,
        "cargo",
        &["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"],
        &[("CARGO_TARGET_DIR", &target)],
    )
}

/// Every example of `generated/REFERENCE.md` compiles: they are the methods' `no_run`
/// doctests (a generator test proves they are the same text), built as one merged binary
/// (edition 2024).
pub fn doctests(root: &Path) -> Result<(), String> {
    run(
        root,
        "cargo",
        &["test", "--quiet", "--doc", "-p", "telnyx-porting"],
        &[],
    )
}

/// The generated operation tests (built only with `mock-server-tests`) lint clean too.
pub fn lint_mock_server_tests(root: &Path) -> Result<(), String> {
    run(
        root,
        "cargo",
        &[
            "clippy",
            "--quiet",
            "-p",
            "telnyx-porting",
            "--all-targets",
            "--features",
            "mock-server-tests",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )
}

/// One named step of the suite.
pub struct Step {
    /// What it checks.
    pub name: &'static str,
    /// How.
    pub run: fn(&Path) -> Result<(), String>,
}

/// Runs every step (all of them, even after a failure) and prints a summary.
pub fn run_all(root: &Path, steps: &[Step]) -> Result<(), String> {
    let mut failed = Vec::new();
    let started = Instant::now();
    for step in steps {
        println!("\n==> {}", step.name);
        let t = Instant::now();
        match (step.run)(root) {
            Ok(()) => println!("<== {}: ok ({:.1} s)", step.name, t.elapsed().as_secs_f64()),
            Err(e) => {
                println!(
                    "<== {}: FAILED ({:.1} s): {e}",
                    step.name,
                    t.elapsed().as_secs_f64()
                );
                failed.push(step.name);
            }
        }
    }
    println!(
        "\nxtask test: {} passed, {} failed ({:.0} s)",
        steps.len() - failed.len(),
        failed.len(),
        started.elapsed().as_secs_f64()
    );
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("failed steps: {}", failed.join(", ")))
    }
}
