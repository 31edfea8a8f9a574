//! The report and its JSON rendering: the contract described under "The report" in README.md,
//! the same in the CLI and the HTTP API. The other renderings (text, SARIF, ...) are in
//! `formats.rs`.
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
    /// One sentence: why the level is what it is (a cap, the deductions, or the design alone).
    pub level_reason: String,
    /// With an exercise: each requirement not met and the points it cost.
    pub deductions: Vec<super::score::Deduction>,
    /// What to fix first: the fixes that would gain the most points, computed, best first.
    pub fix_first: Vec<super::score::FixFirst>,
    pub rubric: String,
    pub rubric_version: u32,
    /// The exercise id, or `null` when graded without one.
    pub exercise: Option<String>,
    /// The graded document's version: the OpenAPI one, or the AsyncAPI one when an event
    /// document is graded alone.
    pub openapi_version: String,
    /// The event document's `asyncapi` version, when one is graded (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asyncapi_version: Option<String>,
    /// Every dimension, in the contract's order (`events` last, when an event document is
    /// graded).
    pub dimensions: Vec<DimensionReport>,
    pub findings: Vec<Finding>,
    /// Findings the API's owners acknowledged (`x-apidojo-acknowledged`, `--acknowledged`), with
    /// their reasons; their places count as passing. Always empty for attempts.
    pub acknowledged: Vec<Acknowledged>,
    pub counts: Counts,
}

/// A finding set aside by an acknowledgement, with its reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Acknowledged {
    pub rule: &'static str,
    pub dimension: Dimension,
    pub severity: Severity,
    pub message: String,
    pub operation: Option<String>,
    pub pointer: String,
    pub line: usize,
    pub column: usize,
    pub reason: String,
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
    /// Why it matters in an interview (the rule's, or an exercise expectation's own).
    pub why: Cow<'static, str>,
    /// The violation's own fix, or the rule's (borrowed, since large specs repeat it thousands
    /// of times).
    pub fix: Cow<'static, str>,
    /// `GET /v1/links/{code}` when the place belongs to one operation.
    pub operation: Option<String>,
    pub pointer: String,
    pub line: usize,
    pub column: usize,
    /// The document the pointer, line and column are in, when it is not the main one:
    /// `events` for a finding in an AsyncAPI event document. Absent on OpenAPI findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<&'static str>,
    /// The same note at further places, in report order: a rule's warnings and notes are listed
    /// once, with their other places here (see [`rolls_up`]). Absent when there are none. Scoring
    /// and `counts` count every place.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_at: Vec<Place>,
}

/// Another place of a rolled-up finding: what is wrong there and where.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Place {
    pub message: String,
    pub operation: Option<String>,
    pub pointer: String,
    pub line: usize,
    pub column: usize,
    /// This place's own fix, when it differs from the finding's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Cow<'static, str>>,
}

impl Finding {
    /// How many failing places the finding stands for: itself and its `also_at`.
    pub fn places(&self) -> usize {
        1 + self.also_at.len()
    }

    /// The finding at each of its places, as if it had not been rolled up: the first is the
    /// finding itself (without `also_at`).
    pub fn each_place(&self) -> impl Iterator<Item = Finding> + '_ {
        std::iter::once(self.clone_head()).chain(self.also_at.iter().map(|p| Finding {
            rule: self.rule,
            dimension: self.dimension,
            severity: self.severity,
            message: p.message.clone(),
            why: self.why.clone(),
            fix: p.fix.clone().unwrap_or_else(|| self.fix.clone()),
            operation: p.operation.clone(),
            pointer: p.pointer.clone(),
            line: p.line,
            column: p.column,
            document: self.document,
            also_at: Vec::new(),
        }))
    }

    fn clone_head(&self) -> Finding {
        Finding {
            rule: self.rule,
            dimension: self.dimension,
            severity: self.severity,
            message: self.message.clone(),
            why: self.why.clone(),
            fix: self.fix.clone(),
            operation: self.operation.clone(),
            pointer: self.pointer.clone(),
            line: self.line,
            column: self.column,
            document: self.document,
            also_at: Vec::new(),
        }
    }
}

/// Whether a rule's findings at several places are listed as one finding with `also_at`.
///
/// Warnings and notes roll up: hardening and polish (a bound on every input string, a
/// description on every schema) are one habit to fix, and an interviewer names the habit once,
/// not each place; listed one by one they bury what matters. Errors do not: each is a mistake an
/// interviewer would point at on its own (a verb in this path, no 404 on that read), and every
/// place is worth reading. Nor do the coverage rules: each requirement is its own.
pub fn rolls_up(severity: Severity, dimension: Dimension) -> bool {
    severity < Severity::Error && dimension != Dimension::Coverage
}

