//! `apidojo exercises list` and `apidojo exercises check`.
use std::path::PathBuf;
use std::process::ExitCode;

use super::Catalog;
use crate::grading::{load_model, Limits};

/// Browse and validate the exercise catalogue.
#[derive(Debug, clap::Args)]
pub struct ExercisesArgs {
    #[command(subcommand)]
    pub command: ExercisesCommand,
    /// Read exercises/ and rubrics/ from this folder instead of the built-in catalogue.
    #[arg(long, value_name = "DIR", global = true)]
    pub catalog: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
pub enum ExercisesCommand {
    /// Every exercise: id, kind, difficulty, time limit and title.
    List,
    /// Validate every exercise and rubric file (schemas, ids, references, model answers).
    Check,
}

pub fn run(args: &ExercisesArgs) -> ExitCode {
    let catalog = match &args.catalog {
        Some(dir) => Catalog::from_dir(dir),
        None => Catalog::builtin(),
    };
    match args.command {
        ExercisesCommand::List => {
            let mut out = String::new();
            for e in catalog.exercises() {
                let kind = serde_json::to_value(e.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{:<28} {:<10} {:<6} {:>3} min  {}\n",
                    e.id, kind, e.difficulty, e.time_limit_minutes, e.title
                ));
            }
            print!("{out}");
            ExitCode::SUCCESS
        }
        ExercisesCommand::Check => {
            let mut errors: Vec<String> = catalog.errors.iter().map(ToString::to_string).collect();
            // Model answers and starters are OpenAPI documents the candidate sees: they must load.
            for e in catalog.exercises() {
                for path in [&e.model_answer, &e.starter].into_iter().flatten() {
                    if let Some(text) = catalog.document(path) {
                        if let Err(err) = load_model(text.as_bytes(), &Limits::default(), |_| ()) {
                            errors.push(format!("exercises/{path}: {err}"));
                        }
                    }
                }
            }
            for e in &errors {
                eprintln!("{e}");
            }
            let n_ex = catalog.exercises().count();
            let n_ru = catalog.rubrics().count();
            if errors.is_empty() {
                println!("{n_ex} exercises and {n_ru} rubrics are valid");
                ExitCode::SUCCESS
            } else {
                println!(
                    "{} problems; {n_ex} exercises and {n_ru} rubrics are valid",
                    errors.len()
                );
                ExitCode::from(1)
            }
        }
    }
}
