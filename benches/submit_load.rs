//! Load on the submission endpoint: concurrent `POST /v1/attempts/{id}/submissions` of an
//! interview-sized OpenAPI document, graded and stored, against a release build on SQLite and,
//! when `APIDOJO_TEST_POSTGRES_URL` is set, on PostgreSQL. Prints throughput and p50/p90/p99.
//!
//! `cargo bench --bench submit_load` (environment: `LOAD_REQUESTS`, `LOAD_CONCURRENCY`).
//! Server and load generator share this machine's cores, so the figures are a floor.
use std::sync::Arc;
use std::time::{Duration, Instant};

use apidojo::app::Application;
use apidojo::config::Settings;
use diesel::connection::SimpleConnection;
use diesel::Connection;
use secrecy::SecretString;
use serde_json::json;

const DOC: &str = include_str!("../exercises/model-answers/url-shortener.yaml");
const USERS: usize = 8;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

async fn run(label: &str, database_url: String, requests: usize, concurrency: usize) {
    let mut settings = Settings::new(
        "127.0.0.1:0".parse().unwrap(),
        database_url,
        SecretString::from("bench-secret-bench-secret-bench-secret!!".to_owned()),
    );
    settings.pool_size = 16;
    let app = Application::build(settings).expect("server starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();

    // One attempt per user; requests are spread over them.
    let mut targets = Vec::new();
    for i in 0..USERS {
        let email = format!("load{i}@example.com");
        let body = json!({"email": email, "display_name": "Load", "password": "load test password"});
        client
            .post(format!("{base}/v1/accounts"))
            .json(&body)
            .send()
            .await
            .unwrap();
        let login: serde_json::Value = client
            .post(format!("{base}/v1/sessions"))
            .json(&json!({"email": email, "password": "load test password"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = login["access_token"].as_str().unwrap().to_owned();
        let attempt: serde_json::Value = client
            .post(format!("{base}/v1/attempts"))
            .bearer_auth(&token)
            .json(&json!({"exercise_id": "url-shortener"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        targets.push((
            token,
            format!("{base}/v1/attempts/{}/submissions", attempt["id"].as_str().unwrap()),
        ));
    }
    let targets = Arc::new(targets);

    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, targets, next) = (client.clone(), targets.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if n >= requests {
                    break latencies;
                }
                let (token, url) = &targets[n % targets.len()];
                let t = Instant::now();
                let r = client
                    .post(url)
                    .bearer_auth(token)
                    .header("content-type", "application/yaml")
                    .body(DOC)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
                r.bytes().await.unwrap();
                latencies.push(t.elapsed());
            }
        }));
    }
    let mut all: Vec<Duration> = Vec::new();
    for w in workers {
        all.extend(w.await.unwrap());
    }
    let elapsed = started.elapsed();
    all.sort();
    let pct = |p: f64| all[((all.len() as f64 * p) as usize).min(all.len() - 1)];
    println!(
        "submit_load/{label}: {} submissions ({} B each), concurrency {concurrency}: {:.1} req/s, p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms",
        all.len(),
        DOC.len(),
        all.len() as f64 / elapsed.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.90).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
    );
}

#[tokio::main]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing to run quickly.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let requests = env_usize("LOAD_REQUESTS", 400);
    let concurrency = env_usize("LOAD_CONCURRENCY", 16);

    let dir = tempfile::tempdir().unwrap();
    let sqlite = format!("sqlite://{}", dir.path().join("load.sqlite3").display());
    run("sqlite", sqlite, requests, concurrency).await;

    if let Some(admin) = std::env::var("APIDOJO_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
    {
        let name = format!("apidojo_load_{}", std::process::id());
        let mut conn = diesel::PgConnection::establish(&admin).expect("PostgreSQL reachable");
        conn.batch_execute(&format!("CREATE DATABASE \"{name}\"")).unwrap();
        let mut url = url::Url::parse(&admin).unwrap();
        url.set_path(&name);
        run("postgres", url.to_string(), requests, concurrency).await;
        let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
    } else {
        println!("submit_load/postgres: skipped (set APIDOJO_TEST_POSTGRES_URL)");
    }
}
