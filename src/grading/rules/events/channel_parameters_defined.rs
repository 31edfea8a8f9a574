//! `events/channel-parameters-defined`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::model::child;
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity};
use crate::grading::rules::support::doc_violation;

pub struct ChannelParametersDefined;

pub static META: RuleMeta = RuleMeta {
    id: "events/channel-parameters-defined",
    dimension: Dimension::Events,
    default_severity: Severity::Error,
    summary: "Every `{parameter}` of a channel address is declared in its `parameters`.",
    checks: "Each `{name}` in a channel's `address` is one place: it passes when the channel's `parameters` \
             declare `name`.",
    why: "An undeclared parameter has no description and no constraint: clients guess what goes in \
          `rooms/{roomId}`, and tools that generate clients from the document reject it.",
    fix: "Declare each address parameter under the channel's `parameters`, with a description.",
    example_bad: "room:\n  address: rooms/{roomId}\n",
    example_good:
        "room:\n  address: rooms/{roomId}\n  parameters:\n    roomId: { description: The room's opaque id. }\n",
};

impl Rule for ChannelParametersDefined {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let Some(model) = cx.events else { return };
        for c in &model.channels {
            for name in c.address_parameters() {
                if c.parameters.iter().any(|p| p == name) {
                    out.pass();
                } else {
                    out.fail(doc_violation(
                        child(&c.pointer, "address"),
                        format!("address parameter `{{{name}}}` of channel `{}` is not declared", c.key),
                        Some(format!("Declare `{name}` under `parameters` of channel `{}`.", c.key)),
                    ));
                }
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
        Tester::new(&ChannelParametersDefined)
            .fail(
                r#"
                asyncapi: 3.0.0
                info: { title: t, version: '1' }
                channels:
                  c:
                    address: games/{gameId}/players/{playerId}
                    parameters: { gameId: {} }
                "#,
                &["/channels/c/address"],
            )
            .places(2)
            .test();
    }
}
