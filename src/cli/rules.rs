//! `apidojo rules [list]` and `apidojo rules explain ID`: every rule with its severity and
//! summary, then how scores are computed ([`FORMULA`]); one rule's documentation.
use std::process::ExitCode;

use super::common::refuse;
use crate::grading::rules;
use crate::grading::score::FORMULA;

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

pub fn run(args: &RulesArgs) -> ExitCode {
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
