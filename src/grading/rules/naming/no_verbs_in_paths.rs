//! `naming/no-verbs-in-paths`
//!
//! **What it checks**: no literal path segment starts with a CRUD verb (`get`, `create`,
//! `update`, `delete`, `list`, ...). Domain actions after an item (`/orders/{id}/cancel`) are
//! custom methods and are allowed.
//!
//! **Why it matters in an interview**: paths name resources and the HTTP method names the
//! action. `/getLinks` and `/createLink` show RPC habits and double the number of URLs to learn.
//!
//! **Example**: `POST /v1/createLink` fails; `POST /v1/links` passes.
//!
//! **How to fix**: move the verb into the method (`GET`, `POST`, `PATCH`, `DELETE`) and name the
//! collection with a plural noun.
use crate::grading::model::Segment;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{doc_violation, is_plural_word, resource_segments, words, CRUD_VERBS};

pub struct NoVerbsInPaths;

pub static META: RuleMeta = RuleMeta {
    id: "naming/no-verbs-in-paths",
    dimension: Dimension::Naming,
    default_severity: Severity::Error,
    summary: "Path segments name resources; the HTTP method carries the verb.",
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
            for seg in segs {
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
                }
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
    use crate::grading::rules::testing::{pointers, run};

    #[test]
    fn flags_verb_segments() {
        let out = run(
            &NoVerbsInPaths,
            r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /v1/createLink:
    post: { responses: { "201": { description: ok } } }
  /v1/links/{code}/delete:
    post: { responses: { "200": { description: ok } } }
  /v1/links:
    get: { responses: { "200": { description: ok } } }
"#,
        );
        assert_eq!(out.places, 3);
        assert_eq!(
            pointers(&out),
            ["/paths/~1v1~1createLink", "/paths/~1v1~1links~1{code}~1delete"]
        );
        assert_eq!(
            out.violations[0].fix.as_deref(),
            Some("Use `POST /v1/links` and let the method say `create`.")
        );
    }

    #[test]
    fn accepts_nouns_and_domain_actions() {
        let out = run(
            &NoVerbsInPaths,
            r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /v1/links/{code}/revoke:
    post: { responses: { "200": { description: ok } } }
  /v1/updates:
    get: { responses: { "200": { description: ok } } }
  /v1/settings:
    get: { responses: { "200": { description: ok } } }
"#,
        );
        assert_eq!(out.places, 3);
        assert!(out.violations.is_empty(), "{:?}", out.violations);
    }

    #[test]
    fn passes_a_well_designed_api() {
        crate::grading::rules::testing::assert_passes_good_api(&NoVerbsInPaths);
    }
}
