//! The rules reference page (`rubrics/RULES.md`), generated from every rule's [`RuleMeta`] so
//! the documentation cannot drift from the code. A test fails when the committed page is stale;
//! `UPDATE_RULES_DOC=1 cargo test --lib rules::reference` rewrites it.
use std::fmt::Write as _;

use crate::grading::rule::{Dimension, RuleMeta};

use super::all;

/// The GitHub-style heading anchor of a rule id: `naming/path-depth` -> `namingpath-depth`.
fn anchor(id: &str) -> String {
    id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect()
}

fn rule_section(page: &mut String, m: &RuleMeta) {
    let _ = writeln!(page, "### `{}`\n", m.id);
    let _ = writeln!(
        page,
        "Default severity: **{}**. {}\n",
        m.default_severity.id(),
        m.summary
    );
    let _ = writeln!(page, "**What it checks.** {}\n", m.checks);
    let _ = writeln!(page, "**Why it matters in an interview.** {}\n", m.why);
    let _ = writeln!(page, "**How to fix.** {}\n", m.fix);
    let _ = writeln!(page, "Fails:\n\n```yaml\n{}```\n", ensure_newline(m.example_bad));
    let _ = writeln!(page, "Passes:\n\n```yaml\n{}```\n", ensure_newline(m.example_good));
}

fn ensure_newline(s: &str) -> String {
    if s.ends_with('\n') {
        s.to_string()
    } else {
        format!("{s}\n")
    }
}

/// The whole reference page, in registry order.
pub fn reference_page() -> String {
    let rules = all();
    let mut page = String::new();
    page.push_str("# Rules reference\n\n");
    page.push_str(
        "Generated from the rule declarations in `src/grading/rules/`; do not edit by hand \
         (`UPDATE_RULES_DOC=1 cargo test --lib rules::reference` rewrites it).\n\n",
    );
    let _ = writeln!(
        page,
        "{} rules in {} dimensions. A rule reports once per place it applies to (an operation, a \
         parameter, a response...); a rule that applies nowhere does not count. Rubrics can change \
         a rule's severity, turn it off, or set its options.\n",
        rules.len(),
        Dimension::WITH_EVENTS.len()
    );
    page.push_str("| rule | severity | checks |\n|---|---|---|\n");
    for r in &rules {
        let m = r.meta();
        let _ = writeln!(
            page,
            "| [`{}`](#{}) | {} | {} |",
            m.id,
            anchor(m.id),
            m.default_severity.id(),
            m.summary.replace('|', "\\|")
        );
    }
    page.push('\n');
    for dim in Dimension::WITH_EVENTS {
        let _ = writeln!(page, "## {}\n", dim.id());
        for r in rules.iter().filter(|r| r.meta().dimension == dim) {
            rule_section(&mut page, r.meta());
        }
    }
    while page.ends_with("\n\n") {
        page.pop();
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_md_is_up_to_date() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rubrics/RULES.md");
        let fresh = reference_page();
        if std::env::var_os("UPDATE_RULES_DOC").is_some() {
            std::fs::write(&path, &fresh).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "rubrics/RULES.md is stale: run `UPDATE_RULES_DOC=1 cargo test --lib rules::reference`"
        );
    }

    /// A rule is documented once, by its META: the file's doc comment points there instead of
    /// restating it (two copies drift apart: one rule once gave two different reasons).
    #[test]
    fn every_rule_is_documented_once_in_its_file() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/grading/rules");
        for r in all() {
            let id = r.meta().id;
            let stem = root.join(id.replace('-', "_"));
            // A rule too long for one file is a folder with its META in mod.rs.
            let file = if stem.is_dir() {
                stem.join("mod.rs")
            } else {
                stem.with_extension("rs")
            };
            let text = std::fs::read_to_string(&file).unwrap_or_else(|_| panic!("{id}: no {}", file.display()));
            assert!(
                text.contains(&format!("id: \"{id}\"")),
                "{id}: META not in its own file"
            );
            for restated in ["**What it checks**", "**Why it matters", "**How to fix**"] {
                assert!(
                    !text.contains(restated),
                    "{id}: the doc comment restates META ({restated})"
                );
            }
            assert!(text.contains("#[cfg(test)]"), "{id}: no tests");
        }
    }
}
