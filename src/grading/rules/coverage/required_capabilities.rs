//! `coverage/required-capabilities`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::exercise::{CapabilityMatch, MatchTarget};
use crate::grading::model::Model;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity, Violation};
use crate::grading::rules::naming::plural_collections::pluralize;
use crate::grading::rules::support::versions::path_version;

use crate::grading::rules::support::matching::{find, find_event};

pub struct RequiredCapabilities;

pub static META: RuleMeta = RuleMeta {
    id: "coverage/required-capabilities",
    dimension: Dimension::Coverage,
    default_severity: Severity::Error,
    summary: "Every capability the exercise requires has an operation.",
    checks: "When a document is graded for an exercise, each capability the exercise requires (\"create a short link\", \
             \"redirect by code\", ...) is matched to an operation, by method and resource synonyms as described \
             in `exercises/README.md`. A capability offered under a badly named path (`POST /createShipment`, \
             `/users/{id}/mobileDevices`, `/users/me/saved-searches`) is matched the way an interviewer reads \
             it: the naming rules charge the name, and this rule does not charge it again. A real-time \
             capability (delivery, a position stream, pushed notifications) may instead be met by an operation \
             of the event document submitted beside the API, when the exercise says which. One place per \
             capability. Without an exercise the rule applies nowhere and the dimension is not applicable.",
    why: "An elegant API that cannot do what the prompt asked fails the interview. The functional \
          requirements come first; polish is judged only on what exists.",
    fix: "Add an operation for each missing capability, following the suggestion in the finding.",
    example_bad: "# exercise requires `redirect` (GET answering 301/302)\npaths:\n  /v1/links: { post: {} }\n",
    example_good: "paths:\n  /v1/links: { post: {} }\n  /v1/redirects/{code}:\n    get:\n      responses: { '302': { description: Redirect } }\n",
};

/// `POST /v1/links`, `GET /v1/links/{id}`, `POST /v1/links/{id}/revoke`, from an alternative.
fn suggestion(model: &Model, alt: &CapabilityMatch) -> String {
    let method = alt
        .methods
        .first()
        .map(|m| m.to_ascii_uppercase())
        .unwrap_or_else(|| "GET".to_string());
    let prefix = model
        .paths
        .iter()
        .find_map(path_version)
        .map(|v| format!("/{v}"))
        .unwrap_or_default();
    let resource = alt
        .resources
        .first()
        .map(|r| pluralize(r))
        .unwrap_or_else(|| "resources".to_string());
    let mut path = format!("{prefix}/{resource}");
    let needs_item = alt.target == MatchTarget::Item || !alt.actions.is_empty() || alt.resources.is_empty();
    if needs_item {
        path.push_str("/{id}");
    }
    if let Some(action) = alt.actions.first() {
        path.push('/');
        path.push_str(action);
    }
    let mut s = format!("`{method} {path}`");
    if !alt.responses.is_empty() {
        s.push_str(&format!(" answering {}", alt.responses.join(" or ")));
    }
    s
}

