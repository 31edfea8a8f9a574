//! Two `apidojo serve` processes on one PostgreSQL database behave as one service: the app tier
//! keeps no state of its own. A session made on one is honoured by the other and so is its
//! log-out; an `Idempotency-Key` used on one replays on the other; a draft saved on one is read on
//! the other; log-in failures and gradings spread over both meet the limits one server sets; a
//! coach's override made on one shows on the other.
//!
//! Runs the real binary twice, started at the same moment on a fresh database (so both find
//! migrations to run). Needs `APIDOJO_TEST_POSTGRES_URL`: without it the test says `SKIPPED` on
//! standard error and returns; set but unreachable is a failure.
use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::Connection;
use futures_util::future::join_all;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

mod common;

const SECRET: &str = "two-instances-secret-two-instances-0123456";
const PASSWORD: &str = "correct horse battery staple";

/// A fresh PostgreSQL database, dropped when the test ends.
struct TestDb {
    admin_url: String,
    name: String,
    url: String,
}

impl TestDb {
    /// `None` (with a `SKIPPED` line) when `APIDOJO_TEST_POSTGRES_URL` is not set.
    fn create() -> Option<TestDb> {
        let Some(admin_url) = std::env::var("APIDOJO_TEST_POSTGRES_URL")
            .ok()
            .filter(|s| !s.trim().is_empty())
        else {
            // Written to stderr directly, not through eprintln!, so the test harness does not
            // swallow it: a skip must be seen, never look like a pass.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED: APIDOJO_TEST_POSTGRES_URL is not set; several instances share PostgreSQL only"
            );
            return None;
        };
        let mut conn = diesel::PgConnection::establish(&admin_url)
            .unwrap_or_else(|e| panic!("APIDOJO_TEST_POSTGRES_URL is set but PostgreSQL is unreachable: {e}"));
        let name = format!("apidojo_test_{}", uuid::Uuid::new_v4().simple());
        conn.batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .expect("create the test database");
        let mut url = url::Url::parse(&admin_url).expect("APIDOJO_TEST_POSTGRES_URL is a URL");
        url.set_path(&name);
        Some(TestDb {
            admin_url,
            name,
            url: url.to_string(),
        })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut conn) = diesel::PgConnection::establish(&self.admin_url) {
            let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name));
        }
    }
}

/// One `apidojo serve` process; its log goes to a file, shown when it fails to start.
struct Instance {
    child: Child,
    base: String,
    log: PathBuf,
}

