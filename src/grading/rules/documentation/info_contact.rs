//! `documentation/info-contact`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::doc_violation;

pub struct InfoContact;

pub static META: RuleMeta = RuleMeta {
    id: "documentation/info-contact",
    dimension: Dimension::Documentation,
    default_severity: Severity::Info,
    summary: "`info.contact` names who owns the API.",
    checks: "`info.contact` gives a name, URL or email. One place per document.",
    why: "An API is a product with owners. Clients need someone to ask about outages, deprecations \
          and quotas; naming the owner shows the design thought past the first release.",
    fix: "Add `info.contact` with a team name and an email or support URL.",
    example_bad: "info:\n  title: Short Links\n",
    example_good: "info:\n  title: Short Links\n  contact: { name: API Platform, email: api@example.com }\n",
};

impl Rule for InfoContact {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let info = &cx.model.info;
        if info.has_contact {
            out.pass();
        } else {
            out.fail(doc_violation(
                info.pointer.clone(),
                "`info.contact` is missing".to_string(),
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
        Tester::new(&InfoContact)
            // flags a missing contact
            .fail(
                "openapi: 3.0.3\ninfo: { title: Links, version: '1' }\npaths: {}\n",
                &["/info"],
            )
            .places(1)
            // passes a contact
            .pass(&["openapi: 3.0.3\ninfo: { title: Links, version: '1', contact: { email: api@example.com } }\npaths: {}\n"])
            .test();
    }
}
