//! `naming/plural-collections`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use std::collections::BTreeMap;

use crate::grading::model::{Method, Segment};
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{
    doc_violation, is_action_path, is_collection_get, is_creating_post, is_plural_segment, is_prefix_segment, words,
    CRUD_VERBS,
};

pub struct PluralCollections;

pub static META: RuleMeta = RuleMeta {
    id: "naming/plural-collections",
    dimension: Dimension::Naming,
    default_severity: Severity::Error,
    summary: "Collection segments are plural nouns (`/links`, `/links/{code}`).",
    checks: "A literal segment that names a collection is a plural noun. A segment is a collection when a path \
             parameter follows it (`/links/{code}`) or when it ends a path that creates with POST. Singletons \
             (`/me`, `/users/{id}/profile`) and actions are not judged.",
    why: "Plural collections make every URL predictable: `/links` is the set, `/links/{code}` one \
          member. Interviewers notice `/user/{id}` next to `/orders` as an inconsistency a client \
          has to memorise.",
    fix: "Rename the collection segment to its plural, for the collection and every path under it.",
    example_bad: "paths:\n  /v1/link/{code}:\n    get: {}\n",
    example_good: "paths:\n  /v1/links/{code}:\n    get: {}\n",
};

pub(crate) fn segment_text(seg: &Segment) -> String {
    match seg {
        Segment::Literal(s) | Segment::Mixed(s) => s.clone(),
        Segment::Param(p) => format!("{{{p}}}"),
    }
}

pub(crate) fn pluralize(segment: &str) -> String {
    let sep = if segment.contains('_') { "_" } else { "-" };
    let ws = words(segment);
    if ws.len() > 1 && !segment.contains(['-', '_']) {
        // camelCase stays camelCase
        return format!("{segment}s");
    }
    let mut ws = ws;
    if let Some(last) = ws.last_mut() {
        *last = if last.ends_with('y') && !last.ends_with("ey") && !last.ends_with("ay") {
            format!("{}ies", &last[..last.len() - 1])
        } else if last.ends_with('s') || last.ends_with('x') || last.ends_with("ch") || last.ends_with("sh") {
            format!("{last}es")
        } else {
            format!("{last}s")
        };
    }
    ws.join(sep)
}

impl Rule for PluralCollections {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        // prefix (`/v1/link`) -> (segment, index of the path item to point at, ends exactly there)
        let mut places: BTreeMap<String, (String, usize, bool)> = BTreeMap::new();
        let mut order: Vec<String> = Vec::new();
        for (pi, path) in model.paths.iter().enumerate() {
            let n = path.segments.len();
            let ends_as_collection = path.operations.iter().any(|&oi| {
                let op = &model.operations[oi];
                is_creating_post(model, op) || (op.method == Method::Get && is_collection_get(model, op))
            }) && !is_action_path(path);
            let mut prefix = String::new();
            for (i, seg) in path.segments.iter().enumerate() {
                prefix.push('/');
                prefix.push_str(&segment_text(seg));
                let Segment::Literal(text) = seg else {
                    continue;
                };
                // a verb segment (`/createLink`) is naming/no-verbs-in-paths' finding, not a noun to pluralize
                let starts_with_verb = words(text).first().is_some_and(|w| CRUD_VERBS.contains(&w.as_str()));
                if is_prefix_segment(text) || starts_with_verb {
                    continue;
                }
                let followed_by_param = matches!(path.segments.get(i + 1), Some(Segment::Param(_)));
                let is_last = i + 1 == n;
                if !(followed_by_param || (is_last && ends_as_collection)) {
                    continue;
                }
                match places.get_mut(&prefix) {
                    Some(entry) => {
                        if is_last && !entry.2 {
                            *entry = (text.clone(), pi, true);
                        }
                    }
                    None => {
                        places.insert(prefix.clone(), (text.clone(), pi, is_last));
                        order.push(prefix.clone());
                    }
                }
            }
        }
        for prefix in order {
            let (segment, pi, _) = &places[&prefix];
            if is_plural_segment(segment) {
                out.pass();
                continue;
            }
            let plural = pluralize(segment);
            out.fail(doc_violation(
                model.paths[*pi].pointer.clone(),
                format!("collection segment `{segment}` in `{prefix}` is singular"),
                Some(format!(
                    "Rename `{segment}` to `{plural}` here and in every path under `{prefix}`."
                )),
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
        Tester::new(&PluralCollections)
            // leaves verb segments to the verb rule
            .not_applicable(&[r#"
                paths:
                  /createShortUrl:
                    post: { responses: { "201": { description: ok } } }
                "#])
            // accepts plurals and singletons
            .pass(&[r#"
                paths:
                  /v1/short-links/{code}:
                    get: { responses: { "200": { description: ok } } }
                  /v1/users/{id}/profile:
                    get: { responses: { "200": { description: ok } } }
                    put: { responses: { "200": { description: ok } } }
                  /v1/me:
                    get: { responses: { "200": { description: ok } } }
                  /v1/people/{id}:
                    get: { responses: { "200": { description: ok } } }
                "#])
            .places(3)
            // flags singular collections once per prefix
            // `/v1/user` and `/v1/user/{id}/orders`
            .fail(
                r#"
                paths:
                  /v1/user/{id}:
                    get: { responses: { "200": { description: ok } } }
                  /v1/user/{id}/orders:
                    post: { responses: { "201": { description: ok } } }
                  /v1/user:
                    post: { responses: { "201": { description: ok } } }
                "#,
                &["/paths/~1v1~1user"],
            )
            .places(2)
            .also(|out| assert!(out.violations[0].fix.as_deref().unwrap().contains("`users`")))
            .test();
    }

    #[test]
    fn pluralizes_in_the_same_style() {
        assert_eq!(pluralize("short-link"), "short-links");
        assert_eq!(pluralize("policy"), "policies");
        assert_eq!(pluralize("address"), "addresses");
        assert_eq!(pluralize("shortLink"), "shortLinks");
    }
}
