//! `events/signed-webhooks`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use serde_json::Value;

use crate::grading::events::model::{normalise_key, EventModel};
use crate::grading::model::{child, Pointer};
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::events::parties::text_at;
use crate::grading::rules::support::doc_violation;

pub struct SignedWebhooks;

pub static META: RuleMeta = RuleMeta {
    id: "events/signed-webhooks",
    dimension: Dimension::Events,
    default_severity: Severity::Error,
    summary: "Events pushed to a consumer's HTTP endpoint (webhooks) are signed, so the receiver can trust them.",
    checks: "The document is one place when it delivers over HTTP to an endpoint the consumer runs: an \
             `http`/`https` server named or described as a webhook, callback or push endpoint (the \
             subscriber's own server), or a description that speaks of webhooks, callbacks or HTTP push \
             beside an `http` binding that POSTs. A WebSocket or Server-Sent Events design that only uses \
             an `https` server for its own connections is left alone. It passes when deliveries are signed: \
             a header or field such as `Webhook-Signature`, `X-Signature`, `X-Hub-Signature-256` or \
             `Stripe-Signature`, a security scheme of type `httpApiKey`, `symmetricEncryption`, \
             `asymmetricEncryption` or `X509` on the delivering server or operation, or a description \
             stating an HMAC signature (or mutual TLS).",
    why: "A webhook endpoint is a public URL: anyone who finds it can POST a fake \"payment succeeded\". \
          Interviewers expect every delivery to be signed with a per-consumer secret (HMAC over the \
          timestamp and body) and the receiver to reject stale timestamps and repeated ids, so a captured \
          request cannot be replayed.",
    fix: "Sign every delivery: a `Webhook-Signature` header with an HMAC-SHA256 of `<id>.<timestamp>.<body>` \
          under the subscription's secret, `Webhook-Id` and `Webhook-Timestamp` headers, and say that \
          receivers reject timestamps older than a few minutes and ids they have seen.",
    example_bad: "servers:\n  subscriberEndpoint:\n    host: '{push_host}'\n    protocol: https\n    description: The subscriber's webhook endpoint.\n",
    example_good: "components:\n  messages:\n    delivery:\n      headers:\n        properties:\n          Webhook-Signature: { type: string, description: 'v1=<base64 HMAC-SHA256 of id.timestamp.body>' }\n          Webhook-Timestamp: { type: string }\n",
};

/// What a server's name or description says when it is the consumer's own endpoint.
const ENDPOINT_SAID: &[&str] = &[
    "webhook",
    "web hook",
    "callback",
    "push endpoint",
    "push_endpoint",
    "your endpoint",
    "your server",
    "subscriber's own",
    "consumer's own",
    "receiver's own",
    "customer's own",
    "subscriber's server",
    "consumer's server",
];

/// Parts of a server's (normalised) name that say it is the consumer's endpoint.
const ENDPOINT_NAMES: &[&str] = &[
    "webhook",
    "callback",
    "pushendpoint",
    "subscriberendpoint",
    "consumerendpoint",
    "receiverendpoint",
];

/// What a document says when it pushes to consumers over HTTP.
const WEBHOOK_SAID: &[&str] = &[
    "webhook",
    "web hook",
    "http push",
    "callback url",
    "callback endpoint",
    "push endpoint",
    "push_endpoint",
];

/// Security scheme types that authenticate the sender of a request to its receiver.
const SIGNING_SCHEMES: &[&str] = &["httpapikey", "symmetricencryption", "asymmetricencryption", "x509"];

/// What a description says when deliveries are signed.
const SIGNED_SAID: &[&str] = &[
    "hmac",
    "signature",
    "signed with",
    "signing secret",
    "signing key",
    "mutual tls",
    "mtls",
    "client certificate",
];

