//! `errors/async-202`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{json_media, literal_parts, op_violation, squash, words};

pub struct Async202;

pub static META: RuleMeta = RuleMeta {
    id: "errors/async-202",
    dimension: Dimension::Errors,
    default_severity: Severity::Warning,
    summary: "202 Accepted responses point at a status resource.",
    checks: "Every `202 Accepted` response tells the client where to follow the work: a `Location` (or \
             `Operation-Location`) header, or a body with a status/job id or link. A POST that starts \
             long-running work by its name (`/uploads/{id}/finalize`, `:transcode`, `exportReport`) but answers \
             200 or 201 must give the same: a `Location` header or a `status` (job id, state) in its body.",
    why: "202 means the work is accepted but not done. Without a status URL or job id the client \
          cannot find out whether it succeeded; the 202 + status-resource pattern is what \
          interviewers expect for long-running work.",
    fix: "Return `Location: /v1/jobs/{id}` (and/or a body with the job id and `status`), and expose \
          `GET /v1/jobs/{id}`.",
    example_bad: "'202':\n  description: Accepted\n",
    example_good: "'202':\n  description: Accepted\n  headers:\n    Location: { schema: { type: string } }\n",
};

const TRACKING: &[&str] = &[
    "id",
    "status",
    "state",
    "href",
    "url",
    "link",
    "links",
    "location",
    "jobid",
    "operationid",
    "taskid",
    "statusurl",
    "self",
];

/// Verbs that start work a request cannot wait for.
const ASYNC_VERBS: &[&str] = &[
    "finalize",
    "process",
    "export",
    "import",
    "transcode",
    "encode",
    "render",
    "generate",
    "build",
    "deploy",
    "backup",
    "restore",
    "migrate",
    "analyze",
    "reindex",
    "compile",
];

/// Fields of a success body that let a client follow running work.
const JOB_FIELDS: &[&str] = &[
    "status",
    "state",
    "jobid",
    "operationid",
    "taskid",
    "statusurl",
    "progress",
];

/// The async verb a POST is named after: in its last path segment or its operationId.
fn async_verb(cx: &Ctx<'_>, op: &crate::grading::model::Operation) -> Option<String> {
    if op.method != crate::grading::model::Method::Post {
        return None;
    }
    let path = &cx.model.paths[op.path_index];
    let last = path.segments.last().map(literal_parts).unwrap_or_default();
    let from_path = last
        .iter()
        .flat_map(|p| words(p))
        .find(|w| ASYNC_VERBS.contains(&w.as_str()));
    from_path.or_else(|| {
        op.operation_id
            .as_deref()
            .and_then(|id| words(id).into_iter().find(|w| ASYNC_VERBS.contains(&w.as_str())))
    })
}

impl Rule for Async202 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for op in &model.operations {
            let (r, message, fix) = match op.response("202") {
                Some(r)
                    if followable(
                        model,
                        r,
                        &["Location", "Operation-Location", "Content-Location"],
                        TRACKING,
                    ) =>
                {
                    out.pass();
                    continue;
                }
                Some(r) => (
                    r,
                    format!(
                        "the 202 response of `{}` gives no way to follow the accepted work",
                        op.label()
                    ),
                    None,
                ),
                None => {
                    let Some(verb) = async_verb(cx, op) else { continue };
                    let Some(r) = op.responses.iter().find(|r| r.class() == Some('2')) else {
                        continue;
                    };
                    if followable(model, r, &["Location", "Operation-Location"], JOB_FIELDS) {
                        out.pass();
                        continue;
                    }
                    (
                        r,
                        format!(
                            "`{}` starts long-running work (`{verb}`) but answers {} with no way to follow it",
                            op.label(),
                            r.code
                        ),
                        Some("Answer 202 Accepted with `Location: /v1/jobs/{id}` and a job resource with a `status`, or return the job (with its `status`) in the body.".to_string()),
                    )
                }
            };
            out.fail(op_violation(op, r.pointer.clone(), message, fix));
        }
    }
}

/// A response that tells where to follow the work: one of `headers`, or a JSON body with one of
/// `fields`.
fn followable(
    model: &crate::grading::model::Model,
    r: &crate::grading::model::Response,
    headers: &[&str],
    fields: &[&str],
) -> bool {
    headers.iter().any(|h| r.header(h).is_some())
        || json_media(&r.content).and_then(|m| m.schema).is_some_and(|id| {
            model
                .all_properties(id)
                .iter()
                .any(|(n, _)| fields.contains(&squash(n).as_str()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::Tester;

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&Async202)
            // flags untrackable 202
            .fail(
                r#"
                paths:
                  /v1/exports:
                    post: { responses: { "202": { description: later } } }
                  /v1/imports:
                    post:
                      responses:
                        "202":
                          description: later
                          content: { application/json: { schema: { type: object, properties: { job_id: { type: string } } } } }
                  /v1/reports:
                    post: { responses: { "202": { description: later, headers: { Location: { schema: { type: string } } } } } }
                "#,
                &["/paths/~1v1~1exports/post/responses/202"],
            )
            .places(3)
            // async work answered 200 without a status is flagged
            .fail(
                r#"
                paths:
                  /v1/uploads/{id}/finalize:
                    post: { responses: { "200": { description: ok } } }
                  /v1/videos/{id}/transcode:
                    post:
                      responses:
                        "200": { description: ok, content: { application/json: { schema: { type: object, properties: { status: { type: string } } } } } }
                  /v1/links/{id}/revoke:
                    post: { responses: { "200": { description: ok } } }
                "#,
                &["/paths/~1v1~1uploads~1{id}~1finalize/post/responses/200"],
            )
            .places(2)
            .also(|out| assert!(out.violations[0].message.contains("(`finalize`) but answers 200")))
            .test();
    }
}