impl Rule for RequiredCapabilities {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(exercise) = cx.exercise else { return };
        let model = cx.model;
        for cap in &exercise.capabilities {
            // A real-time capability may live in the event document beside the API.
            let in_events = cx.events.is_some_and(|ev| find_event(ev, &cap.alternatives).is_some());
            if in_events || find(model, &cap.alternatives).is_some() {
                out.pass();
                continue;
            }
            let fix = cap.alternatives.iter().find(|alt| !alt.is_event_form()).map(|alt| {
                format!(
                    "Add an operation such as {} to {}.",
                    suggestion(model, alt),
                    lowercase_first(&cap.description)
                )
            });
            out.fail(Violation {
                pointer: "/paths".to_string(),
                operation: None,
                message: format!(
                    "no operation covers the required capability `{}`: {}",
                    cap.id, cap.description
                ),
                fix,
                item: Some(cap.id.clone()),
                ..Default::default()
            });
        }
    }
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::exercise::Exercise;
    use crate::grading::rules::testing::{Tester, GOOD_API};

    fn exercise() -> Exercise {
        serde_json::from_value(serde_json::json!({
            "id": "url-shortener", "version": 1, "kind": "case-study", "title": "t", "summary": "s",
            "difficulty": "easy", "time_limit_minutes": 45, "prompt": "p",
            "capabilities": [
                { "id": "create-link", "description": "Create a short link",
                  "match": [ { "methods": ["POST"], "resources": ["link", "short-link"], "target": "collection" } ] },
                { "id": "redirect", "description": "Redirect by code",
                  "match": [ { "methods": ["GET"], "responses": ["301", "302"] } ] },
                { "id": "revoke-link", "description": "Disable a link",
                  "match": [ { "methods": ["DELETE"], "resources": ["link"], "target": "item" },
                             { "methods": ["POST"], "resources": ["link", "short-link"], "actions": ["revoke"] } ] }
            ]
        }))
        .unwrap()
    }

    const DOC: &str = r#"
paths:
  /v1/short-links:
    post: { responses: { "201": { description: ok } } }
  /v1/short-links/{code}/revoke:
    post: { responses: { "200": { description: ok } } }
"#;

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&RequiredCapabilities)
            .exercise(exercise())
            // flags each missing capability with a suggestion
            .fail(DOC, &["/paths"])
            .places(3)
            .also(|out| assert!(out.violations[0].message.contains("`redirect`")))
            .also(|out| {
                assert_eq!(
                    out.violations[0].fix.as_deref(),
                    Some("Add an operation such as `GET /v1/resources/{id}` answering 301 or 302 to redirect by code.")
                )
            })
            // passes when everything is covered
            .pass(&[&format!(
                "{DOC}  /v1/r/{{code}}:\n    get: {{ responses: {{ \"302\": {{ description: go }} }} }}\n"
            )])
            .places(3)
            .test();
        Tester::new(&RequiredCapabilities)
            // applies nowhere without an exercise
            .not_applicable(&[DOC, GOOD_API])
            .test();
    }

    #[test]
    fn a_realtime_capability_may_be_met_in_the_event_document() {
        use crate::grading::rule::NO_OPTIONS;
        use crate::grading::rules::testing::GOOD_EVENTS;
        use crate::grading::testing::{event_model_from_str, model_from_str};
        let ex: Exercise = serde_json::from_value(serde_json::json!({
            "id": "chat", "version": 1, "kind": "case-study", "title": "t", "summary": "s",
            "difficulty": "easy", "time_limit_minutes": 45, "prompt": "p",
            "capabilities": [
                { "id": "realtime", "description": "Real-time delivery",
                  "match": [ { "methods": ["GET"], "resources": ["socket"] },
                             { "events": { "names": ["message"] } } ] },
                { "id": "typing", "description": "Typing indicators",
                  "match": [ { "methods": ["POST"], "resources": ["typing"] },
                             { "events": { "action": "receive", "names": ["typing"] } } ] }
            ]
        }))
        .unwrap();
        let model = model_from_str(&format!("openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\n{DOC}"));
        let run = |events: Option<&str>| {
            let events = events.map(event_model_from_str);
            let cx = Ctx {
                model: &model,
                events: events.as_ref(),
                options: &NO_OPTIONS,
                exercise: Some(&ex),
                rules: crate::grading::rules::by_id,
            };
            let mut out = Outcome::default();
            RequiredCapabilities.check(&cx, &mut out);
            out.violations.into_iter().map(|v| v.item.unwrap()).collect::<Vec<_>>()
        };
        // Over REST alone both are missing, and the fix suggests an operation, not a channel.
        assert_eq!(run(None), ["realtime", "typing"]);
        // The chat fixture pushes messages (`action: send`, written from the server's side) and has
        // no typing operation the clients receive.
        assert_eq!(run(Some(GOOD_EVENTS)), ["typing"]);
    }
}
