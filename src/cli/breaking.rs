//! `apidojo breaking OLD NEW`: what changed between two versions of an API (OpenAPI) or of an
//! event design (AsyncAPI 3.x) and which changes break existing clients. Exit 0 compared, 1 with `--fail-on breaking` and a breaking change, 2
//! a document could not be read.
use std::io::Write;
use std::process::ExitCode;

use super::common::{read_input, refuse};
use crate::grading::load::Limits;

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

/// List what changed between two versions of an API (OpenAPI) or an event design (AsyncAPI 3.x),
/// and what breaks existing clients.
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

pub fn run(args: &BreakingArgs) -> ExitCode {
    use crate::grading::breaking::Side;
    use crate::grading::{events, load, locate, resolve};

    if args.old == "-" && args.new == "-" {
        return refuse("only one of OLD and NEW can be read from standard input");
    }
    let limits = Limits {
        max_bytes: args.max_bytes,
        ..Limits::default()
    };
    let read = |file: &str| -> Result<(String, load::Loaded), String> {
        let bytes = read_input(file, limits.max_bytes).map_err(|e| e.to_string())?;
        let text = load::decode(&bytes, &limits)
            .map_err(|e| format!("{file}: {e}"))?
            .to_string();
        let doc = load::load_any_text(&text, &limits).map_err(|e| format!("{file}: {e}"))?;
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
    let changes = match (&old_doc, &new_doc) {
        (load::Loaded::OpenApi(o), load::Loaded::OpenApi(n)) => {
            crate::grading::breaking::compare(&resolve::build(o), &resolve::build(n))
        }
        (load::Loaded::Events(o), load::Loaded::Events(n)) => {
            crate::grading::breaking::events::compare_events(&events::build(o), &events::build(n))
        }
        (load::Loaded::OpenApi(_), load::Loaded::Events(_)) => {
            return refuse(format!(
                "{} is an OpenAPI document and {} an AsyncAPI event document: compare two versions of the same kind",
                args.old, args.new
            ))
        }
        (load::Loaded::Events(_), load::Loaded::OpenApi(_)) => {
            return refuse(format!(
                "{} is an AsyncAPI event document and {} an OpenAPI document: compare two versions of the same kind",
                args.old, args.new
            ))
        }
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
        match doc {
            load::Loaded::OpenApi(d) => d.locate(text, &pointers),
            load::Loaded::Events(d) => load::locate_in(d.spans.as_ref(), text, d.format, &pointers),
        }
        .into_iter()
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
