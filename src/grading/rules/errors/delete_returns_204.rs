//! `errors/delete-returns-204`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::Method;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::op_violation;

pub struct DeleteReturns204;

pub static META: RuleMeta = RuleMeta {
    id: "errors/delete-returns-204",
    dimension: Dimension::Errors,
    default_severity: Severity::Warning,
    summary: "DELETE answers 204 without a body; no 204 response declares content.",
    checks: "A DELETE answers `204 No Content` without a body (or `200` with a body, or `202` when deletion is \
             asynchronous), and no `204` response anywhere declares content.",
    why: "204 No Content means there is no body: declaring one is a contradiction many HTTP stacks \
          resolve by dropping it. A bodiless 200 on DELETE should have been 204.",
    fix: "Answer DELETE with `204` and no `content`, or with `200` and the deleted representation.",
    example_bad: "delete:\n  responses:\n    '204':\n      description: Deleted\n      content: { application/json: { schema: { type: object } } }\n",
    example_good: "delete:\n  responses:\n    '204': { description: Deleted }\n",
};

impl Rule for DeleteReturns204 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        // Consistency: when most DELETEs answer 204, the one answering 200 with a body is the
        // odd one out that every client has to special-case.
        let deletes = cx.model.operations.iter().filter(|op| op.method == Method::Delete);
        let with_204 = deletes.clone().filter(|op| op.response("204").is_some()).count();
        let with_200 = deletes
            .filter(|op| op.response("204").is_none() && op.response("200").is_some())
            .count();
        for op in &cx.model.operations {
            let no_content = op.response("204");
            let is_delete = op.method == Method::Delete;
            if !is_delete && no_content.is_none() {
                continue;
            }
            if let Some(r) = no_content.filter(|r| !r.content.is_empty()) {
                out.fail(op_violation(
                    op,
                    r.pointer.clone(),
                    format!("the 204 response of `{}` declares a body", op.label()),
                    Some("Remove `content` from the 204 response, or answer 200 with that body.".to_string()),
                ));
                continue;
            }
            if is_delete && no_content.is_none() && op.response("202").is_none() {
                if let Some(r) = op.response("200").filter(|r| r.content.is_empty()) {
                    out.fail(op_violation(
                        op,
                        r.pointer.clone(),
                        format!("`{}` answers 200 without a body", op.label()),
                        Some("Answer 204 No Content when there is nothing to return.".to_string()),
                    ));
                    continue;
                }
                if let Some(r) = op.response("200").filter(|_| with_204 > with_200) {
                    out.fail(op_violation(
                        op,
                        r.pointer.clone(),
                        format!(
                            "`{}` answers 200 with a body while {with_204} other DELETE{} answer 204",
                            op.label(),
                            if with_204 == 1 { "" } else { "s" }
                        ),
                        Some("Answer 204 No Content like the API's other DELETEs.".to_string()),
                    ));
                    continue;
                }
            }
            out.pass();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::Tester;

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&DeleteReturns204)
            // flags bodies on 204 and bodiless 200
            .fail(
                r#"
                paths:
                  /v1/links/{code}:
                    delete:
                      responses:
                        "204": { description: gone, content: { application/json: { schema: { type: object } } } }
                  /v1/users/{id}:
                    delete: { responses: { "200": { description: ok } } }
                  /v1/teams/{id}:
                    delete: { responses: { "204": { description: gone } } }
                    get: { responses: { "200": { description: ok } } }
                "#,
                &[
                    "/paths/~1v1~1links~1{code}/delete/responses/204",
                    "/paths/~1v1~1users~1{id}/delete/responses/200",
                ],
            )
            .places(3)
            // one delete answering 200 among 204s is inconsistent
            .fail(
                r#"
                paths:
                  /v1/links/{code}:
                    delete: { responses: { "204": { description: gone } } }
                  /v1/tags/{id}:
                    delete: { responses: { "204": { description: gone } } }
                  /v1/users/{id}:
                    delete:
                      responses:
                        "200": { description: ok, content: { application/json: { schema: { type: object } } } }
                "#,
                &["/paths/~1v1~1users~1{id}/delete/responses/200"],
            )
            .places(3)
            .also(|out| assert!(out.violations[0].message.contains("while 2 other DELETEs answer 204")))
            .test();
    }
}
