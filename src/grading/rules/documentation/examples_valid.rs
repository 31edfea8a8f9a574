//! `documentation/examples-valid`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use jsonschema::{Draft, Registry, Validator};
use serde_json::Value;

use crate::grading::model::{child, SchemaId};
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity, Violation};

use crate::grading::rules::support::json_schema::{component_ref, components_resource, registry, translate_schema};

pub struct ExamplesValid;

pub static META: RuleMeta = RuleMeta {
    id: "documentation/examples-valid",
    dimension: Dimension::Documentation,
    default_severity: Severity::Error,
    summary: "Examples are valid against their schemas.",
    checks: "Every example (on media types, schemas and parameters) is valid against its schema, using JSON \
             Schema 2020-12 after translating OpenAPI 3.0's dialect (`nullable`, boolean exclusive bounds, \
             OpenAPI-only keywords). Each example is one place; each distinct schema is compiled once. Schemas \
             that reference something outside the document are not judged.",
    why: "Clients copy examples before they read schemas. An example that contradicts its schema \
          means one of the two is wrong, and someone's integration will be built on the wrong one.",
    fix: "Correct the example, or the schema, so that they agree.",
    example_bad: "schema: { type: integer, minimum: 1, maximum: 100 }\nexample: 500\n",
    example_good: "schema: { type: integer, minimum: 1, maximum: 100 }\nexample: 20\n",
};

/// Every distinct schema that has examples, compiled together: one validator whose `properties`
/// hold each schema under its slot number, so the components they share are compiled once for
/// the whole document rather than once per schema. An example is checked as
/// `{"<slot>": example}`. When the combined schema does not compile (a bad `pattern`, a reference
/// that cannot be followed), each schema is compiled alone instead, so one broken schema does not
/// hide every other finding.
struct Validators<'r> {
    registry: Option<&'r Registry<'r>>,
    combined: Value,
    batch: Option<Validator>,
    single: HashMap<usize, Option<Validator>>,
}

pub(crate) fn options<'a>(registry: Option<&'a Registry<'a>>) -> jsonschema::ValidationOptions<'a> {
    let mut options = jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true);
    if let Some(registry) = registry {
        options = options.with_registry(registry);
    }
    options
}

impl<'r> Validators<'r> {
    fn new(registry: Option<&'r Registry<'r>>, schemas: Vec<Value>) -> Self {
        let mut properties = serde_json::Map::new();
        for (slot, schema) in schemas.into_iter().enumerate() {
            properties.insert(slot.to_string(), schema);
        }
        let mut combined = serde_json::Map::new();
        combined.insert("properties".to_string(), Value::Object(properties));
        let combined = Value::Object(combined);
        let batch = options(registry).build(&combined).ok();
        Validators {
            registry,
            combined,
            batch,
            single: HashMap::new(),
        }
    }

    /// The first error of `example` against the schema in `slot`, or `None` when it is valid.
    /// `Err(())` when that schema cannot be compiled at all.
    fn check(&mut self, slot: usize, example: &Value) -> Result<Option<String>, ()> {
        let key = slot.to_string();
        if let Some(batch) = &self.batch {
            let mut wrapper = serde_json::Map::new();
            wrapper.insert(key.clone(), example.clone());
            let wrapper = Value::Object(wrapper);
            let prefix = format!("/{key}");
            return Ok(first_error(batch, &wrapper, &prefix));
        }
        let registry = self.registry;
        let combined = &self.combined;
        let validator = self.single.entry(slot).or_insert_with(|| {
            let schema = &combined["properties"][key.as_str()];
            options(registry).build(schema).ok()
        });
        match validator {
            Some(v) => Ok(first_error(v, example, "")),
            None => Err(()),
        }
    }
}

