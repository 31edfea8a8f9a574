//! `apidojo grade`, `apidojo rules` and `apidojo breaking`: the offline commands. They sit above
//! the catalogue (`grade` takes its rubric and exercise from it) and the grader.
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::catalog::Catalog;
use crate::grading::formats::{to_github, to_junit, to_lines, to_text, TextOptions};
use crate::grading::formats::{to_sarif, to_text_verbose};
use crate::grading::load::{Limits, LoadError, LoadErrorKind};
use crate::grading::rule::Severity;
use crate::grading::rules;
use crate::grading::score::FORMULA;

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

/// Grade an OpenAPI 3.0/3.1 document (YAML or JSON) against a rubric.
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
}

/// Exit status 2 with one line on standard error: the input could not be graded.
fn refuse(line: impl std::fmt::Display) -> ExitCode {
    eprintln!("apidojo: {line}");
    ExitCode::from(2)
}

/// Reads the input without ever holding more than the limit plus one byte.
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

pub fn run_grade(args: &GradeArgs) -> ExitCode {
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
    let report = match crate::grading::grade_with(&input, rubric, exercise, &limits, &options) {
        Ok(r) => r,
        Err(e) => return refuse(e),
    };
    let name = if args.file == "-" {
        "<stdin>"
    } else {
        args.file.as_str()
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match args.format {
        OutputFormat::Json => report.write_json(&mut stdout),
        OutputFormat::Sarif => {
            let metas: Vec<_> = rules::all().into_iter().map(|r| r.meta()).collect();
            stdout.write_all(to_sarif(&report, &name.replace('\\', "/"), &metas).as_bytes())
        }
        OutputFormat::Text => {
            let text = String::from_utf8_lossy(&input);
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let rendered = if args.verbose {
                to_text_verbose(&report, text, name)
            } else {
                use std::io::IsTerminal;
                let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                to_text(
                    &report,
                    text,
                    name,
                    TextOptions {
                        verbose: false,
                        color,
                        min_severity: args.min_severity.into(),
                    },
                )
            };
            stdout.write_all(rendered.as_bytes())
        }
        OutputFormat::Line => stdout.write_all(to_lines(&report, name, args.min_severity.into()).as_bytes()),
        OutputFormat::Github => stdout.write_all(to_github(&report, name, args.min_severity.into()).as_bytes()),
        OutputFormat::Junit => stdout.write_all(to_junit(&report, name, args.min_severity.into()).as_bytes()),
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

/// List the rules or explain one.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: Option<RulesCommand>,
}

#[derive(Debug, clap::Subcommand)]
pub enum RulesCommand {
    /// Every rule with its dimension and default severity, then how scores are computed.
    List,
    /// A rule's summary, why it matters, how to fix it and an example.
    Explain {
        /// The rule id, e.g. naming/plural-collections.
        id: String,
    },
}

pub fn run_rules(args: &RulesArgs) -> ExitCode {
    match &args.command {
        None | Some(RulesCommand::List) => {
            let mut out = String::new();
            for r in rules::all() {
                let m = r.meta();
                let sev = serde_json::to_value(m.default_severity)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                out.push_str(&format!("{:<44} {:<8} {}\n", m.id, sev, m.summary));
            }
            out.push('\n');
            out.push_str(FORMULA);
            out.push('\n');
            print!("{out}");
            ExitCode::SUCCESS
        }
        Some(RulesCommand::Explain { id }) => {
            let Some(rule) = rules::by_id(id) else {
                return refuse(format_args!("no rule {id:?}: see `apidojo rules list`"));
            };
            let m = rule.meta();
            let sev = serde_json::to_value(m.default_severity)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            print!(
                "{}\n  dimension: {}\n  default severity: {sev}\n\n{}\n\nWhat it checks:\n  {}\n\nWhy it matters in an interview:\n  {}\n\nHow to fix:\n  {}\n\nFailing example:\n{}\n\nPassing example:\n{}\n",
                m.id,
                m.dimension.id(),
                m.summary,
                m.checks,
                m.why,
                m.fix,
                indent(m.example_bad),
                indent(m.example_good)
            );
            ExitCode::SUCCESS
        }
    }
}

fn indent(s: &str) -> String {
    s.trim_end()
        .lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChangesFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Exit with status 1 when any change breaks an existing client.
    Breaking,
}

/// List what changed between two versions of an API, and what breaks existing clients.
#[derive(Debug, clap::Args)]
pub struct BreakingArgs {
    /// The version clients use today (a file, or `-` for standard input).
    pub old: String,
    /// The proposed version (a file, or `-` for standard input; only one of the two may be `-`).
    pub new: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ChangesFormat,
    /// Exit with status 1 when a change of this kind is found.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Largest accepted input, in bytes, for each document.
    #[arg(long, default_value_t = Limits::default().max_bytes)]
    pub max_bytes: usize,
}

/// One change with its place in the document it points into.
#[derive(serde::Serialize)]
struct Located<'a> {
    #[serde(flatten)]
    change: &'a crate::grading::breaking::Change,
    file: &'a str,
    line: usize,
    column: usize,
}

pub fn run_breaking(args: &BreakingArgs) -> ExitCode {
    use crate::grading::breaking::Side;
    use crate::grading::{load, locate, resolve};

    if args.old == "-" && args.new == "-" {
        return refuse("only one of OLD and NEW can be read from standard input");
    }
    let limits = Limits {
        max_bytes: args.max_bytes,
        ..Limits::default()
    };
    let read = |file: &str| -> Result<(String, load::Document), String> {
        let bytes = read_input(file, limits.max_bytes).map_err(|e| e.to_string())?;
        let text = load::decode(&bytes, &limits)
            .map_err(|e| format!("{file}: {e}"))?
            .to_string();
        let doc = load::load_text(&text, &limits).map_err(|e| format!("{file}: {e}"))?;
        Ok((text, doc))
    };
    let (old_text, old_doc) = match read(&args.old) {
        Ok(x) => x,
        Err(e) => return refuse(e),
    };
    let (new_text, new_doc) = match read(&args.new) {
        Ok(x) => x,
        Err(e) => return refuse(e),
    };
    let changes = {
        let (old_model, new_model) = (resolve::build(&old_doc), resolve::build(&new_doc));
        crate::grading::breaking::compare(&old_model, &new_model)
    };
    let name = |f: &str| {
        if f == "-" {
            "<stdin>".to_string()
        } else {
            f.replace('\\', "/")
        }
    };
    let (old_name, new_name) = (name(&args.old), name(&args.new));
    let locate_side = |side: Side| {
        let (text, doc) = match side {
            Side::Old => (&old_text, &old_doc),
            Side::New => (&new_text, &new_doc),
        };
        let pointers: Vec<&str> = changes
            .iter()
            .filter(|c| c.side == side)
            .map(|c| c.pointer.as_str())
            .collect();
        doc.locate(text, &pointers).into_iter()
    };
    let (mut old_pos, mut new_pos) = (locate_side(Side::Old), locate_side(Side::New));
    let located: Vec<Located> = changes
        .iter()
        .map(|c| {
            let (pos, file) = match c.side {
                Side::Old => (old_pos.next(), old_name.as_str()),
                Side::New => (new_pos.next(), new_name.as_str()),
            };
            let pos = pos.unwrap_or(locate::Position::START);
            Located {
                change: c,
                file,
                line: pos.line,
                column: pos.column,
            }
        })
        .collect();
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let out = match args.format {
        ChangesFormat::Json => {
            let body = serde_json::json!({
                "old": old_name,
                "new": new_name,
                "breaking": breaking,
                "changes": located,
            });
            let mut s = serde_json::to_string_pretty(&body).unwrap_or_default();
            s.push('\n');
            s
        }
        ChangesFormat::Text => {
            let mut s = String::new();
            for l in &located {
                let c = l.change;
                s.push_str(&format!(
                    "{}:{}:{} {} {} {}\n",
                    l.file,
                    l.line,
                    l.column,
                    if c.breaking { "breaking" } else { "change  " },
                    c.id,
                    c.message
                ));
            }
            if changes.is_empty() {
                s.push_str("no changes between the two documents\n");
            } else {
                s.push_str(&format!(
                    "\n{} change{}, {breaking} breaking{}\n",
                    changes.len(),
                    if changes.len() == 1 { "" } else { "s" },
                    if breaking > 0 {
                        ": ship them under a new version, or keep the old shape beside the new and deprecate it with a sunset date"
                    } else {
                        ""
                    }
                ));
            }
            s
        }
    };
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(out.as_bytes()).and_then(|()| stdout.flush()).is_err() {
        return ExitCode::from(2);
    }
    match args.fail_on {
        Some(FailOn::Breaking) if breaking > 0 => ExitCode::from(1),
        _ => ExitCode::SUCCESS,
    }
}
