//! The shared logic of the two "one casing" rules: the dominant style among multi-word names wins
//! and every distinct name written in another style is a finding.
use crate::grading::model::Pointer;
use crate::grading::rule::{Ctx, Outcome, Violation};
use crate::grading::rules::support::{casing, dominant_casing, words, Casing};

/// `style` option values a rubric may pin.
pub(crate) fn casing_option(cx: &Ctx<'_>) -> Option<Casing> {
    match cx.option_str("style")? {
        "camelCase" | "camel" => Some(Casing::Camel),
        "snake_case" | "snake" => Some(Casing::Snake),
        "PascalCase" | "pascal" => Some(Casing::Pascal),
        "kebab-case" | "kebab" => Some(Casing::Kebab),
        _ => None,
    }
}

pub(crate) fn convert(name: &str, to: Casing) -> String {
    let ws = words(name);
    match to {
        Casing::Snake => ws.join("_"),
        Casing::Kebab => ws.join("-"),
        Casing::ScreamingSnake => ws.join("_").to_uppercase(),
        Casing::Camel | Casing::Pascal | Casing::Mixed => ws
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i == 0 && to != Casing::Pascal {
                    w.clone()
                } else {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default()
                }
            })
            .collect(),
    }
}

/// `names`: distinct (name, pointer, operation) in document order.
pub(crate) fn check_names(cx: &Ctx<'_>, out: &mut Outcome, names: &[(&str, Pointer, Option<String>)], what: &str) {
    let Some(target) = casing_option(cx).or_else(|| dominant_casing(names.iter().map(|n| n.0))) else {
        return;
    };
    for (name, pointer, operation) in names {
        let Some(c) = casing(name) else { continue };
        if c == target {
            out.pass();
        } else {
            out.fail(Violation {
                pointer: pointer.clone(),
                operation: operation.clone(),
                message: format!("{what} `{name}` is {} while the API uses {}", c.name(), target.name()),
                fix: Some(format!("Rename it to `{}`.", convert(name, target))),
                ..Default::default()
            });
        }
    }
}
