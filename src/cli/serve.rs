//! `apidojo serve`: the HTTP API and the pages, on SQLite by default; migrations run at start.
use std::net::{IpAddr, SocketAddr};

use anyhow::Context;

use super::DbArgs;
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
    #[command(flatten)]
    pub db: DbArgs,
}

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let secret = config::resolve_jwt_secret(std::env::var("APIDOJO_JWT_SECRET").ok(), &args.db.database_url)?;
    let mut settings = Settings::new(args.bind, args.db.database_url, secret);
    settings.trusted_proxies = args.trusted_proxies;
    settings.public_url = args.public_url;
    settings.idempotency_lease = std::time::Duration::from_secs(args.idempotency_lease_secs);
    tracing::info!(database = %db::describe(&settings.database_url), "opening the database");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let app = Application::build(settings.clone())?;
        tracing::info!(address = %format!("http://{}:{}", settings.bind.ip(), app.port()), "apidojo is listening");
        app.run_until_stopped().await.context("server stopped with an error")
    })
}