impl Rule for SignedWebhooks {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(model) = cx.events else { return };
        let root = model.arena.root;
        let endpoints: Vec<Pointer> = model
            .servers
            .iter()
            .filter(|s| matches!(s.protocol.as_str(), "http" | "https"))
            .filter(|s| {
                let name = normalise_key(&s.name);
                let text = text_at(model, &s.pointer);
                ENDPOINT_NAMES.iter().any(|n| name.contains(n)) || ENDPOINT_SAID.iter().any(|w| text.contains(w))
            })
            .map(|s| s.pointer.clone())
            .collect();
        // Operations that POST their messages over HTTP, on their own binding or their channel's.
        let posting: Vec<Pointer> = model
            .operations
            .iter()
            .filter(|o| {
                posts(root.pointer(&o.pointer))
                    || o.channel
                        .is_some_and(|c| posts(root.pointer(&model.channels[c].pointer)))
            })
            .map(|o| o.pointer.clone())
            .collect();
        let said = WEBHOOK_SAID.iter().any(|w| model.prose.contains(w));
        let at = match (endpoints.first(), posting.first()) {
            (Some(server), _) => server.clone(),
            (None, Some(op)) if said => op.clone(),
            _ => return,
        };
        let schemes = endpoints
            .iter()
            .chain(&posting)
            .flat_map(|p| scheme_kinds(model, p))
            .any(|k| SIGNING_SCHEMES.contains(&k.as_str()));
        let signed = model.has_key(&[], &["signature", "hmac"])
            || schemes
            || SIGNED_SAID.iter().any(|w| model.prose.contains(w));
        if signed {
            out.pass();
        } else {
            out.fail(doc_violation(
                at,
                "webhook deliveries are not signed: the receiver cannot tell a real delivery from a forged or \
                 replayed one"
                    .to_string(),
                None,
            ));
        }
    }
}

/// Whether an operation or a channel has an `http` binding whose method sends a body.
fn posts(v: Option<&Value>) -> bool {
    v.and_then(|v| v.get("bindings"))
        .and_then(|b| b.get("http"))
        .and_then(|h| h.get("method"))
        .and_then(Value::as_str)
        .is_some_and(|m| ["post", "put", "patch"].contains(&m.to_ascii_lowercase().as_str()))
}

/// The types (lower-case) of the security schemes a server or an operation declares, by
/// reference or inline.
fn scheme_kinds(model: &EventModel<'_>, pointer: &str) -> Vec<String> {
    let Some(list) = model
        .arena
        .root
        .pointer(&child(pointer, "security"))
        .and_then(Value::as_array)
    else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|s| match s.get("$ref").and_then(Value::as_str) {
            Some(r) => model
                .security_schemes
                .iter()
                .find(|k| r.strip_prefix("#/components/securitySchemes/") == Some(k.name.as_str()))
                .map(|k| k.kind.to_ascii_lowercase()),
            None => s.get("type").and_then(Value::as_str).map(str::to_ascii_lowercase),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::{Tester, GOOD_EVENTS};

    /// Deliveries POSTed to the subscriber's own endpoint.
    const PUSH: &str = r#"
        asyncapi: 3.0.0
        info: { title: t, version: '1' }
        servers:
          subscriberEndpoint: { host: '{push_host}', protocol: https, description: The subscriber's own HTTPS server. }
        channels:
          deliveries:
            address: /
            messages:
              delivered:
                name: message.delivered
                headers: { properties: { HEADER: { type: string } } }
        operations:
          pushDelivery: { action: send, channel: { $ref: '#/channels/deliveries' }, bindings: { http: { method: POST } } }
        "#;

    #[test]
    fn pass_and_fail_cases() {
        let signed = PUSH.replace("HEADER", "Webhook-Signature");
        let keyed = PUSH.replace(
            "description: The subscriber's own HTTPS server. }",
            "description: The subscriber's own HTTPS server., security: [{ type: symmetricEncryption }] }",
        );
        Tester::new(&SignedWebhooks)
            .pass(&[signed.as_str(), keyed.as_str()])
            .fail(PUSH, &["/servers/subscriberEndpoint"])
            // no endpoint server, but a webhook said in prose beside an HTTP POST
            .fail(
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1', description: Webhooks for order events. }
                channels: { orders: { address: /, messages: { placed: { name: order.placed } } } }
                operations:
                  pushOrders: { action: send, channel: { $ref: '#/channels/orders' }, bindings: { http: { method: POST } } }
                "#,
                &["/operations/pushOrders"],
            )
            .not_applicable(&[
                GOOD_EVENTS,
                // Server-Sent Events over https: the client's own connection, not a webhook
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1', description: Server-Sent Events pushed to the browser. }
                servers: { sse: { host: e.example.com, protocol: https, description: SSE endpoints. } }
                channels: { board: { address: 'boards/{id}/events', parameters: { id: {} } } }
                operations: { receiveBoard: { action: receive, channel: { $ref: '#/channels/board' }, bindings: { http: { method: GET } } } }
                "#,
            ])
            .test();
    }
}
