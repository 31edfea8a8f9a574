//! `apidojo serve`: the HTTP API and the pages, on SQLite by default; migrations run at start.
use std::ffi::OsStr;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use anyhow::Context;
use clap::builder::TypedValueParser;
use clap::error::ErrorKind;
use secrecy::SecretString;

use super::common::DbArgs;
use crate::app::Application;
use crate::config::{self, Settings};
use crate::db;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "APIDOJO_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the client (comma-separated).
    #[arg(long, env = "APIDOJO_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,
    /// The address users reach the server at (e.g. `https://dojo.example.com`); when it is
    /// https, the browser session cookie is marked Secure.
    #[arg(long, env = "APIDOJO_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Seconds after which a request's claim on an `Idempotency-Key` counts as abandoned (its
    /// server crashed), so a retry may take the key over.
    #[arg(long, env = "APIDOJO_IDEMPOTENCY_LEASE_SECS", default_value_t = config::DEFAULT_IDEMPOTENCY_LEASE_SECS, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub idempotency_lease_secs: u64,
    /// Seconds a stopping server (SIGTERM, SIGINT) gives the requests in flight to finish; it
    /// accepts no new connections meanwhile, and exits when they are done or the time is up.
    #[arg(long, env = "APIDOJO_SHUTDOWN_TIMEOUT_SECS", default_value_t = config::DEFAULT_SHUTDOWN_TIMEOUT_SECS, value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub shutdown_timeout_secs: u64,
    /// Serve Prometheus metrics (`GET /metrics`) on this address, a listener of its own (e.g.
    /// `127.0.0.1:9090`, reachable by the monitoring only); without it, no metrics are served.
    #[arg(long, env = "APIDOJO_METRICS_BIND")]
    pub metrics_bind: Option<SocketAddr>,
    /// Database connections this instance keeps at most; every instance's pool together must
    /// stay under PostgreSQL's `max_connections`.
    #[arg(long, env = "APIDOJO_POOL_SIZE", default_value_t = config::DEFAULT_POOL_SIZE, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub pool_size: u32,
    /// Failed log-ins from one client address tolerated within 15 minutes before it is answered
    /// 429; raise it when a whole classroom reaches the server from one address.
    #[arg(long, env = "APIDOJO_LOGIN_FAILURES_PER_ADDRESS", default_value_t = config::DEFAULT_LOGIN_FAILURES_PER_ADDRESS, value_parser = clap::value_parser!(u32).range(5..=10_000))]
    pub login_failures_per_address: u32,
    /// Stateless gradings (`POST /v1/grade`) allowed per user per minute.
    #[arg(long, env = "APIDOJO_GRADE_PER_MINUTE", default_value_t = config::DEFAULT_GRADE_PER_MINUTE, value_parser = clap::value_parser!(u32).range(1..=600))]
    pub grade_per_minute: u32,
    /// Seconds after an attempt's deadline during which a submission still counts as on time.
    #[arg(long, env = "APIDOJO_SUBMISSION_GRACE_SECS", default_value_t = config::DEFAULT_SUBMISSION_GRACE_SECS, value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub submission_grace_secs: u64,
    /// The key that signs bearer tokens, at least 32 characters; prefer the environment variable
    /// or the settings file (a flag is visible to other users of the machine). When absent: on
    /// SQLite, a secret generated once and kept beside the database file; PostgreSQL requires one.
    #[arg(long, env = "APIDOJO_JWT_SECRET", hide_env_values = true, value_name = "SECRET", value_parser = SecretParser)]
    pub jwt_secret: Option<SecretString>,
    #[command(flatten)]
    pub db: DbArgs,
}

/// Reads the JWT secret into a `SecretString` (kept out of `Debug` output) and refuses one
/// shorter than `config::MIN_JWT_SECRET_CHARS` without repeating it (clap's own refusal quotes
/// the value). An empty secret counts as none given (`config::resolve_jwt_secret`).
#[derive(Clone)]
struct SecretParser;

