//! The `apidojo` command line: a thin dispatcher; each subcommand lives with its module.
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use apidojo::catalog::cli::{self as exercises_cli, ExercisesArgs};
use apidojo::grading::cli::{self as grading_cli, GradeArgs, RulesArgs};

// Grading builds and frees millions of small JSON nodes; mimalloc makes that (and freeing a
// large document) several times cheaper than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "apidojo",
    version,
    about = "Practise API-design interviews; grade OpenAPI documents offline"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Grade an OpenAPI document: exit 0 graded, 1 below --fail-under, 2 not gradable.
    Grade(GradeArgs),
    /// List the rules, explain one, and how scores are computed.
    Rules(RulesArgs),
    /// List the exercises or validate the catalogue.
    Exercises(ExercisesArgs),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Grade(args) => grading_cli::run_grade(&args),
        Command::Rules(args) => grading_cli::run_rules(&args),
        Command::Exercises(args) => exercises_cli::run(&args),
    }
}
