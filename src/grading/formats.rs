//! Renderings of a report for people and CI beside the JSON contract (`report.rs`):
//!
//! - `text`: findings grouped per rule, errors first and notes last, the rule's why and fix said
//!   once, each place with its source line; what to fix first; the dimensions; the score and
//!   level (with why) last, where a terminal leaves them in view. `--verbose` shows every place
//!   and each finding's own fix.
//!
//! A rolled-up finding (`also_at`, see [`super::report::rolls_up`]) is one group in the text, and
//! one entry per place everywhere a place is annotated (`line`, `github`, `junit`, `sarif`).
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

/// One thing per document a report's findings point into: the graded document's, and for a pair
/// (`apidojo grade API --events EVENTS`) the event document's, where the findings marked
/// `document: "events"` are. Used for their names ([`Names`]) and their texts ([`Sources`]); a
/// plain `&str` stands for the one graded document.
#[derive(Debug, Clone, Copy)]
pub struct PerDocument<'a> {
    pub main: &'a str,
    pub events: Option<&'a str>,
}

/// The documents' names (file names, SARIF artifact URIs).
pub type Names<'a> = PerDocument<'a>;
/// The documents' texts, for the snippets of the text renderings.
pub type Sources<'a> = PerDocument<'a>;

impl<'a> From<&'a str> for PerDocument<'a> {
    fn from(main: &'a str) -> Self {
        PerDocument { main, events: None }
    }
}

impl<'a> PerDocument<'a> {
    /// The one of the document a finding is in.
    pub fn of(&self, f: &Finding) -> &'a str {
        match f.document {
            Some(_) => self.events.unwrap_or(self.main),
            None => self.main,
        }
    }

    /// What the report graded: `OpenAPI 3.1.0`, `AsyncAPI 3.0.0`, or both with the event
    /// document's name.
    fn versions(&self, report: &Report) -> String {
        match (&report.asyncapi_version, self.events) {
            (Some(a), Some(events)) => format!("OpenAPI {}, AsyncAPI {a} ({events})", report.openapi_version),
            (Some(a), None) => format!("AsyncAPI {a}"),
            (None, _) => format!("OpenAPI {}", report.openapi_version),
        }
    }

    /// Each document's lines, split once for all the findings.
    fn lines(&self) -> SourceLines<'a> {
        SourceLines {
            main: self.main.lines().collect(),
            events: self.events.map(|e| e.lines().collect()),
        }
    }
}

struct SourceLines<'a> {
    main: Vec<&'a str>,
    events: Option<Vec<&'a str>>,
}

impl<'a> SourceLines<'a> {
    /// The line `n` (1-based) of the document a finding is in.
    fn line(&self, f: &Finding, n: usize) -> Option<&'a str> {
        let lines = match (f.document, &self.events) {
            (Some(_), Some(events)) => events,
            _ => &self.main,
        };
        lines.get(n.checked_sub(1)?).copied()
    }
}

