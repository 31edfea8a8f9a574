//! `events/versioned`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::doc_violation;
use crate::grading::rules::support::events::{fields, has_any, VERSION_FIELDS};

pub struct Versioned;

pub static META: RuleMeta = RuleMeta {
    id: "events/versioned",
    dimension: Dimension::Events,
    default_severity: Severity::Warning,
    summary: "The event API is versioned: `info.version` plus a schema version in events or versioned addresses.",
    checks: "The document, when it has messages, is one place. It passes when `info.version` is set and either \
             some event carries a schema version (`schema_version`, `version`, `specversion`) or a server \
             path or channel address names a major version (`/v1`, `v2.`).",
    why: "Events outlive their producers: a consumer may read last year's events from a log. Without a \
          version on the wire, changing a payload breaks consumers silently; interviewers ask how a \
          consumer tells an old event from a new one.",
    fix: "Carry a `schema_version` in the shared envelope (or version the addresses, `v1/rooms/{roomId}`).",
    example_bad: "info: { title: Chat, version: '1' }\n",
    example_good: "info: { title: Chat, version: 1.2.0 }\n# and schema_version in the Envelope schema\n",
};

/// `v1`, `v2` as a segment of an address or path.
fn names_major(address: &str) -> bool {
    address.split(['/', '.', ':']).any(|seg| {
        seg.strip_prefix('v')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    })
}

impl Rule for Versioned {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(model) = cx.events else { return };
        if model.messages.is_empty() {
            return;
        }
        let on_wire = model
            .messages
            .iter()
            .any(|m| has_any(&fields(model, m), VERSION_FIELDS))
            || model
                .channels
                .iter()
                .any(|c| c.address.as_deref().is_some_and(names_major))
            || model
                .arena
                .root
                .get("servers")
                .and_then(|s| s.as_object())
                .is_some_and(|s| {
                    s.values()
                        .filter_map(|v| v.get("pathname").and_then(|p| p.as_str()))
                        .any(names_major)
                });
        let problem = match (model.info_version.is_some(), on_wire) {
            (true, true) => return out.pass(),
            (false, _) => "`info.version` is missing",
            (true, false) => "no event carries a schema version and no address names a major version",
        };
        out.fail(doc_violation(
            model.info_pointer.clone(),
            format!("the events are not versioned: {problem}"),
            None,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::Tester;

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&Versioned)
            .pass(&[r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                channels:
                  c: { address: 'v1/rooms/{id}', messages: { m: { payload: { type: object } } } }
                "#])
            .fail(
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                channels:
                  c: { address: 'rooms/{id}', messages: { m: { payload: { type: object } } } }
                "#,
                &["/info"],
            )
            .test();
    }
}
