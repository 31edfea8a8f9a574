//! `security/no-credentials-in-query`
//!
//! **What it checks**: no API key scheme is sent `in: query`, and no operation takes a query
//! parameter that carries a secret (`api_key`, `access_token`, `password`, `client_secret`, ...).
//! Places: each API key scheme and each operation.
//!
//! **Why it matters in an interview**: URLs end up in server logs, proxy logs, browser history and
//! `Referer` headers. A secret in the query string is a secret written to disk in many places.
//!
//! **Example**: `apiKey` with `in: query` fails; `in: header` (or a bearer token) passes.
//!
//! **How to fix**: send credentials in the `Authorization` header (or a dedicated header).
use crate::grading::model::child;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{doc_violation, op_violation, query_params, squash};

pub struct NoCredentialsInQuery;

pub static META: RuleMeta = RuleMeta {
    id: "security/no-credentials-in-query",
    dimension: Dimension::Security,
    default_severity: Severity::Error,
    summary: "Credentials never travel in the query string.",
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
            match query_params(op).find(|p| SECRET_NAMES.contains(&squash(&p.name).as_str())) {
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
    use crate::grading::rules::testing::{pointers, run};

    #[test]
    fn flags_query_credentials() {
        let out = run(
            &NoCredentialsInQuery,
            r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /v1/links:
    get:
      parameters: [ { name: access_token, in: query, schema: { type: string } } ]
      responses: { "200": { description: ok } }
    post: { responses: { "201": { description: ok } } }
components:
  securitySchemes:
    key: { type: apiKey, in: query, name: api_key }
    header: { type: apiKey, in: header, name: X-API-Key }
"#,
        );
        assert_eq!(out.places, 4);
        assert_eq!(
            pointers(&out),
            [
                "/components/securitySchemes/key/in",
                "/paths/~1v1~1links/get/parameters/0"
            ]
        );
    }

    #[test]
    fn passes_a_well_designed_api() {
        crate::grading::rules::testing::assert_passes_good_api(&NoCredentialsInQuery);
    }
}
