//! `naming/path-depth`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::grading::model::Segment;
use crate::grading::rule::{Ctx, Dimension, OptionError, Outcome, Rule, RuleMeta, RuleOptions, Severity};
use crate::grading::rules::support::{doc_violation, is_action_path, resource_segments};

pub struct PathDepth;

pub static META: RuleMeta = RuleMeta {
    id: "naming/path-depth",
    dimension: Dimension::Naming,
    default_severity: Severity::Warning,
    summary: "Paths nest at most three resources deep (rubric option `max_depth`).",
    checks: "A path nests at most `max_depth` resources (rubric option, default 3), counting literal resource \
             segments after any version prefix and not counting a trailing custom action. Each path is one place.",
    why: "Deep nesting forces clients to know the whole ownership chain to reach a resource and \
          makes URLs break when ownership changes. Interviewers expect shallow paths with globally \
          unique ids.",
    fix: "Give the deep resource a top-level collection addressed by its own id, and filter by the \
          parent with a query parameter.",
    example_bad: "paths:\n  /v1/users/{u}/orders/{o}/items/{i}/notes:\n    get: {}\n",
    example_good: "paths:\n  /v1/order-items/{i}/notes:\n    get: {}\n",
};

/// Options: how many resource nouns a path may hold.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PathDepthOptions {
    pub max_depth: usize,
}

impl Default for PathDepthOptions {
    fn default() -> Self {
        PathDepthOptions { max_depth: 3 }
    }
}

impl Rule for PathDepth {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn options(&self, raw: &Map<String, Value>) -> Result<RuleOptions, OptionError> {
        RuleOptions::parse::<PathDepthOptions>(raw)
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let max = cx.options::<PathDepthOptions>().max_depth;
        for path in &cx.model.paths {
            let segs = resource_segments(path);
            if segs.is_empty() {
                continue;
            }
            let mut depth = segs.iter().filter(|s| !matches!(s, Segment::Param(_))).count();
            if is_action_path(path) {
                depth = depth.saturating_sub(1);
            }
            if depth <= max {
                out.pass();
                continue;
            }
            let last = segs
                .iter()
                .rev()
                .find_map(|s| match s {
                    Segment::Literal(l) => Some(l.as_str()),
                    _ => None,
                })
                .unwrap_or("");
            out.fail(doc_violation(
                path.pointer.clone(),
                format!("`{}` nests {depth} resources deep (at most {max})", path.template),
                Some(format!(
                    "Address `{last}` from a shallower path with its own id, and filter by the parent with a query parameter."
                )),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::{pointers, run, run_with};

    const DOC: &str = r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /v1/users/{u}/orders/{o}/items/{i}/notes:
    get: { responses: { "200": { description: ok } } }
  /v1/users/{u}/orders/{o}/items:
    get: { responses: { "200": { description: ok } } }
  /v1/users/{u}/orders/{o}/items/{i}/cancel:
    post: { responses: { "200": { description: ok } } }
"#;

    #[test]
    fn flags_deep_paths() {
        let out = run(&PathDepth, DOC);
        assert_eq!(out.places, 3);
        assert_eq!(
            pointers(&out),
            ["/paths/~1v1~1users~1{u}~1orders~1{o}~1items~1{i}~1notes"]
        );
    }

    #[test]
    fn depth_is_an_option() {
        let out = run_with(&PathDepth, DOC, &serde_json::json!({"max_depth": 4}), None);
        assert!(out.violations.is_empty());
        let out = run_with(&PathDepth, DOC, &serde_json::json!({"max_depth": 2}), None);
        assert_eq!(out.violations.len(), 3);
    }

    #[test]
    fn passes_a_well_designed_api() {
        crate::grading::rules::testing::assert_passes_good_api(&PathDepth);
    }
}
