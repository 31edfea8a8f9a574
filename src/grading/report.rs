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
    pub openapi_version: String,
    /// Every dimension, in the contract's order.
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
            field_str(&mut buf, "rule", f.rule);
            buf.push(b',');
            field_str(&mut buf, "dimension", f.dimension.id());
            buf.push(b',');
            field_str(&mut buf, "severity", f.severity.id());
            buf.push(b',');
            field_str(&mut buf, "message", &f.message);
            buf.push(b',');
            field_str(&mut buf, "why", &f.why);
            buf.push(b',');
            field_str(&mut buf, "fix", &f.fix);
            buf.push(b',');
            match &f.operation {
                Some(op) => field_str(&mut buf, "operation", op),
                None => buf.extend_from_slice(b"\n      \"operation\": null"),
            }
            buf.push(b',');
            field_str(&mut buf, "pointer", &f.pointer);
            buf.push(b',');
            buf.extend_from_slice(b"\n      \"line\": ");
            buf.extend_from_slice(itoa::Buffer::new().format(f.line).as_bytes());
            buf.push(b',');
            buf.extend_from_slice(b"\n      \"column\": ");
            buf.extend_from_slice(itoa::Buffer::new().format(f.column).as_bytes());
            buf.extend_from_slice(b"\n    }");
            w.write_all(&buf)?;
        }
        w.write_all(b"\n  ")?;
        w.write_all(&head.as_bytes()[split..])?;
        w.write_all(b"\n")
    }
}

/// `\n      "name": "value"`, the value escaped as `serde_json` escapes it.
fn field_str(out: &mut Vec<u8>, name: &str, value: &str) {
    out.extend_from_slice(b"\n      \"");
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
        (a.line, a.column, a.rule, &a.pointer, &a.message).cmp(&(b.line, b.column, b.rule, &b.pointer, &b.message))
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
        assert_eq!(r.to_json(), serde_rendering(&r));
    }

    #[test]
    fn a_report_without_findings_renders_as_serde_json_does() {
        let mut r = graded("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n");
        r.findings.clear();
        assert_eq!(r.to_json(), serde_rendering(&r));
    }
}
