//! `naming/kebab-case-paths`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use std::collections::HashSet;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::grading::rule::{one_of, Ctx, Dimension, OptionError, Outcome, Rule, RuleMeta, RuleOptions, Severity};
use crate::grading::rules::support::casing::convert;
use crate::grading::rules::support::{doc_violation, is_prefix_segment, literal_parts, Casing};

pub struct KebabCasePaths;

pub static META: RuleMeta = RuleMeta {
    id: "naming/kebab-case-paths",
    dimension: Dimension::Naming,
    default_severity: Severity::Warning,
    summary: "Literal path segments are lowercase and use one word separator (kebab-case by preference).",
    checks: "Every literal path segment is lowercase, and multi-word segments use one separator across the API: \
             kebab-case (`short-links`) or snake_case (`short_links`), whichever the API mostly uses (kebab-case \
             on a tie), or the one the rubric's `style` option names. A file extension is allowed on the last one \
             (`openapi.json`). Each distinct segment is one place.",
    why: "Paths are case-sensitive and typed by people. A single lowercase, hyphenated style \
          prevents `/shortLinks` vs `/short_links` mistakes and is what reviewers expect from a \
          public HTTP API.",
    fix: "Rename the segment to lowercase words joined the way the rest of the API joins them (`-` by preference).",
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

/// A lowercase snake_case segment: `click_stats`.
fn is_snake(segment: &str) -> bool {
    !segment.is_empty()
        && segment.contains('_')
        && segment
            .split('_')
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

/// Options: `style` pins the separator instead of the one the API's paths mostly use.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KebabCasePathsOptions {
    pub style: Option<PathStyle>,
}

/// The separators a rubric may pin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::VariantNames)]
pub enum PathStyle {
    #[strum(to_string = "kebab-case")]
    Kebab,
    #[strum(to_string = "snake_case")]
    Snake,
}

impl<'de> Deserialize<'de> for PathStyle {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        one_of(d)
    }
}

impl Rule for KebabCasePaths {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn options(&self, raw: &Map<String, Value>) -> Result<RuleOptions, OptionError> {
        RuleOptions::parse::<KebabCasePathsOptions>(raw)
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let mut parts: Vec<(&str, &crate::grading::model::PathItem)> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for path in &cx.model.paths {
            for seg in &path.segments {
                for part in literal_parts(seg) {
                    if !is_prefix_segment(part) && seen.insert(part) {
                        parts.push((part, path));
                    }
                }
            }
        }
        let kebab_words = parts.iter().filter(|(p, _)| p.contains('-') && is_kebab(p)).count();
        let snake_words = parts.iter().filter(|(p, _)| is_snake(p)).count();
        let style = match cx.options::<KebabCasePathsOptions>().style {
            Some(PathStyle::Snake) => Casing::Snake,
            Some(PathStyle::Kebab) => Casing::Kebab,
            _ if snake_words > kebab_words => Casing::Snake,
            _ => Casing::Kebab,
        };
        for (part, path) in parts {
            // One-word lowercase segments are both kebab-case and snake_case.
            let ok = if style == Casing::Snake {
                is_snake(part) || (is_kebab(part) && !part.contains('-'))
            } else {
                is_kebab(part)
            };
            if ok {
                out.pass();
                continue;
            }
            let renamed = convert(part, style);
            let what = if part.chars().any(|c| c.is_ascii_uppercase()) {
                format!("is not lowercase {}", style.name())
            } else {
                format!("is not {} like the rest of the API's paths", style.name())
            };
            out.fail(doc_violation(
                path.pointer.clone(),
                format!("path segment `{part}` in `{}` {what}", path.template),
                Some(format!("Rename `{part}` to `{renamed}` in every path that uses it.")),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::Tester;

    /// A consistently snake_case API with one kebab-case path.
    const SNAKE: &str = r#"
paths:
  /v1/short_links/{code}/click_stats:
    get: { responses: { "200": { description: ok } } }
  /v1/users/{id}/api_keys:
    get: { responses: { "200": { description: ok } } }
  /v1/audit-events:
    get: { responses: { "200": { description: ok } } }
"#;

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&KebabCasePaths)
            // accepts kebab and file names
            .pass(&[r#"
                paths:
                  /v1/short-links/{code}:
                    get: { responses: { "200": { description: ok } } }
                  /v1/openapi.json:
                    get: { responses: { "200": { description: ok } } }
                  /.well-known/jwks.json:
                    get: { responses: { "200": { description: ok } } }
                  /v1/links/{code}:revoke:
                    post: { responses: { "200": { description: ok } } }
                "#])
            .places(6)
            // flags camel and snake segments once
            .fail(
                r#"
                paths:
                  /v1/shortLinks:
                    get: { responses: { "200": { description: ok } } }
                  /v1/shortLinks/{code}/click_stats:
                    get: { responses: { "200": { description: ok } } }
                  /v1/link-groups:
                    get: { responses: { "200": { description: ok } } }
                  /v1/api-keys:
                    get: { responses: { "200": { description: ok } } }
                "#,
                &[
                    "/paths/~1v1~1shortLinks",
                    "/paths/~1v1~1shortLinks~1{code}~1click_stats",
                ],
            )
            .places(4)
            .also(|out| assert!(out.violations[1].fix.as_deref().unwrap().contains("`click-stats`")))
            // a consistently snake_case API is consistent
            .fail(SNAKE, &["/paths/~1v1~1audit-events"])
            .also(|out| {
                assert!(
                    out.violations[0].message.contains("is not snake_case like the rest"),
                    "{}",
                    out.violations[0].message
                )
            })
            .also(|out| {
                assert_eq!(
                    out.violations[0].fix.as_deref(),
                    Some("Rename `audit-events` to `audit_events` in every path that uses it.")
                )
            })
            .test();
        // The rubric can prefer one style whatever the API does.
        Tester::new(&KebabCasePaths)
            .options(serde_json::json!({ "style": "kebab-case" }))
            .fail(
                SNAKE,
                &[
                    "/paths/~1v1~1short_links~1{code}~1click_stats",
                    "/paths/~1v1~1short_links~1{code}~1click_stats",
                    "/paths/~1v1~1users~1{id}~1api_keys",
                ],
            )
            .test();
    }
}
