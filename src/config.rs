//! Server settings: command-line flags, environment variables and the settings file (all read by
//! `crate::cli`), resolved once at start. The defaults an operator may change are constants here,
//! shared by [`Settings::new`] and the flags.
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};

/// The database used when neither `--database-url` nor `DATABASE_URL` is given.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/apidojo.sqlite3";

/// Connections in each instance's database pool.
pub const DEFAULT_POOL_SIZE: u32 = 8;

/// Stateless gradings (`POST /v1/grade`) allowed per user per minute.
pub const DEFAULT_GRADE_PER_MINUTE: u32 = 30;

/// Seconds after an attempt's deadline during which a submission still counts as on time.
pub const DEFAULT_SUBMISSION_GRACE_SECS: u64 = 60;

/// Failed log-ins from one client address tolerated within the throttling window.
pub const DEFAULT_LOGIN_FAILURES_PER_ADDRESS: u32 = 30;

/// Seconds a request's claim on an `Idempotency-Key` lasts before a retry may take it over.
pub const DEFAULT_IDEMPOTENCY_LEASE_SECS: u64 = 60;

/// Seconds a stopping server gives the requests in flight.
pub const DEFAULT_SHUTDOWN_TIMEOUT_SECS: u64 = 30;

/// The shortest JWT secret accepted (HS256 wants a key at least as long as its 256-bit hash).
pub const MIN_JWT_SECRET_CHARS: usize = 32;

/// Everything the running server needs to know, already validated.
#[derive(Clone)]
pub struct Settings {
    /// Address the HTTP server binds to (`127.0.0.1:8080` by default; port 0 picks a free one).
    pub bind: SocketAddr,
    /// Which database, e.g. `sqlite://data/apidojo.sqlite3` or `postgres://user@host/db`.
    pub database_url: String,
    /// HS256 key for the bearer tokens. Never logged.
    pub jwt_secret: SecretString,
    /// How long an issued token stays valid.
    pub token_ttl: Duration,
    /// Largest JSON body accepted on ordinary endpoints.
    pub max_json_bytes: usize,
    /// Connections in the database pool.
    pub pool_size: u32,
    /// Log-in throttling: failures tolerated per account, and per client address, within a window.
    pub throttle: ThrottleSettings,
    /// Largest OpenAPI document (or checklist answer) accepted for grading, in bytes.
    pub max_document_bytes: usize,
    /// How long after an attempt's deadline a submission still counts as on time.
    pub submission_grace: Duration,
    /// Stateless gradings (`POST /v1/grade`) allowed per user per minute.
    pub grade_per_minute: u32,
    /// Reverse proxies or load balancers in front of the server. A request from one of them is
    /// attributed to the address it names in `X-Forwarded-For`; anyone else's header is ignored,
    /// so a client cannot pick its own throttling bucket.
    pub trusted_proxies: Vec<IpAddr>,
    /// The address users reach the server at, e.g. `https://dojo.example.com`. When it is https,
    /// the browser session cookie is marked `Secure`.
    pub public_url: Option<String>,
    /// How long a client may take to send a request body once its headers arrived; a body that
    /// trickles in slower is answered 408 and the connection closed.
    pub body_timeout: Duration,
    /// How long a request's claim on an `Idempotency-Key` lasts before a retry may take it over.
    /// Only a crashed server leaves a claim that long: every request finishes well within it.
    pub idempotency_lease: Duration,
    /// Where the Prometheus metrics are served (`GET /metrics`), on a listener of their own;
    /// `None`: nowhere.
    pub metrics_bind: Option<SocketAddr>,
    /// How long a stopping server (SIGTERM or SIGINT) gives the requests in flight, gradings
    /// included, to finish; it accepts no new connections meanwhile, and cuts off whatever is
    /// still running when the time is up.
    pub shutdown_timeout: Duration,
}

#[derive(Clone, Copy, Debug)]
pub struct ThrottleSettings {
    pub per_account: u32,
    pub per_address: u32,
    pub window: Duration,
}

impl Default for ThrottleSettings {
    fn default() -> Self {
        Self {
            per_account: 5,
            per_address: DEFAULT_LOGIN_FAILURES_PER_ADDRESS,
            window: Duration::from_secs(15 * 60),
        }
    }
}

impl Settings {
    /// Whether pages are served over https (then cookies are `Secure`).
    pub fn https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.to_ascii_lowercase().starts_with("https://"))
    }

    /// Settings with the defaults for everything but the database and the secret.
    pub fn new(bind: SocketAddr, database_url: String, jwt_secret: SecretString) -> Self {
        Self {
            bind,
            database_url,
            jwt_secret,
            token_ttl: Duration::from_secs(12 * 60 * 60),
            max_json_bytes: 256 * 1024,
            pool_size: DEFAULT_POOL_SIZE,
            throttle: ThrottleSettings::default(),
            max_document_bytes: 2 * 1024 * 1024,
            submission_grace: Duration::from_secs(DEFAULT_SUBMISSION_GRACE_SECS),
            grade_per_minute: DEFAULT_GRADE_PER_MINUTE,
            trusted_proxies: Vec::new(),
            public_url: None,
            body_timeout: Duration::from_secs(15),
            idempotency_lease: Duration::from_secs(DEFAULT_IDEMPOTENCY_LEASE_SECS),
            metrics_bind: None,
            shutdown_timeout: Duration::from_secs(DEFAULT_SHUTDOWN_TIMEOUT_SECS),
        }
    }
}

/// The JWT secret: `--jwt-secret`, `APIDOJO_JWT_SECRET` or the settings file's `jwt_secret` when
/// given (and not empty); otherwise,
/// on SQLite only, a random secret generated once and kept in a file beside the database so
/// tokens survive restarts. PostgreSQL deployments run several instances, which must share one
/// secret: there it must be given.
pub fn resolve_jwt_secret(given: Option<SecretString>, database_url: &str) -> anyhow::Result<SecretString> {
    if let Some(secret) = given.filter(|s| !s.expose_secret().is_empty()) {
        anyhow::ensure!(
            secret.expose_secret().len() >= MIN_JWT_SECRET_CHARS,
            "the JWT secret must be at least {MIN_JWT_SECRET_CHARS} characters long"
        );
        return Ok(secret);
    }
    let Some(db_path) = crate::db::sqlite_path(database_url) else {
        anyhow::bail!(
            "a JWT secret (APIDOJO_JWT_SECRET, --jwt-secret or jwt_secret in the settings file) must be set when the database is PostgreSQL (every instance needs the same secret)"
        );
    };
    let path = secret_path_beside(&db_path);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim().to_owned();
        if existing.len() >= 32 {
            tracing::warn!(path = %path.display(), "APIDOJO_JWT_SECRET is not set; using the secret kept beside the SQLite file");
            return Ok(SecretString::from(existing));
        }
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = crate::hashing::hex(&bytes);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    write_private(&path, &secret).with_context(|| format!("writing {}", path.display()))?;
    tracing::warn!(path = %path.display(), "APIDOJO_JWT_SECRET is not set; generated a secret and kept it beside the SQLite file");
    Ok(SecretString::from(secret))
}

fn secret_path_beside(db_path: &Path) -> PathBuf {
    let mut name = db_path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".jwt-secret");
    db_path.with_file_name(name)
}

#[cfg(unix)]
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(content.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    std::fs::write(path, content)
}
