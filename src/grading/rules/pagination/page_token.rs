//! `pagination/page-token`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{is_collection_get, op_violation, position_param};

pub struct PageToken;

pub static META: RuleMeta = RuleMeta {
    id: "pagination/page-token",
    dimension: Dimension::Pagination,
    default_severity: Severity::Error,
    summary: "Every list GET takes a cursor (or page/offset) parameter to reach the next page.",
    checks: "Every collection GET takes a position parameter: a cursor (`cursor`, `page_token`, `starting_after`, \
             ...) or, failing that, a page number or offset.",
    why: "Without a position parameter a client can only ever read the first page. Interviewers \
          check that the candidate thought through how to walk a large collection.",
    fix: "Add an opaque `cursor` query parameter that takes the `next_cursor` of the previous page.",
    example_bad: "get:\n  parameters:\n    - { name: limit, in: query }\n",
    example_good: "get:\n  parameters:\n    - { name: limit, in: query }\n    - { name: cursor, in: query, schema: { type: string } }\n",
};

impl Rule for PageToken {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for op in model.operations.iter().filter(|op| is_collection_get(model, op)) {
            if position_param(model, op).is_some() {
                out.pass();
            } else {
                out.fail(op_violation(
                    op,
                    op.pointer.clone(),
                    format!("`{}` returns a list but takes no cursor or page parameter", op.label()),
                    None,
                ));
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
        Tester::new(&PageToken)
            // flags lists without a position
            .fail(
                r#"
                paths:
                  /v1/links:
                    get:
                      parameters: [ { name: limit, in: query, schema: { type: integer } } ]
                      responses:
                        "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } }
                  /v1/clicks:
                    get:
                      parameters: [ { name: page, in: query, schema: { type: integer } } ]
                      responses:
                        "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } }
                "#,
                &["/paths/~1v1~1links/get"],
            )
            .places(2)
            // passes a cursor
            .pass(&[r#"
                paths:
                  /v1/links:
                    get:
                      parameters: [ { name: cursor, in: query, schema: { type: string } } ]
                      responses:
                        "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } }
                "#])
            .places(1)
            .test();
    }
}
