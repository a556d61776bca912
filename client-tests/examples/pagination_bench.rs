//! Pagination benchmark, driven by `cargo xtask bench` (one server process, one process per
//! client run so each run's peak RSS is its own):
//! - `serve PAGES SIZE`: serves PAGES pages of SIZE porting orders built from the spec's
//!   examples; prints its address, then answers each stdin line with the connections accepted.
//! - `generated URL FLAVOUR` / `typed URL FLAVOUR`: pages through every order with the generated
//!   client, or with a hand-written reqwest + serde typed loop, on a `current` or `multi` thread
//!   Tokio runtime; prints `items seconds peak_kib`.

#[path = "bench/data.rs"]
mod data;
#[path = "bench/server.rs"]
mod server;
#[path = "bench/typed.rs"]
mod typed;

use std::time::Instant;

use futures_util::TryStreamExt;

/// Orders per page, as in the measurement.
const PAGE_SIZE: i64 = 250;

/// The process's peak resident set, from `/proc/self/status`.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

async fn generated(url: &str, size: i64) -> Result<usize, String> {
    let client = telnyx_porting::Client::builder("bench")
        .base_url(url)
        .build()
        .map_err(|e| e.to_string())?;
    let mut items = client
        .porting_orders()
        .list()
        .page_size(u32::try_from(size).map_err(|e| e.to_string())?)
        .items();
    let mut n = 0;
    while let Some(order) = items.try_next().await.map_err(|e| e.to_string())? {
        std::hint::black_box(&order);
        n += 1;
    }
    Ok(n)
}

fn runtime(flavour: &str) -> Result<tokio::runtime::Runtime, String> {
    let mut builder = match flavour {
        "current" => tokio::runtime::Builder::new_current_thread(),
        "multi" => tokio::runtime::Builder::new_multi_thread(),
        other => return Err(format!("unknown runtime flavour {other}")),
    };
    builder.enable_all().build().map_err(|e| e.to_string())
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| {
        args.get(i)
            .map(String::as_str)
            .ok_or("usage: serve PAGES SIZE | generated URL FLAVOUR | typed URL FLAVOUR")
    };
    match arg(0)? {
        "serve" => {
            let pages: usize = arg(1)?.parse().map_err(|_| "PAGES")?;
            let size: usize = arg(2)?.parse().map_err(|_| "SIZE")?;
            let bodies = data::pages(pages, size)?;
            runtime("multi")?
                .block_on(server::serve(bodies))
                .map_err(|e| e.to_string())
        }
        mode @ ("generated" | "typed") => {
            let url = arg(1)?;
            let rt = runtime(arg(2)?)?;
            let started = Instant::now();
            let n = if mode == "generated" {
                rt.block_on(generated(url, PAGE_SIZE))?
            } else {
                rt.block_on(typed::run(url, PAGE_SIZE))?
            };
            println!("{n} {:.4} {}", started.elapsed().as_secs_f64(), peak_kib());
            Ok(())
        }
        other => Err(format!("unknown mode {other}")),
    }
}