/// The places of findings at or above `min`, grouped by rule in the order their first place
/// appears (a rolled-up finding's places join its rule's group).
fn groups(places: &[Finding], min: Severity) -> Vec<(&'static str, Vec<&Finding>)> {
    let mut out: Vec<(&'static str, Vec<&Finding>)> = Vec::new();
    for f in places.iter().filter(|f| f.severity >= min) {
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
pub fn to_text<'a>(
    report: &Report,
    source: impl Into<Sources<'a>>,
    names: impl Into<Names<'a>>,
    opts: TextOptions,
) -> String {
    let (source, names) = (source.into().lines(), names.into());
    let name = names.main;
    let mut out = String::new();
    let exercise = report
        .exercise
        .as_deref()
        .map(|e| format!(", exercise {e}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{name}: {}, rubric {}{exercise}\n",
        names.versions(report),
        report.rubric
    );
    let places = report.each_place();
    for (rule, findings) in groups(&places, opts.min_severity) {
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
            let _ = writeln!(out, "  --> {}:{}:{} {}", names.of(f), f.line, f.column, f.message);
            if let Some(text) = source.line(f, f.line) {
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
    let hidden = places.iter().filter(|f| f.severity < opts.min_severity).count();
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
    let _ = writeln!(out, "{}", count_line(report));
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

/// `12 findings: 1 errors, 9 warnings, 2 info`, saying how many places they cover when some
/// findings were rolled up (the counts are of places).
fn count_line(report: &Report) -> String {
    let n = report.findings.len();
    let places = report.places();
    let at = if places > n {
        format!(" at {places} places")
    } else {
        String::new()
    };
    format!(
        "{n} finding{}{at}: {} errors, {} warnings, {} info",
        if n == 1 { "" } else { "s" },
        report.counts.error,
        report.counts.warning,
        report.counts.info
    )
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
pub fn to_lines<'a>(report: &Report, names: impl Into<Names<'a>>, min: Severity) -> String {
    let names = names.into();
    let mut out = String::new();
    for f in report.each_place().iter().filter(|f| f.severity >= min) {
        let _ = writeln!(
            out,
            "{}:{}:{} {} {} {}",
            names.of(f),
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
pub fn to_github<'a>(report: &Report, names: impl Into<Names<'a>>, min: Severity) -> String {
    let names = names.into();
    fn data(s: &str) -> String {
        s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
    }
    fn property(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for f in report.each_place().iter().filter(|f| f.severity >= min) {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            _ => "notice",
        };
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},title={}::{}",
            property(names.of(f)),
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
pub fn to_junit<'a>(report: &Report, names: impl Into<Names<'a>>, min: Severity) -> String {
    let names = names.into();
    let name = names.main;
    let mut cases = String::new();
    let (mut tests, mut failures) = (0, 0);
    let places = report.each_place();
    for d in &report.dimensions {
        for r in d.rules.iter().filter(|r| r.places > 0) {
            tests += 1;
            let findings: Vec<&Finding> = places
                .iter()
                .filter(|f| f.rule == r.rule && f.severity >= min)
                .collect();
            let _ = write!(
                cases,
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\">",
                d.id.id(),
                xml(r.rule),
                xml(if d.id == crate::grading::rule::Dimension::Events {
                    names.events.unwrap_or(name)
                } else {
                    name
                })
            );
            if let Some(first) = findings.first() {
                failures += 1;
                let body: String = findings
                    .iter()
                    .map(|f| format!("{}:{}:{} {}\n", names.of(f), f.line, f.column, f.message))
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

/// SARIF 2.1.0. `artifacts` names the URI of the graded file as the uploader sees it (a path relative
/// to the repository root for code scanning). `rules` describes every rule that ran.
pub fn to_sarif<'a>(report: &Report, artifacts: impl Into<Names<'a>>, rules: &[&RuleMeta]) -> String {
    let artifacts = artifacts.into();
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
    // One result per place, rolled-up findings included: code scanning shows a result at its
    // location and tracks it by fingerprint, so each place keeps its own annotation and identity.
    let results: Vec<_> = report
        .each_place()
        .iter()
        .map(|f| {
            let mut r = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": format!("{} Fix: {}", f.message, f.fix) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": artifacts.of(f) },
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
            "artifacts": std::iter::once(artifacts.main)
                .chain(artifacts.events)
                .map(|uri| json!({ "location": { "uri": uri } }))
                .collect::<Vec<_>>(),
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
pub fn to_text_verbose<'a>(report: &Report, source: impl Into<Sources<'a>>, names: impl Into<Names<'a>>) -> String {
    use annotate_snippets::{Level, Renderer, Snippet};
    use std::fmt::Write;

    let (source, names) = (source.into().lines(), names.into());
    let name = names.main;

    let mut out = String::new();
    let exercise = report
        .exercise
        .as_deref()
        .map(|e| format!(", exercise {e}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{name}: {}, rubric {}{exercise}",
        names.versions(report),
        report.rubric
    );
    let _ = writeln!(out, "score {:.1}/100: {}", report.score, report.level);
    write_dimensions(&mut out, report);
    let _ = writeln!(out, "{}\n", count_line(report));

    let renderer = Renderer::plain();
    for f in &report.each_place() {
        let level = match f.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            _ => Level::Note,
        };
        let title = format!("[{}] {}", f.rule, f.message);
        let line_text = source.line(f, f.line).unwrap_or("");
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
                .origin(names.of(f))
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

    /// Three unbounded query strings (a warning rule, rolled up) and two verb paths (errors).
    const ROLLED: &str = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths:\n  /getLinks:\n    get:\n      parameters:\n        - { name: q, in: query, schema: { type: string } }\n        - { name: tag, in: query, schema: { type: string } }\n        - { name: owner, in: query, schema: { type: string } }\n      responses: { '200': { description: ok } }\n  /createLink:\n    post:\n      responses: { '201': { description: ok } }\n";

    fn rolled() -> Report {
        let c = Catalog::builtin();
        grade(
            ROLLED.as_bytes(),
            c.rubric("api-design-core").unwrap(),
            None,
            &Limits::default(),
        )
        .unwrap()
    }

    #[test]
    fn a_rules_warnings_are_one_finding_listing_its_other_places_and_every_place_counts() {
        let r = rolled();
        let strings: Vec<&Finding> = r
            .findings
            .iter()
            .filter(|f| f.rule == "security/bounded-strings")
            .collect();
        assert_eq!(strings.len(), 1, "one finding for the rule's warnings");
        let f = strings[0];
        assert_eq!(f.message, "parameter `q` is a string with no `maxLength`");
        let others: Vec<(&str, usize)> = f.also_at.iter().map(|p| (p.pointer.as_str(), p.line)).collect();
        assert_eq!(
            others,
            [
                ("/paths/~1getLinks/get/parameters/1/schema", 8),
                ("/paths/~1getLinks/get/parameters/2/schema", 9)
            ]
        );
        assert_eq!(f.also_at[0].message, "parameter `tag` is a string with no `maxLength`");
        // Errors are named one by one.
        let verbs = r
            .findings
            .iter()
            .filter(|f| f.rule == "naming/no-verbs-in-paths")
            .count();
        assert_eq!(verbs, 2);
        // Scoring and counts see every place.
        let score = r
            .dimensions
            .iter()
            .flat_map(|d| &d.rules)
            .find(|s| s.rule == f.rule)
            .unwrap();
        assert_eq!((score.places, score.failing), (3, 3));
        let counted = r.counts.error + r.counts.warning + r.counts.info;
        assert_eq!(counted, r.places());
        assert!(r.places() > r.findings.len());
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        let also = json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "security/bounded-strings")
            .unwrap();
        assert_eq!(also["also_at"][1]["line"], 9);
        // Only warnings and notes roll up, and a place with a fix of its own keeps it.
        for f in json["findings"].as_array().unwrap() {
            assert!(f.get("also_at").is_none() || f["severity"] != "error", "{f}");
        }
        let kebab = r.findings.iter().find(|f| f.rule == "naming/kebab-case-paths").unwrap();
        assert_eq!(
            kebab.also_at[0].fix.as_deref(),
            Some("Rename `createLink` to `create-link` in every path that uses it.")
        );
    }

    #[test]
    fn renderings_that_annotate_lines_show_every_place_of_a_rolled_up_finding() {
        let r = rolled();
        let places = r.places();
        let lines = to_lines(&r, "api.yaml", Severity::Info);
        assert_eq!(lines.lines().count(), places, "{lines}");
        assert!(lines.contains("api.yaml:9:"), "{lines}");
        let gh = to_github(&r, "api.yaml", Severity::Info);
        assert_eq!(
            gh.lines()
                .filter(|l| l.contains("title=security/bounded-strings"))
                .count(),
            3
        );
        let sarif: serde_json::Value = serde_json::from_str(&to_sarif(&r, "api.yaml", &[])).unwrap();
        assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), places);
        let j = to_junit(&r, "api.yaml", Severity::Info);
        assert!(j.contains("api.yaml:9:"), "{j}");
        let t = to_text(&r, ROLLED, "api.yaml", TextOptions::default());
        assert!(t.contains("warning[security/bounded-strings] 3 places"), "{t}");
        assert!(
            t.contains(&format!("{} findings at {places} places: ", r.findings.len())),
            "{t}"
        );
        // What matters comes before polish: errors, then warnings, then notes.
        let at = |s: &str| t.find(s).unwrap_or(usize::MAX);
        assert!(at("error[") < at("warning[") && at("warning[") < at("info["), "{t}");
        let v = to_text_verbose(&r, ROLLED, "api.yaml");
        assert_eq!(v.matches("[security/bounded-strings]").count(), 3, "{v}");
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
