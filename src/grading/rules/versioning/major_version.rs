//! `versioning/major-version`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::doc_violation;

use crate::grading::rules::support::versions::{
    has_version_parameter, has_versioned_media_type, path_version, server_version,
};

pub struct MajorVersion;

pub static META: RuleMeta = RuleMeta {
    id: "versioning/major-version",
    dimension: Dimension::Versioning,
    default_severity: Severity::Error,
    summary: "The API declares a major version (path, server URL or one version header).",
    checks: "The API declares a major version: a path prefix (`/v1/links`), a server URL \
             (`https://api.example.com/v1`), a version header or query parameter (`Api-Version`), or a versioned \
             media type (`application/vnd.acme.v1+json`). One place per document.",
    why: "Breaking changes always come. A major version in the contract lets v2 ship beside v1 while \
          clients migrate; without one every breaking change breaks every client.",
    fix: "Prefix paths with `/v1` (or end the server URL with `/v1`), or declare one version header \
          and use it on every operation.",
    example_bad: "servers:\n  - url: https://api.example.com\npaths:\n  /links: {}\n",
    example_good: "servers:\n  - url: https://api.example.com\npaths:\n  /v1/links: {}\n",
};

impl Rule for MajorVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        if model.operations.is_empty() {
            return;
        }
        let versioned = model.paths.iter().any(|p| path_version(p).is_some())
            || model.servers.iter().any(|s| server_version(&s.url).is_some())
            || has_version_parameter(model)
            || has_versioned_media_type(model);
        if versioned {
            out.pass();
        } else {
            let pointer = model
                .servers
                .first()
                .map(|s| s.pointer.clone())
                .unwrap_or_else(|| "/paths".to_string());
            out.fail(doc_violation(
                pointer,
                "the API declares no major version in its paths, server URL or headers".to_string(),
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
        Tester::new(&MajorVersion)
            // flags unversioned apis
            .fail(
                r#"
                servers: [ { url: "https://api.example.com" } ]
                paths:
                  /links:
                    get: { responses: { "200": { description: ok } } }
                "#,
                &["/servers/0"],
            )
            .places(1)
            // accepts path, server or header versions
            .pass(&["servers: [ { url: 'https://api.example.com' } ]\npaths: { /v1/links: { get: { responses: { '200': { description: ok } } } } }"])
            .places(1)
            .pass(&["servers: [ { url: 'https://api.example.com/v2' } ]\npaths: { /links: { get: { responses: { '200': { description: ok } } } } }"])
            .places(1)
            .pass(&["paths: { /links: { get: { parameters: [ { name: Api-Version, in: header, schema: { type: string } } ], responses: { '200': { description: ok } } } } }"])
            .places(1)
            .test();
    }
}
