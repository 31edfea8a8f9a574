//! Graceful restarts: on SIGTERM or SIGINT the server stops accepting connections, lets the
//! requests in flight (a grading whose body is still arriving) finish and answer, and exits 0;
//! a request that does not finish within `--shutdown-timeout-secs` is cut off and the server
//! still exits 0, within that bound.
//!
//! Runs the real binary (`apidojo serve`) on a SQLite file and signals it with `kill`.
use std::process::{Child, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

mod common;

const SECRET: &str = "graceful-stop-secret-graceful-stop-012345";
const PASSWORD: &str = "correct horse battery staple";

struct Server {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Server {
    async fn start(shutdown_timeout_secs: u64) -> Server {
        let dir = tempfile::tempdir().expect("a temp dir");
        let port = common::free_port();
        let child = common::serve(port)
            .args([
                "--database-url",
                &format!("sqlite://{}/stop.sqlite3", dir.path().display()),
            ])
            .args(["--shutdown-timeout-secs", &shutdown_timeout_secs.to_string()])
            .env("APIDOJO_JWT_SECRET", SECRET)
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let mut server = Server { child, port, _dir: dir };
        let up = common::first_answer(&server.url("/healthz"), Duration::from_secs(10)).await;
        if up.is_none() {
            panic!(
                "the server did not answer /healthz within 10 s (exit status: {:?})",
                server.child.try_wait()
            );
        }
        server
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Registers an account and logs it in: its bearer token.
    async fn token(&self) -> String {
        let http = reqwest::Client::new();
        let r = http
            .post(self.url("/v1/accounts"))
            .json(&json!({"email": "stop@example.com", "display_name": "Stop", "password": PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), reqwest::StatusCode::CREATED);
        let r: Value = http
            .post(self.url("/v1/sessions"))
            .json(&json!({"email": "stop@example.com", "password": PASSWORD}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        r["access_token"].as_str().expect("a token").to_owned()
    }

    fn signal(&self, name: &str) {
        let pid = self.child.id().to_string();
        let sent = std::process::Command::new("kill")
            .args([&format!("-{name}"), &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "kill -{name} {pid}");
    }

    /// The exit status once the process has exited, or `None` while it still runs after `within`.
    fn exit_within(&mut self, within: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("the child can be waited for") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// Waits until a new connection is refused (the listener is closed), while the process is
    /// still running; panics if that does not happen within `within`.
    async fn refuses_connections_within(&mut self, within: Duration) {
        let deadline = Instant::now() + within;
        loop {
            match TcpStream::connect(("127.0.0.1", self.port)).await {
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => break,
                other => {
                    assert!(
                        Instant::now() < deadline,
                        "new connections still accepted after the signal: {other:?}"
                    );
                    drop(other);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        }
        assert!(
            self.child.try_wait().unwrap().is_none(),
            "the server exited with a request in flight"
        );
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A grading request whose head and first half of the body are sent, once the server has it in
/// hand: its `100 Continue` says the request has started (a connection whose request has not
/// started yet is closed by a stopping server, as an idle one).
async fn half_sent_grading(port: u16, token: &str, body: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.expect("connects");
    let head = format!(
        "POST /v1/grade?exercise=url-shortener HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/yaml\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("sends the head");
    let mut interim = Vec::new();
    while !interim.ends_with(b"\r\n\r\n") {
        let byte = tokio::time::timeout(Duration::from_secs(10), stream.read_u8())
            .await
            .expect("the server answers the head")
            .expect("readable");
        interim.push(byte);
    }
    let interim = String::from_utf8_lossy(&interim);
    assert!(interim.starts_with("HTTP/1.1 100 Continue"), "{interim}");
    stream
        .write_all(&body[..body.len() / 2])
        .await
        .expect("sends half the body");
    stream
}

/// Everything the server sends until it closes the connection.
async fn read_to_close(stream: &mut TcpStream, within: Duration) -> String {
    let mut answer = Vec::new();
    tokio::time::timeout(within, stream.read_to_end(&mut answer))
        .await
        .expect("the server answers and closes the connection")
        .expect("the answer is readable");
    String::from_utf8_lossy(&answer).into_owned()
}

/// A grading whose body is still arriving when the signal comes is answered in full; no new
/// connection is accepted meanwhile; the process then exits 0.
async fn a_request_in_flight_is_answered_before_the_server_exits(signal: &str) {
    let mut server = Server::start(30).await;
    let token = server.token().await;
    let body = common::STRONG_SPEC.as_bytes();
    let mut slow = half_sent_grading(server.port, &token, body).await;

    server.signal(signal);
    server.refuses_connections_within(Duration::from_secs(5)).await;
    slow.write_all(&body[body.len() / 2..])
        .await
        .expect("the rest of the body is taken");
    let answer = read_to_close(&mut slow, Duration::from_secs(30)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let report = answer.split("\r\n\r\n").nth(1).unwrap_or_default();
    let report: Value = serde_json::from_str(report).unwrap_or_else(|e| panic!("a JSON report ({e}): {answer}"));
    assert!(report["score"].is_number(), "{report}");
    assert_eq!(report["exercise"], "url-shortener", "{report}");

    let status = server.exit_within(Duration::from_secs(10));
    assert_eq!(status.map(|s| s.code()), Some(Some(0)), "after {signal}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_a_grading_in_flight_finish_then_exits_0() {
    a_request_in_flight_is_answered_before_the_server_exits("TERM").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_lets_a_grading_in_flight_finish_then_exits_0() {
    a_request_in_flight_is_answered_before_the_server_exits("INT").await;
}

/// A request that does not finish within the shutdown timeout does not hold the process: it is
/// cut off and the server exits 0 within the bound.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_request_is_cut_off_at_the_shutdown_timeout() {
    const TIMEOUT_SECS: u64 = 2;
    let mut server = Server::start(TIMEOUT_SECS).await;
    let token = server.token().await;
    // Half a body, and never the rest (the server's own body timeout is 15 s).
    let mut stalled = half_sent_grading(server.port, &token, common::STRONG_SPEC.as_bytes()).await;

    let signalled = Instant::now();
    server.signal("TERM");
    let status = server.exit_within(Duration::from_secs(TIMEOUT_SECS + 5));
    let took = signalled.elapsed();
    assert_eq!(status.map(|s| s.code()), Some(Some(0)), "exited within the bound");
    assert!(
        took >= Duration::from_secs(TIMEOUT_SECS) - Duration::from_millis(100),
        "the stalled request had its {TIMEOUT_SECS} s: exited after {took:?}"
    );
    let answer = read_to_close(&mut stalled, Duration::from_secs(5)).await;
    assert!(!answer.starts_with("HTTP/1.1 200"), "{answer}");
}
