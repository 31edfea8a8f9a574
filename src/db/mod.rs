//! Storage through diesel on PostgreSQL (production) or a SQLite file (the zero-setup default).
//!
//! One schema, one set of queries: [`DbConn`] is a `MultiConnection` over both backends. Column
//! types are the ones both support: ids are UUIDs kept as text, times are UTC `Timestamp`s, JSON is
//! text. The backend is chosen from the URL scheme by [`Manager`], so a connection error is the
//! backend's own ("connection refused", "database X does not exist"), never a guess.
pub mod attempts;
pub mod audit;
pub mod cohorts;
pub mod drafts;
pub mod drills;
pub mod idempotency;
pub mod login_failures;
pub mod rate;
pub mod reviews;
pub mod schema;
pub mod sessions;
pub mod submissions;
pub mod users;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
/// The session-level advisory lock held while migrations run on PostgreSQL.
const MIGRATION_LOCK: &str = "SELECT pg_advisory_lock(hashtext('apidojo: migrations'))";
const MIGRATION_UNLOCK: &str = "SELECT pg_advisory_unlock(hashtext('apidojo: migrations'))";

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// Serialises, until the end of the caller's transaction, every transaction that locks one of
/// the same keys, so a count and the decision taken on it are one step: PostgreSQL takes an
/// advisory transaction lock per key (in one order, so two callers never wait on each other
/// crosswise); SQLite has one writer at a time and takes its write lock at once (a statement that
/// writes, though it changes nothing, takes it). Call it first in a transaction.
pub fn lock_keys(conn: &mut DbConn, keys: &[&str]) -> QueryResult<()> {
    match conn {
        DbConn::Postgres(pg) => {
            let mut keys = keys.to_vec();
            keys.sort_unstable();
            keys.dedup();
            for key in keys {
                diesel::sql_query("SELECT pg_advisory_xact_lock(hashtext($1))")
                    .bind::<diesel::sql_types::Text, _>(key)
                    .execute(pg)?;
            }
            Ok(())
        }
        DbConn::Sqlite(sqlite) => sqlite.batch_execute("DELETE FROM rate_events WHERE 0"),
    }
}

/// Where a newest-first list resumes: the last row's time and id.
pub type Cursor = (chrono::NaiveDateTime, String);

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// `sqlite://data/x.sqlite3` or `sqlite:data/x.sqlite3` -> `data/x.sqlite3`; `None` for other schemes.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    Some(PathBuf::from(rest))
}

pub fn backend_of(url: &str) -> anyhow::Result<Backend> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Backend::Postgres)
    } else if sqlite_path(url).is_some() {
        Ok(Backend::Sqlite)
    } else {
        anyhow::bail!(
            "unsupported database URL {:?}: use postgres://... or sqlite://PATH",
            redact(url)
        )
    }
}

/// What stands for a password or a secret wherever settings are shown.
pub const REDACTED: &str = "[redacted]";

/// The URL without its password (in the user information, or libpq's `password` parameter), for
/// logs, error messages and `apidojo config`.
pub fn redact(url: &str) -> String {
    let Ok(mut u) = url::Url::parse(url) else {
        return url.to_owned();
    };
    let in_query = u.query_pairs().any(|(k, _)| k == "password");
    if u.password().is_none() && !in_query {
        return url.to_owned();
    }
    // The setters percent-encode brackets, so a plain placeholder goes in and the marker replaces
    // it in the text: nothing before the password can read `:***@` (a user name has no raw `:`).
    let _ = u.set_password(u.password().map(|_| "***"));
    if in_query {
        let pairs: Vec<(String, String)> = u
            .query_pairs()
            .map(|(k, v)| {
                let v = if k == "password" { "***".into() } else { v.into_owned() };
                (k.into_owned(), v)
            })
            .collect();
        u.query_pairs_mut().clear().extend_pairs(pairs);
    }
    u.as_str()
        .replacen(":***@", &format!(":{REDACTED}@"), 1)
        .replace("password=***", &format!("password={REDACTED}"))
}

