//! The `apidojo` command line, every subcommand in one place: the clap definitions here, each
//! command family in its own file.
//!
//! - [`grade`], [`breaking`], [`rules`], [`exercises`]: the offline commands. They sit above the
//!   catalogue and the grader, touch no database and print only their own output (no log lines).
//! - [`serve`], [`migrate`], [`users`]: the commands that open the database; they log to stderr.
//!
//! Every setting is a flag with an environment fallback, read here by clap (secrets with
//! `hide_env_values`, held as `SecretString`); only `RUST_LOG` and `NO_COLOR` are read elsewhere,
//! by convention, and a new account's password (see [`users`]). Exit codes: 0 done, 1 a
//! threshold was not met (`grade --fail-under`, `breaking --fail-on`, `exercises check` with
//! problems), 2 the command could not do its work, with one line on stderr.
use std::io::Read;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config;
use crate::grading::load::{LoadError, LoadErrorKind};

pub mod breaking;
pub mod exercises;
pub mod grade;
pub mod migrate;
pub mod rules;
pub mod serve;
pub mod users;

#[derive(Debug, Parser)]
#[command(
    name = "apidojo",
    version,
    about = "Practise API-design interviews: a server and an offline grader"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Grade an OpenAPI document offline: exit 0 graded, 1 below --fail-under, 2 not gradable.
    Grade(grade::GradeArgs),
    /// List what changed between two versions of an API and what breaks existing clients: exit 0
    /// compared, 1 with --fail-on breaking and a breaking change, 2 not readable.
    Breaking(breaking::BreakingArgs),
    /// List the rules, explain one, and how scores are computed.
    Rules(rules::RulesArgs),
    /// List the exercises or validate the catalogue.
    Exercises(exercises::ExercisesArgs),
    /// Run the HTTP API (SQLite file by default; migrations run at start).
    Serve(serve::ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate(DbArgs),
    /// Manage accounts from the command line (the first admin is created this way).
    #[command(subcommand)]
    Users(users::UsersCommand),
}

/// The database of the commands that touch one (`serve`, `migrate`, `users ...`).
#[derive(Debug, Args)]
pub struct DbArgs {
    /// `postgres://user@host/db` or `sqlite://PATH`.
    #[arg(long, env = "DATABASE_URL", default_value = config::DEFAULT_DATABASE_URL)]
    pub database_url: String,
}

/// Parses the command line and runs the command: the whole of `main`.
pub fn run() -> ExitCode {
    Cli::parse().run()
}

impl Cli {
    pub fn run(self) -> ExitCode {
        let result = match self.command {
            // The offline commands print only their own output: no log lines on stderr.
            Command::Grade(args) => return grade::run(&args),
            Command::Rules(args) => return rules::run(&args),
            Command::Breaking(args) => return breaking::run(&args),
            Command::Exercises(args) => return exercises::run(&args),
            Command::Serve(args) => {
                crate::telemetry::init();
                serve::run(args)
            }
            Command::Migrate(args) => {
                crate::telemetry::init();
                migrate::run(&args)
            }
            Command::Users(cmd) => {
                crate::telemetry::init();
                users::run(cmd)
            }
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => refuse(format_args!("{e:#}")),
        }
    }
}

/// Exit status 2 with one line on standard error: the command could not do its work.
fn refuse(line: impl std::fmt::Display) -> ExitCode {
    eprintln!("apidojo: {line}");
    ExitCode::from(2)
}

/// Reads a document (a file, or `-` for standard input) without ever holding more than the
/// limit plus one byte.
fn read_input(file: &str, limit: usize) -> Result<Vec<u8>, LoadError> {
    let io = |e: std::io::Error| {
        LoadError::new(LoadErrorKind::Io {
            message: format!("{file}: {e}"),
        })
    };
    let mut buf = Vec::new();
    let cap = limit as u64 + 1;
    if file == "-" {
        std::io::stdin().lock().take(cap).read_to_end(&mut buf).map_err(io)?;
    } else {
        let f = std::fs::File::open(file).map_err(io)?;
        if let Ok(meta) = f.metadata() {
            if meta.is_dir() {
                return Err(io(std::io::Error::other("is a directory")));
            }
            if meta.len() > limit as u64 {
                return Err(LoadError::new(LoadErrorKind::TooLarge {
                    size: meta.len() as usize,
                    limit,
                }));
            }
        }
        f.take(cap).read_to_end(&mut buf).map_err(io)?;
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_definitions_are_consistent() {
        Cli::command().debug_assert();
    }
}