/// The first error, its instance path made relative to the example by removing `prefix`.
pub(crate) fn first_error(v: &Validator, example: &Value, prefix: &str) -> Option<String> {
    let err = v.iter_errors(example).next()?;
    let path = err.instance_path().to_string();
    let at = path.strip_prefix(prefix).unwrap_or(&path);
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
        // (schema, pointer of the example, example, operation index), each example once
        let mut seen: HashSet<&str> = HashSet::new();
        let mut tasks: Vec<(SchemaId, Cow<'_, str>, &Value, Option<usize>)> = Vec::new();
        for (oi, op) in model.operations.iter().enumerate() {
            for p in &op.parameters {
                if let (Some(id), Some(ex)) = (p.schema, &p.example) {
                    let at = p.def_pointer.as_deref().unwrap_or(&p.pointer);
                    if seen.insert(at) {
                        tasks.push((id, Cow::Owned(child(at, "example")), ex, Some(oi)));
                    }
                }
            }
            let bodies = op.request_body.iter().flat_map(|b| &b.content);
            let responses = op.responses.iter().flat_map(|r| &r.content);
            for mt in bodies.chain(responses) {
                let Some(id) = mt.schema else { continue };
                for (pointer, ex) in &mt.examples {
                    if seen.insert(pointer) {
                        tasks.push((id, Cow::Borrowed(pointer), ex, Some(oi)));
                    }
                }
            }
        }
        for (id, schema) in model.schemas.iter().enumerate() {
            for (pointer, ex) in &schema.examples {
                if seen.insert(pointer) {
                    tasks.push((id, Cow::Borrowed(pointer), ex, None));
                }
            }
        }
        if tasks.is_empty() {
            return;
        }
        // One slot per distinct translated schema; schemas that cannot be translated are not judged.
        let mut slot_of: HashMap<SchemaId, Option<usize>> = HashMap::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut components: HashMap<&str, usize> = HashMap::new();
        let mut schemas: Vec<Value> = Vec::new();
        let mut reached: Vec<String> = Vec::new();
        for (id, ..) in &tasks {
            if slot_of.contains_key(id) {
                continue;
            }
            // A component is referenced, not copied: it is translated once, with the others
            // examples reach, and every slot that names it shares that one compiled schema.
            if let Some(name) = &model.schema(*id).name {
                let slot = *components.entry(name.as_str()).or_insert_with(|| {
                    reached.push(name.clone());
                    schemas.push(component_ref(name, None));
                    schemas.len() - 1
                });
                slot_of.insert(*id, Some(slot));
                continue;
            }
            let slot = translate_schema(model.schema(*id).raw).and_then(|(schema, deps)| {
                let key = serde_json::to_string(&schema).ok()?;
                Some(*by_key.entry(key).or_insert_with(|| {
                    reached.extend(deps);
                    schemas.push(schema);
                    schemas.len() - 1
                }))
            });
            slot_of.insert(*id, slot);
        }
        if schemas.is_empty() {
            return;
        }
        let resource = components_resource(model, reached);
        // A component that could not be translated (it reaches outside the document) is not
        // judged, and its slot must not break the batch.
        let defs = resource.get("$defs").and_then(Value::as_object);
        let mut judged = vec![true; schemas.len()];
        for (name, &slot) in &components {
            if !defs.is_some_and(|d| d.contains_key(*name)) {
                schemas[slot] = Value::Bool(true);
                judged[slot] = false;
            }
        }
        let registry = registry(&resource);
        let mut validators = Validators::new(registry.as_ref(), schemas);
        for (id, pointer, example, oi) in tasks {
            let Some(slot) = slot_of[&id].filter(|&s| judged[s]) else {
                continue;
            };
            match validators.check(slot, example) {
                Err(()) => {}
                Ok(None) => out.pass(),
                Ok(Some(err)) => out.fail(Violation {
                    pointer: pointer.into_owned(),
                    operation: oi.map(|i| model.operations[i].label()),
                    message: format!("example does not match its schema: {err}"),
                    fix: None,
                    ..Default::default()
                }),
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
        Tester::new(&ExamplesValid)
            // one uncompilable schema does not hide the others
            .fail(
                r#"
                paths:
                  /v1/links:
                    get:
                      parameters:
                        - { name: q, in: query, schema: { type: string, pattern: "(" }, example: x }
                        - { name: limit, in: query, schema: { type: integer, format: int32, maximum: 10 }, example: 50 }
                      responses: { "200": { description: ok } }
                "#,
                &["/paths/~1v1~1links/get/parameters/1/example"],
            )
            .places(1)
            // a component reaching outside the document is not judged
            .fail(
                r#"
                paths:
                  /v1/links:
                    get:
                      responses:
                        "200":
                          description: ok
                          content:
                            application/json:
                              schema: { $ref: '#/components/schemas/Remote' }
                              example: { owner: 7 }
                        "404":
                          description: missing
                          content:
                            application/json:
                              schema: { $ref: '#/components/schemas/Problem' }
                              example: { status: "not a number" }
                components:
                  schemas:
                    Remote:
                      type: object
                      properties:
                        owner: { $ref: 'https://example.com/schemas.yaml#/User' }
                    Problem:
                      type: object
                      properties:
                        status: { type: integer }
                "#,
                &["/paths/~1v1~1links/get/responses/404/content/application~1json/example"],
            )
            .places(1)
            // passes valid examples with cycles
            .pass(&[r#"
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
                "#])
            .places(1)
            // flags examples that contradict their schema
            .fail(
                r#"
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
                &[
                    "/paths/~1v1~1links/get/parameters/0/example",
                    "/paths/~1v1~1links/get/responses/200/content/application~1json/example",
                    "/components/schemas/Link/properties/expires_at/example",
                ],
            )
            .places(4)
            .also(|out| {
                assert!(
                    out.violations[1].message.contains("/owner/name"),
                    "{}",
                    out.violations[1].message
                )
            })
            .test();
    }
}
