//! `cargo xtask bench`: printed figures, never assertions. Generation time per pass (the porting
//! spec and the whole upstream API); auto-pagination of 50,000 porting orders, the generated
//! client against a hand-written reqwest + serde typed loop in paired rounds (items/s, wall time,
//! peak RSS, connections, and peak RSS at fewer pages); and the cold build of a program using the
//! generated crate, with the share of the TLS stack.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::suite::run;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Generation time by pass; the best of `runs`.
fn generation(label: &str, spec: &Path, runs: usize) -> Result<(), String> {
    let mut best: Option<generator::Timings> = None;
    let mut files = 0;
    for _ in 0..runs {
        let g = crate::generate(spec, &crate::default_config())?;
        files = g.files.len();
        let t = g.timings;
        let total = |t: &generator::Timings| t.load + t.lower + t.name + t.emit + t.format;
        if best.as_ref().is_none_or(|b| total(&t) < total(b)) {
            best = Some(t);
        }
    }
    if let Some(t) = best {
        println!(
            "generate {label}: load {:.1} ms, lower {:.1} ms, name {:.1} ms, emit {:.1} ms, format {:.1} ms, total {:.1} ms ({files} files, best of {runs})",
            ms(t.load),
            ms(t.lower),
            ms(t.name),
            ms(t.emit),
            ms(t.format),
            ms(t.load + t.lower + t.name + t.emit + t.format)
        );
    }
    Ok(())
}

/// A program that uses the generated crate, for the cold-build measurement.
const APP_MANIFEST: &str = r#"[package]
name = "uses-the-client"
version = "0.1.0"
edition = "2024"

[dependencies]
telnyx-porting = { path = "../crate" }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }

[workspace]
"#;

const APP_MAIN: &str = r#"#[tokio::main]
async fn main() {
    match telnyx_porting::Client::new("key") {
        Ok(client) => println!("{}", client.base_url()),
        Err(e) => eprintln!("{e}"),
    }
}
"#;

/// Whether a crate belongs to the TLS stack (rustls, its crypto provider, certificate roots).
fn is_tls(name: &str) -> bool {
    [
        "rustls",
        "ring",
        "aws-lc",
        "webpki",
        "untrusted",
        "openssl-probe",
    ]
    .iter()
    .any(|p| name.starts_with(p))
        || name.ends_with("-rustls")
}

/// `(unit seconds of every crate, of the TLS crates)` from a `cargo build --timings` report.
fn unit_seconds(report: &Path) -> Result<(f64, f64), String> {
    let html = std::fs::read_to_string(report).map_err(|e| format!("{}: {e}", report.display()))?;
    let start = html
        .find("UNIT_DATA = ")
        .ok_or("no UNIT_DATA in the timings report")?
        + 12;
    let mut stream = serde_json::Deserializer::from_str(&html[start..]).into_iter::<Value>();
    let units = match stream.next() {
        Some(Ok(Value::Array(units))) => units,
        _ => return Err("unreadable UNIT_DATA in the timings report".into()),
    };
    let (mut all, mut tls) = (0.0, 0.0);
    for unit in &units {
        let secs = unit["duration"].as_f64().unwrap_or(0.0);
        all += secs;
        if unit["name"].as_str().is_some_and(is_tls) {
            tls += secs;
        }
    }
    Ok((all, tls))
}

