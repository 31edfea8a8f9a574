//! Clients that announce a body and then stall, on any route: the server's memory follows what
//! arrives, not what was announced, a body announced over every limit is refused at once, and
//! everyone else is still answered.
//!
//! Runs the real binary (`apidojo serve`) and reads its resident memory from `/proc`.
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

mod common;

const STALLED: usize = 1000;

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc is readable");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/PID/status")
}

async fn announce(port: u16, request_line: &str, length: u64) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.expect("connects");
    let head = format!(
        "{request_line} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/yaml\r\nContent-Length: {length}\r\n\r\nopenapi: 3"
    );
    stream.write_all(head.as_bytes()).await.expect("sends the head");
    stream
}

/// Regression: the body buffer was reserved at the announced size before a byte arrived, so 1 000
/// connections announcing 2 MB each and sending nothing more took the server to about 2 GiB.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stalled_uploads_hold_what_arrived_not_what_was_announced() {
    let dir = tempfile::tempdir().unwrap();
    let port = common::free_port();
    let mut server = common::serve(port)
        .args([
            "--database-url",
            &format!("sqlite://{}/stalled.sqlite3", dir.path().display()),
        ])
        .env("APIDOJO_JWT_SECRET", "stalled-uploads-secret-stalled-uploads-0")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary starts");
    let base = format!("http://127.0.0.1:{port}");
    let up = common::first_answer(&format!("{base}/healthz"), Duration::from_secs(10)).await;
    assert!(up.is_some(), "the server did not answer /healthz within 10 s");
    let before = rss_kib(server.id());

    // A route that takes a document, one that takes none, one that does not exist.
    let routes = ["POST /v1/grade", "GET /healthz", "POST /v1/nowhere"];
    let mut held = Vec::with_capacity(STALLED);
    for i in 0..STALLED {
        held.push(announce(port, routes[i % routes.len()], 2_000_000).await);
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let during = rss_kib(server.id());

    // Everyone else is still answered.
    let health = reqwest::get(format!("{base}/healthz")).await.expect("answered");
    assert_eq!(health.status(), reqwest::StatusCode::OK);
    // A body announced over every limit is refused before any of it is read.
    let mut huge = announce(port, "POST /v1/grade", 50_000_000).await;
    let mut answer = vec![0u8; 512];
    let n = tokio::time::timeout(Duration::from_secs(5), huge.read(&mut answer))
        .await
        .expect("answered at once")
        .expect("readable");
    let answer = String::from_utf8_lossy(&answer[..n]).into_owned();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");

    let grown_mib = during.saturating_sub(before) / 1024;
    eprintln!(
        "{STALLED} stalled uploads announcing 2 MB each: server memory {} MiB before, {} MiB while they stall",
        before / 1024,
        during / 1024
    );
    drop(held);
    let _ = server.kill();
    let _ = server.wait();
    assert!(
        grown_mib < 100,
        "{STALLED} stalled uploads grew the server by {grown_mib} MiB"
    );
}