impl TypedValueParser for SecretParser {
    type Value = SecretString;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<SecretString, clap::Error> {
        let refuse = |why: String| clap::Error::raw(ErrorKind::ValueValidation, format!("{why}\n")).with_cmd(cmd);
        let value = value
            .to_str()
            .ok_or_else(|| refuse("the JWT secret must be UTF-8 text".into()))?;
        if !value.is_empty() && value.len() < config::MIN_JWT_SECRET_CHARS {
            return Err(refuse(format!(
                "the JWT secret must be at least {} characters long",
                config::MIN_JWT_SECRET_CHARS
            )));
        }
        Ok(SecretString::from(value))
    }
}

impl ServeArgs {
    /// The server's settings: these arguments, with the JWT secret resolved.
    fn settings(self) -> anyhow::Result<Settings> {
        let secret = config::resolve_jwt_secret(self.jwt_secret, &self.db.database_url)?;
        let mut settings = Settings::new(self.bind, self.db.database_url, secret);
        settings.trusted_proxies = self.trusted_proxies;
        settings.public_url = self.public_url;
        settings.idempotency_lease = Duration::from_secs(self.idempotency_lease_secs);
        settings.metrics_bind = self.metrics_bind;
        settings.shutdown_timeout = Duration::from_secs(self.shutdown_timeout_secs);
        settings.pool_size = self.pool_size;
        settings.throttle.per_address = self.login_failures_per_address;
        settings.grade_per_minute = self.grade_per_minute;
        settings.submission_grace = Duration::from_secs(self.submission_grace_secs);
        Ok(settings)
    }
}

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let settings = args.settings()?;
    tracing::info!(database = %db::describe(&settings.database_url), "opening the database");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let app = Application::build(settings.clone())?;
        tracing::info!(address = %format!("http://{}:{}", settings.bind.ip(), app.port()), "apidojo is listening");
        if let (Some(bind), Some(port)) = (settings.metrics_bind, app.metrics_port()) {
            tracing::info!(address = %format!("http://{}:{port}/metrics", bind.ip()), "metrics are served");
        }
        app.run_until_stopped().await.context("server stopped with an error")
    })?;
    tracing::info!("apidojo stopped");
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use crate::cli::{Cli, Command};

    const SECRET: &str = "a-secret-of-more-than-32-characters-0123456789";

    fn serve_args(args: &[&str]) -> super::ServeArgs {
        let cli = Cli::try_parse_from(["apidojo", "serve"].iter().chain(args)).unwrap();
        let Command::Serve(args) = cli.command else {
            panic!("serve expected");
        };
        args
    }

    #[test]
    fn the_tunable_settings_reach_the_server() {
        let settings = serve_args(&[
            "--jwt-secret",
            SECRET,
            "--database-url",
            "postgres://dojo@db.invalid/apidojo",
            "--pool-size",
            "3",
            "--login-failures-per-address",
            "300",
            "--grade-per-minute",
            "7",
            "--submission-grace-secs",
            "0",
        ])
        .settings()
        .unwrap();
        assert_eq!(settings.pool_size, 3);
        assert_eq!(settings.throttle.per_address, 300);
        assert_eq!(settings.grade_per_minute, 7);
        assert_eq!(settings.submission_grace, std::time::Duration::ZERO);
    }

    #[test]
    fn a_short_jwt_secret_is_refused_without_being_repeated() {
        let err = Cli::try_parse_from(["apidojo", "serve", "--jwt-secret", "short-but-secret"]).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("at least 32 characters"), "{shown}");
        assert!(!shown.contains("short-but-secret"), "{shown}");
        let empty = serve_args(&["--jwt-secret", ""]).jwt_secret;
        assert!(
            empty.is_some(),
            "an empty secret is not refused: it counts as none given"
        );
    }

    #[test]
    fn the_jwt_secret_is_a_flag_and_never_shown() {
        let args = serve_args(&["--jwt-secret", SECRET]);
        assert!(!format!("{args:?}").contains(SECRET));
        let secret = args.jwt_secret.expect("the flag's value");
        assert_eq!(secrecy::ExposeSecret::expose_secret(&secret), SECRET);

        let cmd = Cli::command();
        let serve = cmd.find_subcommand("serve").expect("serve");
        let arg = serve
            .get_arguments()
            .find(|a| a.get_id() == "jwt_secret")
            .expect("--jwt-secret");
        assert_eq!(arg.get_env().and_then(|e| e.to_str()), Some("APIDOJO_JWT_SECRET"));
        assert!(arg.is_hide_env_values_set(), "help must not print the secret");
    }
}