fn clean_build() -> Result<(), String> {
    let dir = std::env::temp_dir().join("telnyx-client-bench-build");
    let _ = std::fs::remove_dir_all(&dir);
    let generated = crate::generate(&crate::default_spec(), &crate::default_config())?;
    crate::sync::write(&dir.join("crate"), &generated.files)?;
    let app = dir.join("app");
    std::fs::create_dir_all(app.join("src")).map_err(|e| e.to_string())?;
    std::fs::write(app.join("Cargo.toml"), APP_MANIFEST).map_err(|e| e.to_string())?;
    std::fs::write(app.join("src/main.rs"), APP_MAIN).map_err(|e| e.to_string())?;
    let target = dir.join("target");
    // Fetch first so the timing is compilation only.
    run(&app, "cargo", &["fetch", "--quiet"], &[])?;
    let t = Instant::now();
    run(
        &app,
        "cargo",
        &["build", "--quiet", "--timings"],
        &[("CARGO_TARGET_DIR", &target)],
    )?;
    let all = t.elapsed();
    let (units, tls) = unit_seconds(&target.join("cargo-timings/cargo-timing.html"))?;
    let t = Instant::now();
    let lib = dir.join("crate/src/lib.rs");
    let text = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
    std::fs::write(&lib, format!("{text}\n")).map_err(|e| e.to_string())?;
    run(
        &app,
        "cargo",
        &["build", "--quiet"],
        &[("CARGO_TARGET_DIR", &target)],
    )?;
    println!(
        "cold `cargo build` (debug) of a program using the generated porting crate: {:.1} s wall; the TLS stack (rustls, ring, roots) is {tls:.1} s of {units:.1} s summed crate time; the generated crate alone after a touch: {:.1} s",
        all.as_secs_f64(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Paired rounds per runtime flavour; the figures are medians.
const ROUNDS: usize = 5;
/// Orders per page, as in the issue's measurement.
const PAGE_SIZE: usize = 250;

/// One client run: items seen, wall seconds, peak RSS, TCP connections opened.
#[derive(Debug, Clone, Copy)]
struct Run {
    items: usize,
    secs: f64,
    kib: u64,
    connections: usize,
}

/// A running `pagination_bench serve`; killed when dropped.
struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    url: String,
}

impl Server {
    fn start(bin: &Path, pages: usize) -> Result<Server, String> {
        let mut child = Command::new(bin)
            .args(["serve", &pages.to_string(), &PAGE_SIZE.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start the bench server: {e}"))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            return Err("bench server has no stdio".into());
        };
        let mut server = Server {
            child,
            stdin,
            stdout: BufReader::new(stdout),
            url: String::new(),
        };
        let url = server.line()?;
        server.url = format!("{}/v2", url.trim());
        Ok(server)
    }

    fn line(&mut self) -> Result<String, String> {
        let mut line = String::new();
        match self.stdout.read_line(&mut line) {
            Ok(0) => Err("the bench server exited".into()),
            Ok(_) => Ok(line),
            Err(e) => Err(e.to_string()),
        }
    }

    /// TCP connections the server has accepted so far.
    fn connections(&mut self) -> Result<usize, String> {
        writeln!(self.stdin).map_err(|e| e.to_string())?;
        self.stdin.flush().map_err(|e| e.to_string())?;
        let line = self.line()?;
        line.trim()
            .parse()
            .map_err(|_| format!("bad connection count {line:?}"))
    }

    /// Runs one client process against this server.
    fn run(&mut self, bin: &Path, client: &str, flavour: &str) -> Result<Run, String> {
        let before = self.connections()?;
        let out = Command::new(bin)
            .args([client, &self.url, flavour])
            .output()
            .map_err(|e| e.to_string())?;
        let connections = self.connections()? - before;
        let text = String::from_utf8_lossy(&out.stdout);
        let f: Vec<&str> = text.split_whitespace().collect();
        let parsed = (|| {
            Some(Run {
                items: f.first()?.parse().ok()?,
                secs: f.get(1)?.parse().ok()?,
                kib: f.get(2)?.parse().ok()?,
                connections,
            })
        })();
        parsed.ok_or_else(|| {
            format!(
                "{client}: unexpected output {text:?} {}",
                String::from_utf8_lossy(&out.stderr)
            )
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Runs `client` and checks it saw every item.
fn checked(
    server: &mut Server,
    bin: &Path,
    client: &str,
    flavour: &str,
    expected: usize,
) -> Result<Run, String> {
    let run = server.run(bin, client, flavour)?;
    if run.items != expected {
        return Err(format!(
            "{client} ({flavour}): paged through {} items, expected {expected}",
            run.items
        ));
    }
    Ok(run)
}

fn summary(label: &str, runs: &[Run]) -> String {
    let items = runs.first().map_or(0, |r| r.items) as f64;
    let secs = median(runs.iter().map(|r| r.secs).collect());
    let kib = median(runs.iter().map(|r| r.kib as f64).collect());
    let max_conn = runs.iter().map(|r| r.connections).max().unwrap_or(0);
    format!(
        "  {label:<28} {:>9.0} items/s  wall {:>6.3} s  peak RSS {:>5.1} MB  connections ≤ {max_conn}",
        items / secs,
        secs,
        kib / 1024.0
    )
}

fn pagination(root: &Path) -> Result<(), String> {
    run(
        root,
        "cargo",
        &[
            "build",
            "--quiet",
            "--release",
            "-p",
            "client-tests",
            "--example",
            "pagination_bench",
        ],
        &[],
    )?;
    let bin = root.join("target/release/examples/pagination_bench");
    let pages = 200;
    let total = pages * PAGE_SIZE;
    let mut server = Server::start(&bin, pages)?;
    println!(
        "paginate {total} porting orders ({pages} pages of {PAGE_SIZE}, built from the spec's examples), local server, release, median of {ROUNDS} paired rounds:"
    );
    for flavour in ["multi", "current"] {
        let (mut generated, mut typed, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            // Alternate which client goes first so neither always runs on a warmer machine.
            let (g, t) = if round % 2 == 0 {
                let g = checked(&mut server, &bin, "generated", flavour, total)?;
                (g, checked(&mut server, &bin, "typed", flavour, total)?)
            } else {
                let t = checked(&mut server, &bin, "typed", flavour, total)?;
                (checked(&mut server, &bin, "generated", flavour, total)?, t)
            };
            ratios.push(t.secs / g.secs);
            generated.push(g);
            typed.push(t);
        }
        println!("  {flavour}-thread Tokio runtime:");
        println!("{}", summary("generated client", &generated));
        println!("{}", summary("hand-written reqwest+serde", &typed));
        println!(
            "  ratio generated/hand-written: {:.2}x throughput (median of per-round ratios, min {:.2}x, max {:.2}x), {:.2}x peak RSS",
            median(ratios.clone()),
            ratios.iter().copied().fold(f64::MAX, f64::min),
            ratios.iter().copied().fold(f64::MIN, f64::max),
            median(generated.iter().map(|r| r.kib as f64).collect())
                / median(typed.iter().map(|r| r.kib as f64).collect()),
        );
    }
    drop(server);
    // Peak memory must not grow with the number of pages: the same walk over a quarter of them.
    let short = 50;
    let mut server = Server::start(&bin, short)?;
    let mut runs = Vec::new();
    for _ in 0..3 {
        runs.push(checked(
            &mut server,
            &bin,
            "generated",
            "multi",
            short * PAGE_SIZE,
        )?);
    }
    println!(
        "  flatness: generated client peak RSS {:.1} MB at {short} pages (median of 3) vs the figure above at {pages}",
        median(runs.iter().map(|r| r.kib as f64).collect()) / 1024.0
    );
    Ok(())
}

/// Runs every benchmark.
pub fn bench(root: &Path) -> Result<(), String> {
    generation("spec/porting.yaml", &crate::default_spec(), 10)?;
    let upstream = crate::upstream_spec();
    if upstream.exists() {
        generation("the whole upstream API", &upstream, 2)?;
    }
    pagination(root)?;
    clean_build()
}
