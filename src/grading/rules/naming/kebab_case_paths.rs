//! `naming/kebab-case-paths`
//!
//! **What it checks**: every literal path segment is lowercase kebab-case (`short-links`), with
//! a file extension allowed on the last one (`openapi.json`). Each distinct segment is one place.
//!
//! **Why it matters in an interview**: URLs are case-sensitive and read by people. One lowercase,
//! hyphenated style avoids `/shortLinks` vs `/short_links` vs `/ShortLinks` bugs and matches what
//! most public APIs and style guides use.
//!
//! **Example**: `/v1/shortLinks` fails; `/v1/short-links` passes.
//!
//! **How to fix**: rename the segment to lowercase words joined by `-`.
use std::collections::HashSet;

use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{doc_violation, is_prefix_segment, literal_parts, words};

pub struct KebabCasePaths;

pub static META: RuleMeta = RuleMeta {
    id: "naming/kebab-case-paths",
    dimension: Dimension::Naming,
    default_severity: Severity::Warning,
    summary: "Literal path segments are lowercase kebab-case (`/short-links`).",
    why: "Paths are case-sensitive and typed by people. A single lowercase, hyphenated style \
          prevents `/shortLinks` vs `/short_links` mistakes and is what reviewers expect from a \
          public HTTP API.",
    fix: "Rename the segment to lowercase words separated by `-`.",
    example_bad: "paths:\n  /v1/shortLinks:\n    get: {}\n",
    example_good: "paths:\n  /v1/short-links:\n    get: {}\n",
};

/// `short-links`, `v1`, `openapi.json`, `.well-known`.
pub(crate) fn is_kebab(segment: &str) -> bool {
    let s = segment.strip_prefix('.').unwrap_or(segment);
    !s.is_empty()
        && s.split('.').all(|part| {
            !part.is_empty()
                && part
                    .split('-')
                    .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
        })
}

impl Rule for KebabCasePaths {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let mut seen: HashSet<&str> = HashSet::new();
        for path in &cx.model.paths {
            for seg in &path.segments {
                for part in literal_parts(seg) {
                    if is_prefix_segment(part) || !seen.insert(part) {
                        continue;
                    }
                    if is_kebab(part) {
                        out.pass();
                    } else {
                        let kebab = words(part).join("-");
                        out.fail(doc_violation(
                            path.pointer.clone(),
                            format!(
                                "path segment `{part}` in `{}` is not lowercase kebab-case",
                                path.template
                            ),
                            Some(format!("Rename `{part}` to `{kebab}` in every path that uses it.")),
                        ));
                    }
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
    fn flags_camel_and_snake_segments_once() {
        let out = run(
            &KebabCasePaths,
            r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /v1/shortLinks:
    get: { responses: { "200": { description: ok } } }
  /v1/shortLinks/{code}/click_stats:
    get: { responses: { "200": { description: ok } } }
"#,
        );
        assert_eq!(out.places, 2);
        assert_eq!(
            pointers(&out),
            [
                "/paths/~1v1~1shortLinks",
                "/paths/~1v1~1shortLinks~1{code}~1click_stats"
            ]
        );
        assert!(out.violations[1].fix.as_deref().unwrap().contains("`click-stats`"));
    }

    #[test]
    fn accepts_kebab_and_file_names() {
        let out = run(
            &KebabCasePaths,
            r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /v1/short-links/{code}:
    get: { responses: { "200": { description: ok } } }
  /v1/openapi.json:
    get: { responses: { "200": { description: ok } } }
  /.well-known/jwks.json:
    get: { responses: { "200": { description: ok } } }
  /v1/links/{code}:revoke:
    post: { responses: { "200": { description: ok } } }
"#,
        );
        assert!(out.violations.is_empty(), "{:?}", out.violations);
        assert_eq!(out.places, 6);
    }

    #[test]
    fn passes_a_well_designed_api() {
        crate::grading::rules::testing::assert_passes_good_api(&KebabCasePaths);
    }
}