/// r2d2 connection manager that opens the backend named by the URL scheme and prepares SQLite
/// connections (WAL, busy timeout, foreign keys) before handing them out.
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
    backend: Backend,
}

impl Manager {
    pub fn new(url: &str) -> anyhow::Result<Self> {
        Ok(Self {
            url: url.to_owned(),
            backend: backend_of(url)?,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    fn open(&self) -> Result<DbConn, diesel::ConnectionError> {
        match self.backend {
            Backend::Postgres => PgConnection::establish(&self.url).map(DbConn::Postgres),
            Backend::Sqlite => {
                let path = sqlite_path(&self.url).unwrap_or_default();
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
                // WAL lets readers run beside the one writer; busy_timeout makes writers queue
                // instead of failing with "database is locked".
                conn.batch_execute(
                    "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
                     PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                )
                .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                Ok(DbConn::Sqlite(conn))
            }
        }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConn;
    type Error = diesel::ConnectionError;

    fn connect(&self) -> Result<DbConn, Self::Error> {
        self.open()
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

/// Opens the database (creating the SQLite file and its folder when needed), runs pending
/// migrations and returns a pool. Errors carry the backend's own message.
pub fn connect_and_migrate(url: &str, pool_size: u32) -> anyhow::Result<Pool> {
    let manager = Manager::new(url)?;
    if let Some(path) = sqlite_path(url) {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
    }
    // One direct connection first: r2d2 would hide the cause behind its own timeout message.
    let mut first = manager
        .open()
        .with_context(|| format!("cannot open the database at {}", redact(url)))?;
    migrate(&mut first)?;
    drop(first);
    r2d2::Pool::builder()
        .max_size(pool_size)
        .connection_timeout(Duration::from_secs(10))
        .build(manager)
        .with_context(|| format!("cannot open the database at {}", redact(url)))
}

/// Runs every pending migration of the connection's backend; returns how many ran.
///
/// On PostgreSQL, several instances may start at once on one database: each takes the same
/// advisory lock for the time of its migrations, so one applies them and the others, once it is
/// done, find none pending (without it, both created the same tables and one failed to start).
pub fn migrate(conn: &mut DbConn) -> anyhow::Result<usize> {
    let applied = match conn {
        DbConn::Postgres(c) => {
            c.batch_execute(MIGRATION_LOCK)
                .map_err(|e| anyhow::anyhow!("waiting for other instances' migrations failed: {e}"))?;
            let applied = c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|v| v.len());
            // Released with the connection anyway; at once is better for a long-lived one.
            let _ = c.batch_execute(MIGRATION_UNLOCK);
            applied
        }
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    }
    .map_err(|e| anyhow::anyhow!("running migrations failed: {e}"))?;
    if applied > 0 {
        tracing::info!(applied, "database migrations applied");
    }
    Ok(applied)
}

/// Where a SQLite URL's file really is, for the start-up log.
pub fn describe(url: &str) -> String {
    match sqlite_path(url) {
        Some(p) => {
            let abs = std::path::absolute(&p).unwrap_or(p);
            format!("SQLite file {}", abs.display())
        }
        None => format!("PostgreSQL at {}", redact(url)),
    }
}

/// The current UTC time at the database's precision (microseconds), so a value read back equals
/// the value written on both backends.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::SubsecRound;
    chrono::Utc::now().naive_utc().trunc_subsecs(6)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn a_password_in_the_user_information_is_redacted() {
        assert_eq!(
            redact("postgres://dojo:s3cr%40t@db.example.com:5432/apidojo"),
            "postgres://dojo:[redacted]@db.example.com:5432/apidojo"
        );
    }

    #[test]
    fn a_password_parameter_is_redacted_and_the_others_kept() {
        assert_eq!(
            redact("postgres://dojo@db/apidojo?sslmode=require&password=hunter2"),
            "postgres://dojo@db/apidojo?sslmode=require&password=[redacted]"
        );
    }

    #[test]
    fn a_url_without_a_password_is_shown_as_given() {
        for url in [
            "postgres://dojo@db/apidojo",
            "sqlite://data/apidojo.sqlite3",
            "not a url",
        ] {
            assert_eq!(redact(url), url);
        }
    }
}
