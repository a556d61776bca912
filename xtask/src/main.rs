//! `cargo xtask`: regenerate the client, check it for drift, run every test, benchmark.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Project automation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the client crate from an OpenAPI document.
    Generate {
        /// Change nothing; fail with a diff if the output folder differs from what the spec yields.
        #[arg(long)]
        check: bool,
        /// The OpenAPI document (YAML or JSON) [default: spec/porting.yaml].
        #[arg(long)]
        spec: Option<PathBuf>,
        /// The generator configuration [default: spec/generator.yaml without --spec; with
        /// --spec, none: crate name, description, variables and base URL come from the document].
        #[arg(long)]
        config: Option<PathBuf>,
        /// Where to write the crate [default: generated/].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Compare two OpenAPI documents: every change to operations and schemas, breaking or compatible.
    SpecDiff {
        /// The previous document (YAML or JSON).
        old: PathBuf,
        /// The new document (YAML or JSON).
        new: PathBuf,
        /// Print a machine-readable JSON report instead of lines.
        #[arg(long)]
        json: bool,
        /// Exit with a failure status when any change is breaking.
        #[arg(long)]
        fail_on_breaking: bool,
    },
    /// Run the whole test suite, starting whatever servers it needs.
    Test,
    /// Print benchmark figures (generation time per pass, build time, pagination throughput).
    Bench,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate {
            check,
            spec,
            config,
            out,
        } => generate(check, spec, config, out),
        Command::SpecDiff {
            old,
            new,
            json,
            fail_on_breaking,
        } => spec_diff(&old, &new, json, fail_on_breaking),
        Command::Test => test(),
        Command::Bench => bench(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn generate(
    check: bool,
    spec: Option<PathBuf>,
    config: Option<PathBuf>,
    out: Option<PathBuf>,
) -> Result<(), String> {
    // Only the project's own document gets the porting configuration by default.
    let config = match (&spec, config) {
        (_, Some(path)) => Some(path),
        (None, None) => Some(xtask::default_config()),
        (Some(_), None) => None,
    };
    let spec = spec.unwrap_or_else(xtask::default_spec);
    let out = out.unwrap_or_else(xtask::default_out);
    let recorded = match config {
        Some(config) => xtask::record::generate(&spec, &config, &out)?,
        None => xtask::record::generate_with(&spec, generator::Config::derived(), &out)?,
    };
    let generated = &recorded.generated;
    // One line each, as errors are: `warning: …`, `skipped: VERB /path: …`.
    for w in &generated.warnings {
        eprintln!("{w}");
    }
    for s in &generated.skipped {
        eprintln!("{s}");
    }
    if check {
        let drift = xtask::sync::compare(&out, &generated.files)?;
        if drift.is_clean() {
            println!(
                "{} is up to date ({} files).",
                out.display(),
                generated.files.len()
            );
            return Ok(());
        }
        return Err(format!(
            "{} is out of date:\n{}",
            out.display(),
            xtask::record::check_report(&recorded, &drift, "cargo xtask generate")
        ));
    }
    let drift = xtask::sync::write(&out, &generated.files)?;
    if let Some(changes) = recorded.changes.as_ref().filter(|c| !c.is_empty()) {
        print!("{}", xtask::spec_diff::report::text(changes));
    }
    println!(
        "{}: {} files ({} written, {} deleted), {} operations skipped, version {}.",
        out.display(),
        generated.files.len(),
        drift.changed.len() + drift.missing.len(),
        drift.extra.len(),
        generated.skipped.len(),
        recorded.version
    );
    Ok(())
}

fn spec_diff(
    old: &std::path::Path,
    new: &std::path::Path,
    json: bool,
    fail_on_breaking: bool,
) -> Result<(), String> {
    use xtask::spec_diff::{diff_files, report};
    let diff = diff_files(old, new)?;
    if json {
        let text = serde_json::to_string_pretty(&report::json(&diff))
            .map_err(|e| format!("cannot write the report: {e}"))?;
        println!("{text}");
    } else {
        print!("{}", report::text(&diff));
    }
    if fail_on_breaking && diff.is_breaking() {
        return Err("breaking changes found".into());
    }
    Ok(())
}

fn test() -> Result<(), String> {
    use xtask::suite::{Step, run, run_all};
    let root = xtask::root();
    let steps = [
        Step {
            name: "workspace tests (generator, runtime, drift, fixture crates, generated client, examples)",
            run: |root| {
                // The end-to-end tests run the example programs, so build them first.
                run(
                    root,
                    "cargo",
                    &["build", "--quiet", "-p", "telnyx-porting", "--examples"],
                    &[],
                )?;
                run(root, "cargo", &["test", "--workspace"], &[])
            },
        },
        Step {
            name: "every example of generated/REFERENCE.md compiles (doctests of generated/)",
            run: xtask::suite::doctests,
        },
        Step {
            name: "every operation against Prism (static and dynamic mode)",
            run: xtask::prism::run_suite,
        },
        Step {
            name: "generated operation tests lint clean",
            run: xtask::suite::lint_mock_server_tests,
        },
        Step {
            name: "generated/ builds standalone, clippy clean",
            run: xtask::suite::standalone,
        },
        Step {
            name: "a crate from upstream's porting document compiles, clippy clean",
            run: xtask::suite::upstream_version,
        },
        Step {
            name: "the whole upstream API generates and compiles, clippy clean",
            run: xtask::suite::full_api,
        },
        Step {
            name: "OpenAI's and Twilio's documents generate with none skipped, clippy clean, own tests pass",
            run: xtask::suite::realworld,
        },
    ];
    run_all(&root, &steps)
}

fn bench() -> Result<(), String> {
    let root = xtask::root();
    if cfg!(debug_assertions) {
        // Generation is timed as users run it: optimized.
        return xtask::suite::run(
            &root,
            "cargo",
            &["run", "--quiet", "--release", "-p", "xtask", "--", "bench"],
            &[],
        );
    }
    xtask::bench::bench(&root)
}
