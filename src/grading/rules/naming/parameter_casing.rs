//! `naming/parameter-casing`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::grading::model::ParamLocation;
use crate::grading::rule::{Ctx, Dimension, OptionError, Outcome, Rule, RuleMeta, RuleOptions, Severity};
use crate::grading::rules::support::casing::{check_names, CasingOptions};

pub struct ParameterCasing;

pub static META: RuleMeta = RuleMeta {
    id: "naming/parameter-casing",
    dimension: Dimension::Naming,
    default_severity: Severity::Warning,
    summary: "Query and path parameters use one casing across the API (rubric option `style` pins one).",
    checks: "Query, path and cookie parameter names made of several words use one casing (the dominant one, or \
             the rubric's `style` option). Headers follow HTTP's own `Header-Case` and are not judged. Each \
             distinct name is one place.",
    why: "Clients build query strings by hand; `page_size` on one endpoint and `pageSize` on another \
          is a guaranteed integration bug and a visible lack of conventions.",
    fix: "Choose one casing for parameter names and rename the parameters that differ.",
    example_bad: "parameters:\n  - { name: page_size, in: query }\n  - { name: sortBy, in: query }\n",
    example_good: "parameters:\n  - { name: page_size, in: query }\n  - { name: sort_by, in: query }\n",
};

impl Rule for ParameterCasing {
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
            for p in &op.parameters {
                if p.location == ParamLocation::Header || !seen.insert(p.name.as_str()) {
                    continue;
                }
                let pointer = p.def_pointer.clone().unwrap_or_else(|| p.pointer.clone());
                names.push((p.name.as_str(), pointer, Some(op.label())));
            }
        }
        check_names(cx, out, &names, "parameter");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::Tester;

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&ParameterCasing)
            // passes consistent names
            .pass(&[r#"
                paths:
                  /v1/links/{linkId}:
                    get:
                      parameters:
                        - { name: linkId, in: path, required: true, schema: { type: string } }
                        - { name: pageSize, in: query, schema: { type: integer } }
                      responses: { "200": { description: ok } }
                "#])
            .places(2)
            // flags mixed parameter casing
            .fail(
                r#"
                paths:
                  /v1/links:
                    get:
                      parameters:
                        - { name: page_size, in: query, schema: { type: integer } }
                        - { name: sort_order, in: query, schema: { type: string } }
                        - { name: sortBy, in: query, schema: { type: string } }
                        - { name: Idempotency-Key, in: header, schema: { type: string } }
                        - { name: limit, in: query, schema: { type: integer } }
                      responses: { "200": { description: ok } }
                "#,
                &["/paths/~1v1~1links/get/parameters/2"],
            )
            .places(3)
            .also(|out| assert_eq!(out.violations[0].operation.as_deref(), Some("GET /v1/links")))
            .test();
    }
}
