//! `versioning/deprecation-replacement`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::child;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::op_violation;

pub struct DeprecationReplacement;

pub static META: RuleMeta = RuleMeta {
    id: "versioning/deprecation-replacement",
    dimension: Dimension::Versioning,
    default_severity: Severity::Warning,
    summary: "Deprecated operations name their replacement or a sunset date.",
    checks: "Every operation marked `deprecated: true` tells clients what to do: its description names the \
             replacement (\"use `GET /v2/links` instead\", \"replaced by ...\"), or its responses carry a \
             `Sunset` or `Deprecation` header.",
    why: "A deprecation flag alone tells clients to leave without saying where to go or by when. \
          Naming the replacement and sending `Sunset`/`Deprecation` headers makes the migration \
          plannable, which is what interviewers ask about when versions change.",
    fix: "Say what replaces the operation in its description, and declare a `Sunset` (or \
          `Deprecation`) response header with the retirement date.",
    example_bad: "get:\n  deprecated: true\n",
    example_good: "get:\n  deprecated: true\n  description: Use `GET /v2/links` instead; removed after 2027-01-01.\n",
};

fn names_replacement(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    [
        "instead",
        "replaced",
        "replacement",
        "superseded",
        "successor",
        "migrate",
        "use `",
        "use /",
        "use the",
        "in favor",
        "in favour",
        "see `",
        "sunset",
    ]
    .iter()
    .any(|k| t.contains(k))
}

impl Rule for DeprecationReplacement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        for op in cx.model.operations.iter().filter(|op| op.deprecated) {
            let text = op.description.as_deref().unwrap_or("").to_string() + " " + op.summary.as_deref().unwrap_or("");
            let header = op
                .responses
                .iter()
                .any(|r| r.header("Sunset").is_some() || r.header("Deprecation").is_some());
            let extension = op.extensions.iter().any(|(k, _)| {
                let k = k.to_ascii_lowercase();
                k.contains("sunset") || k.contains("replaced") || k.contains("successor")
            });
            if header || extension || names_replacement(&text) {
                out.pass();
            } else {
                out.fail(op_violation(
                    op,
                    child(&op.pointer, "deprecated"),
                    format!(
                        "`{}` is deprecated without naming a replacement or a sunset date",
                        op.label()
                    ),
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
        Tester::new(&DeprecationReplacement)
            // flags bare deprecations
            .fail(
                r#"
                paths:
                  /v1/links:
                    get: { deprecated: true, responses: { "200": { description: ok } } }
                    post: { responses: { "201": { description: ok } } }
                "#,
                &["/paths/~1v1~1links/get/deprecated"],
            )
            .places(1)
            // passes named replacements and sunset headers
            .pass(&[r#"
                paths:
                  /v1/links:
                    get:
                      deprecated: true
                      description: Use `GET /v2/links` instead.
                      responses: { "200": { description: ok } }
                    post:
                      deprecated: true
                      responses: { "201": { description: ok, headers: { Sunset: { schema: { type: string } } } } }
                "#])
            .places(2)
            .test();
    }
}