/// Rolls a rule's findings (all of one rule, any order) up into as few as [`rolls_up`] allows:
/// findings that share their why become one, at the first place in report order, listing the
/// others in `also_at`.
pub fn roll_up(mut findings: Vec<Finding>) -> Vec<Finding> {
    if findings.len() < 2 || !rolls_up(findings[0].severity, findings[0].dimension) {
        return findings;
    }
    sort_findings(&mut findings);
    let mut out: Vec<Finding> = Vec::new();
    for f in findings {
        match out.iter_mut().find(|h| h.why == f.why) {
            Some(head) => {
                let fix = (f.fix != head.fix).then_some(f.fix);
                head.also_at.push(Place {
                    message: f.message,
                    operation: f.operation,
                    pointer: f.pointer,
                    line: f.line,
                    column: f.column,
                    fix,
                });
            }
            None => out.push(f),
        }
    }
    out
}

impl Report {
    /// Every failing place as a finding of its own, in report order: what renderings that
    /// annotate lines (one line per place, SARIF results, workflow annotations) go through.
    pub fn each_place(&self) -> Vec<Finding> {
        if self.findings.iter().all(|f| f.also_at.is_empty()) {
            return self.findings.clone();
        }
        let mut all: Vec<Finding> = self.findings.iter().flat_map(Finding::each_place).collect();
        sort_findings(&mut all);
        all
    }

    /// How many failing places the findings stand for.
    pub fn places(&self) -> usize {
        self.findings.iter().map(Finding::places).sum()
    }
}

/// Failing places per severity: a finding with `also_at` counts each of its places.
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
    ///
    /// The output is exactly `serde_json`'s pretty rendering of the report. Everything but the
    /// findings goes through `serde_json`; the findings, which are nearly all of a large
    /// report, are written here: most of their text is the rules' own wording, repeated
    /// thousands of times, and checking a string for characters to escape a block at a time is
    /// several times faster than escaping it byte by byte.
    pub fn write_json<W: std::io::Write>(&self, mut w: W) -> std::io::Result<()> {
        let head = Report {
            score: self.score,
            level: self.level.clone(),
            level_reason: self.level_reason.clone(),
            deductions: self.deductions.clone(),
            fix_first: self.fix_first.clone(),
            rubric: self.rubric.clone(),
            rubric_version: self.rubric_version,
            exercise: self.exercise.clone(),
            openapi_version: self.openapi_version.clone(),
            asyncapi_version: self.asyncapi_version.clone(),
            dimensions: self.dimensions.clone(),
            findings: Vec::new(),
            acknowledged: self.acknowledged.clone(),
            counts: self.counts.clone(),
        };
        let head = serde_json::to_string_pretty(&head)?;
        const EMPTY: &str = "\n  \"findings\": [],\n";
        let Some(at) = head.find(EMPTY).filter(|_| !self.findings.is_empty()) else {
            w.write_all(head.as_bytes())?;
            return w.write_all(b"\n");
        };
        let split = at + EMPTY.len() - 3;
        w.write_all(&head.as_bytes()[..split])?;
        let mut buf = Vec::with_capacity(4096);
        for (i, f) in self.findings.iter().enumerate() {
            buf.clear();
            buf.extend_from_slice(if i == 0 { b"\n    {" } else { b",\n    {" });
            const I: &[u8] = b"\n      ";
            field_str(&mut buf, I, "rule", f.rule);
            buf.push(b',');
            field_str(&mut buf, I, "dimension", f.dimension.id());
            buf.push(b',');
            field_str(&mut buf, I, "severity", f.severity.id());
            buf.push(b',');
            field_str(&mut buf, I, "message", &f.message);
            buf.push(b',');
            field_str(&mut buf, I, "why", &f.why);
            buf.push(b',');
            field_str(&mut buf, I, "fix", &f.fix);
            buf.push(b',');
            place_fields(&mut buf, I, f.operation.as_deref(), &f.pointer, f.line, f.column);
            if let Some(document) = f.document {
                buf.push(b',');
                field_str(&mut buf, I, "document", document);
            }
            if !f.also_at.is_empty() {
                buf.extend_from_slice(b",\n      \"also_at\": [");
                for (j, p) in f.also_at.iter().enumerate() {
                    buf.extend_from_slice(if j == 0 { b"\n        {" } else { b",\n        {" });
                    const J: &[u8] = b"\n          ";
                    field_str(&mut buf, J, "message", &p.message);
                    buf.push(b',');
                    place_fields(&mut buf, J, p.operation.as_deref(), &p.pointer, p.line, p.column);
                    if let Some(fix) = &p.fix {
                        buf.push(b',');
                        field_str(&mut buf, J, "fix", fix);
                    }
                    buf.extend_from_slice(b"\n        }");
                }
                buf.extend_from_slice(b"\n      ]");
            }
            buf.extend_from_slice(b"\n    }");
            w.write_all(&buf)?;
        }
        w.write_all(b"\n  ")?;
        w.write_all(&head.as_bytes()[split..])?;
        w.write_all(b"\n")
    }
}

