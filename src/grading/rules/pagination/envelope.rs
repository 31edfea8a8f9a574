//! `pagination/envelope`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{
    is_collection_get, list_shape, op_violation, schema_pointer, success_schema, ListShape,
};

pub struct Envelope;

pub static META: RuleMeta = RuleMeta {
    id: "pagination/envelope",
    dimension: Dimension::Pagination,
    default_severity: Severity::Error,
    summary: "List responses are an envelope object, not a bare array.",
    checks: "A list response is an object that holds the items (`{ data: [...], next_cursor }`), not a bare JSON \
             array.",
    why: "A bare array leaves no room for a next cursor, totals or other metadata, so paginating \
          later breaks every client. Interviewers look for an envelope from day one.",
    fix: "Return an object such as `{ data: [...], next_cursor: string | null }`.",
    example_bad: "schema:\n  type: array\n  items: { $ref: '#/components/schemas/Link' }\n",
    example_good: "schema:\n  type: object\n  properties:\n    data: { type: array, items: { $ref: '#/components/schemas/Link' } }\n    next_cursor: { type: string, nullable: true }\n",
};

impl Rule for Envelope {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for op in model.operations.iter().filter(|op| is_collection_get(model, op)) {
            let Some((r, mt, id)) = success_schema(op) else {
                continue;
            };
            // A bare array whose response carries a `Link` header (RFC 8288, as GitHub pages) has
            // its next page in the header: that is pagination, and `next-link` accepts it too.
            if list_shape(model, id) == ListShape::BareArray && r.header("Link").is_none() {
                out.fail(op_violation(
                    op,
                    schema_pointer(mt),
                    format!("`{}` returns a bare array in its {} response", op.label(), r.code),
                    None,
                ));
            } else {
                out.pass();
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
        Tester::new(&Envelope)
            // a bare array paged by a link header is paginated
            .pass(&[r#"
                paths:
                  /v1/repos:
                    get:
                      parameters: [ { name: per_page, in: query, schema: { type: integer, maximum: 100 } } ]
                      responses:
                        "200":
                          description: ok
                          headers: { Link: { schema: { type: string } } }
                          content: { application/json: { schema: { type: array, items: { type: string } } } }
                "#])
            .places(1)
            // flags bare arrays
            .fail(
                r#"
                paths:
                  /v1/links:
                    get:
                      responses:
                        "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } }
                "#,
                &["/paths/~1v1~1links/get/responses/200/content/application~1json/schema"],
            )
            .places(1)
            // passes envelopes
            .pass(&[r#"
                paths:
                  /v1/links:
                    get:
                      responses:
                        "200":
                          description: ok
                          content:
                            application/json:
                              schema:
                                type: object
                                properties:
                                  data: { type: array, items: { type: string } }
                                  next_cursor: { type: string }
                "#])
            .places(1)
            .test();
    }
}
