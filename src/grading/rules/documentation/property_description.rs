//! `documentation/property-description`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::child;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{doc_violation, non_empty};

pub struct PropertyDescription;

pub static META: RuleMeta = RuleMeta {
    id: "documentation/property-description",
    dimension: Dimension::Documentation,
    default_severity: Severity::Info,
    summary: "Schema properties have descriptions.",
    checks: "Every schema property has a `description` (or `title`); a property that is a reference to a \
             described schema counts as described. Each property is one place.",
    why: "Field names leave out units, time zones, nullability and lifecycle. Describing fields \
          turns a data model into a contract clients can implement without guessing.",
    fix: "Add a `description` to each property: meaning, units, allowed values, what null means.",
    example_bad: "expires_at:\n  type: string\n  format: date-time\n",
    example_good: "expires_at:\n  type: string\n  format: date-time\n  description: When the link stops redirecting (UTC); null means never.\n",
};

impl Rule for PropertyDescription {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        // One place per schema with properties, not per property: a schema whose fields are all
        // undescribed is one gap to fix, and a large data model should not drown the report.
        // The arena holds each schema object once, so each schema is met once.
        for schema in model.schemas.iter().filter(|s| !s.properties.is_empty()) {
            let missing: Vec<&str> = schema
                .properties
                .iter()
                .filter(|(_, pid)| {
                    let p = model.schema(*pid);
                    !(non_empty(&p.description) || non_empty(&p.title))
                })
                .map(|(name, _)| *name)
                .collect();
            let Some(first) = missing.first() else {
                out.pass();
                continue;
            };
            let owner = schema.name.as_deref().map(|n| format!(" of `{n}`")).unwrap_or_default();
            let names = match missing.len() {
                1 => format!("property `{first}`{owner} has no description"),
                n => {
                    let shown: Vec<String> = missing.iter().take(4).map(|m| format!("`{m}`")).collect();
                    let more = if n > 4 {
                        format!(" and {} more", n - 4)
                    } else {
                        String::new()
                    };
                    format!("{n} properties{owner} have no description: {}{more}", shown.join(", "))
                }
            };
            out.fail(doc_violation(
                child(&child(&schema.pointer, "properties"), first),
                names,
                None,
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
        Tester::new(&PropertyDescription)
            // flags undescribed properties
            .fail(
                r#"
                components:
                  schemas:
                    Link:
                      type: object
                      properties:
                        code: { type: string, description: The short code. }
                        expires_at: { type: string }
                        owner: { $ref: '#/components/schemas/User' }
                    User:
                      type: object
                      description: A person.
                      properties:
                        name: { type: string, title: Display name }
                "#,
                &["/components/schemas/Link/properties/expires_at"],
            )
            .also(|out| assert_eq!(out.places, 2, "one place per schema with properties"))
            .also(|out| assert_eq!(
                    out.violations[0].message,
                    "property `expires_at` of `Link` has no description"
                ))
            // one finding per schema names its undescribed properties
            .fail(
                r#"
                components:
                  schemas:
                    Wide:
                      type: object
                      properties: { a: { type: string }, b: { type: string }, c: { type: string }, d: { type: string }, e: { type: string }, f: { type: string, description: F. } }
                "#,
                &["/components/schemas/Wide/properties/a"],
            )
            .places(1)
            .also(|out| assert_eq!(
                    out.violations[0].message,
                    "5 properties of `Wide` have no description: `a`, `b`, `c`, `d` and 1 more"
                ))
            .test();
    }
}
