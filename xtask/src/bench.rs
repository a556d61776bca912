//! `cargo xtask bench`: printed figures, never assertions. Generation time per pass (the porting
//! spec and the whole upstream API), the clean build time of the generated crate, and
//! auto-pagination of 50,000 porting orders: the generated client against a minimal hand-written
//! reqwest + serde_json loop.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

fn clean_build() -> Result<(), String> {
    let dir = std::env::temp_dir().join("telnyx-client-bench-build");
    let _ = std::fs::remove_dir_all(&dir);
    let generated = crate::generate(&crate::default_spec(), &crate::default_config())?;
    crate::sync::write(&dir.join("crate"), &generated.files)?;
    let target = dir.join("target");
    // Fetch first so the timing is compilation only.
    run(&dir.join("crate"), "cargo", &["fetch", "--quiet"], &[])?;
    let t = Instant::now();
    run(
        &dir.join("crate"),
        "cargo",
        &["build", "--quiet"],
        &[("CARGO_TARGET_DIR", &target)],
    )?;
    let all = t.elapsed();
    let t = Instant::now();
    let lib = dir.join("crate/src/lib.rs");
    let text = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
    std::fs::write(&lib, format!("{text}\n")).map_err(|e| e.to_string())?;
    run(
        &dir.join("crate"),
        "cargo",
        &["build", "--quiet"],
        &[("CARGO_TARGET_DIR", &target)],
    )?;
    println!(
        "clean `cargo build` of the generated porting crate (debug, dependencies included): {:.1} s; the crate alone after a touch: {:.1} s",
        all.as_secs_f64(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
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
    let (total, size) = (50_000, 250);
    let mut server = Command::new(&bin)
        .args(["serve", &total.to_string(), &size.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the bench server: {e}"))?;
    let mut url = String::new();
    let read = server
        .stdout
        .take()
        .map(|s| BufReader::new(s).read_line(&mut url));
    let result = (|| {
        read.ok_or("no server output")?.map_err(|e| e.to_string())?;
        let url = format!("{}/v2", url.trim());
        let measure = |mode: &str| -> Result<(f64, u64), String> {
            let mut best = (f64::MAX, 0);
            for _ in 0..3 {
                let out = Command::new(&bin)
                    .args([mode, &url])
                    .output()
                    .map_err(|e| e.to_string())?;
                let text = String::from_utf8_lossy(&out.stdout);
                let f: Vec<&str> = text.split_whitespace().collect();
                let (Some(n), Some(secs), Some(kib)) = (f.first(), f.get(1), f.get(2)) else {
                    return Err(format!(
                        "{mode}: unexpected output {text:?} {}",
                        String::from_utf8_lossy(&out.stderr)
                    ));
                };
                if n.parse::<usize>().ok() != Some(total) {
                    return Err(format!("{mode}: paged through {n} items, expected {total}"));
                }
                let secs: f64 = secs.parse().map_err(|_| "seconds")?;
                let kib: u64 = kib.parse().map_err(|_| "kib")?;
                if secs < best.0 {
                    best = (secs, kib);
                }
            }
            Ok(best)
        };
        let (g_secs, g_kib) = measure("generated")?;
        let (r_secs, r_kib) = measure("raw")?;
        let rate = |s: f64| total as f64 / s;
        println!(
            "paginate {total} porting orders, pages of {size}, local server (best of 3, release):"
        );
        println!(
            "  generated client:           {:>10.0} items/s, peak RSS {:>6} KiB",
            rate(g_secs),
            g_kib
        );
        println!(
            "  hand-written reqwest+serde: {:>10.0} items/s, peak RSS {:>6} KiB (untyped serde_json::Value)",
            rate(r_secs),
            r_kib
        );
        println!(
            "  ratio generated/hand-written: {:.2}x throughput, {:.2}x peak memory",
            rate(g_secs) / rate(r_secs),
            g_kib as f64 / r_kib as f64
        );
        Ok(())
    })();
    let _ = server.kill();
    let _ = server.wait();
    result
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
