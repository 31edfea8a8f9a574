//! `documentation/info-description`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::child;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::doc_violation;

pub struct InfoDescription;

pub static META: RuleMeta = RuleMeta {
    id: "documentation/info-description",
    dimension: Dimension::Documentation,
    default_severity: Severity::Warning,
    summary: "`info.description` explains what the API is for.",
    checks: "`info.description` says what the API is for (present, not blank, and more than a restatement of the \
             title). One place per document.",
    why: "The API's description frames every later decision: who calls it, the main resources, \
          how authentication and limits work. Interviewers read it as the design's summary.",
    fix: "Write a few sentences in `info.description`: purpose, main resources, auth, rate limits.",
    example_bad: "info:\n  title: Short Links\n  version: 1.0.0\n",
    example_good: "info:\n  title: Short Links\n  version: 1.0.0\n  description: Create short links, resolve them with a redirect and read click analytics. Bearer tokens; 100 requests/minute.\n",
};

impl Rule for InfoDescription {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let info = &cx.model.info;
        let desc = info.description.as_deref().map(str::trim).unwrap_or("");
        let title = info.title.as_deref().map(str::trim).unwrap_or("");
        if desc.len() >= 20 && !desc.eq_ignore_ascii_case(title) {
            out.pass();
        } else {
            let pointer = match (&info.description, info.pointer.is_empty()) {
                (Some(_), false) => child(&info.pointer, "description"),
                _ => info.pointer.clone(),
            };
            out.fail(doc_violation(
                pointer,
                "`info.description` is missing or too short to explain the API".to_string(),
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
        Tester::new(&InfoDescription)
            // flags a missing description
            .fail(
                "openapi: 3.0.3\ninfo: { title: Links, version: '1' }\npaths: {}\n",
                &["/info"],
            )
            .places(1)
            // passes a real description
            .pass(&["openapi: 3.0.3\ninfo: { title: Links, version: '1', description: 'Create and resolve short links.' }\npaths: {}\n"])
            .places(1)
            .test();
    }
}
