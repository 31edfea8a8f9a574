//! Findings + rubric -> dimension scores -> overall score and level.
//!
//! The formula is [`FORMULA`], its one statement: `apidojo rules` prints it and README.md's "How
//! scores are computed" quotes it verbatim (a test below fails when the quote is stale).
use super::rubric::Rubric;
use super::rule::{Dimension, Outcome, RuleMeta, Severity};

/// How scores are computed, in words: what [`score_tallies`] does. Printed by `apidojo rules` and
/// quoted in README.md; change it with the code.
pub const FORMULA: &str = "How scores are computed
  Rules count places, not messages. A rule that applies to N places (operations,
  parameters, schemas, the document...) and fails on k of them passes the ratio
      pass(rule) = 1 - k / N
  so one cause is charged once per place, and a large spec is not punished for its size.
  Each rule weighs by its severity in the rubric: error 3, warning 2, info 1 (off: not run),
  times min(1, N / 3), so a rule that applies to one or two places cannot swing its whole
  dimension. A dimension's score is the weighted mean of its applicable rules (N > 0):
      score(dim) = 100 * sum(w(rule) * pass(rule)) / sum(w(rule))
  A dimension where no rule applies is \"not applicable\" (score null): it is neither
  100 nor 0. Coverage applies only when an exercise is given, events only when an
  AsyncAPI event document is graded.
  The design's score is the weighted mean of the applicable dimensions, with the
  rubric's weights renormalised over them:
      design = sum(weight(dim) * score(dim)) / sum(weight(dim))
  With an exercise its requirements come first, as in an interview. Each required
  capability that no operation offers, each interviewer's probe and each mock task not
  met takes the rubric's share off what is left (api-design-core: 8% per missing
  capability, 6% per probe, 12% per task, since a mock is its tasks):
      score = design * product(1 - share(requirement not met))
  so every requirement met and every better dimension raises the score, even when
  much is missing.
  Then the rubric's caps; when several apply, the lowest binds. In api-design-core the level
  can be no higher than \"no hire\" when the document has no operations or at least half
  the required capabilities are missing, and no higher than \"hire\" while any required
  capability is missing or any probe or task is not met; with an event document, no
  higher than \"lean no hire\" while its design (the events dimension) scores below 50 and
  no higher than \"hire\" below 90. A capped score sits just under
  the next level, less the share of every requirement not met beyond the costliest one,
  so each further miss still costs what it costs uncapped:
      capped = ceiling * product(1 - share(each other requirement not met))
  Scores are rounded to one decimal; the level is the first of the rubric's
  levels whose minimum the score reaches, and the report's `level_reason` says in one
  sentence why the level is what it is.";

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
    /// One sentence: why the level is what it is.
    pub level_reason: String,
    /// The weighted mean of the applicable dimensions, before deductions and caps.
    pub design: f64,
    /// With an exercise: each requirement not met and what it cost.
    pub deductions: Vec<Deduction>,
    pub dimensions: Vec<DimensionScore>,
}

/// What one requirement of the exercise not met took off the score.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Deduction {
    /// `missing-capability`, `failed-probe` or `failed-task`.
    pub kind: &'static str,
    /// The capability's or the expectation's id.
    pub id: String,
    /// The requirement in the exercise's words: the capability's description or the
    /// expectation's title (its id when the exercise does not know it).
    pub title: String,
    /// The rubric's share of the score this requirement takes, in percent.
    pub percent: f64,
    /// The points it took off the score (one decimal).
    pub points: f64,
}

/// What the scorer needs to know beyond the rule runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    pub has_exercise: bool,
    /// The exercise's expectations, for the kind (probe or task) of each one not met, and the
    /// title a fix names it by.
    pub expectations: &'a [crate::grading::exercise::Expectation],
    /// The exercise's required capabilities, for the words a fix names one by.
    pub capabilities: &'a [crate::grading::exercise::Capability],
    /// The document declares at least one operation.
    pub has_operations: bool,
    /// An event document is graded: the `events` dimension is in the report.
    pub has_events: bool,
}

impl Context<'_> {
    /// A required capability in the exercise's words: its description, without a final stop.
    fn capability_title(&self, id: &str) -> Option<&str> {
        self.capabilities
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.description.trim().trim_end_matches('.'))
    }

    /// An expectation in the exercise's words: its title, without a final stop.
    fn expectation_title(&self, id: &str) -> Option<&str> {
        self.expectations
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.title.trim().trim_end_matches('.'))
    }
}

