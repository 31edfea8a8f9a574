//! `TestApp`: a running server on its own database, plus small clients per role.
use std::time::Duration;

use apidojo::app::Application;
use apidojo::config::Settings;
use apidojo::db::users::Role;
use diesel::connection::SimpleConnection;
use diesel::Connection;
use reqwest::{Method, StatusCode};
use secrecy::SecretString;
use serde_json::{json, Value};

pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123456789";
pub const PASSWORD: &str = "correct horse battery staple";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database of one test, removed when the test ends.
enum TestDb {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres { admin_url, name } = self {
            if let Ok(mut conn) = diesel::PgConnection::establish(admin_url) {
                let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
            }
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub database_url: String,
    pub client: reqwest::Client,
    /// The metrics listener's base URL, when the settings asked for one.
    pub metrics: Option<String>,
    /// The test's own way into the database, for what an admin or the clock would do.
    pool: apidojo::db::Pool,
    _db: TestDb,
}

/// A fresh database URL for `backend`, or `None` for PostgreSQL when the suite was not asked to
/// use it. Set-but-unreachable is a failure, never a skip.
fn fresh_database(backend: Backend) -> Option<(String, TestDb)> {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("apidojo.sqlite3").display());
            Some((url, TestDb::Sqlite(dir)))
        }
        Backend::Postgres => {
            let admin_url = std::env::var("APIDOJO_TEST_POSTGRES_URL")
                .ok()
                .filter(|s| !s.is_empty())?;
            let mut conn = diesel::PgConnection::establish(&admin_url)
                .unwrap_or_else(|e| panic!("APIDOJO_TEST_POSTGRES_URL is set but PostgreSQL is unreachable: {e}"));
            let name = format!("apidojo_test_{}", uuid::Uuid::new_v4().simple());
            conn.batch_execute(&format!("CREATE DATABASE \"{name}\""))
                .expect("create the test database");
            let mut url = url::Url::parse(&admin_url).expect("APIDOJO_TEST_POSTGRES_URL is a URL");
            url.set_path(&name);
            Some((url.to_string(), TestDb::Postgres { admin_url, name }))
        }
    }
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Spawns with settings adjusted by `tweak` (limits, throttling...).
    pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Settings)) -> Option<TestApp> {
        let Some((database_url, db)) = fresh_database(backend) else {
            eprintln!("APIDOJO_TEST_POSTGRES_URL is not set: skipping the PostgreSQL run");
            return None;
        };
        Some(Self::spawn_on(database_url, db, tweak))
    }

    fn spawn_on(database_url: String, db: TestDb, tweak: impl FnOnce(&mut Settings)) -> TestApp {
        if std::env::var_os("RUST_LOG").is_some() {
            apidojo::telemetry::init();
        }
        let mut settings = Settings::new(
            "127.0.0.1:0".parse().unwrap(),
            database_url.clone(),
            SecretString::from(JWT_SECRET.to_owned()),
        );
        settings.pool_size = 4;
        tweak(&mut settings);
        let app = Application::build(settings).expect("the app starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        let metrics = app.metrics_port().map(|port| format!("http://127.0.0.1:{port}"));
        tokio::spawn(app.run_until_stopped());
        let pool = apidojo::db::connect_and_migrate(&database_url, 1).expect("the test's own connection");
        TestApp {
            base,
            metrics,
            pool,
            database_url,
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(60))
                .build()
                .unwrap(),
            _db: db,
        }
    }

    /// The same database served by a new server with adjusted settings.
    pub fn restart_with(self, tweak: impl FnOnce(&mut Settings)) -> TestApp {
        Self::spawn_on(self.database_url.clone(), self._db, tweak)
    }

    /// A connection to the test's database, beside the server's own pool.
    pub fn conn(&self) -> apidojo::db::PooledConn {
        self.pool.get().expect("a connection to the test database")
    }

    /// Moves an attempt's deadline by `by` (negative: into the past), as a coach or the clock would.
    pub fn move_deadline(&self, attempt_id: &str, by: chrono::Duration) {
        use apidojo::db::attempts::Attempt;
        let mut conn = self.conn();
        let a = Attempt::find(&mut conn, attempt_id).unwrap();
        Attempt::set_deadline(&mut conn, attempt_id, a.deadline_at + by).unwrap();
    }

    /// Makes every invite of a cohort expire an hour ago.
    pub fn expire_invites(&self, cohort_id: &str) {
        use apidojo::db::schema::cohort_invites::dsl;
        use diesel::prelude::*;
        let past = apidojo::db::now() - chrono::Duration::hours(1);
        diesel::update(dsl::cohort_invites.filter(dsl::cohort_id.eq(cohort_id)))
            .set(dsl::expires_at.eq(past))
            .execute(&mut self.conn())
            .unwrap();
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A request with no token, as it is built: for cookies and unusual headers or bodies.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// A client with no token.
    pub fn anonymous(&self) -> Client<'_> {
        Client {
            app: self,
            token: None,
            account: Value::Null,
        }
    }

    /// A client sending `token` as it is, genuine or not.
    pub fn with_token(&self, token: &str) -> Client<'_> {
        Client {
            app: self,
            token: Some(token.to_owned()),
            account: Value::Null,
        }
    }

    /// Registers an account and returns its JSON view.
    pub async fn register(&self, email: &str) -> Value {
        let r = self
            .anonymous()
            .post(
                "/v1/accounts",
                &json!({ "email": email, "display_name": "Test User", "password": PASSWORD }),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "register {email}: {}", r.body);
        r.json()
    }

    pub async fn log_in(&self, email: &str, password: &str) -> Reply {
        self.anonymous()
            .post("/v1/sessions", &json!({ "email": email, "password": password }))
            .await
    }

    /// A new session of an existing account, logged in with [`PASSWORD`].
    pub async fn log_in_as(&self, email: &str) -> Client<'_> {
        let r = self.log_in(email, PASSWORD).await;
        assert_eq!(r.status, StatusCode::OK, "log in {email}: {}", r.body);
        self.with_token(r.json()["access_token"].as_str().unwrap())
    }

    /// A newly registered, logged-in candidate.
    pub async fn as_candidate(&self, email: &str) -> Client<'_> {
        let account = self.register(email).await;
        Client {
            account,
            ..self.log_in_as(email).await
        }
    }

    /// A newly registered, logged-in coach.
    pub async fn as_coach(&self, email: &str) -> Client<'_> {
        self.with_role(email, Role::Coach).await
    }

    /// A newly registered, logged-in admin.
    pub async fn as_admin(&self, email: &str) -> Client<'_> {
        self.with_role(email, Role::Admin).await
    }

    /// A new account with a role given the way an admin would (through the database).
    async fn with_role(&self, email: &str, role: Role) -> Client<'_> {
        let candidate = self.as_candidate(email).await;
        apidojo::db::users::User::set_role(&mut self.conn(), email, role).unwrap();
        candidate.another_session().await
    }
}

