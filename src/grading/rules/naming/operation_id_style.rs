//! `naming/operation-id-style`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::grading::model::child;
use crate::grading::rule::{Ctx, Dimension, OptionError, Outcome, Rule, RuleMeta, RuleOptions, Severity};
use crate::grading::rules::support::casing::{check_names, CasingOptions};

pub struct OperationIdStyle;

pub static META: RuleMeta = RuleMeta {
    id: "naming/operation-id-style",
    dimension: Dimension::Naming,
    default_severity: Severity::Warning,
    summary: "operationIds use one consistent casing (rubric option `style` pins one).",
    checks: "Operation ids made of several words use one casing (the dominant one, or the rubric's `style` \
             option). A namespace before `/` or `.` (`links/list-clicks`) is ignored.",
    why: "operationIds become the method names of every generated SDK. `createLink` next to \
          `get_link` reads as a design nobody owned.",
    fix: "Rename the operationIds that differ from the API's style (camelCase is the most common).",
    example_bad: "post: { operationId: createLink }\nget: { operationId: get_link }\n",
    example_good: "post: { operationId: createLink }\nget: { operationId: getLink }\n",
};

impl Rule for OperationIdStyle {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn options(&self, raw: &Map<String, Value>) -> Result<RuleOptions, OptionError> {
        CasingOptions::parse(raw)
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut names = Vec::new();
        for op in &cx.model.operations {
            let Some(id) = op.operation_id.as_deref() else {
                continue;
            };
            let local = id.rsplit(['/', '.']).next().unwrap_or(id);
            if seen.insert(local) {
                names.push((local, child(&op.pointer, "operationId"), Some(op.label())));
            }
        }
        check_names(cx, out, &names, "operationId");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::Tester;

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&OperationIdStyle)
            // namespaces are ignored
            .pass(&[r#"
                paths:
                  /v1/links:
                    get: { operationId: links/list-links, responses: { "200": { description: ok } } }
                    post: { operationId: links/create-link, responses: { "201": { description: ok } } }
                "#])
            .places(2)
            // flags the odd style
            .fail(
                r#"
                paths:
                  /v1/links:
                    get: { operationId: listLinks, responses: { "200": { description: ok } } }
                    post: { operationId: createLink, responses: { "201": { description: ok } } }
                  /v1/links/{code}:
                    get: { operationId: get_link, responses: { "200": { description: ok } } }
                "#,
                &["/paths/~1v1~1links~1{code}/get/operationId"],
            )
            .places(3)
            .also(|out| assert_eq!(out.violations[0].fix.as_deref(), Some("Rename it to `getLink`.")))
            .test();
    }
}
