//! The one reader of stored reports. A report is stored as the grader wrote it; reports stored by
//! older grader versions may lack some fields, and what is missing reads as empty. Every reader
//! of a stored report (the diff between two submissions, the coach's review page) goes through
//! [`StoredReport`]. A finding that lists further places of the same note (`also_at`) is read as
//! one finding per place, so places compare the same whether or not a report rolled them up.
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
    /// The document the line is in: `api`, or `events` for the event document.
    pub document: &'a str,
    pub severity: &'a str,
    pub rule: &'a str,
    pub message: &'a str,
}

impl StoredReport {
    /// Reads a stored report; one that does not parse reads as empty.
    pub fn parse(stored: &str) -> StoredReport {
        serde_json::from_str(stored).unwrap_or_default()
    }

    /// Each finding under its place, as stored, to be sent back; a finding with `also_at` gives
    /// one finding per place (its own message, operation, position and fix at each).
    pub fn findings_by_place(&self) -> BTreeMap<FindingKey, Value> {
        self.each_place()
            .filter_map(|f| FindingKey::deserialize(&f).ok().map(|k| (k, f)))
            .collect()
    }

    /// Every finding with its line, in report order, each place of a rolled-up finding on its own.
    pub fn placed_findings(&self) -> impl Iterator<Item = PlacedFinding<'_>> {
        self.findings.iter().flat_map(|f| {
            let severity = f["severity"].as_str().unwrap_or("");
            let rule = f["rule"].as_str().unwrap_or("");
            let document = f["document"].as_str().unwrap_or("api");
            std::iter::once(f).chain(also_at(f)).map(move |p| PlacedFinding {
                line: p["line"].as_u64().and_then(|l| usize::try_from(l).ok()).unwrap_or(1),
                document,
                severity,
                rule,
                message: p["message"].as_str().unwrap_or(""),
            })
        })
    }

    /// The stored findings, one per place: a place's own fields (message, operation, position,
    /// fix) over its finding's.
    fn each_place(&self) -> impl Iterator<Item = Value> + '_ {
        self.findings.iter().flat_map(|f| {
            let places = also_at(f).map(move |p| {
                let mut one = head_without_places(f);
                if let (Some(o), Some(p)) = (one.as_object_mut(), p.as_object()) {
                    o.extend(p.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                one
            });
            std::iter::once(head_without_places(f)).chain(places)
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

/// The further places a stored finding lists (none for most).
fn also_at(f: &Value) -> impl Iterator<Item = &Value> {
    f["also_at"].as_array().into_iter().flatten()
}

fn head_without_places(f: &Value) -> Value {
    let mut head = f.clone();
    if let Some(o) = head.as_object_mut() {
        o.remove("also_at");
    }
    head
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
                document: "api",
                severity: "error",
                rule: "naming/plural-collections",
                message: "use a plural"
            }
        );
        assert_eq!(placed[1].line, 1);
        assert_eq!(r.dimension_scores()["naming"], Some(60.0));
        assert_eq!(r.dimension_scores()["coverage"], None);
        let first = r.findings_by_place().into_values().next().unwrap();
        let bare = without_explanation(&first);
        assert!(bare.get("why").is_none() && bare.get("fix").is_none() && bare.get("rule").is_some());
    }

    #[test]
    fn a_rolled_up_finding_is_read_as_one_finding_per_place() {
        let rolled = StoredReport::parse(
            r#"{"findings": [
                {"rule": "security/bounded-strings", "pointer": "/a", "line": 3, "severity": "warning",
                 "message": "parameter `q`", "why": "w", "fix": "f", "operation": "GET /x",
                 "also_at": [
                    {"message": "parameter `tag`", "operation": "GET /y", "pointer": "/b", "line": 9, "column": 5},
                    {"message": "property `name`", "operation": null, "pointer": "/c", "line": 20, "column": 7, "fix": "own"}
                 ]}
            ]}"#,
        );
        let places = rolled.findings_by_place();
        assert_eq!(places.len(), 3);
        let b = places.values().find(|f| f["pointer"] == "/b").unwrap();
        assert_eq!(
            (
                b["message"].as_str(),
                b["line"].as_u64(),
                b["operation"].as_str(),
                b["fix"].as_str(),
                b["why"].as_str()
            ),
            (Some("parameter `tag`"), Some(9), Some("GET /y"), Some("f"), Some("w"))
        );
        assert!(places.values().all(|f| f.get("also_at").is_none()));
        assert_eq!(places.values().find(|f| f["pointer"] == "/c").unwrap()["fix"], "own");
        let lines: Vec<(usize, &str)> = rolled.placed_findings().map(|p| (p.line, p.message)).collect();
        assert_eq!(
            lines,
            [(3, "parameter `q`"), (9, "parameter `tag`"), (20, "property `name`")]
        );
        // The same places stored one finding each (as older reports are) compare equal.
        let flat = StoredReport::parse(
            r#"{"findings": [
                {"rule": "security/bounded-strings", "pointer": "/a", "line": 3},
                {"rule": "security/bounded-strings", "pointer": "/b", "line": 9},
                {"rule": "security/bounded-strings", "pointer": "/c", "line": 20}
            ]}"#,
        );
        assert!(flat.findings_by_place().keys().eq(places.keys()));
    }
}
