//! A log-in storm against the other endpoints: the latency of `GET /v1/me` (a token check and a
//! database read) alone, then while `STORM_CONNECTIONS` clients log in as fast as they can, each
//! log-in costing an argon2 hash. Prints p50/p99 of both phases and the log-ins served.
//!
//! `cargo bench --bench login_storm` (environment: `STORM_CONNECTIONS`, `STORM_SECONDS`).
//! The storm spreads over many accounts and forwarded addresses, as a distributed attack would,
//! so the per-account and per-address throttles do not end it early: what is measured is that
//! hashing neither holds database connections nor starves the workers.
use std::time::{Duration, Instant};

use apidojo::app::Application;
use apidojo::config::Settings;
use secrecy::SecretString;
use serde_json::json;

const PASSWORD: &str = "storm test password";
const ACCOUNTS: usize = 400;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// `GET /v1/me` in a loop for `seconds`; the latencies, sorted.
async fn probe(client: &reqwest::Client, base: &str, token: &str, seconds: u64) -> Vec<Duration> {
    let end = Instant::now() + Duration::from_secs(seconds);
    let mut out = Vec::new();
    while Instant::now() < end {
        let t = Instant::now();
        let r = client
            .get(format!("{base}/v1/me"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
        out.push(t.elapsed());
    }
    out.sort();
    out
}

#[tokio::main]
async fn main() {
    let connections = env_usize("STORM_CONNECTIONS", 16);
    let seconds = env_usize("STORM_SECONDS", 5) as u64;
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::new(
        "127.0.0.1:0".parse().unwrap(),
        format!("sqlite://{}/storm.sqlite3", dir.path().display()),
        SecretString::from("bench-secret-bench-secret-bench-secret!!".to_owned()),
    );
    settings.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    let app = Application::build(settings).expect("server starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();

    for i in 0..=ACCOUNTS {
        let body = json!({"email": format!("storm{i}@example.com"), "display_name": "Storm", "password": PASSWORD});
        client
            .post(format!("{base}/v1/accounts"))
            .json(&body)
            .send()
            .await
            .unwrap();
    }
    let login: serde_json::Value = client
        .post(format!("{base}/v1/sessions"))
        .json(&json!({"email": format!("storm{ACCOUNTS}@example.com"), "password": PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["access_token"].as_str().unwrap().to_owned();

    let quiet = probe(&client, &base, &token, seconds).await;

    let stop = Instant::now() + Duration::from_secs(seconds);
    let storm: Vec<_> = (0..connections)
        .map(|w| {
            let (client, base) = (reqwest::Client::new(), base.clone());
            tokio::spawn(async move {
                let (mut served, mut n) = (0usize, 0usize);
                while Instant::now() < stop {
                    let i = (w + n * connections) % ACCOUNTS;
                    let r = client
                        .post(format!("{base}/v1/sessions"))
                        .header("x-forwarded-for", format!("10.{}.{}.{}", w, n / 250 % 250, n % 250 + 1))
                        .json(&json!({"email": format!("storm{i}@example.com"), "password": PASSWORD}))
                        .send()
                        .await
                        .unwrap();
                    served += usize::from(r.status().is_success());
                    n += 1;
                }
                served
            })
        })
        .collect();
    let loaded = probe(&client, &base, &token, seconds).await;
    let mut log_ins = 0;
    for s in storm {
        log_ins += s.await.unwrap();
    }

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "GET /v1/me alone:        {} requests, p50 {:.2} ms, p99 {:.2} ms",
        quiet.len(),
        ms(percentile(&quiet, 0.5)),
        ms(percentile(&quiet, 0.99))
    );
    println!(
        "GET /v1/me during storm: {} requests, p50 {:.2} ms, p99 {:.2} ms ({connections} connections logging in: {log_ins} log-ins in {seconds} s)",
        loaded.len(),
        ms(percentile(&loaded, 0.5)),
        ms(percentile(&loaded, 0.99))
    );
}
