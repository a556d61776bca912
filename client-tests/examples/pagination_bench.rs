//! Pagination benchmark, run by `cargo xtask bench` (three processes):
//! - `serve N SIZE`: a keep-alive HTTP server on 127.0.0.1 serving N porting orders in pages of SIZE;
//!   prints its address on the first line.
//! - `generated URL` / `raw URL`: page through every order with the generated client, or with a
//!   minimal hand-written reqwest + serde_json loop; print `items seconds peak_kib`.

use std::time::Instant;

use futures_util::TryStreamExt;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

fn page_body(number: usize, size: usize, total: usize) -> Vec<u8> {
    let pages = total.div_ceil(size);
    let first = (number - 1) * size;
    let items: Vec<serde_json::Value> = (first..(first + size).min(total))
        .map(|i| {
            serde_json::json!({
                "id": format!("00000000-0000-4000-8000-{i:012}"), "record_type": "porting_order",
                "customer_reference": format!("ref-{i}"), "phone_number_type": "local",
                "status": { "value": "in-process", "details": [] },
                "created_at": "2026-01-02T03:04:05Z", "updated_at": "2026-01-02T03:04:05Z",
                "requirements_met": true, "support_key": "sr_123abc",
                "end_user": { "admin": { "entity_name": "Acme", "auth_person_name": "Jo", "account_number": "123" },
                              "location": { "street_address": "1 Main St", "locality": "Chicago", "administrative_area": "IL",
                                            "postal_code": "60601", "country_code": "US" } }
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "data": items,
        "meta": { "page_number": number, "page_size": size, "total_pages": pages, "total_results": total }
    }))
    .unwrap_or_default()
}

async fn serve(total: usize, size: usize) -> std::io::Result<()> {
    let pages: std::sync::Arc<Vec<Vec<u8>>> = std::sync::Arc::new(
        (1..=total.div_ceil(size))
            .map(|n| page_body(n, size, total))
            .collect(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("http://{}", listener.local_addr()?);
    loop {
        let (stream, _) = listener.accept().await?;
        let pages = pages.clone();
        tokio::spawn(async move {
            let (read, mut write) = stream.into_split();
            let mut read = BufReader::new(read);
            loop {
                let mut head = String::new();
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if read.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                    if line == "\r\n" {
                        break;
                    }
                    head.push_str(&line);
                }
                let mut body = vec![0; length];
                if read.read_exact(&mut body).await.is_err() {
                    return;
                }
                let number: usize = head
                    .split(['?', '&', ' '])
                    .find_map(|p| {
                        p.strip_prefix("page%5Bnumber%5D=")
                            .or_else(|| p.strip_prefix("page[number]="))
                    })
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(1);
                let empty = b"{\"data\":[],\"meta\":{}}".to_vec();
                let page = pages.get(number.saturating_sub(1)).unwrap_or(&empty);
                let header = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    page.len()
                );
                if write.write_all(header.as_bytes()).await.is_err()
                    || write.write_all(page).await.is_err()
                {
                    return;
                }
            }
        });
    }
}

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("VmHWM:")
                    .map(|v| v.trim().trim_end_matches(" kB").trim().to_string())
            })
        })
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

async fn generated(url: &str, size: i64) -> Result<usize, String> {
    use telnyx_porting::models::{PortingOrderPageConsolidated, PortingOrdersListParams};
    let client = telnyx_porting::Client::builder("bench")
        .base_url(url)
        .build()
        .map_err(|e| e.to_string())?;
    let params = PortingOrdersListParams {
        page: Some(PortingOrderPageConsolidated {
            size: Some(size),
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut items = client.porting_orders().list(params).items();
    let mut n = 0;
    while let Some(order) = items.try_next().await.map_err(|e| e.to_string())? {
        std::hint::black_box(&order);
        n += 1;
    }
    Ok(n)
}

async fn raw(url: &str, size: i64) -> Result<usize, String> {
    let http = reqwest::Client::new();
    let (mut page, mut n) = (1i64, 0usize);
    loop {
        let body = http
            .get(format!(
                "{url}/porting_orders?page%5Bnumber%5D={page}&page%5Bsize%5D={size}"
            ))
            .bearer_auth("bench")
            .send()
            .await
            .map_err(|e| e.to_string())?
            .bytes()
            .await
            .map_err(|e| e.to_string())?;
        let v: serde_json::Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
        let data = v["data"].as_array().map(Vec::len).unwrap_or(0);
        n += data;
        let (number, total) = (
            v["meta"]["page_number"].as_i64(),
            v["meta"]["total_pages"].as_i64(),
        );
        match (number, total) {
            (Some(p), Some(t)) if p < t && data > 0 => page = p + 1,
            _ => return Ok(n),
        }
    }
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| {
        args.get(i)
            .cloned()
            .ok_or("usage: serve N SIZE | generated URL | raw URL")
    };
    match arg(0)?.as_str() {
        "serve" => {
            let n: usize = arg(1)?.parse().map_err(|_| "N")?;
            let size: usize = arg(2)?.parse().map_err(|_| "SIZE")?;
            serve(n, size).await.map_err(|e| e.to_string())
        }
        mode @ ("generated" | "raw") => {
            let url = arg(1)?;
            let started = Instant::now();
            let n = if mode == "generated" {
                generated(&url, 250).await?
            } else {
                raw(&url, 250).await?
            };
            println!("{n} {:.4} {}", started.elapsed().as_secs_f64(), peak_kib());
            Ok(())
        }
        other => Err(format!("unknown mode {other}")),
    }
}
