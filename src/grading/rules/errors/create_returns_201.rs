//! `errors/create-returns-201`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::child;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{is_creating_post, op_violation};

pub struct CreateReturns201;

pub static META: RuleMeta = RuleMeta {
    id: "errors/create-returns-201",
    dimension: Dimension::Errors,
    default_severity: Severity::Error,
    summary: "Creating POSTs answer 201 Created with a `Location` header (or 202 when async).",
    checks: "A POST that creates a resource answers `201 Created` with a `Location` header (or `202 Accepted` \
             when creation is asynchronous).",
    why: "201 tells clients, caches and logs that a new resource exists, and `Location` says where, \
          so clients never construct URLs themselves. `200` on a create is a classic interview miss.",
    fix: "Answer `201` with a `Location` header pointing at the new resource and return its representation.",
    example_bad: "post:\n  responses:\n    '200': { description: OK }\n",
    example_good: "post:\n  responses:\n    '201':\n      description: Created\n      headers:\n        Location: { schema: { type: string, format: uri } }\n",
};

impl Rule for CreateReturns201 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for op in model.operations.iter().filter(|op| is_creating_post(model, op)) {
            if op.response("202").is_some() {
                out.pass();
                continue;
            }
            match op.response("201") {
                Some(r) if r.header("Location").is_some() => out.pass(),
                Some(r) => out.fail(op_violation(
                    op,
                    r.pointer.clone(),
                    format!("the 201 response of `{}` has no `Location` header", op.label()),
                    Some("Declare a `Location` header with the URL of the created resource.".to_string()),
                )),
                None => {
                    let codes: Vec<&str> = op
                        .responses
                        .iter()
                        .filter(|r| r.class() == Some('2'))
                        .map(|r| r.code.as_str())
                        .collect();
                    let said = if codes.is_empty() {
                        "declares no success response".to_string()
                    } else {
                        format!("answers {} instead of 201 Created", codes.join("/"))
                    };
                    out.fail(op_violation(
                        op,
                        child(&op.pointer, "responses"),
                        format!("`{}` creates a resource but {said}", op.label()),
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
        Tester::new(&CreateReturns201)
            // flags 200 and missing location
            .fail(
                r#"
                paths:
                  /v1/links:
                    post: { responses: { "200": { description: ok } } }
                  /v1/users:
                    post: { responses: { "201": { description: ok } } }
                  /v1/exports:
                    post: { responses: { "202": { description: later } } }
                  /v1/teams:
                    post: { responses: { "201": { description: ok, headers: { Location: { schema: { type: string } } } } } }
                "#,
                &["/paths/~1v1~1links/post/responses", "/paths/~1v1~1users/post/responses/201" ],
            )
            .places(4)
            // a create through a verb path is still a create
            .fail(
                r#"
                paths:
                  /v1/createLink:
                    post: { responses: { "200": { description: ok } } }
                "#,
                &["/paths/~1v1~1createLink/post/responses"],
            )
            .places(1)
            .also(|out| assert_eq!(
                    out.violations[0].message,
                    "`POST /v1/createLink` creates a resource but answers 200 instead of 201 Created"
                ))
            .test();
    }
}
