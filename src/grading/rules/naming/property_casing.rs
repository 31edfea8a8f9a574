//! `naming/property-casing`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::grading::model::child;
use crate::grading::rule::{Ctx, Dimension, OptionError, Outcome, Rule, RuleMeta, RuleOptions, Severity};
use crate::grading::rules::support::casing::{check_names, CasingOptions};

pub struct PropertyCasing;

pub static META: RuleMeta = RuleMeta {
    id: "naming/property-casing",
    dimension: Dimension::Naming,
    default_severity: Severity::Warning,
    summary: "Schema properties use one casing across the API (rubric option `style` pins one).",
    checks: "Schema property names made of several words all use one casing (the one most used in the document, \
             or the rubric's `style` option: `camelCase`, `snake_case`, ...). Each distinct multi-word name is \
             one place; single words fit every style and are not judged.",
    why: "Clients map every field by name. Mixing `created_at` and `updatedAt` doubles the \
          conventions a consumer has to know and signals an unreviewed design.",
    fix: "Choose camelCase or snake_case for JSON fields and rename the properties that differ.",
    example_bad:
        "Link:\n  type: object\n  properties:\n    created_at: { type: string }\n    updatedAt: { type: string }\n",
    example_good:
        "Link:\n  type: object\n  properties:\n    created_at: { type: string }\n    updated_at: { type: string }\n",
};

impl Rule for PropertyCasing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn options(&self, raw: &Map<String, Value>) -> Result<RuleOptions, OptionError> {
        CasingOptions::parse(raw)
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut names = Vec::new();
        for schema in &cx.model.schemas {
            for (name, _) in &schema.properties {
                if seen.insert(*name) {
                    let pointer = child(&child(&schema.pointer, "properties"), name);
                    names.push((*name, pointer, None));
                }
            }
        }
        check_names(cx, out, &names, "property");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::Tester;

    const DOC: &str = r#"
components:
  schemas:
    Link:
      type: object
      properties:
        id: { type: string }
        created_at: { type: string }
        long_url: { type: string }
        updatedAt: { type: string }
"#;

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&PropertyCasing)
            // flags the odd one out
            .fail(DOC, &["/components/schemas/Link/properties/updatedAt"])
            .places(3)
            .also(|out| assert_eq!(out.violations[0].fix.as_deref(), Some("Rename it to `updated_at`.")))
            // passes one style
            .pass(&[r#"
                components:
                  schemas:
                    Link:
                      type: object
                      properties:
                        createdAt: { type: string }
                        longUrl: { type: string }
                        owner: { type: object, properties: { displayName: { type: string } } }
                "#])
            .places(3)
            .pass(&["components: { schemas: { Link: { properties: { createdAt: {}, longUrl: {} } } } }"])
            .test();
        // the rubric can pin the style, by its name or its short name
        for style in ["camelCase", "camel"] {
            Tester::new(&PropertyCasing)
                .options(serde_json::json!({ "style": style }))
                .pass(&["components: { schemas: { Link: { properties: { createdAt: {}, longUrl: {} } } } }"])
                .fail(
                    DOC,
                    &[
                        "/components/schemas/Link/properties/created_at",
                        "/components/schemas/Link/properties/long_url",
                    ],
                )
                .test();
        }
    }
}
