//! `documentation/parameter-description`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use std::collections::HashSet;

use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{non_empty, op_violation};

pub struct ParameterDescription;

pub static META: RuleMeta = RuleMeta {
    id: "documentation/parameter-description",
    dimension: Dimension::Documentation,
    default_severity: Severity::Warning,
    summary: "Every parameter has a description.",
    checks: "Every parameter has a description. Each parameter definition is one place (a shared \
             `components.parameters` entry counts once).",
    why: "A name rarely carries units, defaults or where a value comes from. `cursor` means nothing \
          until the docs say it is the `next_cursor` of the previous page.",
    fix: "Describe each parameter: meaning, units, default, and where valid values come from.",
    example_bad: "- name: cursor\n  in: query\n",
    example_good:
        "- name: cursor\n  in: query\n  description: Opaque position; pass `next_cursor` from the previous page.\n",
};

impl Rule for ParameterDescription {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let mut seen: HashSet<&str> = HashSet::new();
        for op in &cx.model.operations {
            for p in &op.parameters {
                let pointer = p.def_pointer.as_deref().unwrap_or(&p.pointer);
                if !seen.insert(pointer) {
                    continue;
                }
                if non_empty(&p.description) {
                    out.pass();
                } else {
                    out.fail(op_violation(
                        op,
                        pointer.to_string(),
                        format!("parameter `{}` of `{}` has no description", p.name, op.label()),
                        None,
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::Tester;

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&ParameterDescription)
            // flags undescribed parameters once per definition
            .fail(
                r#"
                paths:
                  /v1/links:
                    get:
                      parameters:
                        - $ref: '#/components/parameters/Cursor'
                        - { name: limit, in: query, description: Page size., schema: { type: integer } }
                      responses: { "200": { description: ok } }
                  /v1/clicks:
                    get:
                      parameters:
                        - $ref: '#/components/parameters/Cursor'
                      responses: { "200": { description: ok } }
                components:
                  parameters:
                    Cursor: { name: cursor, in: query, schema: { type: string } }
                "#,
                &["/components/parameters/Cursor"],
            )
            .places(2)
            .test();
    }
}
