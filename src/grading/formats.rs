//! Renderings of a report for people and CI beside the JSON contract (`report.rs`):
//!
//! - `text`: findings grouped per rule, the rule's why and fix said once, each place with its
//!   source line; what to fix first; the dimensions; the score and level (with why) last, where a
//!   terminal leaves them in view. `--verbose` shows every place and each finding's own fix.
//! - `line`: one finding a line, `file:line:column severity rule message` (what editors and
//!   `grep` read).
//! - `github`: GitHub Actions workflow commands, so findings annotate the pull request.
//! - `junit`: one test case per rule, failing with its places; CI servers display it as tests.
//! - `sarif`: SARIF 2.1.0, for code-scanning uploads.
//!
//! Colour (ANSI) is used only when the caller says so: the CLI asks for it when standard output is
//! a terminal and `NO_COLOR` is unset, so files, pipes and logs never get escape codes.
use std::fmt::Write;

use super::report::{Finding, Report};
use super::rule::{RuleMeta, Severity};

/// How the text rendering is shaped.
#[derive(Debug, Clone, Copy)]
pub struct TextOptions {
    /// Every place of every rule, each with its own fix, instead of the first few.
    pub verbose: bool,
    /// ANSI colours for severities and the level.
    pub color: bool,
    /// Findings below this severity are left out of the listing (the score is unchanged).
    pub min_severity: Severity,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            verbose: false,
            color: false,
            min_severity: Severity::Info,
        }
    }
}

/// Places listed per rule before "and N more" (all with `verbose`).
const PLACES_SHOWN: usize = 5;

