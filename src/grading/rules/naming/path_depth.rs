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
    use crate::grading::rules::testing::Tester;

    const DOC: &str = r#"
paths:
  /v1/users/{u}/orders/{o}/items/{i}/notes:
    get: { responses: { "200": { description: ok } } }
  /v1/users/{u}/orders/{o}/items:
    get: { responses: { "200": { description: ok } } }
  /v1/users/{u}/orders/{o}/items/{i}/cancel:
    post: { responses: { "200": { description: ok } } }
"#;

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&PathDepth)
            // flags deep paths
            .fail(DOC, &["/paths/~1v1~1users~1{u}~1orders~1{o}~1items~1{i}~1notes"])
            .places(3)
            .test();
        Tester::new(&PathDepth)
            .options(serde_json::json!({"max_depth": 4}))
            // depth is an option
            .pass(&[DOC])
            .test();
        Tester::new(&PathDepth)
            .options(serde_json::json!({"max_depth": 2}))
            .fail(
                DOC,
                &[
                    "/paths/~1v1~1users~1{u}~1orders~1{o}~1items~1{i}~1notes",
                    "/paths/~1v1~1users~1{u}~1orders~1{o}~1items",
                    "/paths/~1v1~1users~1{u}~1orders~1{o}~1items~1{i}~1cancel",
                ],
            )
            .test();
    }
}
