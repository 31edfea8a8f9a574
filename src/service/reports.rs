//! The one reader of stored reports. A report is stored as the grader wrote it; reports stored by
//! older grader versions may lack some fields, and what is missing reads as empty. Every reader
//! of a stored report (the diff between two submissions, the coach's review page) goes through
//! [`StoredReport`].
use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// The parts of a stored report that the service reads.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StoredReport {
    findings: Vec<Value>,
    dimensions: Vec<StoredDimension>,
    fix_first: Option<Value>,
}

#[derive(Deserialize)]
struct StoredDimension {
    id: String,
    score: Option<f64>,
}

/// Findings are the same finding when rule and pointer match: messages may be reworded between
/// grader versions, places are stable.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub struct FindingKey {
    rule: String,
    pointer: String,
}

/// One finding as a reader shows it beside the document.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedFinding<'a> {
    /// 1-based line of the submitted document (line 1 when the report did not say).
    pub line: usize,
    pub severity: &'a str,
    pub rule: &'a str,
    pub message: &'a str,
}

impl StoredReport {
    /// Reads a stored report; one that does not parse reads as empty.
    pub fn parse(stored: &str) -> StoredReport {
        serde_json::from_str(stored).unwrap_or_default()
    }

    /// Each finding under its place; the finding itself is kept as stored, to be sent back.
    pub fn findings_by_place(&self) -> BTreeMap<FindingKey, &Value> {
        self.findings
            .iter()
            .filter_map(|f| FindingKey::deserialize(f).ok().map(|k| (k, f)))
            .collect()
    }

    /// Every finding with its line, in report order.
    pub fn placed_findings(&self) -> impl Iterator<Item = PlacedFinding<'_>> {
        self.findings.iter().map(|f| PlacedFinding {
            line: f["line"].as_u64().and_then(|l| usize::try_from(l).ok()).unwrap_or(1),
            severity: f["severity"].as_str().unwrap_or(""),
            rule: f["rule"].as_str().unwrap_or(""),
            message: f["message"].as_str().unwrap_or(""),
        })
    }

    /// Each dimension's score (`None` where it was not applicable).
    pub fn dimension_scores(&self) -> BTreeMap<&str, Option<f64>> {
        self.dimensions.iter().map(|d| (d.id.as_str(), d.score)).collect()
    }

    /// What to fix first, as stored (an empty list when the report has none).
    pub fn fix_first(&self) -> Value {
        self.fix_first.clone().unwrap_or_else(|| Value::Array(Vec::new()))
    }
}

/// A finding the candidate has already read (unchanged) or no longer has (fixed): where and
/// what, without the why and fix that the report itself carries.
pub fn without_explanation(finding: &Value) -> Value {
    let mut f = finding.clone();
    if let Some(o) = f.as_object_mut() {
        o.remove("why");
        o.remove("fix");
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_parts_read_as_empty() {
        let r = StoredReport::parse(r#"{"score": 50}"#);
        assert!(r.findings_by_place().is_empty());
        assert!(r.dimension_scores().is_empty());
        assert_eq!(r.fix_first(), Value::Array(Vec::new()));
        assert_eq!(StoredReport::parse("not json").placed_findings().count(), 0);
    }

    #[test]
    fn findings_are_read_by_place_and_by_line() {
        let r = StoredReport::parse(
            r#"{"findings": [
                {"rule": "naming/plural-collections", "pointer": "/paths/~1user", "line": 7,
                 "severity": "error", "message": "use a plural", "why": "w", "fix": "f"},
                {"rule": "documentation/info-contact", "severity": "info", "message": "no contact"}
            ], "dimensions": [{"id": "naming", "score": 60.0}, {"id": "coverage", "score": null}]}"#,
        );
        assert_eq!(
            r.findings_by_place().len(),
            1,
            "a finding without a pointer has no place"
        );
        let placed: Vec<_> = r.placed_findings().collect();
        assert_eq!(
            placed[0],
            PlacedFinding {
                line: 7,
                severity: "error",
                rule: "naming/plural-collections",
                message: "use a plural"
            }
        );
        assert_eq!(placed[1].line, 1);
        assert_eq!(r.dimension_scores()["naming"], Some(60.0));
        assert_eq!(r.dimension_scores()["coverage"], None);
        let first = r.findings_by_place().into_values().next().unwrap();
        let bare = without_explanation(first);
        assert!(bare.get("why").is_none() && bare.get("fix").is_none() && bare.get("rule").is_some());
    }
}