impl Instance {
    fn spawn(database_url: &str, log: PathBuf) -> Instance {
        let port = common::free_port();
        let child = common::serve(port)
            .args(["--database-url", database_url])
            .env("APIDOJO_JWT_SECRET", SECRET)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("a log file"))
            .spawn()
            .expect("the server binary starts");
        Instance {
            child,
            base: format!("http://127.0.0.1:{port}"),
            log,
        }
    }

    /// Waits for `/healthz` to answer; a server that exits or stays silent fails the test with
    /// its log.
    async fn wait_until_up(&mut self) {
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("the child can be waited for") {
                break Some(status);
            }
            if reqwest::get(self.url("/healthz")).await.is_ok() {
                return;
            }
            if std::time::Instant::now() > deadline {
                break None;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        panic!(
            "{} did not answer /healthz within 15 s (exit status: {status:?}); its log:\n{log}",
            self.base
        );
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A status and a body read to the end.
struct Reply {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

async fn send(rb: reqwest::RequestBuilder) -> Reply {
    let r = rb.send().await.expect("the server answers");
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.text().await.expect("a body");
    Reply { status, headers, body }
}

/// Requests to either instance, as one signed-in user (or nobody).
struct Api {
    http: reqwest::Client,
    token: Option<String>,
}

impl Api {
    fn request(&self, on: &Instance, method: Method, path: &str) -> reqwest::RequestBuilder {
        let rb = self.http.request(method, on.url(path));
        match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }

    async fn get(&self, on: &Instance, path: &str) -> Reply {
        send(self.request(on, Method::GET, path)).await
    }

    async fn post(&self, on: &Instance, path: &str, body: &Value) -> Reply {
        send(self.request(on, Method::POST, path).json(body)).await
    }

    async fn keyed_post(&self, on: &Instance, path: &str, body: &Value, key: &str) -> Reply {
        send(
            self.request(on, Method::POST, path)
                .header("idempotency-key", key)
                .json(body),
        )
        .await
    }

    fn as_user(&self, token: &str) -> Api {
        Api {
            http: self.http.clone(),
            token: Some(token.to_owned()),
        }
    }
}

async fn register(api: &Api, on: &Instance, email: &str) {
    let r = api
        .post(
            on,
            "/v1/accounts",
            &json!({"email": email, "display_name": "Two Servers", "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "register {email}: {}", r.body);
}

async fn log_in_status(api: &Api, on: &Instance, email: &str, password: &str) -> StatusCode {
    api.post(on, "/v1/sessions", &json!({"email": email, "password": password}))
        .await
        .status
}

async fn log_in(api: &Api, on: &Instance, email: &str) -> Api {
    let r = api
        .post(on, "/v1/sessions", &json!({"email": email, "password": PASSWORD}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "log in {email}: {}", r.body);
    api.as_user(r.json()["access_token"].as_str().expect("a token"))
}

/// The CSRF token a page served to this session carries.
async fn csrf_of_page(on: &Instance, http: &reqwest::Client, cookie: &str) -> String {
    let page = send(http.get(on.url("/exercises")).header("cookie", cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.body
        .split("name=\"csrf-token\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page carries the session's CSRF token")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_database_behave_as_one() {
    let Some(db) = TestDb::create() else {
        return;
    };
    let logs = tempfile::tempdir().expect("a temp dir");
    // Started together on an empty database: both find every migration pending.
    let mut a = Instance::spawn(&db.url, logs.path().join("a.log"));
    let mut b = Instance::spawn(&db.url, logs.path().join("b.log"));
    a.wait_until_up().await;
    b.wait_until_up().await;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let anonymous = Api {
        http: http.clone(),
        token: None,
    };

    // A session opened on one is honoured by the other, bearer and cookie alike (the cookie's
    // CSRF token, given out by one, is accepted by the other).
    register(&anonymous, &a, "both@example.com").await;
    let user = log_in(&anonymous, &a, "both@example.com").await;
    let me = user.get(&b, "/v1/me").await;
    assert_eq!(me.status, StatusCode::OK, "a token from A on B: {}", me.body);
    assert_eq!(me.json()["email"], "both@example.com");
    let attempt = user
        .post(&b, "/v1/attempts", &json!({"exercise_id": "url-shortener"}))
        .await;
    assert_eq!(attempt.status, StatusCode::CREATED, "{}", attempt.body);
    let attempt = attempt.json()["id"].as_str().unwrap().to_owned();

    // A draft saved on one is read on the other.
    let cookie = format!("apidojo_session={}", user.token.as_deref().unwrap());
    let csrf = csrf_of_page(&a, &http, &cookie).await;
    let draft = "openapi: 3.0.3\ninfo: {title: saved on B, version: '1'}\npaths: {}\n";
    let saved = send(
        http.put(b.url(&format!("/v1/attempts/{attempt}/draft")))
            .header("cookie", &cookie)
            .header("x-csrf-token", &csrf)
            .header("origin", &b.base)
            .json(&json!({"content": draft})),
    )
    .await;
    assert_eq!(
        saved.status,
        StatusCode::OK,
        "a draft saved on B with A's CSRF token: {}",
        saved.body
    );
    let read = user.get(&a, &format!("/v1/attempts/{attempt}/draft")).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert_eq!(read.json()["content"], draft, "the draft saved on B, read on A");

    // An Idempotency-Key used on one replays on the other, for a created resource and for a
    // submission (whose key lives on its row).
    let body = json!({"exercise_id": "payments"});
    let first = user.keyed_post(&a, "/v1/attempts", &body, "two-servers-1").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let again = user.keyed_post(&b, "/v1/attempts", &body, "two-servers-1").await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    assert_eq!(again.header("idempotent-replayed"), Some("true"), "replayed on B");
    assert_eq!(again.json()["id"], first.json()["id"]);
    let other = user
        .keyed_post(&b, "/v1/attempts", &json!({"exercise_id": "chess"}), "two-servers-1")
        .await;
    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", other.body);
    let submit = |on: &Instance| {
        user.request(on, Method::POST, &format!("/v1/attempts/{attempt}/submissions"))
            .header("content-type", "application/yaml")
            .header("idempotency-key", "two-servers-submit")
            .body(common::WEAK_SPEC)
    };
    let submitted = send(submit(&b)).await;
    assert_eq!(submitted.status, StatusCode::CREATED, "{}", submitted.body);
    let resubmitted = send(submit(&a)).await;
    assert_eq!(resubmitted.status, StatusCode::CREATED, "{}", resubmitted.body);
    assert_eq!(
        resubmitted.json()["id"],
        submitted.json()["id"],
        "the submission replayed on A"
    );

    // The same key sent to both at once: one request creates, every other replays it or is told
    // it is still being handled; one attempt exists.
    let chess = json!({"exercise_id": "chess"});
    let racers = (0..10).map(|i| {
        let on = if i % 2 == 0 { &a } else { &b };
        user.keyed_post(on, "/v1/attempts", &chess, "two-servers-race")
    });
    let raced = join_all(racers).await;
    let created: Vec<&Reply> = raced
        .iter()
        .filter(|r| r.status == StatusCode::CREATED && r.header("idempotent-replayed").is_none())
        .collect();
    assert_eq!(created.len(), 1, "one request creates: {:?}", statuses(&raced));
    for r in &raced {
        assert!(
            matches!(r.status, StatusCode::CREATED | StatusCode::CONFLICT),
            "{}: {}",
            r.status,
            r.body
        );
        if r.status == StatusCode::CREATED {
            assert_eq!(r.json()["id"], created[0].json()["id"]);
        }
    }
    let listed = user.get(&a, "/v1/attempts?limit=100").await;
    let chess_attempts = listed.json()["data"]
        .as_array()
        .expect("a list of attempts")
        .iter()
        .filter(|a| a["exercise_id"] == "chess")
        .count();
    assert_eq!(chess_attempts, 1, "{}", listed.body);

    // Gradings spread over both meet the one per-user limit (30 a minute): 30 graded, 30 refused.
    let gradings = (0..60).map(|i| {
        let on = if i % 2 == 0 { &a } else { &b };
        let rb = user
            .request(on, Method::POST, "/v1/grade")
            .header("content-type", "application/yaml")
            .body("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n");
        async move { rb.send().await.expect("answered").status() }
    });
    let graded = join_all(gradings).await;
    let count = |s: StatusCode| graded.iter().filter(|x| **x == s).count();
    assert_eq!(
        (count(StatusCode::OK), count(StatusCode::TOO_MANY_REQUESTS)),
        (30, 30),
        "{graded:?}"
    );

    // A log-out on one is honoured by the other.
    let out = send(user.request(&b, Method::DELETE, "/v1/sessions/current")).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.body);
    for on in [&a, &b] {
        let r = user.get(on, "/v1/me").await;
        assert_eq!(
            r.status,
            StatusCode::UNAUTHORIZED,
            "{} after a log-out on B: {}",
            on.base,
            r.body
        );
        let page = send(http.get(on.url("/v1/me")).header("cookie", &cookie)).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED, "the cookie too, on {}", on.base);
    }

    // Wrong passwords sent to both at once reach the throttle as on one server: five failures
    // are tried (401), every other is refused (429), then the right password is refused too.
    register(&anonymous, &b, "target@example.com").await;
    let guesses = (0..40).map(|i| {
        let on = if i % 2 == 0 { &a } else { &b };
        log_in_status(&anonymous, on, "target@example.com", "not the password at all")
    });
    let tried = join_all(guesses).await;
    let count = |s: StatusCode| tried.iter().filter(|x| **x == s).count();
    assert_eq!(
        (count(StatusCode::UNAUTHORIZED), count(StatusCode::TOO_MANY_REQUESTS)),
        (5, 35),
        "401s and 429s of 40 wrong passwords over two servers: {tried:?}"
    );
    for on in [&a, &b] {
        assert_eq!(
            log_in_status(&anonymous, on, "target@example.com", PASSWORD).await,
            StatusCode::TOO_MANY_REQUESTS,
            "throttled on {}",
            on.base
        );
    }

    // A coach (made the way an operator makes one) reviews on one; the override shows on the other.
    let made = common::run_with_env(
        &[
            "users",
            "create",
            "--email",
            "coach@example.com",
            "--role",
            "coach",
            "--database-url",
            &db.url,
        ],
        &[("APIDOJO_PASSWORD", PASSWORD)],
        b"",
    );
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let coach = log_in(&anonymous, &b, "coach@example.com").await;
    let cohort = coach.post(&a, "/v1/cohorts", &json!({"name": "Two servers"})).await;
    assert_eq!(cohort.status, StatusCode::CREATED, "{}", cohort.body);
    let cohort = cohort.json();
    register(&anonymous, &a, "member@example.com").await;
    let member = log_in(&anonymous, &a, "member@example.com").await;
    let joined = member
        .post(&b, "/v1/cohorts/join", &json!({"code": cohort["invite"]["code"]}))
        .await;
    assert_eq!(joined.status, StatusCode::CREATED, "{}", joined.body);
    let started = member
        .post(&a, "/v1/attempts", &json!({"exercise_id": "url-shortener"}))
        .await;
    let started = started.json()["id"].as_str().unwrap().to_owned();
    let submission = send(
        member
            .request(&b, Method::POST, &format!("/v1/attempts/{started}/submissions"))
            .header("content-type", "application/yaml")
            .body(common::WEAK_SPEC),
    )
    .await;
    assert_eq!(submission.status, StatusCode::CREATED, "{}", submission.body);
    let submission = submission.json()["id"].as_str().unwrap().to_owned();
    let queue = coach
        .get(
            &a,
            &format!("/v1/cohorts/{}/review-queue", cohort["id"].as_str().unwrap()),
        )
        .await;
    assert!(
        queue.body.contains(&submission),
        "submitted on B, queued on A: {}",
        queue.body
    );
    let review = json!({"comment": "Nouns, please.", "overrides": [
        {"dimension": "naming", "score": 95.0, "reason": "the prompt required the legacy path"}
    ]});
    let reviewed = coach
        .post(&a, &format!("/v1/submissions/{submission}/reviews"), &review)
        .await;
    assert_eq!(reviewed.status, StatusCode::CREATED, "{}", reviewed.body);
    for on in [&b, &a] {
        let seen = member.get(on, &format!("/v1/submissions/{submission}")).await;
        assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
        let naming = seen.json()["effective"]["dimensions"]
            .as_array()
            .expect("effective dimensions")
            .iter()
            .find(|d| d["id"] == "naming")
            .cloned()
            .expect("a naming dimension");
        assert_eq!(naming["effective"], 95.0, "on {}: {naming}", on.base);
        assert_eq!(naming["overridden"], true, "on {}: {naming}", on.base);
    }

    // Both stop cleanly on SIGTERM.
    for mut instance in [a, b] {
        let pid = instance.child.id().to_string();
        let sent = std::process::Command::new("kill").args(["-TERM", &pid]).status();
        assert!(sent.is_ok_and(|s| s.success()), "kill -TERM {pid}");
        let status = wait_for_exit(&mut instance.child, Duration::from_secs(30));
        let log = std::fs::read_to_string(&instance.log).unwrap_or_default();
        assert_eq!(status.and_then(|s| s.code()), Some(0), "{}: {log}", instance.base);
    }
}

fn statuses(replies: &[Reply]) -> Vec<StatusCode> {
    replies.iter().map(|r| r.status).collect()
}

/// The child's exit status once it has exited, or `None` if it is still running after `within`.
fn wait_for_exit(child: &mut Child, within: Duration) -> Option<std::process::ExitStatus> {
    let deadline = std::time::Instant::now() + within;
    while std::time::Instant::now() < deadline {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}
