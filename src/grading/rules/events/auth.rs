//! `events/auth`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::doc_violation;

pub struct Auth;

pub static META: RuleMeta = RuleMeta {
    id: "events/auth",
    dimension: Dimension::Events,
    default_severity: Severity::Error,
    summary: "Connecting is authenticated, and subscribing to a per-user or per-room channel is authorised.",
    checks: "Each server is one place: it declares a non-empty `security`. Each operation on a scoped channel \
             (an address with a `{parameter}`) is one place: it declares its own `security`, every server \
             does, or it or its channel says who may use it (a description naming members, permissions, \
             authorisation, ownership, or that it is public).",
    why: "A socket that anyone can open, or a room channel anyone can subscribe to by guessing its id, \
          leaks every conversation. Interviewers expect the token to be checked on connect and the \
          subscription to be checked against membership, not just \"the client is logged in\".",
    fix: "Declare `security` on each server, and on each operation of a per-room or per-user channel \
          (with the scopes it needs), saying who may subscribe.",
    example_bad: "servers:\n  prod: { host: chat.example.com, protocol: wss }\n",
    example_good: "servers:\n  prod:\n    host: chat.example.com\n    protocol: wss\n    security: [{ $ref: '#/components/securitySchemes/bearer' }]\n",
};

/// Words of a description that say who may use a channel.
const AUTHORISING: &[&str] = &[
    "member",
    "permission",
    "authoris",
    "authoriz",
    "owner",
    "only the",
    "allowed",
    "access",
    "public",
    "anyone",
];

impl Rule for Auth {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(model) = cx.events else { return };
        for s in &model.servers {
            if s.secured {
                out.pass();
            } else {
                out.fail(doc_violation(
                    s.pointer.clone(),
                    format!("server `{}` declares no `security`: anyone can connect", s.name),
                    None,
                ));
            }
        }
        for op in &model.operations {
            let Some(c) = op.channel.map(|i| &model.channels[i]) else {
                continue;
            };
            if !c.is_scoped() {
                continue;
            }
            let says = |text: &str| AUTHORISING.iter().any(|w| text.contains(w));
            // Security on every server covers subscribing too: the token checked on connect
            // identifies the user whose membership the subscription is checked against.
            let servers_secured = !model.servers.is_empty() && model.servers.iter().all(|s| s.secured);
            if op.secured || servers_secured || says(&op.description) || says(&c.description) {
                out.pass();
            } else {
                out.fail(doc_violation(
                    op.pointer.clone(),
                    format!(
                        "operation `{}` on `{}` does not say who may use it: anyone could subscribe to any {}",
                        op.key,
                        c.address.as_deref().unwrap_or(&c.key),
                        c.address_parameters().first().copied().unwrap_or("scope")
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
        Tester::new(&Auth)
            .fail(
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                servers:
                  open: { host: a.example.com, protocol: wss }
                  closed: { host: b.example.com, protocol: wss, security: [{ type: httpBearerToken }] }
                channels:
                  room: { address: 'rooms/{roomId}', parameters: { roomId: {} } }
                  mine: { address: 'users/{userId}/inbox', description: Only the owner may subscribe., parameters: { userId: {} } }
                operations:
                  onRoom: { action: send, channel: { $ref: '#/channels/room' } }
                  onInbox: { action: send, channel: { $ref: '#/channels/mine' } }
                "#,
                &["/servers/open", "/operations/onRoom"],
            )
            .places(4)
            .test();
    }
}
