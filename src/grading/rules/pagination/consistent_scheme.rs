//! `pagination/consistent-scheme`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{
    is_collection_get, list_shape, op_violation, page_size_param, position_param, squash, success_schema, ListShape,
    Scheme,
};

pub struct ConsistentScheme;

pub static META: RuleMeta = RuleMeta {
    id: "pagination/consistent-scheme",
    dimension: Dimension::Pagination,
    default_severity: Severity::Warning,
    summary: "Every list paginates the same way (one scheme, one page-size name, one envelope field).",
    checks: "All paginated list GETs use one scheme (cursor, page number or offset) and one page-size parameter \
             name; the most used combination wins.",
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
            if let Some((p, scheme)) = position_param(model, op) {
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
        // The field that holds the items in an envelope (`data`, `items`, `results`): the most
        // used one wins, and a list that puts its items elsewhere needs its own client code.
        let field =
            |op: &crate::grading::model::Operation| match success_schema(op).map(|(_, _, id)| list_shape(model, id)) {
                Some(ListShape::Envelope(f)) => Some(f),
                _ => None,
            };
        let mut fields: Vec<(String, usize)> = Vec::new();
        for f in lists.iter().filter_map(|(op, ..)| field(op)) {
            match fields.iter_mut().find(|(x, _)| *x == f) {
                Some(c) => c.1 += 1,
                None => fields.push((f, 1)),
            }
        }
        let main_field = fields
            .iter()
            .fold(None::<&(String, usize)>, |best, c| match best {
                Some(b) if b.1 >= c.1 => Some(b),
                _ => Some(c),
            })
            .filter(|(_, n)| *n >= 2)
            .map(|(f, _)| f.clone());
        for (op, p, s, z) in &lists {
            let odd_field = field(op).filter(|f| main_field.as_ref().is_some_and(|m| m != f));
            if *s == scheme && *z == size && odd_field.is_none() {
                out.pass();
                continue;
            }
            if let (Some(f), true) = (&odd_field, *s == scheme && *z == size) {
                out.fail(op_violation(
                    op,
                    op.pointer.clone(),
                    format!(
                        "`{}` returns its items in `{f}` while most lists use `{}`",
                        op.label(),
                        main_field.as_deref().unwrap_or_default()
                    ),
                    Some(format!(
                        "Return the items in `{}` like the other lists.",
                        main_field.as_deref().unwrap_or_default()
                    )),
                ));
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
    use crate::grading::rules::testing::{pointers, run, Tester};

    #[test]
    fn flags_the_list_with_a_different_envelope_field() {
        let list = |field: &str| {
            format!(
                "    get:\n      parameters: [ {{ name: cursor, in: query, schema: {{ type: string }} }}, {{ name: limit, in: query, schema: {{ type: integer }} }} ]\n      responses:\n        '200': {{ description: ok, content: {{ application/json: {{ schema: {{ type: object, properties: {{ {field}: {{ type: array, items: {{ type: string }} }}, next_cursor: {{ type: string }} }} }} }} }} }}\n"
            )
        };
        let doc = format!(
            "paths:\n  /v1/links:\n{}  /v1/tags:\n{}  /v1/clicks:\n{}",
            list("data"),
            list("data"),
            list("results")
        );
        let out = run(&ConsistentScheme, &doc);
        assert_eq!(out.places, 3);
        assert_eq!(pointers(&out), ["/paths/~1v1~1clicks/get"]);
        assert_eq!(
            out.violations[0].message,
            "`GET /v1/clicks` returns its items in `results` while most lists use `data`"
        );
    }

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&ConsistentScheme)
            // flags the odd list
            .fail(
                r#"
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
                &["/paths/~1v1~1clicks/get"],
            )
            .places(3)
            // one list is always consistent
            .not_applicable(&[r#"
                paths:
                  /v1/links:
                    get:
                      parameters: [ { name: offset, in: query, schema: { type: integer } } ]
                      responses:
                        "200": { description: ok, content: { application/json: { schema: { type: array, items: { type: string } } } } }
                "#])
            .test();
    }
}
