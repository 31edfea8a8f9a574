//! What every handler shares: the database pool, the token keys, the settings, the catalogue and
//! the hashing permits. Kept apart from `app` (which builds the server and lists the routes) so
//! that handlers depend on this state, not on the application that mounts them.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use actix_web::web;

use crate::auth::JwtKeys;
use crate::catalog::Catalog;
use crate::config::Settings;
use crate::db::Pool;
use crate::error::AppError;
use crate::grading::Limits;
use crate::metrics::Metrics;

/// Shared state of every worker. Nothing here is mutable but the draining flag: the app tier
/// keeps no state of its own, so several instances can serve one PostgreSQL database.
pub struct AppState {
    pub pool: Pool,
    pub keys: JwtKeys,
    pub settings: Arc<Settings>,
    /// Exercises and rubrics, loaded once at start.
    pub catalog: Arc<Catalog>,
    /// Load limits for submitted documents.
    pub limits: Limits,
    /// Permits for argon2 work (one per core): a storm of log-ins queues here instead of filling
    /// the blocking pool, and no database connection is held while a hash is computed.
    pub hashing: Arc<tokio::sync::Semaphore>,
    /// Permits for reading request bodies ([`BODY_READS`] at a time): however many clients
    /// announce a body and then stall, the bodies being read at once are bounded.
    pub body_reads: Arc<tokio::sync::Semaphore>,
    /// This instance's counters and histograms (`crate::metrics`).
    pub metrics: Arc<Metrics>,
    /// Set once the server has been told to stop (SIGTERM, SIGINT): `/readyz` then answers 503,
    /// so a load balancer sends new work elsewhere while the requests in flight finish.
    pub draining: Arc<AtomicBool>,
}

/// Request bodies read at once; more wait for a permit (within the body timeout).
pub const BODY_READS: usize = 256;

impl AppState {
    /// Whether the server is stopping (see [`AppState::draining`]).
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::Relaxed)
    }

    /// Runs a blocking database closure on the blocking thread pool with a pooled connection.
    ///
    /// An unexpected failure inside is logged with the place in the source that asked for the
    /// work (`database work at src/api/cohorts.rs:302`), so a 500's log line says what failed.
    #[track_caller]
    pub fn db<T, F>(&self, f: F) -> impl std::future::Future<Output = Result<T, AppError>> + 'static
    where
        F: FnOnce(&mut crate::db::DbConn) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let at = std::panic::Location::caller();
        let pool = self.pool.clone();
        let metrics = self.metrics.clone();
        async move {
            web::block(move || {
                let asked = std::time::Instant::now();
                let conn = pool.get();
                metrics.pool_wait.observe(asked.elapsed().as_secs_f64());
                let mut conn = conn?;
                f(&mut conn)
            })
            .await?
            .map_err(|e| e.context(format!("database work at {}:{}", at.file(), at.line())))
        }
    }

    /// Runs password hashing or verification off the async workers, at most one per core at a
    /// time. Nothing else waits on these permits.
    pub async fn hash<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let _permit = self
            .hashing
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| AppError::internal(anyhow::anyhow!("the hashing queue is closed: {e}")))?;
        Ok(web::block(f).await?)
    }
}

/// One argon2 computation per core.
pub fn hashing_permits() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}