/// Requests on behalf of one account (or of nobody), its bearer token on each.
pub struct Client<'a> {
    app: &'a TestApp,
    token: Option<String>,
    /// The account's JSON view when this client registered it, else `Null`.
    pub account: Value,
}

impl<'a> Client<'a> {
    /// The account's id.
    pub fn id(&self) -> &str {
        self.account["id"].as_str().expect("a client with an account")
    }

    pub fn token(&self) -> &str {
        self.token.as_deref().expect("a client with a token")
    }

    /// The same account logged in once more: a second, independent session.
    pub async fn another_session(&self) -> Client<'a> {
        let email = self.account["email"].as_str().expect("a client with an account");
        Client {
            account: self.account.clone(),
            ..self.app.log_in_as(email).await
        }
    }

    /// A request as it is built, for custom headers or bodies.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let rb = self.app.request(method, path);
        match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Reply {
        let mut rb = self.request(method, path);
        if let Some(b) = body {
            rb = rb.json(b);
        }
        Reply::from(rb.send().await.expect("request")).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Reply {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Reply {
        self.send(Method::PUT, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Reply {
        self.send(Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.send(Method::DELETE, path, None).await
    }
}

/// A response read to the end: status, headers and body text.
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Reply {
    pub async fn from(r: reqwest::Response) -> Reply {
        let status = r.status();
        let headers = r.headers().clone();
        let body = r.text().await.expect("body");
        Reply { status, headers, body }
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts a problem+json error with this status and returns its `detail`.
    pub fn problem(&self, status: StatusCode) -> String {
        assert_eq!(self.status, status, "body: {}", self.body);
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "body: {}",
            self.body
        );
        let v = self.json();
        assert_eq!(v["status"], status.as_u16(), "{v}");
        assert!(v["title"].is_string(), "{v}");
        let detail = v["detail"].as_str().unwrap_or_default().to_owned();
        assert!(!detail.is_empty(), "a problem must say what went wrong: {v}");
        detail
    }
}

/// Declares a test that runs once per backend: `mod name { fn sqlite(); fn postgres(); }`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Sqlite).await.unwrap();
                    super::$name(app).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                #[cfg_attr(not(apidojo_postgres_tests), ignore = "APIDOJO_TEST_POSTGRES_URL was not set when the tests were built")]
                async fn postgres() {
                    let app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Postgres)
                        .await
                        .expect("APIDOJO_TEST_POSTGRES_URL was set when the tests were built; set it to run them");
                    super::$name(app).await
                }
            }
        )*
    };
}
