//! `apidojo questions list` and `apidojo questions export`: the question bank counted per part
//! and difficulty, and exported (all of it, or a filtered deck) as a CSV file Anki imports.
//! The bank is validated by `apidojo exercises check` with the rest of the catalogue.
use std::path::PathBuf;
use std::process::ExitCode;
use std::str::FromStr;

use super::common::refuse;
use crate::catalog::{Catalog, Difficulty, Part, Question, QuestionKind};

/// The question bank: counts, and an export for Anki.
#[derive(Debug, clap::Args)]
pub struct QuestionsArgs {
    #[command(subcommand)]
    pub command: QuestionsCommand,
    /// Read exercises/ (and its questions/) from this folder instead of the built-in catalogue.
    #[arg(long, value_name = "DIR", global = true)]
    pub catalog: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
pub enum QuestionsCommand {
    /// The bank's questions counted per part and difficulty.
    List,
    /// The bank, or the questions matching every filter given, as CSV for Anki's File > Import
    /// (Basic note type; front: the question and its options; back: the answer and why; tags:
    /// part, topic, difficulty). Written to standard output.
    Export {
        /// Only this part of the outline (foundations, security, reliability-scale, ...).
        #[arg(long)]
        part: Option<String>,
        /// Only this topic (a slug such as idempotency).
        #[arg(long)]
        topic: Option<String>,
        /// Only this difficulty: warm-up, junior, mid or senior.
        #[arg(long)]
        difficulty: Option<String>,
    },
}

pub fn run(args: &QuestionsArgs) -> ExitCode {
    let catalog = match &args.catalog {
        Some(dir) => Catalog::from_dir(dir),
        None => Catalog::builtin(),
    };
    let bank = catalog.questions();
    match &args.command {
        QuestionsCommand::List => {
            print!("{}", counts(&catalog));
            ExitCode::SUCCESS
        }
        QuestionsCommand::Export {
            part,
            topic,
            difficulty,
        } => {
            let part = match parse::<Part>("--part", part.as_deref(), Part::ids) {
                Ok(p) => p,
                Err(e) => return refuse(e),
            };
            let difficulty = match parse::<Difficulty>("--difficulty", difficulty.as_deref(), Difficulty::ids) {
                Ok(d) => d,
                Err(e) => return refuse(e),
            };
            if let Some(t) = topic.as_deref().filter(|t| !bank.topics().contains(t)) {
                return refuse(format_args!(
                    "--topic {t:?} is no topic of the bank; `apidojo questions list` counts them, GET /v1/questions shows each question's"
                ));
            }
            let chosen: Vec<&Question> = bank
                .all()
                .iter()
                .filter(|q| part.is_none_or(|p| q.part == p))
                .filter(|q| difficulty.is_none_or(|d| q.difficulty == d))
                .filter(|q| topic.as_deref().is_none_or(|t| q.topic == t))
                .collect();
            if chosen.is_empty() {
                return refuse("no question matches these filters");
            }
            match anki_csv(&chosen) {
                Ok(csv) => {
                    print!("{csv}");
                    ExitCode::SUCCESS
                }
                Err(e) => refuse(e),
            }
        }
    }
}

fn parse<T: FromStr>(flag: &str, value: Option<&str>, allowed: fn() -> String) -> Result<Option<T>, String> {
    value
        .map(|v| T::from_str(v).map_err(|_| format!("{flag} {v:?} is not allowed; choose one of: {}", allowed())))
        .transpose()
}

fn counts(catalog: &Catalog) -> String {
    let bank = catalog.questions();
    let mut out = format!("{:<24}", "part");
    for d in Difficulty::all() {
        out.push_str(&format!(" {:>7}", d.id()));
    }
    out.push_str("   total\n");
    let mut totals = vec![0usize; Difficulty::all().len()];
    for part in Part::all() {
        out.push_str(&format!("{:<24}", part.id()));
        for (i, d) in Difficulty::all().iter().enumerate() {
            let n = bank
                .all()
                .iter()
                .filter(|q| q.part == *part && q.difficulty == *d)
                .count();
            totals[i] += n;
            out.push_str(&format!(" {n:>7}"));
        }
        let n = bank.all().iter().filter(|q| q.part == *part).count();
        out.push_str(&format!(" {n:>7}\n"));
    }
    out.push_str(&format!("{:<24}", "all"));
    for t in &totals {
        out.push_str(&format!(" {t:>7}"));
    }
    out.push_str(&format!(" {:>7}\n", bank.len()));
    out
}

/// Anki's CSV with its header lines (Anki 2.1.55 and later read them): comma-separated, HTML
/// fields, the Basic note type, a deck named after the selection, tags in the third column.
fn anki_csv(questions: &[&Question]) -> Result<String, csv::Error> {
    let mut out = String::from("#separator:comma\n#html:true\n#notetype:Basic\n#deck:apidojo\n#tags column:3\n");
    let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    for q in questions {
        let mut front = crate::markdown::to_safe_html(&q.question);
        if !q.options.is_empty() {
            let list = if q.kind == QuestionKind::Order { "ol" } else { "ul" };
            front.push_str(&format!("<{list}>"));
            for o in &q.options {
                front.push_str(&format!("<li>{}. {}</li>", o.id, inline(&o.text)));
            }
            front.push_str(&format!("</{list}>"));
            let how = match q.kind {
                QuestionKind::Single => "One option is right.",
                QuestionKind::Multi => "Choose every option that applies.",
                _ => "Put the options in order.",
            };
            front.push_str(&format!("<p><i>{how}</i></p>"));
        }
        let answer = if q.kind == QuestionKind::Flashcard {
            crate::markdown::to_safe_html(&q.answer_text())
        } else {
            let list = if q.kind == QuestionKind::Order { "ol" } else { "ul" };
            let items: String = q
                .answer_ids()
                .iter()
                .filter_map(|id| q.options.iter().find(|o| o.id == *id))
                .map(|o| format!("<li>{}. {}</li>", o.id, inline(&o.text)))
                .collect();
            format!("<{list}>{items}</{list}>")
        };
        let back = format!("{answer}<hr>{}", crate::markdown::to_safe_html(&q.explanation));
        let tags = format!(
            "apidojo apidojo::{} apidojo::{}::{} apidojo::{}",
            q.part.id(),
            q.part.id(),
            q.topic,
            q.difficulty.id()
        );
        w.write_record([front.as_str(), back.as_str(), tags.as_str()])?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    out.push_str(&String::from_utf8_lossy(&bytes));
    Ok(out)
}

/// One line of Markdown as HTML, without the paragraph around it.
fn inline(text: &str) -> String {
    let html = crate::markdown::to_safe_html(text);
    let trimmed = html.trim();
    trimmed
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
        .unwrap_or(trimmed)
        .to_owned()
}
