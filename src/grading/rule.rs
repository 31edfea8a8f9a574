//! What a rule is: its metadata, the context it reads, and what it reports.
//!
//! Scoring counts *places*, not messages: a rule calls [`Outcome::pass`] or [`Outcome::fail`]
//! exactly once for every place it applies to (an operation, a parameter, a schema property,
//! the document itself...). A rule that applies nowhere reports nothing and does not count.
use serde::Serialize;

use super::model::{Model, Pointer};

/// The eight rubric dimensions. The ids are part of the fixed report contract.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize, strum::IntoStaticStr,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Dimension {
    Naming,
    Pagination,
    Idempotency,
    Versioning,
    Errors,
    Security,
    Documentation,
    Coverage,
}

impl Dimension {
    pub const ALL: [Dimension; 8] = [
        Dimension::Naming,
        Dimension::Pagination,
        Dimension::Idempotency,
        Dimension::Versioning,
        Dimension::Errors,
        Dimension::Security,
        Dimension::Documentation,
        Dimension::Coverage,
    ];

    /// As in reports and rule ids: `naming`, `pagination`...
    pub fn id(self) -> &'static str {
        self.into()
    }
}

/// How much a failing place costs. `Off` exists so a rubric can disable a rule.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize, strum::IntoStaticStr,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Severity {
    Off,
    Info,
    Warning,
    Error,
}

impl Severity {
    /// As in reports: `error`, `warning`, `info`, `off`.
    pub fn id(self) -> &'static str {
        self.into()
    }
}

/// A rule's documentation: everything `apidojo rules explain ID` prints, `rubrics/RULES.md`
/// shows and SARIF carries. Written once, in the rule's own file; the file's own doc comment
/// does not repeat it.
#[derive(Debug)]
pub struct RuleMeta {
    /// `<dimension>/<name>`, kebab-case, stable forever (rubrics and reports name it).
    pub id: &'static str,
    pub dimension: Dimension,
    pub default_severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// What the rule checks in full: what passes, what is left alone, which places count, and
    /// the rubric options it takes.
    pub checks: &'static str,
    /// Why it matters in an interview (shown with every finding).
    pub why: &'static str,
    /// How to fix it (shown with every finding unless the finding has a more specific fix).
    pub fix: &'static str,
    /// A short failing example and the corrected version, as YAML snippets.
    pub example_bad: &'static str,
    pub example_good: &'static str,
}

/// What a rule sees.
pub struct Ctx<'a> {
    pub model: &'a Model<'a>,
    /// Rule options from the rubric (`rules.<id>.options`), or an empty object.
    pub options: &'a serde_json::Value,
    /// The exercise being graded against, when there is one (only `coverage` rules need it).
    pub exercise: Option<&'a crate::catalog::Exercise>,
}

impl Ctx<'_> {
    pub fn option_u64(&self, key: &str) -> Option<u64> {
        self.options.get(key).and_then(serde_json::Value::as_u64)
    }
    pub fn option_str(&self, key: &str) -> Option<&str> {
        self.options.get(key).and_then(serde_json::Value::as_str)
    }
}

/// One failing place, before the scorer adds severity, dimension, line and column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Violation {
    /// Where the problem is (RFC 6901). The line/column of the report are computed from it.
    pub pointer: Pointer,
    /// `GET /v1/links/{code}` when the place belongs to one operation.
    pub operation: Option<String>,
    /// Specific to this place: name the thing, say what is wrong.
    pub message: String,
    /// A more specific fix than the rule's generic one, when the rule can say it.
    pub fix: Option<String>,
    /// Why this place matters, when it is more specific than the rule's own why (an exercise's
    /// expectation says why it matters in that interview).
    pub why: Option<String>,
    /// The exercise item the place is about (a capability or expectation id), for the scorer.
    pub item: Option<String>,
}

/// What one rule found in one document.
#[derive(Debug, Default)]
pub struct Outcome {
    /// How many places the rule applied to (passes + failures).
    pub places: usize,
    pub violations: Vec<Violation>,
}

impl Outcome {
    /// One place checked and fine.
    pub fn pass(&mut self) {
        self.places += 1;
    }

    /// One place checked and failing.
    pub fn fail(&mut self, violation: Violation) {
        self.places += 1;
        self.violations.push(violation);
    }
}

/// A check. Implementations are unit structs, one per file under `rules/<dimension>/`.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome);
}
