//! Findings + rubric -> dimension scores -> overall score and level.
//!
//! The formula, also printed by `apidojo rules`:
//!
//! ```text
//! How scores are computed
//!   Rules count places, not messages. A rule that applies to N places (operations,
//!   parameters, schemas, the document...) and fails on k of them passes the ratio
//!       pass(rule) = 1 - k / N
//!   so one cause is charged once per place, and a large spec is not punished for its size.
//!   Each rule weighs by its severity in the rubric: error 3, warning 2, info 1 (off: not run).
//!   A dimension's score is the severity-weighted mean of its applicable rules (N > 0):
//!       score(dim) = 100 * sum(w(rule) * pass(rule)) / sum(w(rule))
//!   A dimension where no rule applies is "not applicable" (score null): it is neither
//!   100 nor 0. Coverage applies only when an exercise is given.
//!   The overall score is the weighted mean of the applicable dimensions, with the
//!   rubric's weights renormalised over them:
//!       score = sum(weight(dim) * score(dim)) / sum(weight(dim))
//!   Scores are rounded to one decimal; the level is the first of the rubric's levels
//!   whose minimum the overall score reaches.
//! ```
use super::rubric::Rubric;
use super::rule::{Dimension, Outcome, RuleMeta, Severity};

/// The text above, for `apidojo rules`.
pub const FORMULA: &str = "How scores are computed
  Rules count places, not messages. A rule that applies to N places (operations,
  parameters, schemas, the document...) and fails on k of them passes the ratio
      pass(rule) = 1 - k / N
  so one cause is charged once per place, and a large spec is not punished for its size.
  Each rule weighs by its severity in the rubric: error 3, warning 2, info 1 (off: not run).
  A dimension's score is the severity-weighted mean of its applicable rules (N > 0):
      score(dim) = 100 * sum(w(rule) * pass(rule)) / sum(w(rule))
  A dimension where no rule applies is \"not applicable\" (score null): it is neither
  100 nor 0. Coverage applies only when an exercise is given.
  The overall score is the weighted mean of the applicable dimensions, with the
  rubric's weights renormalised over them:
      score = sum(weight(dim) * score(dim)) / sum(weight(dim))
  Scores are rounded to one decimal; the level is the first of the rubric's levels
  whose minimum the overall score reaches.";

/// How much a rule weighs within its dimension.
pub fn severity_weight(s: Severity) -> f64 {
    match s {
        Severity::Error => 3.0,
        Severity::Warning => 2.0,
        Severity::Info => 1.0,
        Severity::Off => 0.0,
    }
}

