//! The report and its three renderings: JSON (the contract in DESIGN.md section 3), SARIF 2.1.0
//! (for code-scanning upload) and text (with a source snippet under each finding).
//!
//! Everything here is deterministic: findings are sorted by line, column, rule id, pointer and
//! message; maps are written in a fixed order; no clock or path enters a rendering unless the
//! caller passes it.
use std::borrow::Cow;

use serde::Serialize;

use super::rule::{Dimension, Severity};
use super::score::RuleScore;

/// The grade of one document. Serialises to the JSON report of the contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// 0 to 100, one decimal.
    pub score: f64,
    pub level: String,
    pub rubric: String,
    pub rubric_version: u32,
    /// The exercise id, or `null` when graded without one.
    pub exercise: Option<String>,
    pub openapi_version: String,
    /// Every dimension, in the contract's order.
    pub dimensions: Vec<DimensionReport>,
    pub findings: Vec<Finding>,
    pub counts: Counts,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionReport {
    pub id: Dimension,
    /// `null` when nothing in the dimension applied.
    pub score: Option<f64>,
    /// The rubric's weight (before renormalising over applicable dimensions).
    pub weight: f64,
    pub applicable: bool,
    pub summary: String,
    /// Per rule: places checked and failing.
    pub rules: Vec<RuleScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub dimension: Dimension,
    pub severity: Severity,
    pub message: String,
    /// Why it matters in an interview.
    pub why: &'static str,
    /// The violation's own fix, or the rule's (borrowed, since large specs repeat it thousands
    /// of times).
    pub fix: Cow<'static, str>,
    /// `GET /v1/links/{code}` when the place belongs to one operation.
    pub operation: Option<String>,
    pub pointer: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Report {
    /// Pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        self.write_json(&mut out).expect("writing to memory cannot fail");
        String::from_utf8(out).expect("serde_json writes UTF-8")
    }

    /// [`Report::to_json`] straight into a writer: large reports (tens of MB for the biggest
    /// public specs) are never held twice.
    pub fn write_json<W: std::io::Write>(&self, mut w: W) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut w, self)?;
        w.write_all(b"\n")
    }
}

/// Sort findings into the report order.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.line, a.column, a.rule, &a.pointer, &a.message).cmp(&(b.line, b.column, b.rule, &b.pointer, &b.message))
    });
}

/// SARIF 2.1.0. `artifact` is the URI of the graded file as the uploader sees it (a path relative
/// to the repository root for code scanning). `rules` describes every rule that ran.
pub fn to_sarif(report: &Report, artifact: &str, rules: &[&super::rule::RuleMeta]) -> String {
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

/// Human-readable text: the score table, then every finding with the source line it names.
pub fn to_text(report: &Report, source: &str, name: &str) -> String {
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
