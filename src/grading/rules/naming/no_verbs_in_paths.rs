//! `naming/no-verbs-in-paths`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::Segment;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{
    doc_violation, is_plural_segment, is_plural_word, resource_segments, words, CRUD_VERBS,
};

pub struct NoVerbsInPaths;

pub static META: RuleMeta = RuleMeta {
    id: "naming/no-verbs-in-paths",
    dimension: Dimension::Naming,
    default_severity: Severity::Error,
    summary: "Path segments name resources; the HTTP method carries the verb.",
    checks: "No literal path segment starts with a CRUD verb (`get`, `create`, `update`, `delete`, `list`, ...). \
             Domain actions after an item (`/orders/{id}/cancel`) are custom methods and are allowed.",
    why: "Interviewers read `/getLinks` or `/createLink` as RPC over HTTP: the method already says \
          get or create, and verb paths multiply endpoints instead of reusing one resource URL.",
    fix: "Drop the verb from the path and let the method act on a plural resource: \
          `POST /links` instead of `/createLink`, `DELETE /links/{code}` instead of `/links/{code}/delete`.",
    example_bad: "paths:\n  /v1/createLink:\n    post: {}\n",
    example_good: "paths:\n  /v1/links:\n    post: {}\n",
};

/// The method that says what a verb says.
fn method_for(verb: &str) -> &'static str {
    match verb {
        "create" | "add" | "new" | "insert" | "make" | "post" => "POST",
        "update" | "edit" | "modify" | "set" | "change" | "patch" | "write" => "PATCH",
        "delete" | "remove" | "destroy" | "erase" => "DELETE",
        "put" | "save" => "PUT",
        _ => "GET",
    }
}

/// `createShortLink` -> `short-links`.
fn noun_for(segment_words: &[String]) -> Option<String> {
    let rest = &segment_words[1..];
    let (last, head) = rest.split_last()?;
    let mut s: Vec<String> = head.to_vec();
    s.push(if is_plural_word(last) {
        last.clone()
    } else {
        format!("{last}s")
    });
    Some(s.join("-"))
}

/// Verbs that are never resource names: as a segment they are legitimate only as an action on one
/// item (`/uploads/{id}/finalize`) or a custom method (`/messages:send`), never as an endpoint of
/// their own (`/messages/send`, `/sendMessage`, `/finalizeUpload`).
const ACTION_ONLY_VERBS: &[&str] = &[
    "send",
    "finalize",
    "process",
    "generate",
    "compute",
    "calculate",
    "transcode",
    "notify",
    "execute",
    "trigger",
    "dispatch",
    "submit",
    "approve",
    "reject",
    "publish",
    "cancel",
    "refund",
    "capture",
    "resend",
    "retry",
    "activate",
    "deactivate",
    "revoke",
];

