//! `events/heartbeat`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::doc_violation;

pub struct Heartbeat;

pub static META: RuleMeta = RuleMeta {
    id: "events/heartbeat",
    dimension: Dimension::Events,
    default_severity: Severity::Warning,
    summary: "Long-lived connections declare a heartbeat (ping/pong) or a keep-alive timeout.",
    checks: "The document is one place when a server speaks a protocol of long-lived client connections \
             (`ws`, `wss`, `mqtt`, `stomp`, `sse`, `http`...). It passes when a message, operation or field \
             is a ping, pong, heartbeat or keep-alive, or a description or `x-` field states one (or an \
             idle timeout).",
    why: "Proxies and mobile networks drop idle connections without telling either side. Without a \
          heartbeat the server keeps writing to dead sockets and the client believes it is still \
          subscribed; interviewers ask how either side notices a half-open connection.",
    fix: "Declare a `ping` message (or the protocol's ping/pong) with its interval, and the idle timeout \
          after which the server closes a connection.",
    example_bad: "servers:\n  prod: { host: chat.example.com, protocol: wss }\n",
    example_good: "messages:\n  ping: { name: connection.ping, description: Sent every 30 s; idle connections close after 90 s. }\n",
};

const LONG_LIVED: &[&str] = &[
    "ws",
    "wss",
    "mqtt",
    "mqtts",
    "secure-mqtt",
    "stomp",
    "stomps",
    "sse",
    "http",
    "https",
    "socketio",
];

impl Rule for Heartbeat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(model) = cx.events else { return };
        if !model.servers.iter().any(|s| LONG_LIVED.contains(&s.protocol.as_str())) {
            return;
        }
        let declared = model.has_key(&[], &["ping", "pong", "heartbeat", "keepalive"])
            || [
                "heartbeat",
                "ping",
                "keep-alive",
                "keepalive",
                "idle timeout",
                "idle for",
            ]
            .iter()
            .any(|w| model.prose.contains(w));
        if declared {
            out.pass();
        } else {
            out.fail(doc_violation(
                model.info_pointer.clone(),
                "no heartbeat or keep-alive timeout is declared for the long-lived connections".to_string(),
                None,
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
        Tester::new(&Heartbeat)
            // a broker's own connections are not the design's to keep alive
            .not_applicable(&[r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                servers: { k: { host: k.example.com, protocol: kafka } }
                "#])
            .fail(
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                servers: { w: { host: w.example.com, protocol: wss } }
                channels: { c: { address: c } }
                "#,
                &["/info"],
            )
            .test();
    }
}