fn paint(on: bool, code: &str, text: &str) -> String {
    if on {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn severity_colour(s: Severity) -> &'static str {
    match s {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        _ => "1;36",
    }
}

/// Findings at or above `min`, grouped by rule in the order their first finding appears.
fn groups(report: &Report, min: Severity) -> Vec<(&str, Vec<&Finding>)> {
    let mut out: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for f in report.findings.iter().filter(|f| f.severity >= min) {
        match out.iter_mut().find(|(r, _)| *r == f.rule) {
            Some((_, v)) => v.push(f),
            None => out.push((f.rule, vec![f])),
        }
    }
    // Most severe rules first, then by how many places fail.
    out.sort_by(|a, b| b.1[0].severity.cmp(&a.1[0].severity).then(b.1.len().cmp(&a.1.len())));
    out
}

/// The human report: see the module documentation.
pub fn to_text(report: &Report, source: &str, name: &str, opts: TextOptions) -> String {
    let mut out = String::new();
    let lines: Vec<&str> = source.lines().collect();
    let exercise = report
        .exercise
        .as_deref()
        .map(|e| format!(", exercise {e}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{name}: OpenAPI {}, rubric {}{exercise}\n",
        report.openapi_version, report.rubric
    );
    for (rule, findings) in groups(report, opts.min_severity) {
        let first = findings[0];
        let sev = paint(opts.color, severity_colour(first.severity), first.severity.id());
        let n = findings.len();
        let _ = writeln!(out, "{sev}[{rule}] {n} place{}", if n == 1 { "" } else { "s" });
        let _ = writeln!(out, "  why: {}", first.why);
        // One fix for the rule unless the places carry fixes of their own.
        let shared_fix = findings.iter().all(|f| f.fix == first.fix);
        if shared_fix {
            let _ = writeln!(out, "  fix: {}", first.fix);
        }
        let shown = if opts.verbose { n } else { n.min(PLACES_SHOWN) };
        for f in &findings[..shown] {
            let _ = writeln!(out, "  --> {name}:{}:{} {}", f.line, f.column, f.message);
            if let Some(text) = lines.get(f.line.saturating_sub(1)) {
                let text = text.trim_end();
                let cut: String = text.chars().take(120).collect();
                let ell = if cut.len() < text.len() { "…" } else { "" };
                let _ = writeln!(out, "      {:>5} | {cut}{ell}", f.line);
            }
            if !shared_fix && (opts.verbose || shown == n) {
                let _ = writeln!(out, "        fix: {}", f.fix);
            }
        }
        if shown < n {
            let _ = writeln!(out, "  ... and {} more (--verbose lists them all)", n - shown);
        }
        out.push('\n');
    }
    if !report.acknowledged.is_empty() {
        let _ = writeln!(out, "Acknowledged ({}, counted as passing):", report.acknowledged.len());
        for a in &report.acknowledged {
            let _ = writeln!(
                out,
                "  {name}:{}:{} [{}] {}\n      reason: {}",
                a.line, a.column, a.rule, a.message, a.reason
            );
        }
        out.push('\n');
    }
    let hidden = report
        .findings
        .iter()
        .filter(|f| f.severity < opts.min_severity)
        .count();
    if hidden > 0 {
        let _ = writeln!(out, "({hidden} findings below {} not listed)\n", opts.min_severity.id());
    }
    if !report.fix_first.is_empty() {
        let _ = writeln!(out, "What to fix first:");
        for f in &report.fix_first {
            let _ = writeln!(out, "  +{:<5} {}: {}", format!("{:.1}", f.gain), f.rule, f.what);
        }
        out.push('\n');
    }
    let _ = writeln!(out, "Dimensions:");
    write_dimensions(&mut out, report);
    let n = report.findings.len();
    let _ = writeln!(
        out,
        "{n} finding{}: {} errors, {} warnings, {} info",
        if n == 1 { "" } else { "s" },
        report.counts.error,
        report.counts.warning,
        report.counts.info
    );
    let level_colour = match report.level.as_str() {
        "strong hire" | "hire" => "1;32",
        "lean hire" => "1;33",
        _ => "1;31",
    };
    let _ = writeln!(
        out,
        "score {:.1}/100: {}",
        report.score,
        paint(opts.color, level_colour, &report.level)
    );
    let _ = writeln!(out, "why: {}", report.level_reason);
    out
}

/// One line per dimension: id, score (or n/a), weight and summary.
pub fn write_dimensions(out: &mut String, report: &Report) {
    for d in &report.dimensions {
        let score = d.score.map_or("  n/a".to_string(), |s| format!("{s:5.1}"));
        let _ = writeln!(
            out,
            "  {:<14} {score}  weight {:.2}  {}",
            d.id.id(),
            d.weight,
            d.summary
        );
    }
}

/// `file:line:column severity rule message`, one finding a line.
pub fn to_lines(report: &Report, name: &str, min: Severity) -> String {
    let mut out = String::new();
    for f in report.findings.iter().filter(|f| f.severity >= min) {
        let _ = writeln!(
            out,
            "{name}:{}:{} {} {} {}",
            f.line,
            f.column,
            f.severity.id(),
            f.rule,
            f.message
        );
    }
    out
}

/// GitHub Actions workflow commands (`::error file=..,line=..::message`).
pub fn to_github(report: &Report, name: &str, min: Severity) -> String {
    fn data(s: &str) -> String {
        s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
    }
    fn property(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for f in report.findings.iter().filter(|f| f.severity >= min) {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            _ => "notice",
        };
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},title={}::{}",
            property(name),
            f.line,
            f.column,
            property(f.rule),
            data(&format!("{} — fix: {}", f.message, f.fix))
        );
    }
    let _ = writeln!(
        out,
        "::notice title=apidojo::{}",
        data(&format!(
            "score {:.1}/100: {} ({})",
            report.score, report.level, report.level_reason
        ))
    );
    out
}

fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 has no way to carry other control characters.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: one test case per rule that applied, failing with its places.
pub fn to_junit(report: &Report, name: &str, min: Severity) -> String {
    let mut cases = String::new();
    let (mut tests, mut failures) = (0, 0);
    for d in &report.dimensions {
        for r in d.rules.iter().filter(|r| r.places > 0) {
            tests += 1;
            let findings: Vec<&Finding> = report
                .findings
                .iter()
                .filter(|f| f.rule == r.rule && f.severity >= min)
                .collect();
            let _ = write!(
                cases,
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\">",
                d.id.id(),
                xml(r.rule),
                xml(name)
            );
            if let Some(first) = findings.first() {
                failures += 1;
                let body: String = findings
                    .iter()
                    .map(|f| format!("{name}:{}:{} {}\n", f.line, f.column, f.message))
                    .collect();
                let _ = write!(
                    cases,
                    "\n      <failure type=\"{}\" message=\"{}\">{}why: {}\nfix: {}</failure>\n    ",
                    first.severity.id(),
                    xml(&format!("{} of {} places fail", r.failing, r.places)),
                    xml(&body),
                    xml(&first.why),
                    xml(&first.fix)
                );
            }
            cases.push_str("</testcase>\n");
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"apidojo\" tests=\"{tests}\" failures=\"{failures}\">\n  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\">\n    <properties>\n      <property name=\"score\" value=\"{:.1}\"/>\n      <property name=\"level\" value=\"{}\"/>\n    </properties>\n{cases}  </testsuite>\n</testsuites>\n",
        xml(name),
        report.score,
        xml(&report.level)
    )
}

/// SARIF 2.1.0. `artifact` is the URI of the graded file as the uploader sees it (a path relative
/// to the repository root for code scanning). `rules` describes every rule that ran.
pub fn to_sarif(report: &Report, artifact: &str, rules: &[&RuleMeta]) -> String {
    use serde_json::json;
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        _ => "note",
    };
    let rule_index = |id: &str| rules.iter().position(|m| m.id == id);
    let descriptors: Vec<_> = rules
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "name": m.id.replace(['/', '-'], "_"),
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": m.why },
                "help": {
                    "text": format!("{}\n\nHow to fix: {}", m.why, m.fix),
                    "markdown": format!("{}\n\n**How to fix:** {}\n\nBad:\n```yaml\n{}\n```\nGood:\n```yaml\n{}\n```", m.why, m.fix, m.example_bad.trim_end(), m.example_good.trim_end()),
                },
                "defaultConfiguration": { "level": level(m.default_severity) },
                "properties": { "tags": ["api-design", m.dimension.id()] },
            })
        })
        .collect();
    let results: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            let mut r = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": format!("{} Fix: {}", f.message, f.fix) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": artifact },
                        "region": { "startLine": f.line, "startColumn": f.column },
                    },
                    "logicalLocations": [{ "fullyQualifiedName": f.pointer, "kind": "member" }],
                }],
                "partialFingerprints": { "apidojo/v1": format!("{}:{}", f.rule, f.pointer) },
                "properties": { "dimension": f.dimension.id(), "pointer": f.pointer },
            });
            if let Some(i) = rule_index(f.rule) {
                r["ruleIndex"] = json!(i);
            }
            r
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "apidojo",
                "informationUri": "https://github.com/apidojo/apidojo",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            }},
            "artifacts": [{ "location": { "uri": artifact } }],
            "results": results,
            "properties": {
                "score": report.score,
                "level": report.level,
                "rubric": report.rubric,
                "exercise": report.exercise,
            },
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("SARIF always serialises");
    s.push('\n');
    s
}

