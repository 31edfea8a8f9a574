//! `security/schemes-defined`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use std::collections::HashSet;

use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::doc_violation;

pub struct SchemesDefined;

pub static META: RuleMeta = RuleMeta {
    id: "security/schemes-defined",
    dimension: Dimension::Security,
    default_severity: Severity::Error,
    summary: "Security schemes are defined, and every referenced scheme exists.",
    checks: "The document defines at least one security scheme (`components.securitySchemes`), and every scheme \
             named in a `security` requirement exists. Places: the document, plus each distinct scheme name used.",
    why: "Every API design must answer \"who may call this, and how do they prove it?\". No scheme \
          means the question was skipped; a requirement naming an undefined scheme is invalid.",
    fix: "Define a scheme under `components.securitySchemes` (HTTP bearer, OAuth 2, API key in a \
          header) and reference it by that name.",
    example_bad: "security:\n  - bearerAuth: []\n",
    example_good: "security:\n  - bearerAuth: []\ncomponents:\n  securitySchemes:\n    bearerAuth: { type: http, scheme: bearer, bearerFormat: JWT }\n",
};

impl Rule for SchemesDefined {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        if model.operations.is_empty() && model.security_schemes.is_empty() {
            return;
        }
        if model.security_schemes.is_empty() {
            out.fail(doc_violation(
                "/components".to_string(),
                "the document defines no security scheme".to_string(),
                None,
            ));
        } else {
            out.pass();
        }
        let defined: HashSet<&str> = model.security_schemes.iter().map(|s| s.name.as_str()).collect();
        let mut seen: HashSet<&str> = HashSet::new();
        let requirements = model
            .security
            .iter()
            .flatten()
            .chain(model.operations.iter().filter_map(|op| op.security.as_ref()).flatten());
        for req in requirements {
            for (name, _) in &req.schemes {
                if !seen.insert(name.as_str()) {
                    continue;
                }
                if defined.contains(name.as_str()) {
                    out.pass();
                } else {
                    out.fail(doc_violation(
                        req.pointer.clone(),
                        format!("security requirement names `{name}`, which is not a defined scheme"),
                        Some(format!(
                            "Define `{name}` under `components.securitySchemes`, or fix the name."
                        )),
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
        Tester::new(&SchemesDefined)
            // flags missing and undefined schemes
            .fail(
                r#"
                security: [ { bearerAuth: [] } ]
                paths:
                  /v1/links:
                    get: { responses: { "200": { description: ok } } }
                "#,
                &["/components", "/security/0"],
            )
            .places(2)
            // passes defined schemes
            .pass(&[r#"
                security: [ { bearerAuth: [] } ]
                paths:
                  /v1/links:
                    get: { responses: { "200": { description: ok } } }
                components:
                  securitySchemes:
                    bearerAuth: { type: http, scheme: bearer }
                "#])
            .places(2)
            .test();
    }
}
