//! A cohort's deadline: `CANDIDATES` candidates (200) each submit an interview-sized document at
//! a moment spread evenly over `WINDOW_SECS` (10) seconds, against a release build on PostgreSQL
//! (SQLite when `APIDOJO_TEST_POSTGRES_URL` is unset), while a coach's reads (an attempt, its
//! submissions, the catalogue) go on beside them. Prints throughput, p50/p99 of the submissions
//! and p99 of the reads during the burst, the 5xx count, and whether every submission was stored.
//!
//! `cargo bench --bench deadline_burst`. Server and load generator share the machine's cores, so
//! the figures are a floor.
use std::sync::Arc;
use std::time::{Duration, Instant};

use apidojo::app::Application;
use apidojo::config::Settings;
use diesel::connection::SimpleConnection;
use diesel::Connection;
use secrecy::SecretString;
use serde_json::{json, Value};

const DOC: &str = include_str!("../exercises/model-answers/url-shortener.yaml");

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

struct Candidate {
    token: String,
    attempt: String,
}

/// POSTs `body` as one candidate (their address, and their token once they have one); returns
/// the status and the JSON answer.
async fn post(client: &reqwest::Client, url: String, from: &str, token: Option<&str>, body: Value) -> (u16, Value) {
    let mut req = client.post(url).header("x-forwarded-for", from).json(&body);
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    let r = req.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

async fn candidate(client: &reqwest::Client, base: &str, i: usize) -> Candidate {
    let email = format!("burst{i}@example.com");
    let password = "deadline burst password";
    let from = format!("10.0.{}.{}", i / 250, i % 250 + 1);
    let account = json!({"email": email, "display_name": "Burst", "password": password});
    let (made, _) = post(client, format!("{base}/v1/accounts"), &from, None, account).await;
    assert_eq!(made, 201);
    let credentials = json!({"email": email, "password": password});
    let (_, login) = post(client, format!("{base}/v1/sessions"), &from, None, credentials).await;
    let token = login["access_token"].as_str().unwrap().to_owned();
    let start = json!({"exercise_id": "url-shortener"});
    let (_, attempt) = post(client, format!("{base}/v1/attempts"), &from, Some(&token), start).await;
    Candidate {
        token,
        attempt: attempt["id"].as_str().unwrap().to_owned(),
    }
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)].as_secs_f64() * 1e3
}

async fn run(label: &str, database_url: String, candidates: usize, window: Duration) {
    let mut settings = Settings::new(
        "127.0.0.1:0".parse().unwrap(),
        database_url,
        SecretString::from("bench-secret-bench-secret-bench-secret!!".to_owned()),
    );
    settings.pool_size = 16;
    // Candidates come from their own addresses, through a proxy here as in a deployment: the
    // per-address log-in limits see each one, not the load generator's one address.
    settings.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    let app = Application::build(settings).expect("server starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder().pool_max_idle_per_host(256).build().unwrap();

    let mut all = Vec::with_capacity(candidates);
    for i in 0..candidates {
        all.push(candidate(&client, &base, i).await);
    }
    let all = Arc::new(all);

    let started = Instant::now();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    // The coach keeps reading during the burst.
    let reader = {
        let (client, base, all, stop) = (client.clone(), base.clone(), all.clone(), stop.clone());
        tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let c = &all[i % all.len()];
                let path = match i % 3 {
                    0 => format!("/v1/attempts/{}", c.attempt),
                    1 => format!("/v1/attempts/{}/submissions", c.attempt),
                    _ => "/v1/exercises".to_owned(),
                };
                let t = Instant::now();
                let r = client
                    .get(format!("{base}{path}"))
                    .bearer_auth(&c.token)
                    .send()
                    .await
                    .unwrap();
                let status = r.status();
                r.bytes().await.unwrap();
                latencies.push((t.elapsed(), status.as_u16()));
                i += 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            latencies
        })
    };
    let mut tasks = Vec::with_capacity(candidates);
    for (i, _) in all.iter().enumerate() {
        let (client, all) = (client.clone(), all.clone());
        let at = window.mul_f64(i as f64 / candidates as f64);
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until((started + at).into()).await;
            let c = &all[i];
            let t = Instant::now();
            let r = client
                .post(format!("{base}/v1/attempts/{}/submissions", c.attempt))
                .bearer_auth(&c.token)
                .header("content-type", "application/yaml")
                .header("idempotency-key", format!("burst-{i}"))
                .body(DOC)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            r.bytes().await.unwrap();
            (t.elapsed(), status)
        }));
    }
    let mut submissions = Vec::with_capacity(candidates);
    for t in tasks {
        submissions.push(t.await.unwrap());
    }
    let elapsed = started.elapsed();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let reads = reader.await.unwrap();

    // Nothing lost: every candidate's attempt holds exactly its one submission.
    let mut stored = 0;
    for c in all.iter() {
        let page: Value = client
            .get(format!("{base}/v1/attempts/{}/submissions", c.attempt))
            .bearer_auth(&c.token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        stored += page["data"].as_array().map_or(0, Vec::len);
    }
    let errors =
        submissions.iter().filter(|(_, s)| *s >= 500).count() + reads.iter().filter(|(_, s)| *s >= 500).count();
    let created = submissions.iter().filter(|(_, s)| *s == 201).count();
    let mut sub: Vec<Duration> = submissions.iter().map(|(d, _)| *d).collect();
    sub.sort();
    let mut rd: Vec<Duration> = reads.iter().map(|(d, _)| *d).collect();
    rd.sort();
    println!(
        "deadline_burst/{label}: {candidates} submissions of {} B over {} s: {created} answered 201 in {:.1} s \
         ({:.1} per s), p50 {:.1} ms, p99 {:.1} ms; {} reads beside them, p50 {:.1} ms, p99 {:.1} ms; \
         5xx: {errors}; stored {stored} of {candidates}",
        DOC.len(),
        window.as_secs(),
        elapsed.as_secs_f64(),
        created as f64 / elapsed.as_secs_f64(),
        pct(&sub, 0.50),
        pct(&sub, 0.99),
        rd.len(),
        pct(&rd, 0.50),
        pct(&rd, 0.99),
    );
}

#[tokio::main]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing to run quickly.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let candidates = env_usize("BURST_CANDIDATES", 200);
    let window = Duration::from_secs(env_usize("BURST_WINDOW_SECS", 10) as u64);
    match std::env::var("APIDOJO_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
    {
        Some(admin) => {
            let name = format!("apidojo_burst_{}", std::process::id());
            let mut conn = diesel::PgConnection::establish(&admin).expect("PostgreSQL reachable");
            conn.batch_execute(&format!("CREATE DATABASE \"{name}\"")).unwrap();
            let mut url = url::Url::parse(&admin).unwrap();
            url.set_path(&name);
            run("postgres", url.to_string(), candidates, window).await;
            let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
        }
        None => {
            println!("deadline_burst: APIDOJO_TEST_POSTGRES_URL is unset; running on SQLite instead");
            let dir = tempfile::tempdir().unwrap();
            let sqlite = format!("sqlite://{}", dir.path().join("burst.sqlite3").display());
            run("sqlite", sqlite, candidates, window).await;
        }
    }
}