/// The verbose text rendering (`grade --verbose`): every finding with its source snippet, its why
/// and its fix. The default text rendering is [`to_text`].
pub fn to_text_verbose(report: &Report, source: &str, name: &str) -> String {
    use annotate_snippets::{Level, Renderer, Snippet};
    use std::fmt::Write;

    let mut out = String::new();
    let exercise = report
        .exercise
        .as_deref()
        .map(|e| format!(", exercise {e}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{name}: OpenAPI {}, rubric {}{exercise}",
        report.openapi_version, report.rubric
    );
    let _ = writeln!(out, "score {:.1}/100: {}", report.score, report.level);
    write_dimensions(&mut out, report);
    let _ = writeln!(
        out,
        "{} findings: {} errors, {} warnings, {} info\n",
        report.findings.len(),
        report.counts.error,
        report.counts.warning,
        report.counts.info
    );

    let lines: Vec<&str> = source.lines().collect();
    let renderer = Renderer::plain();
    for f in &report.findings {
        let level = match f.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            _ => Level::Note,
        };
        let title = format!("[{}] {}", f.rule, f.message);
        let line_text = lines.get(f.line.saturating_sub(1)).copied().unwrap_or("");
        let start: usize = line_text
            .chars()
            .take(f.column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        let start = start.min(line_text.len());
        let end = line_text.trim_end().len().max(start);
        let end = if end == start { line_text.len() } else { end };
        let why = format!("why: {}", f.why);
        let fix = format!("fix: {}", f.fix);
        let at = format!("at: {}", f.pointer);
        let op = f.operation.as_ref().map(|o| format!("operation: {o}"));
        let mut msg = level.title(&title).snippet(
            Snippet::source(line_text)
                .line_start(f.line)
                .origin(name)
                .annotation(level.span(start..end)),
        );
        if let Some(op) = &op {
            msg = msg.footer(Level::Note.title(op));
        }
        msg = msg
            .footer(Level::Note.title(&at))
            .footer(Level::Help.title(&why))
            .footer(Level::Help.title(&fix));
        let _ = writeln!(out, "{}\n", renderer.render(msg));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::grading::{grade, Limits};

    const DOC: &str = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths:\n  /createLink:\n    post:\n      responses:\n        '200': { description: 'a <b> & \"c\"' }\n";

    fn report() -> Report {
        let c = Catalog::builtin();
        grade(
            DOC.as_bytes(),
            c.rubric("api-design-core").unwrap(),
            None,
            &Limits::default(),
        )
        .unwrap()
    }

    #[test]
    fn text_groups_by_rule_and_ends_with_the_score_and_why() {
        let r = report();
        let t = to_text(&r, DOC, "api.yaml", TextOptions::default());
        let last: Vec<&str> = t.lines().rev().take(2).collect();
        assert!(last[1].starts_with("score ") && last[0].starts_with("why: "), "{t}");
        // Each rule once, with its why once.
        for f in &r.findings {
            assert_eq!(t.matches(&format!("[{}]", f.rule)).count(), 1, "{}", f.rule);
        }
        assert!(t.contains("--> api.yaml:4:3"), "{t}");
        assert!(!t.contains('\x1b'), "no colour unless asked");
        let coloured = to_text(
            &r,
            DOC,
            "api.yaml",
            TextOptions {
                color: true,
                ..Default::default()
            },
        );
        assert!(coloured.contains("\x1b[1;31merror\x1b[0m"), "{coloured}");
        let errors_only = to_text(
            &r,
            DOC,
            "api.yaml",
            TextOptions {
                min_severity: Severity::Error,
                ..Default::default()
            },
        );
        assert!(!errors_only.contains("warning["), "{errors_only}");
        assert!(errors_only.contains("not listed"), "{errors_only}");
    }

    #[test]
    fn line_github_and_junit_formats() {
        let r = report();
        let lines = to_lines(&r, "api.yaml", Severity::Info);
        assert_eq!(lines.lines().count(), r.findings.len());
        assert!(
            lines
                .lines()
                .any(|l| l.starts_with("api.yaml:4:3 error naming/no-verbs-in-paths ")),
            "{lines}"
        );
        let gh = to_github(&r, "api.yaml", Severity::Warning);
        assert!(
            gh.lines()
                .any(|l| l.starts_with("::error file=api.yaml,line=4,col=3,title=naming/no-verbs-in-paths::")),
            "{gh}"
        );
        assert!(!gh.contains("::notice file="), "info left out at warning");
        let j = to_junit(&r, "api.yaml", Severity::Info);
        assert!(j.starts_with("<?xml"));
        assert!(
            j.contains("<testcase classname=\"naming\" name=\"naming/no-verbs-in-paths\""),
            "{j}"
        );
        assert_eq!(j.matches("<testcase").count(), j.matches("</testcase>").count());
        assert!(!j.contains("<b>"), "escaped");
    }
}
