//! `documentation/examples-valid`
//!
//! **What it checks**: every example (on media types, schemas and parameters) is valid against its
//! schema, using JSON Schema 2020-12 after translating OpenAPI 3.0's dialect (`nullable`, boolean
//! exclusive bounds, OpenAPI-only keywords). Each example is one place; each distinct schema is
//! compiled once. Schemas that reference something outside the document are not judged.
//!
//! **Why it matters in an interview**: an example that contradicts its schema means one of them is
//! wrong, and clients copy examples first. Valid examples prove the schema says what was meant.
//!
//! **Example**: `schema: { type: integer, maximum: 100 }` with `example: 500` fails.
//!
//! **How to fix**: correct the example or the schema so they agree.
use std::collections::{HashMap, HashSet};

use jsonschema::{Draft, Validator};
use serde_json::Value;

use crate::grading::model::{child, Model, Pointer, SchemaId};
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity, Violation};

use super::json_schema::Translator;

pub struct ExamplesValid;

pub static META: RuleMeta = RuleMeta {
    id: "documentation/examples-valid",
    dimension: Dimension::Documentation,
    default_severity: Severity::Error,
    summary: "Examples are valid against their schemas.",
    why: "Clients copy examples before they read schemas. An example that contradicts its schema \
          means one of the two is wrong, and someone's integration will be built on the wrong one.",
    fix: "Correct the example, or the schema, so that they agree.",
    example_bad: "schema: { type: integer, minimum: 1, maximum: 100 }\nexample: 500\n",
    example_good: "schema: { type: integer, minimum: 1, maximum: 100 }\nexample: 20\n",
};

/// Compiles each schema once per grading run.
struct Validators<'m> {
    model: &'m Model,
    translator: Translator<'m>,
    compiled: HashMap<SchemaId, Option<Validator>>,
}

impl<'m> Validators<'m> {
    fn get(&mut self, id: SchemaId) -> Option<&Validator> {
        if !self.compiled.contains_key(&id) {
            let raw: &Value = &self.model.schema(id).raw;
            let validator = self.translator.document(raw).and_then(|doc| {
                jsonschema::options()
                    .with_draft(Draft::Draft202012)
                    .should_validate_formats(true)
                    .build(&doc)
                    .ok()
            });
            self.compiled.insert(id, validator);
        }
        self.compiled.get(&id).and_then(Option::as_ref)
    }
}

fn first_error(v: &Validator, example: &Value) -> Option<String> {
    let err = v.iter_errors(example).next()?;
    let at = err.instance_path().to_string();
    let mut msg = err.to_string();
    if msg.len() > 160 {
        let mut cut = 157;
        while !msg.is_char_boundary(cut) {
            cut -= 1;
        }
        msg.truncate(cut);
        msg.push_str("...");
    }
    Some(if at.is_empty() {
        msg
    } else {
        format!("at `{at}`: {msg}")
    })
}

impl Rule for ExamplesValid {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        let mut validators = Validators {
            model,
            translator: Translator::new(model),
            compiled: HashMap::new(),
        };
        let mut seen: HashSet<Pointer> = HashSet::new();
        let mut judge = |id: SchemaId,
                         pointer: &Pointer,
                         example: &Value,
                         operation: Option<String>,
                         out: &mut Outcome| {
            if !seen.insert(pointer.clone()) {
                return;
            }
            let Some(v) = validators.get(id) else { return };
            match first_error(v, example) {
                None => out.pass(),
                Some(err) => out.fail(Violation {
                    pointer: pointer.clone(),
                    operation,
                    message: format!("example does not match its schema: {err}"),
                    fix: None,
                }),
            }
        };
        for op in &model.operations {
            for p in &op.parameters {
                if let (Some(id), Some(ex)) = (p.schema, &p.example) {
                    let pointer = child(p.def_pointer.as_deref().unwrap_or(&p.pointer), "example");
                    judge(id, &pointer, ex, Some(op.label()), out);
                }
            }
            let bodies = op.request_body.iter().flat_map(|b| &b.content);
            let responses = op.responses.iter().flat_map(|r| &r.content);
            for mt in bodies.chain(responses) {
                let Some(id) = mt.schema else { continue };
                for (pointer, ex) in &mt.examples {
                    judge(id, pointer, ex, Some(op.label()), out);
                }
            }
        }
        for (id, schema) in model.schemas.iter().enumerate() {
            for (pointer, ex) in &schema.examples {
                judge(id, pointer, ex, None, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::{pointers, run};

    #[test]
    fn flags_examples_that_contradict_their_schema() {
        let out = run(
            &ExamplesValid,
            r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /v1/links:
    get:
      parameters:
        - { name: limit, in: query, schema: { type: integer, maximum: 100 }, example: 500 }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Link' }
              example: { code: abc, expires_at: null, owner: { name: 7 } }
components:
  schemas:
    Link:
      type: object
      required: [code, id]
      properties:
        id: { type: string, readOnly: true }
        code: { type: string, example: aZ3kP9x }
        expires_at: { type: string, format: date-time, nullable: true, example: "not a date" }
        owner: { $ref: '#/components/schemas/User' }
    User:
      type: object
      properties:
        name: { type: string }
"#,
        );
        assert_eq!(out.places, 4);
        assert_eq!(
            pointers(&out),
            [
                "/paths/~1v1~1links/get/parameters/0/example",
                "/paths/~1v1~1links/get/responses/200/content/application~1json/example",
                "/components/schemas/Link/properties/expires_at/example",
            ]
        );
        assert!(
            out.violations[1].message.contains("/owner/name"),
            "{}",
            out.violations[1].message
        );
    }

    #[test]
    fn passes_valid_examples_with_cycles() {
        let out = run(
            &ExamplesValid,
            r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /v1/nodes:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Node' }
              example: { name: a, children: [ { name: b, children: [] } ] }
components:
  schemas:
    Node:
      type: object
      properties:
        name: { type: string }
        children: { type: array, items: { $ref: '#/components/schemas/Node' } }
"#,
        );
        assert_eq!(out.places, 1);
        assert!(out.violations.is_empty(), "{:?}", out.violations);
    }
}
