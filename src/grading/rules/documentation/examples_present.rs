//! `documentation/examples-present`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use std::collections::HashSet;

use crate::grading::model::{Model, SchemaId};
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{is_json, op_violation};

pub struct ExamplesPresent;

pub static META: RuleMeta = RuleMeta {
    id: "documentation/examples-present",
    dimension: Dimension::Documentation,
    default_severity: Severity::Warning,
    summary: "Request bodies and success responses have examples.",
    checks: "Every JSON request body and success response body has an example: on the media type, on the schema, \
             or on every top-level property. Each media type is one place (a shared component response counts \
             once).",
    why: "One realistic payload communicates more than a page of schema. Reviewers, mock servers \
          and client developers all read the example first.",
    fix: "Add a realistic `example` to each request body and success response media type.",
    example_bad: "content:\n  application/json:\n    schema: { $ref: '#/components/schemas/Link' }\n",
    example_good: "content:\n  application/json:\n    schema: { $ref: '#/components/schemas/Link' }\n    example: { code: aZ3kP9x, long_url: 'https://example.com' }\n",
};

/// Whether the schema carries examples itself, through its items, or on each property.
fn schema_has_example(model: &Model, id: SchemaId, depth: u8) -> bool {
    let s = model.schema(id);
    if !s.examples.is_empty() || s.default.is_some() {
        return true;
    }
    if depth == 0 {
        return false;
    }
    if let Some(items) = s.items {
        return schema_has_example(model, items, depth - 1);
    }
    let props = model.all_properties(id);
    !props.is_empty() && props.iter().all(|(_, p)| schema_has_example(model, *p, depth - 1))
}

impl Rule for ExamplesPresent {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        let mut seen: HashSet<&str> = HashSet::new();
        for op in &model.operations {
            let bodies = op
                .request_body
                .iter()
                .flat_map(|b| b.content.iter().map(move |m| ("request body", m)));
            let responses = op
                .responses
                .iter()
                .filter(|r| r.class() == Some('2'))
                .flat_map(|r| r.content.iter().map(move |m| (r.code.as_str(), m)));
            for (what, mt) in bodies.chain(responses) {
                let Some(id) = mt.schema else { continue };
                if !is_json(&mt.media_type) || !seen.insert(mt.pointer.as_str()) {
                    continue;
                }
                if !mt.examples.is_empty() || schema_has_example(model, id, 3) {
                    out.pass();
                } else {
                    let what = if what == "request body" {
                        what.to_string()
                    } else {
                        format!("{what} response")
                    };
                    out.fail(op_violation(
                        op,
                        mt.pointer.clone(),
                        format!("the {what} of `{}` (`{}`) has no example", op.label(), mt.media_type),
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
        Tester::new(&ExamplesPresent)
            // flags bodies without examples
            .fail(
                r#"
                paths:
                  /v1/links:
                    post:
                      requestBody:
                        content: { application/json: { schema: { type: object, properties: { url: { type: string } } } } }
                      responses:
                        "201":
                          description: ok
                          content:
                            application/json:
                              schema: { type: object, properties: { code: { type: string } } }
                              example: { code: abc }
                    get:
                      responses:
                        "200":
                          description: ok
                          content:
                            application/json:
                              schema: { type: object, properties: { code: { type: string, example: abc } } }
                "#,
                &["/paths/~1v1~1links/post/requestBody/content/application~1json"],
            )
            .places(3)
            .test();
    }
}
