//! `pagination/consistent-scheme`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::{Model, Operation};
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{
    is_collection_get, last_literal, list_shape, op_violation, page_size_param, position_param, singular, squash,
    success_schema, words, ListShape, Scheme,
};

pub struct ConsistentScheme;

pub static META: RuleMeta = RuleMeta {
    id: "pagination/consistent-scheme",
    dimension: Dimension::Pagination,
    default_severity: Severity::Warning,
    summary: "Every list paginates the same way (one scheme, one page-size name, one envelope field).",
    checks: "All paginated list GETs use one scheme (cursor, page number or offset) and one page-size parameter \
             name; the most used combination wins. Envelopes hold their items in one field (`data`), or each \
             in a field named after the resource its path names (`{ total_count, repositories }` at \
             `/installation/repositories`, `{ tasks }` at `/tasks`): either is one convention, and the most used \
             one wins.",
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
        // The field that holds the items in an envelope (`data`, `items`, `results`, or each list's
        // own resource): the most used convention wins, and a list that puts its items elsewhere
        // needs its own client code.
        let field = |op: &Operation| match success_schema(op).map(|(_, _, id)| list_shape(model, id)) {
            Some(ListShape::Envelope(f)) => {
                let convention = items_field(model, op, &f);
                Some((f, convention))
            }
            _ => None,
        };
        let mut fields: Vec<(ItemsField, usize)> = Vec::new();
        for (_, convention) in lists.iter().filter_map(|(op, ..)| field(op)) {
            match fields.iter_mut().find(|(x, _)| *x == convention) {
                Some(c) => c.1 += 1,
                None => fields.push((convention, 1)),
            }
        }
        let main_field = fields
            .iter()
            .fold(None::<&(ItemsField, usize)>, |best, c| match best {
                Some(b) if b.1 >= c.1 => Some(b),
                _ => Some(c),
            })
            .filter(|(_, n)| *n >= 2)
            .map(|(f, _)| f.clone());
        // A list that follows the resource convention, to show it by example.
        let resource_example = lists.iter().find_map(|(op, ..)| match field(op) {
            Some((f, ItemsField::Resource)) => Some((op.label(), f)),
            _ => None,
        });
        for (op, p, s, z) in &lists {
            let odd_field = field(op).filter(|(_, c)| main_field.as_ref().is_some_and(|m| m != c));
            if *s == scheme && *z == size && odd_field.is_none() {
                out.pass();
                continue;
            }
            if let (Some((f, _)), true) = (&odd_field, *s == scheme && *z == size) {
                let (most, fix) = match &main_field {
                    Some(ItemsField::Named(m)) => (
                        format!("most lists use `{m}`"),
                        format!("Return the items in `{m}` like the other lists."),
                    ),
                    _ => (
                        match &resource_example {
                            Some((example, named)) => {
                                format!("most lists name it after their resource (`{example}` returns `{named}`)")
                            }
                            None => "most lists name it after their resource".to_string(),
                        },
                        "Name the field after the resource the path names, like the other lists.".to_string(),
                    ),
                };
                out.fail(op_violation(
                    op,
                    op.pointer.clone(),
                    format!("`{}` returns its items in `{f}` while {most}", op.label()),
                    Some(fix),
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

/// How a list names the field of its envelope that holds the items.
#[derive(Debug, Clone, PartialEq)]
enum ItemsField {
    /// One name for every list (`data`, `items`, `results`), compared as written.
    Named(String),
    /// After the resource the path names: `repositories` at `/installation/repositories`,
    /// `workflow_runs` at `/actions/runs`, `accessible_repositories` at `/repository-access`.
    Resource,
}

/// Container words that name no resource: a field called so is the one-name convention even at
/// a path that uses the same word.
const GENERIC_FIELDS: &[&str] = &[
    "data", "items", "results", "entries", "records", "values", "list", "elements", "content", "nodes", "edges",
];

/// Which convention the items' field `f` of a list follows: named after its resource when its
/// head noun is a word of the path's last literal segment, singular and plural alike.
fn items_field(model: &Model, op: &Operation, f: &str) -> ItemsField {
    let named = words(f);
    let head = named.last().map(String::as_str).unwrap_or_default();
    if GENERIC_FIELDS.contains(&head) {
        return ItemsField::Named(f.to_string());
    }
    let same = |a: &str, b: &str| {
        singular(a) == singular(b) || a.strip_suffix("es") == Some(b) || b.strip_suffix("es") == Some(a)
    };
    let path = &model.paths[op.path_index];
    let resource = last_literal(path).is_some_and(|seg| words(seg).iter().any(|w| same(head, w)));
    if resource {
        ItemsField::Resource
    } else {
        ItemsField::Named(f.to_string())
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

    /// A list at `path` paged by cursor and limit, its items in the envelope field `field`.
    fn list(path: &str, field: &str) -> String {
        format!(
            "  {path}:\n    get:\n      parameters: [ {{ name: cursor, in: query, schema: {{ type: string }} }}, {{ name: limit, in: query, schema: {{ type: integer }} }} ]\n      responses:\n        '200': {{ description: ok, content: {{ application/json: {{ schema: {{ type: object, properties: {{ total_count: {{ type: integer }}, {field}: {{ type: array, items: {{ type: string }} }}, next_cursor: {{ type: string }} }} }} }} }} }}\n"
        )
    }

    /// Seen on GitHub's description: `{ total_count, repositories }`, `{ tasks }`,
    /// `{ total_count, workflow_runs }` are one convention, each list's items named after its
    /// resource, not lists that disagree with the most used name.
    #[test]
    fn envelopes_named_after_their_resource_are_one_convention() {
        let github = [
            list("/v1/installation/repositories", "repositories"),
            list("/v1/user/installations/{installation_id}/repositories", "repositories"),
            list("/v1/agents/tasks", "tasks"),
            list("/v1/repos/{owner}/{repo}/actions/runs", "workflow_runs"),
            list("/v1/orgs/{org}/dependabot/repository-access", "accessible_repositories"),
            list("/v1/repos/{owner}/{repo}/commits/{ref}/status", "statuses"),
        ]
        .concat();
        let resource_and_data = [
            list("/v1/installation/repositories", "repositories"),
            list("/v1/agents/tasks", "tasks"),
            list("/v1/orgs/{org}/runners", "data"),
        ]
        .concat();
        let data_and_resource = [
            list("/v1/links", "data"),
            list("/v1/clicks", "data"),
            list("/v1/tasks", "tasks"),
        ]
        .concat();
        Tester::new(&ConsistentScheme)
            .pass(&[&format!("paths:\n{github}")])
            // the resource convention is the main one: a list that says `data` is the odd one
            .fail(
                &format!("paths:\n{resource_and_data}"),
                &["/paths/~1v1~1orgs~1{org}~1runners/get"],
            )
            .also(|out| {
                assert_eq!(
                    out.violations[0].message,
                    "`GET /v1/orgs/{org}/runners` returns its items in `data` while most lists name it after their \
                     resource (`GET /v1/installation/repositories` returns `repositories`)"
                );
            })
            // `data` is the main one: a list named after its resource is the odd one
            .fail(&format!("paths:\n{data_and_resource}"), &["/paths/~1v1~1tasks/get"])
            .test();
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
