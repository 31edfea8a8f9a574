//! `pagination/next-link`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::Model;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{
    is_collection_get, list_shape, op_violation, schema_pointer, squash, success_schema, ListShape,
};

pub struct NextLink;

pub static META: RuleMeta = RuleMeta {
    id: "pagination/next-link",
    dimension: Dimension::Pagination,
    default_severity: Severity::Error,
    summary: "List envelopes expose the next cursor or link.",
    checks: "A list envelope tells the client how to get the next page: a property such as `next_cursor`, `next`, \
             `next_page_token`, `has_more`, `links.next` or `page_info.end_cursor`, or a `Link` response header.",
    why: "When the server hands out the position of the next page, clients never compute offsets \
          and never skip or repeat items while data changes. Interviewers expect `next_cursor` or a \
          `next` link.",
    fix: "Add `next_cursor` (null on the last page) or a `links.next` URL to the envelope, or send a \
          `Link: <...>; rel=\"next\"` header.",
    example_bad: "schema:\n  type: object\n  properties:\n    data: { type: array, items: {} }\n",
    example_good: "schema:\n  type: object\n  properties:\n    data: { type: array, items: {} }\n    next_cursor: { type: string, nullable: true }\n",
};

fn is_next_name(name: &str) -> bool {
    let n = squash(name);
    n.contains("next")
        || n.contains("cursor")
        || n.contains("continuation")
        || n.contains("pagetoken")
        || n == "hasmore"
        || n == "after"
}

/// Whether the envelope (or one object level below it: `links`, `meta`, `page_info`) names the
/// next page.
pub(crate) fn has_next(model: &Model, id: usize) -> bool {
    for (name, pid) in model.all_properties(id) {
        if is_next_name(name) {
            return true;
        }
        if model.all_properties(pid).iter().any(|(n, _)| is_next_name(n)) {
            return true;
        }
    }
    false
}

impl Rule for NextLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for op in model.operations.iter().filter(|op| is_collection_get(model, op)) {
            let Some((r, mt, id)) = success_schema(op) else {
                continue;
            };
            if r.header("Link").is_some() {
                out.pass();
                continue;
            }
            let ListShape::Envelope(items) = list_shape(model, id) else {
                continue;
            };
            if has_next(model, id) {
                out.pass();
            } else {
                out.fail(op_violation(
                    op,
                    schema_pointer(mt),
                    format!(
                        "the list envelope of `{}` holds `{items}` but no next cursor or link",
                        op.label()
                    ),
                    None,
                ));
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
        Tester::new(&NextLink)
            // flags envelopes without next
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
                              schema: { type: object, properties: { data: { type: array, items: { type: string } }, total: { type: integer } } }
                "#,
                &["/paths/~1v1~1links/get/responses/200/content/application~1json/schema"],
            )
            .places(1)
            // passes next cursor links and link headers
            .pass(&[r#"
                paths:
                  /v1/links:
                    get:
                      responses:
                        "200":
                          description: ok
                          content:
                            application/json:
                              schema: { type: object, properties: { data: { type: array, items: { type: string } }, next_cursor: { type: string } } }
                  /v1/clicks:
                    get:
                      responses:
                        "200":
                          description: ok
                          content:
                            application/json:
                              schema:
                                type: object
                                properties:
                                  items: { type: array, items: { type: string } }
                                  links: { type: object, properties: { next: { type: string } } }
                  /v1/users:
                    get:
                      responses:
                        "200":
                          description: ok
                          headers: { Link: { schema: { type: string } } }
                          content:
                            application/json:
                              schema: { type: array, items: { type: string } }
                "#])
            .places(3)
            .test();
    }
}
