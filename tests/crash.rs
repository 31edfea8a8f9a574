//! A server killed with SIGKILL in the middle of keyed POSTs, then restarted: every key either
//! replays the resource it created or is free to create one, and nothing exists twice.
//!
//! Runs the real binary (`apidojo serve`) so the crash is a real one, on SQLite and, when
//! `APIDOJO_TEST_POSTGRES_URL` is set, on PostgreSQL (skipped with a message otherwise).
use std::collections::{BTreeMap, BTreeSet};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::Connection;
use futures_util::stream::{self, StreamExt};
use reqwest::StatusCode;
use serde_json::{json, Value};

mod common;

const SECRET: &str = "crash-test-secret-crash-test-secret-0123";
const PASSWORD: &str = "correct horse battery staple";
const KEYS: usize = 240;
/// Seconds after which the restarted server may take over a claim the crash abandoned.
const LEASE_SECS: u64 = 2;

struct Server {
    child: Child,
    base: String,
}

impl Server {
    async fn start(database_url: &str) -> Server {
        let port = common::free_port();
        let mut child = common::serve(port)
            .args(["--database-url", database_url])
            .args(["--idempotency-lease-secs", &LEASE_SECS.to_string()])
            .env("APIDOJO_JWT_SECRET", SECRET)
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server binary starts");
        let base = format!("http://127.0.0.1:{port}");
        if common::first_answer(&format!("{base}/healthz"), Duration::from_secs(10))
            .await
            .is_some()
        {
            return Server { child, base };
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the server did not answer /healthz within 10 s");
    }

    /// `Child::kill` is SIGKILL on Unix: no shutdown, no flush, no cleanup.
    fn kill(self) {
        drop(self);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start_attempt(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    key: &str,
) -> reqwest::Result<(StatusCode, Value, bool)> {
    let r = client
        .post(format!("{base}/v1/attempts"))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(&json!({"exercise_id": "url-shortener"}))
        .send()
        .await?;
    let replayed = r.headers().contains_key("idempotent-replayed");
    let status = r.status();
    let body = r.json().await.unwrap_or(Value::Null);
    Ok((status, body, replayed))
}

async fn crash_and_recover(database_url: &str) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let server = Server::start(database_url).await;
    let base = server.base.clone();
    let r = client
        .post(format!("{base}/v1/accounts"))
        .json(&json!({"email": "crash@example.com", "display_name": "Crash", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let r: Value = client
        .post(format!("{base}/v1/sessions"))
        .json(&json!({"email": "crash@example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = r["access_token"].as_str().unwrap().to_owned();

    // Keyed POSTs, 24 at a time; the server dies while a third of them are still to come.
    let answered = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let killer = {
        let answered = answered.clone();
        tokio::spawn(async move {
            while answered.load(std::sync::atomic::Ordering::SeqCst) < KEYS * 2 / 3 {
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
            server.kill();
        })
    };
    let before: BTreeMap<String, String> = stream::iter(0..KEYS)
        .map(|i| {
            let (client, base, token, answered) = (client.clone(), base.clone(), token.clone(), answered.clone());
            async move {
                let key = format!("crash-key-{i}");
                let result = start_attempt(&client, &base, &token, &key).await;
                answered.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                match result {
                    Ok((StatusCode::CREATED, body, _)) => Some((key, body["id"].as_str().unwrap().to_owned())),
                    _ => None,
                }
            }
        })
        .buffer_unordered(24)
        .filter_map(|x| async move { x })
        .collect()
        .await;
    killer.await.unwrap();
    let cut_off = KEYS - before.len();
    eprintln!(
        "{} keys answered 201 before the crash, {cut_off} cut off by it",
        before.len()
    );
    assert!(cut_off > 0, "the crash should cut some requests off");

    let server = Server::start(database_url).await;
    let base = server.base.clone();
    tokio::time::sleep(Duration::from_secs(LEASE_SECS + 1)).await;
    let mut ids = BTreeSet::new();
    for i in 0..KEYS {
        let key = format!("crash-key-{i}");
        let (status, body, replayed) = start_attempt(&client, &base, &token, &key).await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{key} after the restart: {body}");
        let id = body["id"].as_str().unwrap().to_owned();
        if let Some(first) = before.get(&key) {
            assert!(
                replayed,
                "{key} created {first} before the crash; the retry must replay it"
            );
            assert_eq!(&id, first, "{key} must replay the attempt it created");
        }
        assert!(ids.insert(id), "{key}: two keys answered with the same attempt");
    }

    // Exactly one attempt per key exists: nothing created twice, nothing orphaned.
    let mut stored = 0;
    let mut cursor: Option<String> = None;
    loop {
        let mut url = format!("{base}/v1/attempts?limit=100");
        if let Some(c) = &cursor {
            url.push_str(&format!("&cursor={c}"));
        }
        let page: Value = client
            .get(url)
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for a in page["data"].as_array().unwrap() {
            assert!(
                ids.contains(a["id"].as_str().unwrap()),
                "an attempt no key answers with: {a}"
            );
            stored += 1;
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(stored, KEYS, "one attempt per key");
    server.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_mid_request_loses_and_duplicates_nothing_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("crash.sqlite3").display());
    crash_and_recover(&url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[cfg_attr(
    not(apidojo_postgres_tests),
    ignore = "APIDOJO_TEST_POSTGRES_URL was not set when the tests were built"
)]
async fn sigkill_mid_request_loses_and_duplicates_nothing_on_postgres() {
    let admin = std::env::var("APIDOJO_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
        .expect("APIDOJO_TEST_POSTGRES_URL was set when the tests were built; set it to run them");
    let name = format!("apidojo_crash_{}", uuid::Uuid::new_v4().simple());
    let mut conn = diesel::PgConnection::establish(&admin)
        .unwrap_or_else(|e| panic!("APIDOJO_TEST_POSTGRES_URL is set but PostgreSQL is unreachable: {e}"));
    conn.batch_execute(&format!("CREATE DATABASE \"{name}\"")).unwrap();
    let mut url = url::Url::parse(&admin).unwrap();
    url.set_path(&name);
    crash_and_recover(url.as_str()).await;
    let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
}
