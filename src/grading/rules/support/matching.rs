//! How a capability of an exercise is matched to an operation (`exercises/README.md`).
//!
//! Candidates name things their own way, so matching goes by method plus resource synonyms,
//! never by an exact path: segments and nouns are compared lowercased, without `-`/`_`, with the
//! last word made singular, so `short_links`, `shortLinks`, `short-links` and `short-link` agree.
use crate::grading::exercise::{CapabilityMatch, MatchTarget};
use crate::grading::model::{Model, Operation, Segment};
use crate::grading::rules::support::{declares, literal_parts, resource_key, words};

/// Whether `op` satisfies every condition of `alt`.
pub fn matches(model: &Model, op: &Operation, alt: &CapabilityMatch) -> bool {
    if !alt.methods.iter().any(|m| m.eq_ignore_ascii_case(op.method.upper())) {
        return false;
    }
    let segments = &model.paths[op.path_index].segments;
    if !alt.resources.is_empty() {
        let keys: Vec<String> = alt.resources.iter().map(|r| resource_key(r)).collect();
        let last_match = segments.iter().enumerate().rev().find(|(_, seg)| {
            literal_parts(seg).iter().any(|part| {
                let k = resource_key(part);
                keys.contains(&k)
            })
        });
        let Some((i, _)) = last_match else {
            return false;
        };
        let ok = match alt.target {
            MatchTarget::Any => true,
            MatchTarget::Collection => i + 1 == segments.len(),
            MatchTarget::Item => i + 2 == segments.len() && matches!(segments[i + 1], Segment::Param(_)),
        };
        if !ok {
            return false;
        }
    } else {
        let ok = match alt.target {
            MatchTarget::Any => true,
            MatchTarget::Collection => matches!(segments.last(), Some(Segment::Literal(_))),
            MatchTarget::Item => matches!(segments.last(), Some(Segment::Param(_))),
        };
        if !ok {
            return false;
        }
    }
    if !alt.actions.is_empty() {
        let wanted: Vec<String> = alt.actions.iter().map(|a| a.to_ascii_lowercase()).collect();
        let in_path = segments
            .iter()
            .flat_map(literal_parts)
            .flat_map(words)
            .any(|w| wanted.contains(&w));
        let in_id = op
            .operation_id
            .as_deref()
            .is_some_and(|id| words(id).iter().any(|w| wanted.contains(w)));
        if !(in_path || in_id) {
            return false;
        }
    }
    if !alt.responses.is_empty() && !alt.responses.iter().any(|code| declares(op, code)) {
        return false;
    }
    true
}

/// The first operation that satisfies any alternative, in document order.
pub fn find<'m, 'd>(model: &'m Model<'d>, alternatives: &[CapabilityMatch]) -> Option<&'m Operation<'d>> {
    model
        .operations
        .iter()
        .find(|op| alternatives.iter().any(|alt| matches(model, op, alt)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::testing::model_from_str;

    fn alt(methods: &[&str], resources: &[&str], target: MatchTarget) -> CapabilityMatch {
        CapabilityMatch {
            methods: methods.iter().map(|s| s.to_string()).collect(),
            resources: resources.iter().map(|s| s.to_string()).collect(),
            target,
            actions: Vec::new(),
            responses: Vec::new(),
        }
    }

    fn doc(paths: &str) -> Model<'static> {
        model_from_str(&format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths:\n{paths}"
        ))
    }

    fn labels(model: &Model, a: &CapabilityMatch) -> Vec<String> {
        model
            .operations
            .iter()
            .filter(|op| matches(model, op, a))
            .map(|op| op.label())
            .collect()
    }

    #[test]
    fn plurals_and_casings_match_the_same_noun() {
        let model = doc(
            "  /v1/short_links: { post: { responses: { '201': { description: ok } } } }\n\
             \x20 /v1/shortLinks: { post: { responses: { '201': { description: ok } } } }\n\
             \x20 /v1/short-links: { post: { responses: { '201': { description: ok } } } }\n\
             \x20 /v1/short-link: { post: { responses: { '201': { description: ok } } } }\n\
             \x20 /v1/links: { post: { responses: { '201': { description: ok } } } }\n",
        );
        let a = alt(&["POST"], &["short-link"], MatchTarget::Collection);
        assert_eq!(
            labels(&model, &a),
            [
                "POST /v1/short_links",
                "POST /v1/shortLinks",
                "POST /v1/short-links",
                "POST /v1/short-link"
            ]
        );
        let b = alt(&["post"], &["analytic", "policy"], MatchTarget::Any);
        let model = doc(
            "  /v1/analytics: { post: { responses: { '201': { description: ok } } } }\n\
             \x20 /v1/policies: { post: { responses: { '201': { description: ok } } } }\n",
        );
        assert_eq!(labels(&model, &b).len(), 2);
    }

    #[test]
    fn item_collection_and_deeper_targets() {
        let model = doc("  /v1/links: { get: { responses: { '200': { description: ok } } } }\n\
             \x20 /v1/links/{code}: { get: { responses: { '200': { description: ok } } } }\n\
             \x20 /v1/links/{code}/clicks: { get: { responses: { '200': { description: ok } } } }\n");
        let get = |t| labels(&model, &alt(&["GET"], &["link"], t));
        assert_eq!(get(MatchTarget::Collection), ["GET /v1/links"]);
        assert_eq!(get(MatchTarget::Item), ["GET /v1/links/{code}"]);
        assert_eq!(get(MatchTarget::Any).len(), 3);
        // the last matching segment decides: `/links/{code}/clicks` is a collection of clicks
        assert_eq!(
            labels(&model, &alt(&["GET"], &["click"], MatchTarget::Collection)),
            ["GET /v1/links/{code}/clicks"]
        );
    }

    #[test]
    fn actions_in_segments_custom_methods_or_operation_ids() {
        let model = doc(
            "  /v1/links/{code}/revoke: { post: { responses: { '200': { description: ok } } } }\n\
             \x20 /v1/links/{code}:disable: { post: { responses: { '200': { description: ok } } } }\n\
             \x20 /v1/links/{code}: { patch: { operationId: deactivateLink, responses: { '200': { description: ok } } } }\n\
             \x20 /v1/links: { post: { responses: { '201': { description: ok } } } }\n",
        );
        let mut a = alt(&["POST", "PATCH"], &["link"], MatchTarget::Any);
        a.actions = vec!["revoke".into(), "disable".into(), "deactivate".into()];
        assert_eq!(
            labels(&model, &a),
            [
                "POST /v1/links/{code}/revoke",
                "POST /v1/links/{code}:disable",
                "PATCH /v1/links/{code}"
            ]
        );
    }

    #[test]
    fn responses_match_exact_codes_and_ranges() {
        let model = doc("  /r/{code}: { get: { responses: { '302': { description: go } } } }\n\
             \x20 /s/{code}: { get: { responses: { '3XX': { description: go } } } }\n\
             \x20 /v1/links/{code}: { get: { responses: { '200': { description: ok } } } }\n");
        let mut a = alt(&["GET"], &[], MatchTarget::Any);
        a.responses = vec!["301".into(), "302".into()];
        assert_eq!(labels(&model, &a), ["GET /r/{code}", "GET /s/{code}"]);
    }
}
