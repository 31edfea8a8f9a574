//! `apidojo exercises list`, `apidojo exercises check` and `apidojo exercises show ID`: the
//! catalogue browsed and validated.
use std::path::PathBuf;
use std::process::ExitCode;

use super::common::refuse;
use crate::catalog::{Catalog, Exercise};
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
    /// Validate every exercise, rubric and question-bank file (schemas, ids, references, model
    /// answers).
    Check,
    /// One exercise: its prompt, required capabilities and checked expectations (never its
    /// model answer).
    Show {
        /// The exercise id, e.g. url-shortener.
        id: String,
        #[arg(long, value_enum, default_value = "text")]
        format: ShowFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

pub fn run(args: &ExercisesArgs) -> ExitCode {
    let catalog = match &args.catalog {
        Some(dir) => Catalog::from_dir(dir),
        None => Catalog::builtin(),
    };
    match &args.command {
        ExercisesCommand::Show { id, format } => {
            let Some(e) = catalog.exercise(id) else {
                return refuse(format_args!("no exercise {id:?}: see `apidojo exercises list`"));
            };
            match format {
                ShowFormat::Json => println!("{}", serde_json::to_string_pretty(&show_json(e)).unwrap_or_default()),
                ShowFormat::Text => print!("{}", show_text(e)),
            }
            ExitCode::SUCCESS
        }
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
                // A model answer meets every requirement of its own exercise.
                let model_answer = e
                    .model_answer
                    .as_deref()
                    .and_then(|p| catalog.document(p).map(|t| (p, t)));
                if let (Some((path, text)), Some(rubric)) = (model_answer, catalog.rubric_for(None, Some(e))) {
                    if let Ok(report) = crate::grading::grade(text.as_bytes(), rubric, Some(e), &Limits::default()) {
                        for d in &report.deductions {
                            errors.push(format!(
                                "exercises/{path}: the model answer does not meet {} `{}` of {}",
                                d.kind.replace('-', " "),
                                d.id,
                                e.id
                            ));
                        }
                    }
                }
            }
            for e in &errors {
                eprintln!("{e}");
            }
            let n_ex = catalog.exercises().count();
            let n_ru = catalog.rubrics().count();
            let n_q = catalog.questions().len();
            if errors.is_empty() {
                println!("{n_ex} exercises, {n_ru} rubrics and {n_q} questions are valid");
                ExitCode::SUCCESS
            } else {
                println!(
                    "{} problems; {n_ex} exercises, {n_ru} rubrics and {n_q} questions are valid",
                    errors.len()
                );
                ExitCode::from(1)
            }
        }
    }
}

fn kind_id<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// What a candidate may see of an exercise: everything but the model answer.
fn show_json(e: &Exercise) -> serde_json::Value {
    serde_json::json!({
        "id": e.id,
        "version": e.version,
        "kind": e.kind,
        "title": e.title,
        "summary": e.summary,
        "difficulty": e.difficulty,
        "time_limit_minutes": e.time_limit_minutes,
        "tags": e.tags,
        "rubric": e.rubric,
        "prompt": e.prompt,
        "capabilities": e.capabilities.iter().map(|c| serde_json::json!({ "id": c.id, "description": c.description })).collect::<Vec<_>>(),
        "expectations": e.expectations,
        "starter": e.starter,
        "items": e.items.iter().map(|i| serde_json::json!({ "id": i.id, "type": i.item_type, "question": i.question, "options": i.options })).collect::<Vec<_>>(),
    })
}

fn show_text(e: &Exercise) -> String {
    let mut out = format!(
        "{}  ({})\n{} · {} · {} minutes{}\n{}\n\n{}\n",
        e.title,
        e.id,
        kind_id(e.kind),
        e.difficulty,
        e.time_limit_minutes,
        if e.tags.is_empty() {
            String::new()
        } else {
            format!(" · {}", e.tags.join(", "))
        },
        e.summary,
        e.prompt.trim_end()
    );
    if let Some(starter) = &e.starter {
        out.push_str(&format!("\nStarting document: exercises/{starter}\n"));
    }
    if !e.capabilities.is_empty() {
        out.push_str("\nRequired capabilities (each missing one costs points and caps the level):\n");
        for c in &e.capabilities {
            out.push_str(&format!("  - {:<24} {}\n", c.id, c.description));
        }
    }
    if !e.expectations.is_empty() {
        out.push_str("\nChecked expectations:\n");
        for x in &e.expectations {
            let on = if x.judges_events() {
                "the event document (not judged without one)".to_string()
            } else if x.capabilities.is_empty() {
                "the whole document".to_string()
            } else {
                x.capabilities
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            out.push_str(&format!(
                "  - {} [{}] {}\n      judged on: {on}\n      why: {}\n",
                x.id,
                kind_id(x.kind),
                x.title,
                x.why.trim()
            ));
        }
    }
    if !e.items.is_empty() {
        out.push_str(&format!("\n{} questions\n", e.items.len()));
    }
    out
}
