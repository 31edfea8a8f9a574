//! `security/no-credentials-in-query`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::child;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{doc_violation, op_violation, param_types, query_params, squash, words};

pub struct NoCredentialsInQuery;

pub static META: RuleMeta = RuleMeta {
    id: "security/no-credentials-in-query",
    dimension: Dimension::Security,
    default_severity: Severity::Error,
    summary: "Credentials never travel in the query string.",
    checks: "No API key scheme is sent `in: query`, and no operation takes a query parameter that carries a \
             secret (`api_key`, `access_token`, `password`, `client_secret`, ...), also as part of a longer name \
             (`admin_password`, `githubToken`, `x-user-api-key`). A name that ends in `token` after a paging word \
             (`page_token`, `next_token`) is a cursor, not a credential. Places: each API key scheme and each \
             operation.",
    why: "URLs are written to access logs, proxy logs, browser history and `Referer` headers. A \
          key or token in the query string leaks through all of them.",
    fix: "Send credentials in the `Authorization` header (bearer token) or a dedicated header such \
          as `X-API-Key`.",
    example_bad: "securitySchemes:\n  key: { type: apiKey, in: query, name: api_key }\n",
    example_good: "securitySchemes:\n  key: { type: apiKey, in: header, name: X-API-Key }\n",
};

/// Names that carry a secret. `key` and `session` alone are left out: real APIs use them for
/// cache keys and session ids that are not credentials.
const SECRET_NAMES: &[&str] = &[
    "apikey",
    "accesstoken",
    "authtoken",
    "token",
    "password",
    "passwd",
    "pwd",
    "secret",
    "clientsecret",
    "auth",
    "authorization",
    "sessionid",
    "sessiontoken",
    "jwt",
    "bearer",
    "idtoken",
    "refreshtoken",
    "privatekey",
    "secretkey",
    "xapikey",
];

/// Words that make any name carrying them a secret.
const SECRET_WORDS: &[&str] = &["password", "passwd", "pwd", "secret", "jwt", "apikey"];

/// Words before `token` that make it a pagination cursor rather than a credential.
const CURSOR_WORDS: &[&str] = &[
    "page",
    "next",
    "prev",
    "previous",
    "continuation",
    "cursor",
    "sync",
    "resume",
];

/// Whether a parameter name carries a secret: the whole name, or a name whose head noun (its
/// last word, or last two: `api` `key`, `client` `secret`) is one, or a trailing `token` that is
/// not a cursor. A name that only mentions a secret (`secret_type`, `api_key_ids`,
/// `hide_secret`) describes or filters secrets and carries none.
fn is_secret(name: &str) -> bool {
    if SECRET_NAMES.contains(&squash(name).as_str()) {
        return true;
    }
    let words = words(name);
    match words.as_slice() {
        [.., before, last] if last == "token" => !CURSOR_WORDS.contains(&before.as_str()),
        [.., before, last] if SECRET_NAMES.contains(&format!("{before}{last}").as_str()) => true,
        [.., last] => SECRET_WORDS.contains(&last.as_str()),
        [] => false,
    }
}

/// A credential is text: a boolean, number or list parameter named after a secret is a flag,
/// a filter or a list of ids.
fn carries_text(model: &crate::grading::model::Model, p: &crate::grading::model::Parameter) -> bool {
    let types = param_types(model, p);
    types.is_empty() || types.contains(&"string")
}

impl Rule for NoCredentialsInQuery {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for scheme in model.security_schemes.iter().filter(|s| s.kind == "apiKey") {
            if scheme.location.as_deref() == Some("query") {
                out.fail(doc_violation(
                    child(&scheme.pointer, "in"),
                    format!(
                        "security scheme `{}` sends the API key in the query string",
                        scheme.name
                    ),
                    Some("Use `in: header` (e.g. `X-API-Key`) or a bearer token instead.".to_string()),
                ));
            } else {
                out.pass();
            }
        }
        for op in &model.operations {
            match query_params(op).find(|p| is_secret(&p.name) && carries_text(model, p)) {
                None => out.pass(),
                Some(p) => out.fail(op_violation(
                    op,
                    p.def_pointer.clone().unwrap_or_else(|| p.pointer.clone()),
                    format!("`{}` takes the credential `{}` in the query string", op.label(), p.name),
                    Some(format!("Move `{}` to the `Authorization` header.", p.name)),
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::Tester;

    #[test]
    fn secrets_inside_longer_names_are_found_and_cursors_are_not() {
        for name in [
            "admin_password",
            "githubToken",
            "x-user-api-key",
            "oauth_client_secret",
            "userAccessToken",
            "private-key",
        ] {
            assert!(is_secret(name), "{name} carries a secret");
        }
        for name in [
            "page_token",
            "nextToken",
            "continuation-token",
            "sort_key",
            "idempotency_key",
            "author",
            "session",
            "secret_type",
            "api_key_ids",
            "secret_scanning_alert_state",
        ] {
            assert!(!is_secret(name), "{name} is not a credential");
        }
    }

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&NoCredentialsInQuery)
            .pass(&[
                r#"
                components:
                  securitySchemes:
                    key: { type: apiKey, in: header, name: X-API-Key }
                "#,
                r#"
                paths:
                  /v1/links:
                    get:
                      parameters: [ { name: page_token, in: query, schema: { type: string } } ]
                      responses: { "200": { description: ok } }
                "#,
            ])
            .fail(
                r#"
                components:
                  securitySchemes:
                    key: { type: apiKey, in: query, name: api_key }
                "#,
                &["/components/securitySchemes/key/in"],
            )
            .fail(
                r#"
                paths:
                  /v1/links:
                    get:
                      parameters: [ { name: githubToken, in: query, schema: { type: string } } ]
                      responses: { "200": { description: ok } }
                "#,
                &["/paths/~1v1~1links/get/parameters/0"],
            )
            // flags query credentials
            .fail(
                r#"
                paths:
                  /v1/links:
                    get:
                      parameters: [ { name: access_token, in: query, schema: { type: string } } ]
                      responses: { "200": { description: ok } }
                    post: { responses: { "201": { description: ok } } }
                  /v1/admins:
                    get:
                      parameters:
                        - { name: page_token, in: query, schema: { type: string } }
                        - { name: admin_password, in: query, schema: { type: string } }
                      responses: { "200": { description: ok } }
                components:
                  securitySchemes:
                    key: { type: apiKey, in: query, name: api_key }
                    header: { type: apiKey, in: header, name: X-API-Key }
                "#,
                &[
                    "/components/securitySchemes/key/in",
                    "/paths/~1v1~1links/get/parameters/0",
                    "/paths/~1v1~1admins/get/parameters/1",
                ],
            )
            .places(5)
            // a flag or a list named after a secret is not a credential
            .fail(
                r#"
                paths:
                  /v1/alerts:
                    get:
                      parameters:
                        - { name: hide_secret, in: query, schema: { type: boolean } }
                        - { name: api_key_ids, in: query, schema: { type: array, items: { type: string } } }
                      responses: { "200": { description: ok } }
                  /v1/legacy:
                    get:
                      parameters:
                        - { name: access_token, in: query, schema: { type: string } }
                      responses: { "200": { description: ok } }
                "#,
                &["/paths/~1v1~1legacy/get/parameters/0"],
            )
            .places(2)
            .test();
    }
}
