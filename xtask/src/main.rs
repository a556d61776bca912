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
        /// The generator configuration [default: spec/generator.yaml].
        #[arg(long)]
        config: Option<PathBuf>,
        /// Where to write the crate [default: generated/].
        #[arg(long)]
        out: Option<PathBuf>,
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
    let spec = spec.unwrap_or_else(xtask::default_spec);
    let config = config.unwrap_or_else(xtask::default_config);
    let out = out.unwrap_or_else(xtask::default_out);
    let generated = xtask::generate(&spec, &config)?;
    for w in &generated.warnings {
        eprintln!("warning: {w}");
    }
    for (op, reason) in &generated.skipped {
        eprintln!("skipped: {op}: {reason}");
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
            drift.report("cargo xtask generate")
        ));
    }
    let drift = xtask::sync::write(&out, &generated.files)?;
    println!(
        "{}: {} files ({} written, {} deleted), {} operations skipped.",
        out.display(),
        generated.files.len(),
        drift.changed.len() + drift.missing.len(),
        drift.extra.len(),
        generated.skipped.len()
    );
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
