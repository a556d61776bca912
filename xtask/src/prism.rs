//! The generated client against Prism, a mock server that validates every request against the
//! OpenAPI document: Prism is installed on demand into `.tools/prism/` (git-ignored), started on
//! a free loopback port, and the generated `operations` test target runs against it twice: on
//! the document's examples (static mode) and on responses generated from the schemas (dynamic
//! mode).

use std::fs::File;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Prism release the suite runs, pinned so every machine validates the same way.
pub const PRISM_VERSION: &str = "5.16.0";

/// The npm package Prism ships as.
const PRISM_PACKAGE: &str = "@stoplight/prism-cli";

/// How long Prism may take to start answering.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// How Prism makes up its responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The document's examples.
    Static,
    /// Values generated from the response schemas (`prism mock -d`).
    Dynamic,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Static => "static",
            Mode::Dynamic => "dynamic",
        }
    }
}

/// Installs Prism if needed, then runs the `operations` tests of the generated crate against it
/// in static and in dynamic mode. Both modes run even if the first fails; the error names each
/// failing mode.
pub fn run_suite(root: &Path) -> Result<(), String> {
    let prism = ensure_installed(root)?;
    let spec = root.join("spec/porting.yaml");
    let mut failures = Vec::new();
    for mode in [Mode::Static, Mode::Dynamic] {
        let started = Instant::now();
        let result = run_mode(root, &prism, &spec, mode);
        let secs = started.elapsed().as_secs_f64();
        match result {
            Ok(()) => println!("mock-server tests, {} mode: ok ({secs:.1} s)", mode.name()),
            Err(e) => {
                println!(
                    "mock-server tests, {} mode: FAILED ({secs:.1} s)",
                    mode.name()
                );
                failures.push(format!("{} mode: {e}", mode.name()));
            }
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the generated client failed against Prism:\n  {}",
            failures.join("\n  ")
        ))
    }
}

/// Starts Prism in `mode`, runs the tests against it, and stops it (also when they fail).
pub fn run_mode(root: &Path, prism: &Path, spec: &Path, mode: Mode) -> Result<(), String> {
    let server = MockServer::start(root, prism, spec, mode)?;
    let status = Command::new(cargo())
        .args([
            "test",
            "-p",
            "telnyx-porting",
            "--features",
            "mock-server-tests",
            "--test",
            "operations",
        ])
        .current_dir(root)
        .env("PRISM_URL", &server.url)
        .status()
        .map_err(|e| format!("cannot start `cargo test`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo test -p telnyx-porting --features mock-server-tests --test operations` failed ({status}) against {}; Prism's log: {}",
            server.url,
            server.log.display()
        ))
    }
}

/// The Prism executable under `.tools/prism/`, installing the pinned version with npm when it
/// is missing or another version.
pub fn ensure_installed(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join(".tools/prism");
    let bin = dir.join("node_modules/.bin/prism");
    let manifest = dir.join("node_modules/@stoplight/prism-cli/package.json");
    if bin.exists() && installed_version(&manifest).as_deref() == Some(PRISM_VERSION) {
        return Ok(bin);
    }
    println!(
        "installing {PRISM_PACKAGE}@{PRISM_VERSION} into {}",
        dir.display()
    );
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let spec = format!("{PRISM_PACKAGE}@{PRISM_VERSION}");
    // `--ignore-scripts`: Prism needs no install script (the only one is a telemetry ping).
    let status = Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--ignore-scripts",
            "--save-exact",
            "--prefix",
        ])
        .arg(&dir)
        .arg(&spec)
        .status()
        .map_err(|e| {
            format!("cannot run npm to install {spec} (Prism needs Node.js 18+ and npm): {e}")
        })?;
    if !status.success() {
        return Err(format!("`npm install {spec}` failed ({status})"));
    }
    match installed_version(&manifest) {
        Some(v) if v == PRISM_VERSION && bin.exists() => Ok(bin),
        other => Err(format!(
            "npm installed {spec}, but {} reports version {other:?} and {} {}",
            manifest.display(),
            bin.display(),
            if bin.exists() { "exists" } else { "is missing" }
        )),
    }
}

/// The `version` field of an installed package's `package.json`.
fn installed_version(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("version")?.as_str().map(str::to_owned)
}

/// The cargo that runs xtask, so the tests build with the same toolchain.
fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// A running Prism; dropping it stops the process.
pub struct MockServer {
    child: Child,
    /// Base URL, e.g. `http://127.0.0.1:40123`.
    pub url: String,
    /// Where Prism's output goes.
    pub log: PathBuf,
}

impl MockServer {
    /// Starts `prism mock` on a free loopback port, with request validation on and violations
    /// (request and response) reported as errors, and waits until it answers HTTP.
    pub fn start(root: &Path, prism: &Path, spec: &Path, mode: Mode) -> Result<MockServer, String> {
        let port = free_port()?;
        let log_dir = root.join("target/prism");
        std::fs::create_dir_all(&log_dir)
            .map_err(|e| format!("cannot create {}: {e}", log_dir.display()))?;
        let log = log_dir.join(format!("{}.log", mode.name()));
        let out =
            File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let err = out
            .try_clone()
            .map_err(|e| format!("cannot open {}: {e}", log.display()))?;
        let mut cmd = Command::new(prism);
        cmd.arg("mock")
            .args([
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--errors",
            ])
            .args(["--verboseLevel", "info"]);
        if mode == Mode::Dynamic {
            cmd.arg("--dynamic");
        }
        let child = cmd
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", prism.display()))?;
        let mut server = MockServer {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        server.wait_until_ready(port)?;
        Ok(server)
    }

    /// Polls until Prism answers an HTTP request, failing with its output if it exits or
    /// does not answer in time.
    fn wait_until_ready(&mut self, port: u16) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "Prism exited during start-up ({status}); its output:\n{}",
                    self.output()
                ));
            }
            if answers_http(port) {
                return Ok(());
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(format!(
                    "Prism did not answer on {} within {} s; its output:\n{}",
                    self.url,
                    START_TIMEOUT.as_secs(),
                    self.output()
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The end of Prism's log.
    fn output(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nothing listens on right now (the OS picks it).
fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .map_err(|e| format!("cannot find a free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| format!("cannot find a free port: {e}"))
}

/// Whether an HTTP server answers on the loopback port (any status will do).
fn answers_http(port: u16) -> bool {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 8];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/")
}
