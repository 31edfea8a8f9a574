//! The `apidojo` command line, every subcommand in one place: the clap definitions here, each
//! command family in its own file.
//!
//! - [`grade`], [`breaking`], [`rules`], [`exercises`], [`questions`]: the offline commands. They sit above the
//!   catalogue and the grader, touch no database and print only their own output (no log lines).
//! - [`serve`], [`migrate`], [`users`]: the commands that open the database; they log to stderr.
//!
//! Every setting is a flag with an environment fallback, read here by clap (secrets with
//! `hide_env_values`, held as `SecretString`); only `RUST_LOG` and `NO_COLOR` are read elsewhere,
//! by convention, and a new account's password (see [`users`]). Exit codes: 0 done, 1 a
//! threshold was not met (`grade --fail-under`, `breaking --fail-on`, `exercises check` with
//! problems), 2 the command could not do its work, with one line on stderr.
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use common::{refuse, DbArgs};

pub mod breaking;
pub mod common;
pub mod exercises;
pub mod grade;
pub mod migrate;
pub mod questions;
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
    /// Count the question bank, or export it (or a filtered deck) as CSV for Anki.
    Questions(questions::QuestionsArgs),
    /// Run the HTTP API (SQLite file by default; migrations run at start).
    Serve(serve::ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate(DbArgs),
    /// Manage accounts from the command line (the first admin is created this way).
    #[command(subcommand)]
    Users(users::UsersCommand),
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
            Command::Questions(args) => return questions::run(&args),
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_definitions_are_consistent() {
        Cli::command().debug_assert();
    }
}
