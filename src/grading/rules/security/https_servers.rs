//! `security/https-servers`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::doc_violation;

pub struct HttpsServers;

pub static META: RuleMeta = RuleMeta {
    id: "security/https-servers",
    dimension: Dimension::Security,
    default_severity: Severity::Error,
    summary: "Server URLs use HTTPS (plain HTTP only for localhost).",
    checks: "Every server URL uses `https://` (or `wss://`), or is relative. Plain `http://` is accepted only for \
             `localhost` and loopback addresses.",
    why: "Without TLS, tokens, keys and personal data cross the network in clear text and can be \
          altered in transit. HTTPS-only is a baseline every reviewer expects.",
    fix: "List `https://` server URLs and refuse plain HTTP in production.",
    example_bad: "servers:\n  - url: http://api.example.com/v1\n",
    example_good: "servers:\n  - url: https://api.example.com/v1\n",
};

fn is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let host = rest.split(['/', '?']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = if host.starts_with('[') {
        host.split(']').next().unwrap_or(host)
    } else {
        host.split(':').next().unwrap_or(host)
    };
    host == "localhost"
        || host.starts_with("127.")
        || host == "[::1"
        || host.ends_with(".localhost")
        || host == "0.0.0.0"
}

impl Rule for HttpsServers {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        for server in &cx.model.servers {
            let url = server.url.trim();
            let lower = url.to_ascii_lowercase();
            let insecure = (lower.starts_with("http://") || lower.starts_with("ws://")) && !is_loopback(&lower);
            if insecure {
                let fixed = format!("https://{}", url.split_once("://").map(|(_, r)| r).unwrap_or(url));
                out.fail(doc_violation(
                    server.pointer.clone(),
                    format!("server `{url}` is plain HTTP"),
                    Some(format!("Serve and list `{fixed}`.")),
                ));
            } else {
                out.pass();
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
        Tester::new(&HttpsServers)
            // flags plain http
            .fail(
                r#"
                servers:
                  - url: http://api.example.com/v1
                  - url: https://api.example.com/v1
                  - url: http://localhost:8080
                  - url: /v1
                "#,
                &["/servers/0"],
            )
            .places(4)
            .test();
    }
}
