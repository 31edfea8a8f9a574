//! `versioning/major-only`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use std::collections::HashSet;

use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::doc_violation;

use crate::grading::rules::support::versions::{path_version, server_version};

pub struct MajorOnly;

pub static META: RuleMeta = RuleMeta {
    id: "versioning/major-only",
    dimension: Dimension::Versioning,
    default_severity: Severity::Warning,
    summary: "Versions in URLs are major versions only (`/v1`, not `/v1.2`).",
    checks: "A version in a path or server URL names a major version only (`v1`, `v2beta`), never a minor or \
             patch (`v1.2`, `1.0.3`). Each distinct version token is one place.",
    why: "A URL version should change only on breaking changes. Minor versions in the URL force \
          clients to change code for compatible additions and multiply the endpoints to run.",
    fix: "Keep only the major number in the URL (`/v1`); record minor versions in `info.version`.",
    example_bad: "paths:\n  /v1.2/links: {}\n",
    example_good: "paths:\n  /v1/links: {}\n",
};

fn is_major(token: &str) -> bool {
    !token.contains('.')
}

impl Rule for MajorOnly {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        let mut seen: HashSet<&str> = HashSet::new();
        let judge = |token: &str, pointer: &str, out: &mut Outcome| {
            if is_major(token) {
                out.pass();
            } else {
                let major = token.split('.').next().unwrap_or(token);
                let major = if major.starts_with(['v', 'V']) {
                    major.to_string()
                } else {
                    format!("v{major}")
                };
                out.fail(doc_violation(
                    pointer.to_string(),
                    format!("version `{token}` in the URL names more than a major version"),
                    Some(format!("Use `/{major}` and record `{token}` in `info.version`.")),
                ));
            }
        };
        for server in &model.servers {
            if let Some(v) = server_version(&server.url) {
                if seen.insert(v) {
                    judge(v, &server.pointer, out);
                }
            }
        }
        for path in &model.paths {
            if let Some(v) = path_version(path) {
                if seen.insert(v) {
                    judge(v, &path.pointer, out);
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
        Tester::new(&MajorOnly)
            // flags minor versions
            .fail(
                r#"
                servers: [ { url: "https://api.example.com/v1" } ]
                paths:
                  /v1.2/links:
                    get: { responses: { "200": { description: ok } } }
                  /v1/links:
                    get: { responses: { "200": { description: ok } } }
                "#,
                &["/paths/~1v1.2~1links"],
            )
            .places(2)
            // passes majors
            .pass(&[r#"
                paths:
                  /v1/links:
                    get: { responses: { "200": { description: ok } } }
                  /v2beta/links:
                    get: { responses: { "200": { description: ok } } }
                "#])
            .places(2)
            .test();
    }
}
