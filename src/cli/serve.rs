//! `apidojo serve`: the HTTP API and the pages, on SQLite by default; migrations run at start.
use std::net::{IpAddr, SocketAddr};

use anyhow::Context;
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
    #[arg(long, env = "APIDOJO_IDEMPOTENCY_LEASE_SECS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub idempotency_lease_secs: u64,
    /// Seconds a stopping server (SIGTERM, SIGINT) gives the requests in flight to finish; it
    /// accepts no new connections meanwhile, and exits when they are done or the time is up.
    #[arg(long, env = "APIDOJO_SHUTDOWN_TIMEOUT_SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub shutdown_timeout_secs: u64,
    /// The key that signs bearer tokens, at least 32 characters; prefer the environment variable
    /// (a flag is visible to other users of the machine). When absent: on SQLite, a secret
    /// generated once and kept beside the database file; PostgreSQL requires one.
    /// Serve Prometheus metrics (`GET /metrics`) on this address, a listener of its own (e.g.
    /// `127.0.0.1:9090`, reachable by the monitoring only); without it, no metrics are served.
    #[arg(long, env = "APIDOJO_METRICS_BIND")]
    pub metrics_bind: Option<SocketAddr>,
    #[arg(long, env = "APIDOJO_JWT_SECRET", hide_env_values = true, value_name = "SECRET", value_parser = secret)]
    pub jwt_secret: Option<SecretString>,
    #[command(flatten)]
    pub db: DbArgs,
}

/// The secret as given, kept out of `Debug` output; its rules are `config::resolve_jwt_secret`'s.
fn secret(value: &str) -> Result<SecretString, std::convert::Infallible> {
    Ok(SecretString::from(value))
}

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let secret = config::resolve_jwt_secret(args.jwt_secret, &args.db.database_url)?;
    let mut settings = Settings::new(args.bind, args.db.database_url, secret);
    settings.trusted_proxies = args.trusted_proxies;
    settings.public_url = args.public_url;
    settings.idempotency_lease = std::time::Duration::from_secs(args.idempotency_lease_secs);
    settings.metrics_bind = args.metrics_bind;
    settings.shutdown_timeout = std::time::Duration::from_secs(args.shutdown_timeout_secs);
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

    #[test]
    fn the_jwt_secret_is_a_flag_and_never_shown() {
        let cli = Cli::try_parse_from(["apidojo", "serve", "--jwt-secret", SECRET]).unwrap();
        assert!(!format!("{cli:?}").contains(SECRET));
        let Command::Serve(args) = cli.command else {
            panic!("serve expected");
        };
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
