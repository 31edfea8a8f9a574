//! `documentation/self-contained-refs`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::Model;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::doc_violation;

pub struct SelfContainedRefs;

pub static META: RuleMeta = RuleMeta {
    id: "documentation/self-contained-refs",
    dimension: Dimension::Documentation,
    default_severity: Severity::Error,
    summary: "Every `$ref` points inside the document, at something that exists.",
    checks: "Every `$ref` points inside the document (`#/...`) and at something that exists. A reference to a URL \
             or a file is never fetched or read: what it would describe is not graded. Places: each such \
             reference only, so a document whose references are all sound is neither rewarded nor charged (every \
             other rule already reads what its references point at).",
    why: "The document handed in is the design. References to files or URLs the reader cannot see \
          leave holes in the contract, and a reference to nothing breaks every code generator and \
          validator that reads it.",
    fix: "Bundle the referenced definitions into `components` and point at them with \
          `#/components/...`.",
    example_bad: "schema:\n  $ref: 'https://example.com/schemas/Link.json'\n",
    example_good: "schema:\n  $ref: '#/components/schemas/Link'\n",
};

impl Rule for SelfContainedRefs {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        bad_refs(cx.model, out);
    }
}

/// One failing place per reference the model could not follow: outside the document, or at
/// nothing in it. The event documents' rule reads its arena the same way.
pub(crate) fn bad_refs(model: &Model<'_>, out: &mut Outcome) {
    for r in &model.external_refs {
        out.fail(doc_violation(
            r.pointer.clone(),
            format!(
                "`$ref: {}` points outside the document; it was not fetched, so what it describes was not graded",
                r.target
            ),
            None,
        ));
    }
    for r in &model.broken_refs {
        out.fail(doc_violation(
            r.pointer.clone(),
            format!("`$ref: {}` points at nothing in this document", r.target),
            Some(format!("Define `{}` or correct the reference.", r.target)),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::{Tester, GOOD_API};

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&SelfContainedRefs)
            // flags external and dangling references
            .fail(
                r##"
                paths:
                  /v1/links:
                    get:
                      responses:
                        "200":
                          description: ok
                          content:
                            application/json:
                              schema: { $ref: "https://example.com/schemas/Link.json" }
                        "404":
                          description: missing
                          content:
                            application/json:
                              schema: { $ref: "#/components/schemas/Nope" }
                "##,
                &[
                    "/paths/~1v1~1links/get/responses/200/content/application~1json/schema",
                    "/paths/~1v1~1links/get/responses/404/content/application~1json/schema",
                ],
            )
            .places(2)
            .also(|out| assert!(out.violations.iter().any(|v| v.message.contains("not fetched"))))
            .also(|out| assert!(out.violations.iter().any(|v| v.message.contains("points at nothing"))))
            // sound internal references are not counted
            .not_applicable(&[
                r##"
                paths:
                  /v1/links:
                    get:
                      responses:
                        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Link" } } } }
                components:
                  schemas:
                    Link: { type: object }
                "##,
                GOOD_API,
            ])
            .test();
    }
}
