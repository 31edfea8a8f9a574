//! `versioning/consistent-version`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{doc_violation, op_violation};

use crate::grading::rules::support::versions::{is_operational, is_version_parameter, path_version, server_version};

pub struct ConsistentVersion;

pub static META: RuleMeta = RuleMeta {
    id: "versioning/consistent-version",
    dimension: Dimension::Versioning,
    default_severity: Severity::Error,
    summary: "One version strategy used everywhere: every path has the prefix, or every operation the version header.",
    checks: "When paths carry the version (`/v1/...`), every path does, apart from operational endpoints \
             (`/healthz`, `/readyz`, `/.well-known/...`, `/openapi.json`). Each path is one place while path \
             versioning is in use. When the version is a header or query parameter instead (`Api-Version`), every \
             operation accepts it.",
    why: "A versioning scheme protects clients only if it covers the whole contract: the one \
          unversioned path is the one that breaks when v2 ships.",
    fix: "Put the stray path under the same `/vN` prefix as the rest of the API, or accept the \
          version header on every operation when the version travels in a header.",
    example_bad: "paths:\n  /v1/links: {}\n  /clicks: {}\n",
    example_good: "paths:\n  /v1/links: {}\n  /v1/clicks: {}\n",
};

impl Rule for ConsistentVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        let Some(first) = model.paths.iter().find_map(path_version) else {
            check_header_strategy(cx, out);
            return;
        };
        // The version most paths use; a path alone under another one (`/v2/...` among `/v1`
        // paths, with no `/v1` counterpart being replaced) is a stray, not a migration.
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for v in model.paths.iter().filter_map(path_version) {
            match counts.iter_mut().find(|(x, _)| *x == v) {
                Some(c) => c.1 += 1,
                None => counts.push((v, 1)),
            }
        }
        let (example, majority) = counts
            .iter()
            .copied()
            .fold((first, 0), |best, c| if c.1 > best.1 { c } else { best });
        let unversioned = |t: &str, v: &str| t.replacen(&format!("/{v}/"), "/", 1);
        for path in model
            .paths
            .iter()
            .filter(|p| !is_operational(p) && !p.operations.is_empty())
        {
            if let Some(v) = path_version(path) {
                let rest = unversioned(&path.template, v);
                let counterpart = model
                    .paths
                    .iter()
                    .any(|q| path_version(q) == Some(example) && unversioned(&q.template, example) == rest);
                if v == example || counterpart || majority < 2 {
                    out.pass();
                } else {
                    out.fail(doc_violation(
                        path.pointer.clone(),
                        format!(
                            "`{}` is under `/{v}` while the other {majority} versioned paths are under `/{example}`",
                            path.template
                        ),
                        Some(format!(
                            "Keep one major version across the API: move it to `/{example}{rest}`, or ship `/{v}` for the whole API when it breaks clients."
                        )),
                    ));
                }
            } else {
                out.fail(doc_violation(
                    path.pointer.clone(),
                    format!(
                        "`{}` has no version prefix while other paths use `/{example}`",
                        path.template
                    ),
                    Some(format!("Move it to `/{example}{}`.", path.template)),
                ));
            }
        }
    }
}

/// Without path versions, a version header or query parameter is the strategy when the server
/// URL carries none: then every operation must accept it.
fn check_header_strategy(cx: &Ctx<'_>, out: &mut Outcome) {
    let model = cx.model;
    if model.servers.iter().any(|s| server_version(&s.url).is_some()) {
        return;
    }
    let Some(name) = model
        .operations
        .iter()
        .flat_map(|op| &op.parameters)
        .find(|p| is_version_parameter(p))
        .map(|p| p.name.as_str())
    else {
        return;
    };
    for op in &model.operations {
        if is_operational(&model.paths[op.path_index]) {
            continue;
        }
        if op.parameters.iter().any(is_version_parameter) {
            out.pass();
        } else {
            out.fail(op_violation(
                op,
                op.pointer.clone(),
                format!(
                    "`{}` does not accept the `{name}` version parameter that other operations use",
                    op.label()
                ),
                Some(format!(
                    "Accept `{name}` here too (a shared `components.parameters` entry keeps it in one place)."
                )),
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
        Tester::new(&ConsistentVersion)
            // a version header must be on every operation
            .fail(
                r#"
                servers: [ { url: "https://api.example.com" } ]
                paths:
                  /links:
                    get:
                      parameters: [ { $ref: '#/components/parameters/ApiVersion' } ]
                      responses: { "200": { description: ok } }
                    post: { responses: { "201": { description: ok } } }
                components:
                  parameters:
                    ApiVersion: { name: Api-Version, in: header, required: true, schema: { type: string } }
                "#,
                &["/paths/~1links/post"],
            )
            .places(2)
            // passes fully versioned paths
            .pass(&[r#"
                paths:
                  /v1/links:
                    get: { responses: { "200": { description: ok } } }
                  /v2/links:
                    get: { responses: { "200": { description: ok } } }
                "#])
            .places(2)
            // one path under another major version is a stray unless it replaces one
            .fail(
                r#"
                paths:
                  /v1/links:
                    get: { responses: { "200": { description: ok } } }
                  /v1/links/{code}:
                    get: { responses: { "200": { description: ok } } }
                  /v2/links/{code}:
                    get: { responses: { "200": { description: ok } } }
                  /v2/links/{code}/stats:
                    get: { responses: { "200": { description: ok } } }
                "#,
                &["/paths/~1v2~1links~1{code}~1stats"],
            )
            .places(4)
            .also(|out| {
                assert_eq!(
                    out.violations[0].message,
                    "`/v2/links/{code}/stats` is under `/v2` while the other 2 versioned paths are under `/v1`"
                )
            })
            // flags stray unversioned paths
            .fail(
                r#"
                paths:
                  /v1/links:
                    get: { responses: { "200": { description: ok } } }
                  /clicks:
                    get: { responses: { "200": { description: ok } } }
                  /healthz:
                    get: { responses: { "200": { description: ok } } }
                "#,
                &["/paths/~1clicks"],
            )
            .places(2)
            .also(|out| assert_eq!(out.violations[0].fix.as_deref(), Some("Move it to `/v1/clicks`.")))
            .test();
    }
}