/// One rule's run: what it is, how severe the rubric makes it, what it found.
pub struct RuleRun {
    pub meta: &'static RuleMeta,
    pub severity: Severity,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RuleScore {
    pub rule: &'static str,
    pub severity: Severity,
    /// Places the rule applied to.
    pub places: usize,
    /// Places that failed.
    pub failing: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DimensionScore {
    pub dimension: Dimension,
    /// `None` when no rule of the dimension applied.
    pub score: Option<f64>,
    pub weight: f64,
    pub rules: Vec<RuleScore>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    pub overall: f64,
    pub level: String,
    pub dimensions: Vec<DimensionScore>,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Apply the formula in the module documentation.
pub fn score(runs: &[RuleRun], rubric: &Rubric, has_exercise: bool) -> Scores {
    let mut dimensions = Vec::with_capacity(Dimension::ALL.len());
    for d in Dimension::ALL {
        let mut rules = Vec::new();
        let (mut num, mut den) = (0.0, 0.0);
        for run in runs.iter().filter(|r| r.meta.dimension == d) {
            let places = run.outcome.places;
            let failing = run.outcome.violations.len().min(places);
            rules.push(RuleScore {
                rule: run.meta.id,
                severity: run.severity,
                places,
                failing,
            });
            if places == 0 || run.severity == Severity::Off {
                continue;
            }
            let w = severity_weight(run.severity);
            num += w * (1.0 - failing as f64 / places as f64);
            den += w;
        }
        let applicable = den > 0.0 && (d != Dimension::Coverage || has_exercise);
        dimensions.push(DimensionScore {
            dimension: d,
            score: applicable.then(|| round1(100.0 * num / den)),
            weight: rubric.dimension(d).weight,
            rules,
        });
    }
    let (mut num, mut den) = (0.0, 0.0);
    for ds in &dimensions {
        if let Some(s) = ds.score {
            num += ds.weight * s;
            den += ds.weight;
        }
    }
    let overall = if den > 0.0 { round1(num / den) } else { 0.0 };
    Scores {
        overall,
        level: rubric.level(overall).to_string(),
        dimensions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rubric::{DimensionSpec, Level, Rubric};
    use crate::grading::rule::Violation;

    fn meta(id: &'static str, dimension: Dimension) -> &'static RuleMeta {
        Box::leak(Box::new(RuleMeta {
            id,
            dimension,
            default_severity: Severity::Warning,
            summary: "",
            why: "",
            fix: "",
            example_bad: "",
            example_good: "",
        }))
    }

    fn rubric() -> Rubric {
        Rubric {
            id: "t".into(),
            title: "t".into(),
            description: None,
            version: 1,
            dimensions: Dimension::ALL
                .iter()
                .map(|d| {
                    let weight = if *d == Dimension::Naming { 0.3 } else { 0.1 };
                    (*d, DimensionSpec { weight, summary: None })
                })
                .collect(),
            rules: Default::default(),
            levels: vec![
                Level {
                    level: "hire".into(),
                    min: 70.0,
                },
                Level {
                    level: "no hire".into(),
                    min: 0.0,
                },
            ],
        }
    }

    fn run(m: &'static RuleMeta, severity: Severity, places: usize, failing: usize) -> RuleRun {
        let mut outcome = Outcome::default();
        for i in 0..places {
            if i < failing {
                outcome.fail(Violation {
                    pointer: format!("/p/{i}"),
                    operation: None,
                    message: String::new(),
                    fix: None,
                });
            } else {
                outcome.pass();
            }
        }
        RuleRun {
            meta: m,
            severity,
            outcome,
        }
    }

    #[test]
    fn places_severities_and_renormalised_weights() {
        let a = meta("naming/a", Dimension::Naming);
        let b = meta("naming/b", Dimension::Naming);
        let c = meta("errors/c", Dimension::Errors);
        let d = meta("coverage/d", Dimension::Coverage);
        let s = score(
            &[
                run(a, Severity::Error, 4, 1),   // 0.75, weight 3
                run(b, Severity::Info, 10, 10),  // 0.0, weight 1
                run(c, Severity::Warning, 2, 0), // 1.0
                run(d, Severity::Error, 1, 1),   // no exercise: not applicable
            ],
            &rubric(),
            false,
        );
        let naming = &s.dimensions[0];
        assert_eq!(naming.score, Some(56.3)); // 100 * (3*0.75 + 0) / 4 = 56.25
        assert_eq!(s.dimensions[4].score, Some(100.0));
        assert_eq!(s.dimensions[1].score, None, "pagination: nothing applied");
        assert_eq!(s.dimensions[7].score, None, "coverage needs an exercise");
        // (0.3 * 56.3 + 0.1 * 100) / 0.4
        assert_eq!(s.overall, 67.2);
        assert_eq!(s.level, "no hire");
    }

    #[test]
    fn a_rule_applying_nowhere_does_not_count() {
        let a = meta("naming/a", Dimension::Naming);
        let b = meta("naming/b", Dimension::Naming);
        let s = score(
            &[run(a, Severity::Error, 0, 0), run(b, Severity::Warning, 2, 1)],
            &rubric(),
            true,
        );
        assert_eq!(s.dimensions[0].score, Some(50.0));
        assert_eq!(s.overall, 50.0);
    }
}
