//! `security/public-writes`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::{Method, Operation};
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{mentions, op_violation};

pub struct PublicWrites;

pub static META: RuleMeta = RuleMeta {
    id: "security/public-writes",
    dimension: Dimension::Security,
    default_severity: Severity::Error,
    summary: "Operations that change state are not public (apart from sign-up, log-in and webhooks).",
    checks: "An operation that changes state (POST, PUT, PATCH, DELETE) is not made public with `security: []` in \
             an API that otherwise requires credentials. Signing up, logging in and exchanging tokens are the \
             exceptions (they are how a caller gets credentials), and so are receivers of webhooks and callbacks, \
             which authenticate by signature. Each write is one place while the API secures anything at all.",
    why: "A public read is a product decision; a public write lets anyone change data. Interviewers \
          look for who may change what, and an explicitly public write is an oversight or needs a \
          reason in the design.",
    fix: "Remove `security: []` so the root requirement applies, or require the scheme that fits \
          the caller.",
    example_bad: "security: [ { bearerAuth: [] } ]\npaths:\n  /v1/links/{code}:\n    delete:\n      security: []\n",
    example_good: "security: [ { bearerAuth: [] } ]\npaths:\n  /v1/links/{code}:\n    delete: {}\n",
};

/// Words of paths and operation ids through which a caller obtains credentials or a service
/// calls back: writes that must be reachable without them.
const CREDENTIAL_WORDS: &[&str] = &[
    "login",
    "logout",
    "signin",
    "signup",
    "register",
    "registration",
    "registrations",
    "session",
    "sessions",
    "token",
    "tokens",
    "oauth",
    "auth",
    "authenticate",
    "authorize",
    "password",
    "passwords",
    "account",
    "accounts",
    "user",
    "users",
    "verification",
    "verifications",
    "verify",
    "webhook",
    "webhooks",
    "callback",
    "callbacks",
    "invitation",
    "invitations",
    "unsubscribe",
    "reset",
];

fn obtains_credentials(cx: &Ctx<'_>, op: &Operation) -> bool {
    mentions(cx.model, op, CREDENTIAL_WORDS)
}

impl Rule for PublicWrites {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        if !model.operations.iter().any(|op| model.requires_auth(op)) {
            return; // nothing is secured: operation-security says so
        }
        for op in &model.operations {
            if !matches!(op.method, Method::Post | Method::Put | Method::Patch | Method::Delete) {
                continue;
            }
            if op.method == Method::Post && obtains_credentials(cx, op) {
                continue;
            }
            if model.requires_auth(op) || model.effective_security(op).is_none() {
                out.pass();
            } else {
                out.fail(op_violation(
                    op,
                    op.security.as_ref().map_or_else(
                        || op.pointer.clone(),
                        |s| {
                            s.first()
                                .map_or_else(|| format!("{}/security", op.pointer), |r| r.pointer.clone())
                        },
                    ),
                    format!("`{}` changes state but can be called without credentials", op.label()),
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
        Tester::new(&PublicWrites)
            // flags public writes but not sign up or log in
            .fail(
                r#"
                security: [ { bearer: [] } ]
                paths:
                  /v1/links/{code}:
                    get: { security: [], responses: { "200": { description: ok } } }
                    delete: { security: [], responses: { "204": { description: gone } } }
                    patch: { responses: { "200": { description: ok } } }
                  /v1/sessions:
                    post: { security: [], responses: { "201": { description: ok } } }
                  /v1/accounts:
                    post: { security: [], responses: { "201": { description: ok } } }
                components:
                  securitySchemes:
                    bearer: { type: http, scheme: bearer }
                "#,
                &["/paths/~1v1~1links~1{code}/delete/security"],
            )
            .places(2)
            .test();
    }
}
