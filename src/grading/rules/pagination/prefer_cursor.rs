//! `pagination/prefer-cursor`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{is_collection_get, op_violation, position_param, Scheme};

pub struct PreferCursor;

pub static META: RuleMeta = RuleMeta {
    id: "pagination/prefer-cursor",
    dimension: Dimension::Pagination,
    default_severity: Severity::Warning,
    summary: "Paginate with a cursor rather than an offset or page number.",
    checks: "Paginated list GETs use a cursor rather than an offset or page number. A warning by default: page \
             numbers are a legitimate choice for small, stable collections.",
    why: "Offset pagination gets slower with depth and skips or repeats items under concurrent \
          inserts; a cursor over a stable sort key does neither. Interviewers reward naming this \
          trade-off.",
    fix: "Replace `offset`/`page` with an opaque `cursor` that encodes the last returned sort key, \
          and return `next_cursor`.",
    example_bad: "parameters:\n  - { name: offset, in: query, schema: { type: integer } }\n",
    example_good: "parameters:\n  - { name: cursor, in: query, schema: { type: string } }\n",
};

impl Rule for PreferCursor {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for op in model.operations.iter().filter(|op| is_collection_get(model, op)) {
            match position_param(model, op) {
                None => {}
                Some((_, Scheme::Cursor)) => out.pass(),
                Some((p, scheme)) => out.fail(op_violation(
                    op,
                    p.def_pointer.clone().unwrap_or_else(|| p.pointer.clone()),
                    format!(
                        "`{}` paginates by {} (`{}`) rather than by cursor",
                        op.label(),
                        scheme.name(),
                        p.name
                    ),
                    None,
                )),
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
        Tester::new(&PreferCursor)
            // flags offsets and passes cursors
            .fail(
                r#"
                paths:
                  /v1/links:
                    get:
                      parameters: [ { name: offset, in: query, schema: { type: integer } } ]
                      responses:
                        "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } }
                  /v1/clicks:
                    get:
                      parameters: [ { name: starting_after, in: query, schema: { type: string } } ]
                      responses:
                        "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } }
                "#,
                &["/paths/~1v1~1links/get/parameters/0"],
            )
            .places(2)
            .test();
    }
}
