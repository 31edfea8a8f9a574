//! `versioning/info-version`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::child;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::{doc_violation, non_empty};

pub struct InfoVersion;

pub static META: RuleMeta = RuleMeta {
    id: "versioning/info-version",
    dimension: Dimension::Versioning,
    default_severity: Severity::Error,
    summary: "`info.version` is set.",
    checks: "`info.version` is present and not empty. One place per document.",
    why: "The document's version names one revision of the contract: changelogs, SDK releases and \
          support conversations all refer to it.",
    fix: "Set `info.version`, e.g. `1.0.0`, and bump it on every published change.",
    example_bad: "info:\n  title: Short Links\n",
    example_good: "info:\n  title: Short Links\n  version: 1.0.0\n",
};

impl Rule for InfoVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let info = &cx.model.info;
        if non_empty(&info.version) {
            out.pass();
        } else {
            let pointer = match (&info.version, info.pointer.is_empty()) {
                (_, true) => String::new(),
                (Some(_), false) => child(&info.pointer, "version"),
                (None, false) => info.pointer.clone(),
            };
            out.fail(doc_violation(
                pointer,
                "`info.version` is missing or empty".to_string(),
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
        Tester::new(&InfoVersion)
            // flags an empty version
            .fail(
                "openapi: 3.0.3\ninfo: { title: t, version: '' }\npaths: {}\n",
                &["/info/version"],
            )
            .places(1)
            // passes a version
            .pass(&["openapi: 3.0.3\ninfo: { title: t, version: 1.0.0 }\npaths: {}\n"])
            .places(1)
            .test();
    }
}
