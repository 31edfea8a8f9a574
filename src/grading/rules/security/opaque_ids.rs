//! `security/opaque-ids`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use std::collections::HashSet;

use crate::grading::model::ParamLocation;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{op_violation, param_types, words};

pub struct OpaqueIds;

pub static META: RuleMeta = RuleMeta {
    id: "security/opaque-ids",
    dimension: Dimension::Security,
    default_severity: Severity::Warning,
    summary: "Ids in paths are opaque strings (UUIDs), not sequential integers.",
    checks: "A path parameter that names an id (`id`, `link_id`, `userId`) is a string (a UUID, ULID or other \
             opaque token), not an integer. Each distinct (path, parameter) is one place.",
    why: "Sequential ids leak business volume and invite enumeration attacks (`/orders/42`, `/43`, \
          ...); they also collide when data is sharded or merged. Opaque ids avoid all three.",
    fix: "Use `type: string` ids such as UUIDs or prefixed random tokens (`lnk_8fK2...`).",
    example_bad: "- name: order_id\n  in: path\n  schema: { type: integer }\n",
    example_good: "- name: order_id\n  in: path\n  schema: { type: string, format: uuid }\n",
};

fn is_id_name(name: &str) -> bool {
    words(name).last().is_some_and(|w| w == "id")
}

impl Rule for OpaqueIds {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        let mut seen: HashSet<(usize, &str)> = HashSet::new();
        for op in &model.operations {
            for p in op.params_in(ParamLocation::Path) {
                if !is_id_name(&p.name) || !seen.insert((op.path_index, p.name.as_str())) {
                    continue;
                }
                let types = param_types(model, p);
                if types.iter().any(|t| *t == "integer" || *t == "number") {
                    out.fail(op_violation(
                        op,
                        p.def_pointer.clone().unwrap_or_else(|| p.pointer.clone()),
                        format!(
                            "path parameter `{}` of `{}` is a sequential-looking integer id",
                            p.name, op.path
                        ),
                        None,
                    ));
                } else {
                    out.pass();
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
        Tester::new(&OpaqueIds)
            // flags integer ids once per path
            .fail(
                r#"
                paths:
                  /v1/orders/{order_id}:
                    parameters: [ { name: order_id, in: path, required: true, schema: { type: integer } } ]
                    get: { responses: { "200": { description: ok } } }
                    delete: { responses: { "204": { description: ok } } }
                  /v1/users/{userId}:
                    get:
                      parameters: [ { name: userId, in: path, required: true, schema: { type: string, format: uuid } } ]
                      responses: { "200": { description: ok } }
                  /v1/links/{code}:
                    get:
                      parameters: [ { name: code, in: path, required: true, schema: { type: integer } } ]
                      responses: { "200": { description: ok } }
                "#,
                &["/paths/~1v1~1orders~1{order_id}/parameters/0"],
            )
            .places(2)
            .test();
    }
}