/// Requirements named for a sentence: each in the exercise's words, quoted, as titles may hold
/// commas of their own.
fn quoted(titles: &[&str]) -> String {
    titles.iter().map(|t| format!("“{t}”")).collect::<Vec<_>>().join(", ")
}

/// Places at which a rule counts fully; below, its weight shrinks in proportion, so a rule that
/// applies to a single PUT cannot swing its dimension by 30 or 40 points on its own.
pub const FULL_EVIDENCE_PLACES: usize = 3;

fn evidence(places: usize) -> f64 {
    (places as f64 / FULL_EVIDENCE_PLACES as f64).min(1.0)
}

/// One decimal, as every score is reported.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A fraction (0 to 1) as a percentage with one decimal: how a checklist's mean credit is
/// reported. It scales before rounding, so it is not `round1(fraction * 100.0)`: the two differ
/// by 0.1 on 141 of the 24 288 scores the catalogue's checklists can produce, and a checklist's
/// stored scores keep this rounding.
pub fn percent1(fraction: f64) -> f64 {
    (fraction * 1000.0).round() / 10.0
}

/// The weighted mean of the scores that are present, or `None` when none is.
pub fn weighted_mean(scores: impl IntoIterator<Item = (Option<f64>, f64)>) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0.0);
    for (score, weight) in scores {
        if let Some(s) = score {
            num += weight * s;
            den += weight;
        }
    }
    (den > 0.0).then(|| num / den)
}

/// What the formula needs of one rule's run: how many places, how many failing, and for the
/// coverage rules which exercise items failed. Cheap to copy, so "what if this were fixed" is a
/// second pass over tallies rather than over findings.
#[derive(Debug, Clone)]
pub struct Tally {
    pub meta: &'static RuleMeta,
    pub severity: Severity,
    pub places: usize,
    pub failing: usize,
    /// `Violation::item` of each failing place that names one (capabilities, expectations).
    pub items: Vec<String>,
}

