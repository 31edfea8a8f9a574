//! Rubrics as the grader reads them: how much each dimension weighs, how severe each rule is
//! (or that it is off), the rules' parsed options, the score thresholds of the hiring levels,
//! and the deductions and caps that apply with an exercise. The catalogue reads the files
//! (`crate::catalog::rubrics`: `extends`, the JSON Schema, the checks) into a [`Rubric`].
use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::rule::{Dimension, RuleMeta, RuleOptions, Severity, NO_OPTIONS};

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct DimensionSpec {
    pub weight: f64,
    #[serde(default)]
    pub summary: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, serde::Serialize)]
pub struct Level {
    pub level: String,
    pub min: f64,
}

/// With an exercise: the share (percent) of the design's score each requirement not met takes.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Deductions {
    /// Per required capability that no operation offers.
    pub missing_capability: f64,
    /// Per interviewer's probe (an expectation of kind `probe`) not met.
    pub failed_probe: f64,
    /// Per mock task (an expectation of kind `task`) not done: a mock is its tasks.
    pub failed_task: f64,
}

/// The highest level a design can reach while a condition holds.
#[derive(Debug, Clone, Deserialize, PartialEq, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    pub when: CapCondition,
    pub level: String,
    /// For `events-below`: the events dimension's score under which the cap holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CapCondition {
    /// The document has no operations at all: nothing to judge.
    NoOperations,
    /// With an exercise: at least half of its required capabilities are missing.
    HalfCapabilitiesMissing,
    /// With an exercise: at least one required capability is missing.
    CapabilityMissing,
    /// With an exercise: an interviewer's probe or a mock's task is not met.
    ExpectationFailed,
    /// An event document is graded and its design (the `events` dimension) scores below the
    /// cap's `score`: a real-time design is judged on its events as much as on its endpoints.
    EventsBelow,
}

/// A rule's setting in a resolved rubric.
#[derive(Debug, Clone, Default)]
pub struct RuleSetting {
    /// `None`: the rule's default severity.
    pub severity: Option<Severity>,
    /// As written, merged along `extends`: always an object (empty when the rubric gives none).
    pub options: Value,
    /// `options` parsed by the rule into its own options type.
    pub parsed: RuleOptions,
}

/// The `events` dimension's weight in a rubric that does not set one: as much as naming or
/// errors weigh in the core rubric.
pub static DEFAULT_EVENTS: DimensionSpec = DimensionSpec {
    weight: 0.15,
    summary: None,
};

/// A resolved rubric: `extends` applied and checked.
#[derive(Debug, Clone)]
pub struct Rubric {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub version: u32,
    /// Every dimension, in [`Dimension::ALL`] order, then `events` when the rubric weighs it
    /// (its weight is outside the sum of one: it counts only when an event document is graded).
    pub dimensions: Vec<(Dimension, DimensionSpec)>,
    pub rules: BTreeMap<String, RuleSetting>,
    /// Highest first.
    pub levels: Vec<Level>,
    /// With an exercise: points off per requirement not met.
    pub deductions: Deductions,
    /// Ceilings on the level, checked in order.
    pub caps: Vec<Cap>,
}

impl Rubric {
    /// The severity a rule runs with under this rubric.
    pub fn severity(&self, meta: &RuleMeta) -> Severity {
        self.rules
            .get(meta.id)
            .and_then(|s| s.severity)
            .unwrap_or(meta.default_severity)
    }

    /// The rule's options, parsed when the rubric loaded ([`NO_OPTIONS`] when it sets none).
    pub fn options(&self, rule_id: &str) -> &RuleOptions {
        self.rules.get(rule_id).map_or(&NO_OPTIONS, |s| &s.parsed)
    }

    /// A dimension's weight and summary. A rubric that does not weigh `events` gives it
    /// [`DEFAULT_EVENTS`].
    pub fn dimension(&self, d: Dimension) -> &DimensionSpec {
        match self.dimensions.iter().find(|(x, _)| *x == d) {
            Some((_, spec)) => spec,
            None if d == Dimension::Events => &DEFAULT_EVENTS,
            None => panic!("a resolved rubric has every dimension"),
        }
    }

    /// The highest score that still has `level` or a lower one: just under the next level up.
    pub fn ceiling(&self, level: &str) -> f64 {
        match self.levels.iter().position(|l| l.level == level) {
            Some(0) | None => 100.0,
            Some(i) => ((self.levels[i - 1].min * 10.0).round() - 1.0) / 10.0,
        }
    }

    /// The level a score reaches.
    pub fn level(&self, score: f64) -> &str {
        self.levels
            .iter()
            .find(|l| score >= l.min)
            .or(self.levels.last())
            .map_or("", |l| l.level.as_str())
    }
}
