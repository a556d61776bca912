//! Copied into the `header_params` fixture's generated crate as `tests/wire.rs` by
//! `xtask/tests/wire_params.rs`: each call goes to a local server that records the request head,
//! and the test reads the headers, the `Cookie` header and the query as they arrived.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;

use fixture_header_params::Client;
use fixture_header_params::items::{FeaturesItem, RetrieveXMode};
use fixture_header_params::models::{Point, Theme, Tier};
use fixture_header_params::sessions::BetaItem;

/// A request as it arrived: the request line and the headers, names lower-cased.
struct Seen {
    line: String,
    headers: Vec<(String, String)>,
}

impl Seen {
    /// Every value of header `name`.
    fn all(&self, name: &str) -> Vec<&str> {
        let found = self.headers.iter().filter(|(n, _)| n == name);
        found.map(|(_, v)| v.as_str()).collect()
    }

    /// The one value of header `name`, if sent.
    fn one(&self, name: &str) -> Option<&str> {
        let all = self.all(name);
        assert!(all.len() <= 1, "{name} sent {} times", all.len());
        all.first().copied()
    }
}

/// Answers `n` requests with a JSON object and hands back each request head.
fn serve(n: usize) -> (String, mpsc::Receiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(n) {
            let mut stream = stream.expect("accept");
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                if stream.read(&mut byte).expect("read") == 0 {
                    break;
                }
                head.push(byte[0]);
            }
            let body = br#"{"id":"i-1"}"#;
            let reply = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(reply.as_bytes()).expect("write head");
            stream.write_all(body).expect("write body");
            let text = String::from_utf8(head).expect("ASCII head");
            let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
            let line = lines.next().unwrap_or_default().to_string();
            let headers = lines
                .filter_map(|l| l.split_once(':'))
                .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
                .collect();
            tx.send(Seen { line, headers }).expect("hand over");
        }
    });
    (url, rx)
}

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .max_retries(0)
        .build()
        .expect("client")
}

fn point(label: Option<&str>) -> Point {
    Point {
        x: 1,
        y: 2,
        label: label.map(str::to_string),
    }
}

#[tokio::test]
async fn every_schema_kind_is_sent_in_its_style() {
    let (url, seen) = serve(1);
    client(&url)
        .items()
        .retrieve("7", "r-1", "s 1;x")
        .verbose(true)
        .x_count(3)
        .x_ratio(0.5)
        .x_dry_run(false)
        .x_mode(RetrieveXMode::Safe)
        .x_features(vec![FeaturesItem::MultiAgentV1, FeaturesItem::ToolsV2])
        .x_tags(vec![1, 2])
        .x_point(point(Some("a b")))
        .x_point_exploded(point(None))
        .x_tier(Tier::Pro)
        .theme(Theme::Dark)
        .ids(vec![4, 5])
        .langs(vec!["en".into(), "fr".into()])
        .pos(point(None))
        .pos_flat(point(None))
        .await
        .expect("call");
    let req = seen.recv().expect("a request");
    assert_eq!(req.line, "GET /items/7?verbose=true HTTP/1.1");
    let expected = [
        ("x-request-id", "r-1"),
        ("x-count", "3"),
        ("x-ratio", "0.5"),
        ("x-dry-run", "false"),
        ("x-mode", "safe"),
        // An array is comma-joined, its enum values as on the wire.
        ("x-features", "multi_agent=v1,tools=v2"),
        // `explode` changes nothing for a `simple` array.
        ("x-tags", "1,2"),
        // An object: `k,v` pairs (in field order), or `k=v` exploded; an absent field is left
        // out.
        ("x-point", "label,a b,x,1,y,2"),
        ("x-point-exploded", "x=1,y=2"),
        ("x-tier", "pro"),
    ];
    for (name, value) in expected {
        assert_eq!(req.one(name), Some(value), "{name}");
    }
    // Cookies share one header, by wire name; `form` explodes by default.
    assert_eq!(
        req.all("cookie"),
        ["ids=4,5; langs=en; langs=fr; x=1; y=2; pos_flat=x,1,y,2; session=s%201%3Bx; theme=dark"]
    );
}

#[tokio::test]
async fn unset_optional_parameters_send_nothing() {
    let (url, seen) = serve(1);
    client(&url)
        .items()
        .retrieve("8", "r-2", "abc")
        .x_features(Vec::new())
        .langs(Vec::new())
        .await
        .expect("call");
    let req = seen.recv().expect("a request");
    assert_eq!(req.line, "GET /items/8 HTTP/1.1");
    assert_eq!(req.one("x-request-id"), Some("r-2"));
    // An empty array is undefined under RFC 6570: no header, no cookie.
    for name in ["x-count", "x-features", "x-point", "x-tier", "x-mode"] {
        assert_eq!(req.one(name), None, "{name}");
    }
    assert_eq!(req.all("cookie"), ["session=abc"]);
}

#[tokio::test]
async fn a_query_suffixed_path_key_sends_its_query_and_the_plain_path_does_not() {
    let (url, seen) = serve(2);
    let c = client(&url);
    c.sessions()
        .beta_create_session()
        .openai_beta(vec![BetaItem::SessionsV2])
        .await
        .expect("beta call");
    let req = seen.recv().expect("a request");
    assert_eq!(req.line, "POST /sessions?beta=true HTTP/1.1");
    assert_eq!(req.one("openai-beta"), Some("sessions=v2"));
    c.sessions().create().await.expect("plain call");
    let req = seen.recv().expect("a request");
    assert_eq!(req.line, "POST /sessions HTTP/1.1");
    assert_eq!(req.one("openai-beta"), None);
}
