//! `security/oauth-flows`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::child;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::doc_violation;

pub struct OauthFlows;

pub static META: RuleMeta = RuleMeta {
    id: "security/oauth-flows",
    dimension: Dimension::Security,
    default_severity: Severity::Warning,
    summary: "OAuth 2 schemes use no deprecated flow (implicit, password).",
    checks: "OAuth 2 security schemes offer no `implicit` or `password` flow. Each OAuth 2 scheme is one place.",
    why: "The OAuth 2.0 Security Best Current Practice deprecates the implicit flow (tokens leak \
          through URLs and history) and the password grant (the client sees the user's password). \
          Interviewers expect authorization code with PKCE, or client credentials between services.",
    fix: "Use the `authorizationCode` flow with PKCE for user-facing clients, or \
          `clientCredentials` for machine-to-machine calls.",
    example_bad: "oauth:\n  type: oauth2\n  flows:\n    implicit:\n      authorizationUrl: https://auth.example.com/authorize\n      scopes: {}\n",
    example_good: "oauth:\n  type: oauth2\n  flows:\n    authorizationCode:\n      authorizationUrl: https://auth.example.com/authorize\n      tokenUrl: https://auth.example.com/token\n      scopes: {}\n",
};

impl Rule for OauthFlows {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for scheme in model.security_schemes.iter().filter(|s| s.kind == "oauth2") {
            let flows = model
                .root
                .pointer(&scheme.pointer)
                .and_then(|s| s.get("flows"))
                .and_then(|f| f.as_object());
            let deprecated = flows.and_then(|f| ["implicit", "password"].into_iter().find(|k| f.contains_key(*k)));
            match deprecated {
                None => out.pass(),
                Some(flow) => out.fail(doc_violation(
                    child(&child(&scheme.pointer, "flows"), flow),
                    format!("OAuth 2 scheme `{}` offers the deprecated `{flow}` flow", scheme.name),
                    None,
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::{Tester, GOOD_API};

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&OauthFlows)
            // flags implicit and password flows
            .fail(
                r#"
                components:
                  securitySchemes:
                    legacy:
                      type: oauth2
                      flows:
                        password: { tokenUrl: https://a.example.com/token, scopes: {} }
                    web:
                      type: oauth2
                      flows:
                        authorizationCode: { authorizationUrl: https://a.example.com/authorize, tokenUrl: https://a.example.com/token, scopes: {} }
                    key: { type: apiKey, in: header, name: X-API-Key }
                "#,
                &["/components/securitySchemes/legacy/flows/password"],
            )
            .places(2)
            // the well-designed answer uses bearer tokens, no OAuth flows
            .not_applicable(&[GOOD_API])
            .test();
    }
}
