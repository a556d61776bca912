//! A keep-alive HTTP/1.1 server on 127.0.0.1 serving prepared list pages by `page[number]`.
//! It counts accepted TCP connections: each line read on stdin is answered on stdout with the
//! count so far, so the driver can tell how many connections each client run opened.

use std::io::{BufRead, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

pub async fn serve(pages: Vec<Vec<u8>>) -> std::io::Result<()> {
    let pages = Arc::new(pages);
    let accepted = Arc::new(AtomicUsize::new(0));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("http://{}", listener.local_addr()?);
    let counter = accepted.clone();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            if line.is_err() {
                break;
            }
            let mut out = std::io::stdout().lock();
            if writeln!(out, "{}", counter.load(Ordering::SeqCst)).is_err() || out.flush().is_err()
            {
                break;
            }
        }
    });
    loop {
        let (stream, _) = listener.accept().await?;
        accepted.fetch_add(1, Ordering::SeqCst);
        let pages = pages.clone();
        tokio::spawn(async move {
            let _ = connection(stream, &pages).await;
        });
    }
}

/// Answers requests on one connection until the client closes it.
async fn connection(stream: tokio::net::TcpStream, pages: &[Vec<u8>]) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    let empty = b"{\"data\":[],\"meta\":{}}".to_vec();
    loop {
        let mut request_line = String::new();
        if read.read_line(&mut request_line).await? == 0 {
            return Ok(());
        }
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if read.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; length];
        read.read_exact(&mut body).await?;
        let number: usize = request_line
            .split(['?', '&', ' '])
            .find_map(|p| {
                p.strip_prefix("page%5Bnumber%5D=")
                    .or_else(|| p.strip_prefix("page[number]="))
            })
            .and_then(|n| n.parse().ok())
            .unwrap_or(1);
        let page = pages.get(number.wrapping_sub(1)).unwrap_or(&empty);
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            page.len()
        );
        write.write_all(head.as_bytes()).await?;
        write.write_all(page).await?;
    }
}
