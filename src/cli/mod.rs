//! The `apidojo` command line, every subcommand in one place: the clap definitions here, each
//! command family in its own file.
//!
//! - [`grade`], [`breaking`], [`rules`], [`exercises`], [`questions`]: the offline commands. They sit above the
//!   catalogue and the grader, touch no database and print only their own output (no log lines).
//! - [`serve`], [`migrate`], [`users`]: the commands that open the database; they log to stderr.
//! - [`show_config`]: the settings `serve` would use, and where each came from.
//!
//! Every setting is a flag with an environment fallback and a key in the settings file, read here
//! by clap (secrets with `hide_env_values`, held as `SecretString`; the file's values become the
//! arguments' defaults, see [`settings_file`]); only `RUST_LOG` and `NO_COLOR` are read elsewhere,
//! by convention, and a new account's password (see [`users`]). Exit codes: 0 done, 1 a
//! threshold was not met (`grade --fail-under`, `breaking --fail-on`, `exercises check` with
//! problems), 2 the command could not do its work, with one line on stderr.
use std::ffi::OsString;
use std::process::ExitCode;

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

use common::{refuse, DbArgs};

pub mod breaking;
pub mod common;
pub mod exercises;
pub mod grade;
pub mod migrate;
pub mod questions;
pub mod rules;
pub mod serve;
pub mod settings_file;
pub mod show_config;
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
    /// Grade an OpenAPI document (or an AsyncAPI 3.x event design) offline: exit 0 graded, 1 below
    /// --fail-under, 2 not gradable.
    Grade(grade::GradeArgs),
    /// List what changed between two versions of an API or an event design and what breaks
    /// existing clients: exit 0 compared, 1 with --fail-on breaking and a breaking change, 2 not
    /// readable.
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
    /// Print the settings `serve` would run with, as TOML, each with where it came from (flag,
    /// environment, settings file or default); secrets redacted. Opens no database.
    Config(serve::ServeArgs),
}

/// Parses the command line, with the settings file's values as the defaults of the command that
/// reads it, and runs the command: the whole of `main`.
pub fn run() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    // A first reading finds the command and its `--config`; clap's own refusals, `--help` and
    // `--version` end here, as they did before there was a file.
    let first = Cli::command().get_matches_from(&args);
    let (cmd, file) = match settings_file::apply(Cli::command(), &first) {
        Ok(read) => read,
        Err(line) => return refuse(line),
    };
    let matches = cmd.get_matches_from(&args);
    match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli.run(&matches, file.as_ref()),
        Err(e) => e.exit(),
    }
}

impl Cli {
    /// Runs the command; `matches` and `file` are what `config` reports on.
    pub fn run(self, matches: &ArgMatches, file: Option<&settings_file::SettingsFile>) -> ExitCode {
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
            Command::Config(_) => {
                let root = Self::command();
                let (Some(cmd), Some(matches)) = (root.find_subcommand("config"), matches.subcommand_matches("config"))
                else {
                    unreachable!("the config command was parsed from this definition");
                };
                return show_config::run(cmd, matches, file);
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