/// `"operation": ..., "pointer": ..., "line": ..., "column": ...`, each after `indent`.
fn place_fields(out: &mut Vec<u8>, indent: &[u8], operation: Option<&str>, pointer: &str, line: usize, column: usize) {
    match operation {
        Some(op) => field_str(out, indent, "operation", op),
        None => {
            out.extend_from_slice(indent);
            out.extend_from_slice(b"\"operation\": null");
        }
    }
    out.push(b',');
    field_str(out, indent, "pointer", pointer);
    for (name, n) in [("line", line), ("column", column)] {
        out.push(b',');
        out.extend_from_slice(indent);
        out.push(b'"');
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\": ");
        out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }
}

/// `<indent>"name": "value"`, the value escaped as `serde_json` escapes it.
fn field_str(out: &mut Vec<u8>, indent: &[u8], name: &str, value: &str) {
    out.extend_from_slice(indent);
    out.extend_from_slice(b"\"");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\": ");
    json_str(out, value);
}

/// A JSON string literal. Text with nothing to escape (nearly all of it) is copied whole.
fn json_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let special = |c: u8| c < 0x20 || c == b'"' || c == b'\\';
    // No early exit inside a block, so the check compiles to vector instructions.
    let clean = bytes
        .chunks(32)
        .all(|block| !block.iter().fold(false, |acc, &c| acc | special(c)));
    out.push(b'"');
    if clean {
        out.extend_from_slice(bytes);
    } else {
        for &c in bytes {
            match c {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0c => out.extend_from_slice(b"\\f"),
                c if c < 0x20 => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.extend_from_slice(b"\\u00");
                    out.push(HEX[(c >> 4) as usize]);
                    out.push(HEX[(c & 0xf) as usize]);
                }
                c => out.push(c),
            }
        }
    }
    out.push(b'"');
}

/// Sort findings into the report order.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        // The main document's findings first (`None` sorts before `Some`), then the event document's.
        (a.document, a.line, a.column, a.rule, &a.pointer, &a.message)
            .cmp(&(b.document, b.line, b.column, b.rule, &b.pointer, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn serde_rendering(r: &Report) -> String {
        serde_json::to_string_pretty(r).unwrap() + "\n"
    }

    fn graded(doc: &str) -> Report {
        let catalog = Catalog::builtin();
        let rubric = catalog.rubric("api-design-core").unwrap();
        crate::grading::grade(doc.as_bytes(), rubric, None, &crate::grading::Limits::default()).unwrap()
    }

    #[test]
    fn the_json_is_exactly_serde_jsons_pretty_rendering() {
        let mut r = graded("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /getLinks:\n    get:\n      responses: {'200': {description: ok}}\n");
        assert!(r.findings.len() > 3, "the document has findings to render");
        r.findings[0].message = "quotes \" backslash \\ newline \n tab \t bell \u{7} unit \u{1f} é 🦀 </script>".into();
        r.findings[1].operation = None;
        r.findings[2].pointer = "/paths/~1a\"b".into();
        r.findings[3].fix = Cow::Owned("a fix longer than one thirty-two byte block, ending in a quote\"".into());
        r.findings[1].also_at = vec![
            Place {
                message: "another \"place\"".into(),
                operation: None,
                pointer: "/paths/~1b".into(),
                line: 12,
                column: 7,
                fix: None,
            },
            Place {
                message: "a third".into(),
                operation: Some("GET /c".into()),
                pointer: "/paths/~1c".into(),
                line: 30,
                column: 1,
                fix: Some(Cow::Borrowed("its own fix")),
            },
        ];
        assert_eq!(r.to_json(), serde_rendering(&r));
    }

    #[test]
    fn a_report_without_findings_renders_as_serde_json_does() {
        let mut r = graded("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n");
        r.findings.clear();
        assert_eq!(r.to_json(), serde_rendering(&r));
    }
}
