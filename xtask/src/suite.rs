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
    let generated = crate::generate(&upstream, &crate::full_api_config())?;
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
    )?;
    // A user who enables one small resource gets a crate that compiles on its own too.
    run(
        &dir,
        "cargo",
        &[
            "clippy",
            "--all-targets",
            "--quiet",
            "--no-default-features",
            "--features",
            FULL_API_SMALL_FEATURE,
            "--",
            "-D",
            "warnings",
        ],
        &[("CARGO_TARGET_DIR", &target)],
    )
}

/// The real-world documents of other vendors, beside the project, by crate folder name.
pub const REALWORLD: [(&str, &str); 2] = [
    ("openai", "../shared/realworld/openai.yaml"),
    ("twilio", "../shared/realworld/twilio_api_v2010.json"),
];

/// Each real-world document generates as a new user would (`cargo xtask generate --spec P --out
/// D`, no `--config`) with no operation skipped, and its crate lints clean with warnings denied
/// and passes its own `cargo test`. Each crate sits in a scratch workspace of its own under
/// `target/realworld/<name>/` (so the project's workspace does not claim it, and two crates may
/// share a package name); one build folder serves both, so their dependencies compile once.
pub fn realworld(root: &Path) -> Result<(), String> {
    let target = root.join("target/realworld-build");
    for (name, spec) in REALWORLD {
        let spec = root.join(spec);
        if !spec.exists() {
            return Err(format!(
                "{} is missing: the real-world documents must sit beside the project",
                spec.display()
            ));
        }
        let workspace = root.join("target/realworld").join(name);
        if workspace.exists() {
            std::fs::remove_dir_all(&workspace)
                .map_err(|e| format!("cannot clear {}: {e}", workspace.display()))?;
        }
        let dir = workspace.join("crate");
        generate_without_config(root, &spec, &dir)?;
        let manifest = "# Written by `cargo xtask test`; rewritten on every run.\n\
                        [workspace]\nresolver = \"3\"\nmembers = [\"crate\"]\n";
        write_file(&workspace.join("Cargo.toml"), manifest)?;
        // The project's lock file pins the versions the checked-in client is tested with.
        std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock"))
            .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
        let t = Instant::now();
        let lint = ["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"];
        run(&dir, "cargo", &lint, &[("CARGO_TARGET_DIR", &target)])?;
        run(
            &dir,
            "cargo",
            &["test", "--quiet"],
            &[("CARGO_TARGET_DIR", &target)],
        )?;
        println!(
            "{name}: clippy and tests ok ({:.1} s)",
            t.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// `cargo xtask generate --spec spec --out dir`, exactly as a user runs it; fails unless it
/// reports 0 operations skipped (the skipped ones are in its output).
fn generate_without_config(root: &Path, spec: &Path, dir: &Path) -> Result<(), String> {
    let (spec_text, dir_text) = (spec.display().to_string(), dir.display().to_string());
    let args = ["run", "--quiet", "-p", "xtask", "--", "generate"];
    let output = Command::new("cargo")
        .current_dir(root)
        .args(args)
        .args(["--spec", &spec_text, "--out", &dir_text])
        .output()
        .map_err(|e| format!("cannot start `cargo`: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!(
            "generating from {spec_text} failed:\n{stdout}{stderr}"
        ));
    }
    let skipped: Vec<&str> = stdout
        .lines()
        .chain(stderr.lines())
        .filter(|l| l.starts_with("skipped: "))
        .collect();
    if !skipped.is_empty() || !stdout.contains(" 0 operations skipped") {
        return Err(format!(
            "{spec_text} skips operations:\n{}\n{stdout}",
            skipped.join("\n")
        ));
    }
    Ok(())
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The one-resource feature the whole-API crate is also checked (and benchmarked) with.
pub const FULL_API_SMALL_FEATURE: &str = "balance";

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
