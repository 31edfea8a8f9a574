//! The `apidojo` command: serve the API, run migrations, manage accounts.
use std::io::Read;
use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use secrecy::SecretString;

use apidojo::app::Application;
use apidojo::auth::password;
use apidojo::catalog::cli::{self as exercises_cli, ExercisesArgs};
use apidojo::config::{self, Settings};
// The grader allocates many small strings and maps; mimalloc measured faster than the system
// allocator on the large public specs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use apidojo::cli::{self as grading_cli, BreakingArgs, GradeArgs, RulesArgs};
use apidojo::db::{
    self,
    users::{NewUser, Role, User},
};

#[derive(Parser)]
#[command(
    name = "apidojo",
    version,
    about = "Practise API-design interviews: a server and an offline grader"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Grade an OpenAPI document offline: exit 0 graded, 1 below --fail-under, 2 not gradable.
    Grade(GradeArgs),
    /// List what changed between two versions of an API and what breaks existing clients: exit 0
    /// compared, 1 with --fail-on breaking and a breaking change, 2 not readable.
    Breaking(BreakingArgs),
    /// List the rules, explain one, and how scores are computed.
    Rules(RulesArgs),
    /// List the exercises or validate the catalogue.
    Exercises(ExercisesArgs),
    /// Run the HTTP API (SQLite file by default; migrations run at start).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate(DbArgs),
    /// Manage accounts from the command line (the first admin is created this way).
    #[command(subcommand)]
    Users(UsersCommand),
}

#[derive(Args)]
struct DbArgs {
    /// `postgres://user@host/db` or `sqlite://PATH`.
    #[arg(long, env = "DATABASE_URL", default_value = config::DEFAULT_DATABASE_URL)]
    database_url: String,
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "APIDOJO_BIND", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the client (comma-separated).
    #[arg(long, env = "APIDOJO_TRUSTED_PROXIES", value_delimiter = ',')]
    trusted_proxies: Vec<std::net::IpAddr>,
    /// The address users reach the server at (e.g. `https://dojo.example.com`); when it is
    /// https, the browser session cookie is marked Secure.
    #[arg(long, env = "APIDOJO_PUBLIC_URL")]
    public_url: Option<String>,
    /// Seconds after which a request's claim on an `Idempotency-Key` counts as abandoned (its
    /// server crashed), so a retry may take the key over.
    #[arg(long, env = "APIDOJO_IDEMPOTENCY_LEASE_SECS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    idempotency_lease_secs: u64,
    #[command(flatten)]
    db: DbArgs,
}

#[derive(Subcommand)]
enum UsersCommand {
    /// Create an account; the password is read from APIDOJO_PASSWORD or standard input.
    Create {
        #[arg(long)]
        email: String,
        /// candidate, coach or admin.
        #[arg(long, default_value = "candidate")]
        role: Role,
        /// Shown in the UI; defaults to the part of the email before the @.
        #[arg(long)]
        display_name: Option<String>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Change an existing account's role.
    SetRole {
        #[arg(long)]
        email: String,
        /// candidate, coach or admin.
        #[arg(long)]
        role: Role,
        #[command(flatten)]
        db: DbArgs,
    },
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        // The offline commands print only their own output: no log lines on stderr.
        Command::Grade(args) => return grading_cli::run_grade(&args),
        Command::Rules(args) => return grading_cli::run_rules(&args),
        Command::Breaking(args) => return grading_cli::run_breaking(&args),
        Command::Exercises(args) => return exercises_cli::run(&args),
        Command::Serve(args) => {
            apidojo::telemetry::init();
            serve(args)
        }
        Command::Migrate(args) => {
            apidojo::telemetry::init();
            migrate(&args)
        }
        Command::Users(cmd) => {
            apidojo::telemetry::init();
            users(cmd)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("apidojo: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
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

fn migrate(args: &DbArgs) -> anyhow::Result<()> {
    let pool = db::connect_and_migrate(&args.database_url, 1)?;
    drop(pool);
    println!("migrations are up to date ({})", db::describe(&args.database_url));
    Ok(())
}

fn read_password() -> anyhow::Result<SecretString> {
    if let Ok(p) = std::env::var("APIDOJO_PASSWORD") {
        return Ok(SecretString::from(p));
    }
    let mut buf = String::new();
    std::io::stdin()
        .take(4096)
        .read_to_string(&mut buf)
        .context("reading the password from standard input")?;
    Ok(SecretString::from(buf.trim_end_matches(['\r', '\n']).to_owned()))
}

fn users(cmd: UsersCommand) -> anyhow::Result<()> {
    match cmd {
        UsersCommand::Create {
            email,
            role,
            display_name,
            db: args,
        } => {
            let pw = read_password()?;
            let name = display_name.unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_owned());
            if let Some(why) = password::weakness(secrecy::ExposeSecret::expose_secret(&pw), &[&email, &name]) {
                anyhow::bail!("the password {why} (set APIDOJO_PASSWORD or pipe it on standard input)");
            }
            let pool = db::connect_and_migrate(&args.database_url, 1)?;
            let mut conn = pool.get()?;
            let hash = password::hash(&pw)?;
            let user = User::create(&mut conn, &NewUser::new(&email, &name, &hash, role))?;
            println!("created {} account {} ({})", user.role(), user.email, user.id);
        }
        UsersCommand::SetRole { email, role, db: args } => {
            let pool = db::connect_and_migrate(&args.database_url, 1)?;
            let mut conn = pool.get()?;
            let user = User::set_role(&mut conn, &email, role).map_err(|e| match e {
                diesel::result::Error::NotFound => anyhow::anyhow!("no account with email {email}"),
                other => other.into(),
            })?;
            println!("{} is now {}", user.email, user.role());
        }
    }
    Ok(())
}
