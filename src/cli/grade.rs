//! `apidojo grade FILE|- [--events FILE]`: a document (OpenAPI, AsyncAPI, or the pair) graded
//! offline against a rubric, and an exercise when one
//! is named, in one of six renderings. Exit 0 graded (and at or above `--fail-under`), 1 below
//! it, 2 not gradable.
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::common::{read_input, refuse};
use crate::catalog::Catalog;
use crate::grading::formats::{to_github, to_junit, to_lines, to_text, TextOptions};
use crate::grading::formats::{to_sarif, to_text_verbose, Names, Sources};
use crate::grading::load::Limits;
use crate::grading::rule::Severity;
use crate::grading::rules;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Findings grouped per rule, the score and level last.
    Text,
    /// The report of the contract (the same as the HTTP API's).
    Json,
    /// SARIF 2.1.0 for code-scanning upload.
    Sarif,
    /// One finding a line: `file:line:column severity rule message`.
    Line,
    /// GitHub Actions annotations.
    Github,
    /// JUnit XML: one test case per rule.
    Junit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MinSeverity {
    Info,
    Warning,
    Error,
}

impl From<MinSeverity> for Severity {
    fn from(m: MinSeverity) -> Severity {
        match m {
            MinSeverity::Info => Severity::Info,
            MinSeverity::Warning => Severity::Warning,
            MinSeverity::Error => Severity::Error,
        }
    }
}

/// Grade an OpenAPI 3.0/3.1 or AsyncAPI 3.0 document (YAML or JSON) against a rubric, or an
/// OpenAPI document with its event document (`--events`).
#[derive(Debug, clap::Args)]
pub struct GradeArgs {
    /// The document to grade, or `-` for standard input.
    pub file: String,
    /// Also check the capabilities this exercise requires (see `apidojo exercises list`).
    #[arg(long)]
    pub exercise: Option<String>,
    /// Rubric id (default: the exercise's rubric, else api-design-core).
    #[arg(long)]
    pub rubric: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
    /// List only findings of this severity or above (text, line, github, junit; the score and
    /// the JSON and SARIF reports are unchanged).
    #[arg(long, value_enum, default_value = "info")]
    pub min_severity: MinSeverity,
    /// Text: every finding with its source snippet, why and fix.
    #[arg(long)]
    pub verbose: bool,
    /// Exit with status 1 when the score is below this number (0-100).
    #[arg(long, value_name = "N")]
    pub fail_under: Option<f64>,
    /// Largest accepted input, in bytes.
    #[arg(long, default_value_t = Limits::default().max_bytes)]
    pub max_bytes: usize,
    /// Read exercises/ and rubrics/ from this folder instead of the built-in catalogue.
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
    /// Acknowledged findings (YAML or JSON: a list of `{rule, at, reason}`), listed apart with
    /// their reasons; the document's own `x-apidojo-acknowledged` list is honoured as well.
    #[arg(long, value_name = "FILE")]
    pub acknowledged: Option<PathBuf>,
    /// An AsyncAPI 3.0 event document designed beside FILE (an OpenAPI document): both are
    /// graded into one report, the event document's findings naming it.
    #[arg(long, value_name = "FILE")]
    pub events: Option<String>,
}

pub fn run(args: &GradeArgs) -> ExitCode {
    let catalog = match &args.catalog {
        Some(dir) => Catalog::from_dir(dir),
        None => Catalog::builtin(),
    };
    let exercise = match &args.exercise {
        Some(id) => match catalog.exercise(id) {
            Some(e) => Some(e),
            None => return refuse(format_args!("no exercise {id:?}: see `apidojo exercises list`")),
        },
        None => None,
    };
    let Some(rubric) = catalog.rubric_for(args.rubric.as_deref(), exercise) else {
        let id = args.rubric.as_deref().unwrap_or("the default rubric");
        return refuse(format_args!("no rubric {id:?}: see `apidojo exercises check`"));
    };
    let limits = Limits {
        max_bytes: args.max_bytes,
        ..Limits::default()
    };
    let input = match read_input(&args.file, limits.max_bytes) {
        Ok(b) => b,
        Err(e) => return refuse(e),
    };
    let mut options = crate::grading::GradeOptions {
        acknowledgements: Vec::new(),
        document_acknowledgements: true,
    };
    if let Some(path) = &args.acknowledged {
        let shown = path.display().to_string();
        let parsed = std::fs::read_to_string(path)
            .map_err(|e| format!("{shown}: {e}"))
            .and_then(|text| {
                crate::grading::load::parse(&text, &Limits::default()).map_err(|e| format!("{shown}: {e}"))
            })
            .and_then(|(value, _)| crate::grading::parse_acknowledgements(&value, &shown));
        match parsed {
            Ok(a) => options.acknowledgements = a,
            Err(e) => return refuse(e),
        }
    }
    let name = if args.file == "-" {
        "<stdin>"
    } else {
        args.file.as_str()
    };
    let events_input = match &args.events {
        Some(path) if path == "-" && args.file == "-" => {
            return refuse("only one of FILE and --events can be standard input")
        }
        Some(path) => match read_input(path, limits.max_bytes) {
            Ok(b) => Some(b),
            Err(e) => return refuse(e),
        },
        None => None,
    };
    let events_name = args.events.as_deref().map(|p| if p == "-" { "<stdin>" } else { p });
    let graded = match &events_input {
        None => crate::grading::grade_with(&input, rubric, exercise, &limits, &options).map_err(|e| e.to_string()),
        Some(events) => crate::grading::grade_pair(&input, events, rubric, exercise, &limits, &options).map_err(|e| {
            let file = if e.document == "events" {
                events_name.unwrap_or(name)
            } else {
                name
            };
            format!("{file}: {}", e.error)
        }),
    };
    let report = match graded {
        Ok(r) => r,
        Err(e) => return refuse(e),
    };
    let names = Names {
        main: name,
        events: events_name,
    };
    let events_text = events_input.as_deref().map(String::from_utf8_lossy);
    let events_text = events_text.as_deref().map(|t| t.strip_prefix('\u{feff}').unwrap_or(t));
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match args.format {
        OutputFormat::Json => report.write_json(&mut stdout),
        OutputFormat::Sarif => {
            let metas: Vec<_> = rules::all().into_iter().map(|r| r.meta()).collect();
            let (main, events) = (name.replace('\\', "/"), events_name.map(|e| e.replace('\\', "/")));
            let artifacts = Names {
                main: &main,
                events: events.as_deref(),
            };
            stdout.write_all(to_sarif(&report, artifacts, &metas).as_bytes())
        }
        OutputFormat::Text => {
            let text = String::from_utf8_lossy(&input);
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let sources = Sources {
                main: text,
                events: events_text,
            };
            let rendered = if args.verbose {
                to_text_verbose(&report, sources, names)
            } else {
                use std::io::IsTerminal;
                let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                to_text(
                    &report,
                    sources,
                    names,
                    TextOptions {
                        verbose: false,
                        color,
                        min_severity: args.min_severity.into(),
                    },
                )
            };
            stdout.write_all(rendered.as_bytes())
        }
        OutputFormat::Line => stdout.write_all(to_lines(&report, names, args.min_severity.into()).as_bytes()),
        OutputFormat::Github => stdout.write_all(to_github(&report, names, args.min_severity.into()).as_bytes()),
        OutputFormat::Junit => stdout.write_all(to_junit(&report, names, args.min_severity.into()).as_bytes()),
    };
    let written = written.and_then(|()| stdout.flush());
    if written.is_err() {
        return ExitCode::from(2);
    }
    match args.fail_under {
        Some(n) if report.score < n => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}
