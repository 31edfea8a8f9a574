//! `errors/shared-error-schema`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::{Model, SchemaId};
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{error_responses, json_media, op_violation, schema_pointer};

pub struct SharedErrorSchema;

pub static META: RuleMeta = RuleMeta {
    id: "errors/shared-error-schema",
    dimension: Dimension::Errors,
    default_severity: Severity::Error,
    summary: "All error responses share one error schema.",
    checks: "Every error response (4xx/5xx) with a body uses one error schema: the one most used in the document. \
             A schema that extends it through `allOf` (a validation error adding an `errors` list) counts as the \
             same. Each error response is one place.",
    why: "Clients write one error handler for the whole API. Different error shapes per endpoint \
          force special cases everywhere and show that errors were not designed as part of the contract.",
    fix: "Define one error schema (RFC 9457 Problem Details: type, title, status, detail, instance) \
          in `components.schemas` and reference it from every 4xx/5xx response.",
    example_bad: "'404': { content: { application/json: { schema: { $ref: '#/components/schemas/Error' } } } }\n'422': { content: { application/json: { schema: { type: object, properties: { msg: { type: string } } } } } }\n",
    example_good: "'404': { content: { application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } } } }\n'422': { content: { application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } } } }\n",
};

/// What makes two error schemas "the same": the component name, or the definition's location.
fn key(model: &Model, id: SchemaId) -> String {
    let s = model.schema(id);
    match &s.name {
        Some(n) => format!("#{n}"),
        None => serde_json::to_string(s.raw).unwrap_or_default(),
    }
}

impl Rule for SharedErrorSchema {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        let mut places = Vec::new();
        for op in &model.operations {
            for r in error_responses(op) {
                let Some(mt) = json_media(&r.content) else {
                    continue;
                };
                let Some(id) = mt.schema else { continue };
                places.push((op, r, mt, id, key(model, id)));
            }
        }
        if places.is_empty() {
            return;
        }
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for p in &places {
            match counts.iter_mut().find(|(k, _)| *k == p.4) {
                Some(c) => c.1 += 1,
                None => counts.push((&p.4, 1)),
            }
        }
        let mut best = counts[0];
        for c in &counts[1..] {
            if c.1 > best.1 {
                best = *c;
            }
        }
        let shared = best.0.to_string();
        let shared_name = shared.strip_prefix('#').map(str::to_string);
        for (op, r, mt, id, k) in &places {
            let extends = model.schema(*id).all_of.iter().any(|a| key(model, *a) == shared);
            if *k == shared || extends {
                out.pass();
                continue;
            }
            let what = match &model.schema(*id).name {
                Some(n) => format!("`{n}`"),
                None => "an inline schema".to_string(),
            };
            let expected = match &shared_name {
                Some(n) => format!("`{n}`"),
                None => "the shared error schema".to_string(),
            };
            out.fail(op_violation(
                op,
                schema_pointer(mt),
                format!(
                    "the {} response of `{}` uses {what} while other errors use {expected}",
                    r.code,
                    op.label()
                ),
                Some(format!("Reference {expected} (or extend it with `allOf`).")),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::Tester;

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&SharedErrorSchema)
            // flags a different error shape
            .fail(
                r#"
                paths:
                  /v1/links/{code}:
                    get:
                      responses:
                        "200": { description: ok }
                        "404": { description: no, content: { application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } } } }
                        "401": { description: no, content: { application/problem+json: { schema: { $ref: '#/components/schemas/Problem' } } } }
                    patch:
                      responses:
                        "200": { description: ok }
                        "422": { description: bad, content: { application/json: { schema: { type: object, properties: { msg: { type: string } } } } } }
                        "409": { description: bad, content: { application/problem+json: { schema: { $ref: '#/components/schemas/ValidationProblem' } } } }
                components:
                  schemas:
                    Problem: { type: object, properties: { title: { type: string } } }
                    ValidationProblem:
                      allOf:
                        - $ref: '#/components/schemas/Problem'
                        - { type: object, properties: { errors: { type: array, items: { type: string } } } }
                "#,
                &["/paths/~1v1~1links~1{code}/patch/responses/422/content/application~1json/schema"],
            )
            .places(4)
            .test();
    }
}
