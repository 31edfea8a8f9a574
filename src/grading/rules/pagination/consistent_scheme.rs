//! `pagination/consistent-scheme`
//!
//! **What it checks**: all paginated list GETs use one scheme (cursor, page number or offset) and
//! one page-size parameter name; the most used combination wins.
//!
//! **Why it matters in an interview**: a client writes one pagination helper. If `/links` takes
//! `cursor&limit` and `/clicks` takes `page&per_page`, every list needs its own code.
//!
//! **Example**: `cursor` on one list and `offset` on another fails; `cursor` on both passes.
//!
//! **How to fix**: use the same position and page-size parameters on every list.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{
    is_collection_get, op_violation, page_size_param, position_param, squash, Scheme,
};

pub struct ConsistentScheme;

pub static META: RuleMeta = RuleMeta {
    id: "pagination/consistent-scheme",
    dimension: Dimension::Pagination,
    default_severity: Severity::Warning,
    summary: "Every list paginates the same way (one scheme, one page-size name).",
    why: "Clients write one pagination helper for the whole API. Mixing `cursor&limit` with \
          `page&per_page` forces per-endpoint code and shows the lists were designed in isolation.",
    fix: "Use the same position parameter (ideally `cursor`) and page-size name (e.g. `limit`) on every list.",
    example_bad: "/v1/links: { get: { parameters: [ { name: cursor, in: query } ] } }\n/v1/clicks: { get: { parameters: [ { name: offset, in: query } ] } }\n",
    example_good: "/v1/links: { get: { parameters: [ { name: cursor, in: query } ] } }\n/v1/clicks: { get: { parameters: [ { name: cursor, in: query } ] } }\n",
};

impl Rule for ConsistentScheme {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        // (op, scheme, page-size name squashed)
        let mut lists = Vec::new();
        for op in model.operations.iter().filter(|op| is_collection_get(model, op)) {
            if let Some((p, scheme)) = position_param(op) {
                let size = page_size_param(op).map(|s| squash(&s.name));
                lists.push((op, p, scheme, size));
            }
        }
        if lists.len() < 2 {
            return;
        }
        let mut counts: Vec<(Scheme, Option<String>, usize)> = Vec::new();
        for (_, _, scheme, size) in &lists {
            match counts.iter_mut().find(|(s, z, _)| s == scheme && z == size) {
                Some(c) => c.2 += 1,
                None => counts.push((*scheme, size.clone(), 1)),
            }
        }
        // Most used; on a tie, the first met.
        let mut best = &counts[0];
        for c in &counts[1..] {
            if c.2 > best.2 {
                best = c;
            }
        }
        let (scheme, size) = (best.0, best.1.clone());
        for (op, p, s, z) in &lists {
            if *s == scheme && *z == size {
                out.pass();
                continue;
            }
            let what = if *s != scheme {
                format!(
                    "paginates by {} (`{}`) while most lists use {}",
                    s.name(),
                    p.name,
                    scheme.name()
                )
            } else {
                format!(
                    "names its page size `{}` while most lists use `{}`",
                    z.as_deref().unwrap_or("(none)"),
                    size.as_deref().unwrap_or("(none)")
                )
            };
            out.fail(op_violation(
                op,
                op.pointer.clone(),
                format!("`{}` {what}", op.label()),
                None,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::{pointers, run};

    #[test]
    fn flags_the_odd_list() {
        let out = run(
            &ConsistentScheme,
            r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /v1/links:
    get:
      parameters: [ { name: cursor, in: query, schema: { type: string } }, { name: limit, in: query, schema: { type: integer } } ]
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } }
  /v1/users:
    get:
      parameters: [ { name: cursor, in: query, schema: { type: string } }, { name: limit, in: query, schema: { type: integer } } ]
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } }
  /v1/clicks:
    get:
      parameters: [ { name: page, in: query, schema: { type: integer } }, { name: per_page, in: query, schema: { type: integer } } ]
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } }
"#,
        );
        assert_eq!(out.places, 3);
        assert_eq!(pointers(&out), ["/paths/~1v1~1clicks/get"]);
    }

    #[test]
    fn one_list_is_always_consistent() {
        let out = run(
            &ConsistentScheme,
            r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /v1/links:
    get:
      parameters: [ { name: offset, in: query, schema: { type: integer } } ]
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } }
"#,
        );
        assert_eq!(out.places, 0);
    }

    #[test]
    fn passes_a_well_designed_api() {
        crate::grading::rules::testing::assert_passes_good_api(&ConsistentScheme);
    }
}