impl Rule for NoVerbsInPaths {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        for path in &cx.model.paths {
            let segs = resource_segments(path);
            if segs.is_empty() {
                continue;
            }
            let mut found = None;
            let mut action: Option<(String, String, Vec<String>)> = None;
            for (i, seg) in segs.iter().enumerate() {
                let text = match seg {
                    Segment::Literal(s) => s.as_str(),
                    // `links:search` is a custom method, judged by its resource part only
                    Segment::Mixed(m) => m.split([':', '.', '{']).next().unwrap_or(""),
                    Segment::Param(_) => continue,
                };
                let ws = words(text);
                if let Some(first) = ws.first() {
                    if CRUD_VERBS.contains(&first.as_str()) {
                        found = Some((text.to_string(), first.clone(), ws));
                        break;
                    }
                    let item_action =
                        ws.len() == 1 && i + 1 == segs.len() && i > 0 && matches!(segs[i - 1], Segment::Param(_));
                    // `transcode-jobs` names a collection of jobs: the verb only qualifies a noun.
                    let noun_phrase = ws.len() > 1 && is_plural_segment(text);
                    if ACTION_ONLY_VERBS.contains(&first.as_str()) && !item_action && !noun_phrase {
                        action = Some((text.to_string(), first.clone(), ws));
                        break;
                    }
                }
            }
            if let Some((segment, verb, ws)) = action {
                let prefix = path.template.split(&segment).next().unwrap_or("/");
                // `/messages/send`: the collection before the verb; `/finalizeUpload`: the noun after it.
                let collection = match ws.get(1..).filter(|r| !r.is_empty()) {
                    Some(rest) => {
                        let noun = rest.join("-");
                        format!(
                            "{prefix}{}",
                            if noun.ends_with('s') { noun } else { format!("{noun}s") }
                        )
                    }
                    None => prefix.trim_end_matches('/').to_string(),
                };
                out.fail(doc_violation(
                    path.pointer.clone(),
                    format!(
                        "`{}` has the verb `{verb}` in segment `{segment}` as an endpoint of its own",
                        path.template
                    ),
                    Some(format!(
                        "Model what `{verb}` produces as a resource (`POST {collection}`), or make it an action on one item: `POST {collection}/{{id}}/{verb}` or `{collection}/{{id}}:{verb}`."
                    )),
                ));
                continue;
            }
            match found {
                None => out.pass(),
                Some((segment, verb, ws)) => {
                    let method = method_for(&verb);
                    let prefix = path.template.split(&segment).next().unwrap_or("/");
                    let fix = match noun_for(&ws) {
                        Some(noun) => format!("Use `{method} {prefix}{noun}` and let the method say `{verb}`."),
                        None => format!(
                            "Remove the `{segment}` segment and send `{method}` to `{}`.",
                            prefix.trim_end_matches('/')
                        ),
                    };
                    out.fail(doc_violation(
                        path.pointer.clone(),
                        format!(
                            "`{}` has the verb `{verb}` in segment `{segment}`; the HTTP method already says what happens",
                            path.template
                        ),
                        Some(fix),
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
        Tester::new(&NoVerbsInPaths)
            // accepts nouns and domain actions
            .pass(&[r#"
                paths:
                  /v1/links/{code}/revoke:
                    post: { responses: { "200": { description: ok } } }
                  /v1/updates:
                    get: { responses: { "200": { description: ok } } }
                  /v1/settings:
                    get: { responses: { "200": { description: ok } } }
                "#])
            .places(3)
            // flags verb segments
            .fail(
                r#"
                paths:
                  /v1/createLink:
                    post: { responses: { "201": { description: ok } } }
                  /v1/links/{code}/delete:
                    post: { responses: { "200": { description: ok } } }
                  /v1/links:
                    get: { responses: { "200": { description: ok } } }
                "#,
                &["/paths/~1v1~1createLink", "/paths/~1v1~1links~1{code}~1delete"],
            )
            .places(3)
            .also(|out| assert_eq!(
                    out.violations[0].fix.as_deref(),
                    Some("Use `POST /v1/links` and let the method say `create`.")
                ))
            // action verbs as endpoints of their own are verbs
            .fail(
                r#"
                paths:
                  /v1/messages/send:
                    post: { responses: { "200": { description: ok } } }
                  /v1/finalizeUpload:
                    post: { responses: { "200": { description: ok } } }
                  /v1/uploads/{id}/finalize:
                    post: { responses: { "200": { description: ok } } }
                  /v1/documents/{id}:process:
                    post: { responses: { "202": { description: ok } } }
                  /v1/videos/{id}/transcode-jobs:
                    post: { responses: { "202": { description: ok } } }
                "#,
                &["/paths/~1v1~1messages~1send", "/paths/~1v1~1finalizeUpload"],
            )
            .places(5)
            .also(|out| assert_eq!(
                    out.violations[0].fix.as_deref(),
                    Some("Model what `send` produces as a resource (`POST /v1/messages`), or make it an action on one item: `POST /v1/messages/{id}/send` or `/v1/messages/{id}:send`.")
                ))
            .also(|out| assert_eq!(
                    out.violations[1].fix.as_deref(),
                    Some("Model what `finalize` produces as a resource (`POST /v1/uploads`), or make it an action on one item: `POST /v1/uploads/{id}/finalize` or `/v1/uploads/{id}:finalize`.")
                ))
            .test();
    }
}