impl Tally {
    pub fn of(run: &RuleRun) -> Tally {
        let coverage = run.meta.dimension == Dimension::Coverage;
        Tally {
            meta: run.meta,
            severity: run.severity,
            places: run.outcome.places,
            failing: run.outcome.violations.len().min(run.outcome.places),
            items: if coverage {
                run.outcome.violations.iter().filter_map(|v| v.item.clone()).collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// The exercise items a coverage rule found missing, and how many it checked.
fn failed_items(tallies: &[Tally], rule: &str) -> (Vec<String>, usize) {
    tallies
        .iter()
        .find(|t| t.meta.id == rule && t.severity != Severity::Off)
        .map(|t| (t.items.clone(), t.places))
        .unwrap_or_default()
}

/// Apply [`FORMULA`].
pub fn score(runs: &[RuleRun], rubric: &Rubric, cx: Context<'_>) -> Scores {
    let tallies: Vec<Tally> = runs.iter().map(Tally::of).collect();
    score_tallies(&tallies, rubric, cx)
}

/// One fix and the points it would gain.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FixFirst {
    pub rule: &'static str,
    /// The capability or expectation, for the coverage rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The item in the exercise's words (see [`Deduction::title`]), when there is an item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Failing places that the fix removes.
    pub places: usize,
    /// Points the overall score would gain, everything else unchanged.
    pub gain: f64,
    /// What to do, in one line.
    pub what: String,
}

/// The fixes that gain the most points, best first: each rule's failing places fixed (for the
/// coverage rules, each capability or expectation on its own), scored with everything else as
/// it is. Only fixes that gain at least 0.1 point are listed, at most `limit`.
pub fn fix_first(runs: &[RuleRun], rubric: &Rubric, cx: Context<'_>, limit: usize) -> Vec<FixFirst> {
    let tallies: Vec<Tally> = runs.iter().map(Tally::of).collect();
    let now = score_tallies(&tallies, rubric, cx).overall;
    let mut out = Vec::new();
    for (i, t) in tallies.iter().enumerate() {
        if t.failing == 0 || t.places == 0 || t.severity == Severity::Off {
            continue;
        }
        let mut fixes: Vec<(Option<String>, Tally)> = Vec::new();
        if t.meta.dimension == Dimension::Coverage && !t.items.is_empty() {
            for item in &t.items {
                let mut fixed = t.clone();
                fixed.failing -= 1;
                fixed.items.retain(|x| x != item);
                fixes.push((Some(item.clone()), fixed));
            }
        } else {
            let mut fixed = t.clone();
            fixed.failing = 0;
            fixes.push((None, fixed));
        }
        for (item, fixed) in fixes {
            let places = t.failing - fixed.failing;
            let mut what_if = tallies.clone();
            what_if[i] = fixed;
            let gain = round1(score_tallies(&what_if, rubric, cx).overall - now);
            if gain >= 0.1 {
                // A requirement is named in the exercise's words, not by its id.
                let capability = t.meta.id == "coverage/required-capabilities";
                let title = item.as_deref().map(|id| {
                    let known = if capability {
                        cx.capability_title(id)
                    } else {
                        cx.expectation_title(id)
                    };
                    known.unwrap_or(id).to_string()
                });
                let what = match &title {
                    Some(title) if capability => format!("add the required capability: {title}"),
                    Some(title) => format!("meet the expectation: {title}"),
                    None => format!(
                        "{} ({places} place{})",
                        t.meta.summary.trim_end_matches('.'),
                        if places == 1 { "" } else { "s" }
                    ),
                };
                out.push(FixFirst {
                    rule: t.meta.id,
                    item,
                    title,
                    places,
                    gain,
                    what,
                });
            }
        }
    }
    // Largest gain first; ties in registry order, which `out` already has.
    out.sort_by(|a, b| b.gain.total_cmp(&a.gain));
    out.truncate(limit);
    out
}

/// [`score`] over tallies.
pub fn score_tallies(tallies: &[Tally], rubric: &Rubric, cx: Context<'_>) -> Scores {
    let mut dimensions = Vec::with_capacity(Dimension::WITH_EVENTS.len());
    for d in Dimension::WITH_EVENTS {
        if d == Dimension::Events && !cx.has_events {
            continue;
        }
        let mut rules = Vec::new();
        let (mut num, mut den) = (0.0, 0.0);
        for t in tallies.iter().filter(|t| t.meta.dimension == d) {
            let (places, failing) = (t.places, t.failing);
            rules.push(RuleScore {
                rule: t.meta.id,
                severity: t.severity,
                places,
                failing,
            });
            if places == 0 || t.severity == Severity::Off {
                continue;
            }
            let w = severity_weight(t.severity) * evidence(places);
            num += w * (1.0 - failing as f64 / places as f64);
            den += w;
        }
        let applicable = den > 0.0 && (d != Dimension::Coverage || cx.has_exercise);
        dimensions.push(DimensionScore {
            dimension: d,
            score: applicable.then(|| round1(100.0 * num / den)),
            weight: rubric.dimension(d).weight,
            rules,
        });
    }
    let design = round1(weighted_mean(dimensions.iter().map(|d| (d.score, d.weight))).unwrap_or(0.0));
    let events = dimensions
        .iter()
        .find(|d| d.dimension == Dimension::Events)
        .and_then(|d| d.score);

    let mut deductions = Vec::new();
    let (missing, capability_count) = if cx.has_exercise {
        failed_items(tallies, "coverage/required-capabilities")
    } else {
        Default::default()
    };
    if cx.has_exercise {
        for id in &missing {
            deductions.push(Deduction {
                kind: "missing-capability",
                id: id.clone(),
                title: cx.capability_title(id).unwrap_or(id).to_string(),
                percent: rubric.deductions.missing_capability,
                points: 0.0,
            });
        }
        for id in failed_items(tallies, "coverage/expectations").0 {
            let task = cx
                .expectations
                .iter()
                .any(|e| e.id == id && e.kind == crate::grading::exercise::ExpectationKind::Task);
            let (kind, percent) = if task {
                ("failed-task", rubric.deductions.failed_task)
            } else {
                ("failed-probe", rubric.deductions.failed_probe)
            };
            deductions.push(Deduction {
                kind,
                title: cx.expectation_title(&id).unwrap_or(&id).to_string(),
                id,
                percent,
                points: 0.0,
            });
        }
    }
    let mut left = design;
    for d in &mut deductions {
        let lost = left * (d.percent / 100.0).clamp(0.0, 1.0);
        d.points = round1(lost);
        left -= lost;
    }
    let taken = design - left;
    let mut overall = round1(left);

    // A cap stands for the costliest requirement not met; every other one still takes its share
    // off the ceiling, or a second miss on a strong design would cost nothing.
    let costliest = deductions
        .iter()
        .enumerate()
        .max_by(|(i, a), (j, b)| a.percent.total_cmp(&b.percent).then(j.cmp(i)))
        .map(|(i, _)| i);
    let beyond: f64 = deductions
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != costliest)
        .map(|(_, d)| 1.0 - (d.percent / 100.0).clamp(0.0, 1.0))
        .product();

    // The binding cap is the lowest ceiling among the conditions that hold.
    // With the cap's sentence, the kind of deduction it names one by one (so the sentence on the
    // arithmetic does not name them again): missing capabilities or the expectations not met.
    let is_capability = |d: &Deduction| d.kind == "missing-capability";
    let mut capped: Option<(f64, &str, String, Option<bool>)> = None;
    for cap in &rubric.caps {
        use super::rubric::CapCondition::*;
        let (why, names) = match cap.when {
            NoOperations if !cx.has_operations => ("the document has no operations to judge".to_string(), None),
            HalfCapabilitiesMissing if capability_count > 0 && missing.len() * 2 >= capability_count => {
                (missing_sentence(&deductions, capability_count), Some(true))
            }
            CapabilityMissing if !missing.is_empty() => (missing_sentence(&deductions, capability_count), Some(true)),
            ExpectationFailed if deductions.iter().any(|d| d.kind != "missing-capability") => {
                let titles: Vec<&str> = deductions
                    .iter()
                    .filter(|d| d.kind != "missing-capability")
                    .map(|d| d.title.as_str())
                    .collect();
                let sentence = format!(
                    "{} of the interviewer's checks {} not met: {}",
                    titles.len(),
                    if titles.len() == 1 { "is" } else { "are" },
                    quoted(&titles)
                );
                (sentence, Some(false))
            }
            EventsBelow => match (events, cap.score) {
                (Some(e), Some(below)) if e < below => (format!("the event design scores {e}, below {below}"), None),
                _ => continue,
            },
            _ => continue,
        };
        let ceiling = round1(rubric.ceiling(&cap.level) * beyond);
        if capped.as_ref().is_none_or(|(c, ..)| ceiling < *c) {
            capped = Some((ceiling, cap.level.as_str(), why, names));
        }
    }
    // The arithmetic, naming the requirements not met that the cap's sentence has not named.
    let requirements = |named: Option<bool>| {
        let n = deductions.len();
        let (above, rest): (Vec<&Deduction>, Vec<&Deduction>) =
            deductions.iter().partition(|d| named == Some(is_capability(d)));
        let rest: Vec<&str> = rest.iter().map(|d| d.title.as_str()).collect();
        let which = match (above.len(), rest.is_empty()) {
            (0, _) => format!(": {}", quoted(&rest)),
            (_, true) => " (named above)".to_string(),
            (k, false) => format!(": the {k} above and {}", quoted(&rest)),
        };
        format!(
            "the design scores {design} across its dimensions, minus {} for {n} requirement{} not met{which}",
            round1(taken),
            if n == 1 { "" } else { "s" },
        )
    };
    let level_reason = match capped {
        Some((ceiling, level, why, _)) if overall > ceiling => {
            overall = ceiling;
            format!("capped at {level}: {why}")
        }
        // A cap that holds explains the level better than the arithmetic, even when the
        // deductions alone already brought the score under it.
        Some((_, _, why, named)) => format!("{}: {why}; {}", rubric.level(overall), requirements(named)),
        None if !deductions.is_empty() => format!("{}: {}", rubric.level(overall), requirements(None)),
        None if cx.has_exercise => format!(
            "{}: every requirement of the exercise is met, and the design scores {overall} across its dimensions",
            rubric.level(overall)
        ),
        None => format!(
            "{}: the design scores {overall} across its dimensions (no exercise given, so no requirements were checked)",
            rubric.level(overall)
        ),
    };
    Scores {
        overall,
        level: rubric.level(overall).to_string(),
        level_reason,
        design,
        deductions,
        dimensions,
    }
}

/// `2 of 7 required capabilities are missing: “…”, “…”`, from the deductions of the missing ones.
fn missing_sentence(deductions: &[Deduction], of: usize) -> String {
    let titles: Vec<&str> = deductions
        .iter()
        .filter(|d| d.kind == "missing-capability")
        .map(|d| d.title.as_str())
        .collect();
    format!(
        "{} of {of} required capabilities {} missing: {}",
        titles.len(),
        if titles.len() == 1 { "is" } else { "are" },
        quoted(&titles)
    )
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
            checks: "",
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
            deductions: Default::default(),
            caps: Vec::new(),
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
                    ..Default::default()
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
            Context {
                has_exercise: false,
                has_operations: true,
                ..Default::default()
            },
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
    fn a_rule_failing_at_its_only_place_cannot_swing_the_dimension() {
        let key = meta("idempotency/key", Dimension::Idempotency);
        let cond = meta("idempotency/cond", Dimension::Idempotency);
        let cx = Context {
            has_exercise: false,
            has_operations: true,
            ..Default::default()
        };
        let s = score(
            &[run(key, Severity::Error, 6, 0), run(cond, Severity::Warning, 1, 1)],
            &rubric(),
            cx,
        );
        // Without the evidence factor: 100 * 3 / 5 = 60, a 40-point swing from one PUT.
        assert_eq!(s.dimensions[2].score, Some(81.8)); // 100 * 3 / (3 + 2/3)
        let s = score(
            &[run(key, Severity::Error, 6, 0), run(cond, Severity::Warning, 3, 3)],
            &rubric(),
            cx,
        );
        assert_eq!(
            s.dimensions[2].score,
            Some(60.0),
            "from three places on, a rule counts fully"
        );
    }

    #[test]
    fn a_rule_applying_nowhere_does_not_count() {
        let a = meta("naming/a", Dimension::Naming);
        let b = meta("naming/b", Dimension::Naming);
        let s = score(
            &[run(a, Severity::Error, 0, 0), run(b, Severity::Warning, 2, 1)],
            &rubric(),
            Context {
                has_exercise: true,
                has_operations: true,
                ..Default::default()
            },
        );
        assert_eq!(s.dimensions[0].score, Some(50.0));
        assert_eq!(s.overall, 50.0);
    }

    /// Regression: a cap at hire (84.9) absorbed every further probe a strong design missed, so a
    /// second miss cost 0 points (design 100) or 1 (design 95).
    #[test]
    fn each_requirement_not_met_costs_even_under_a_cap() {
        use crate::grading::rubric::{Cap, CapCondition, Deductions};
        let mut rubric = rubric();
        rubric.levels.insert(
            0,
            Level {
                level: "strong hire".into(),
                min: 85.0,
            },
        );
        rubric.deductions = Deductions {
            missing_capability: 8.0,
            failed_probe: 6.0,
            failed_task: 12.0,
        };
        rubric.caps = vec![Cap {
            when: CapCondition::ExpectationFailed,
            level: "hire".into(),
            score: None,
        }];
        let cov = meta("coverage/expectations", Dimension::Coverage);
        let naming = meta("naming/a", Dimension::Naming);
        let overall = |naming_failing: usize, probes: usize| {
            let mut expectations = run(cov, Severity::Error, 10, probes);
            for (i, v) in expectations.outcome.violations.iter_mut().enumerate() {
                v.item = Some(format!("probe-{i}"));
            }
            let s = score(
                &[run(naming, Severity::Error, 100, naming_failing), expectations],
                &rubric,
                Context {
                    has_exercise: true,
                    has_operations: true,
                    ..Default::default()
                },
            );
            (s.overall, s.level)
        };
        // Design 100: the first probe missed is capped just under strong hire, each further one
        // takes its 6% off the ceiling.
        assert_eq!(overall(0, 0).0, 100.0);
        assert_eq!(overall(0, 1), (84.9, "hire".to_string()));
        let two = overall(0, 2).0;
        assert_eq!(two, 79.8); // 84.9 * 0.94
        assert_eq!(overall(0, 3).0, 75.0); // 84.9 * 0.94 * 0.94
        for naming_failing in [0, 3, 6, 10] {
            for probes in 0..4 {
                let (a, b) = (overall(naming_failing, probes).0, overall(naming_failing, probes + 1).0);
                assert!(a - b >= 4.0, "{naming_failing} naming / {probes} probes: {a} -> {b}");
            }
        }
    }

    /// Level reasons, deductions and fixes name a requirement in the exercise's words (a
    /// capability's description, an expectation's title), never by its id alone.
    #[test]
    fn requirements_are_named_by_their_titles_not_their_ids() {
        let catalog = crate::catalog::Catalog::builtin();
        let e = catalog.exercise("url-shortener").unwrap();
        let rubric = catalog.rubric_for(None, Some(e)).unwrap();
        let doc = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /v1/links:\n    post:\n      responses: {'201': {description: created}}\n    get:\n      parameters: [{name: offset, in: query, schema: {type: integer}}]\n      responses: {'200': {description: ok}}\n";
        let r = crate::grading::grade(doc.as_bytes(), rubric, Some(e), &crate::grading::Limits::default()).unwrap();
        let kinds: std::collections::HashSet<&str> = r.deductions.iter().map(|d| d.kind).collect();
        assert!(
            kinds.contains("missing-capability") && kinds.contains("failed-probe"),
            "{:?}",
            r.deductions
        );
        for d in &r.deductions {
            let title = match d.kind {
                "missing-capability" => &e.capabilities.iter().find(|c| c.id == d.id).unwrap().description,
                _ => &e.expectations.iter().find(|x| x.id == d.id).unwrap().title,
            };
            assert_eq!(d.title, title.trim_end_matches('.'), "{}", d.id);
            // Ids are kebab-case; a one-word id (`redirect`) may well be a word of a title.
            if d.id.contains('-') {
                assert!(
                    !r.level_reason.contains(d.id.as_str()),
                    "{} named by id: {}",
                    d.id,
                    r.level_reason
                );
            }
            assert_eq!(
                r.level_reason.matches(&format!("“{}”", d.title)).count(),
                1,
                "{}",
                r.level_reason
            );
        }
        let capped = r.deductions.iter().find(|d| d.kind == "missing-capability").unwrap();
        assert!(
            r.level_reason.contains(&format!("“{}”", capped.title)),
            "{}",
            r.level_reason
        );
        // Fix first names an item by its title too: the model answer without its redirect puts
        // the missing capability first.
        let model = catalog.document(e.model_answer.as_deref().unwrap()).unwrap();
        let (head, tail) = model.split_once("  /v1/redirects/{code}:").unwrap();
        let rest = &tail[tail.find("\n  /").unwrap()..];
        let without = format!("{head}{}", &rest[1..]);
        let r2 =
            crate::grading::grade(without.as_bytes(), rubric, Some(e), &crate::grading::Limits::default()).unwrap();
        let with_item: Vec<_> = r
            .fix_first
            .iter()
            .chain(&r2.fix_first)
            .filter(|f| f.item.is_some())
            .collect();
        assert!(!with_item.is_empty(), "{:?}", r2.fix_first);
        for f in with_item {
            let title = f.title.as_deref().unwrap();
            assert!(f.what.ends_with(title), "{f:?}");
            assert!(r
                .deductions
                .iter()
                .chain(&r2.deductions)
                .any(|d| Some(&d.id) == f.item.as_ref() && d.title == title));
        }
        // In the JSON too: an additive `title` beside each id.
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert_eq!(json["deductions"][0]["title"], serde_json::json!(r.deductions[0].title));
    }

    /// README.md quotes [`FORMULA`] between these markers, so the two cannot drift apart.
    const README_START: &str = "<!-- FORMULA: src/grading/score.rs, quoted by a test; do not edit -->\n";
    const README_END: &str = "<!-- /FORMULA -->\n";

    #[test]
    fn readme_quotes_the_formula() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        let readme = std::fs::read_to_string(&path).unwrap();
        let start = readme
            .find(README_START)
            .expect("README.md has the FORMULA start marker")
            + README_START.len();
        let end = start
            + readme[start..]
                .find(README_END)
                .expect("README.md has the FORMULA end marker");
        let quote = format!("```text\n{FORMULA}\n```\n");
        if std::env::var_os("UPDATE_README_FORMULA").is_some() {
            std::fs::write(&path, format!("{}{quote}{}", &readme[..start], &readme[end..])).unwrap();
            return;
        }
        assert!(
            readme[start..end] == quote,
            "README.md's formula is stale: run `UPDATE_README_FORMULA=1 cargo test --lib grading::score`"
        );
    }
}
