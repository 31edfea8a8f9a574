//! Checks that read the whole document, or the judged operations' part of it: money in minor
//! units, action segments, headers anywhere. (Another rule, breaking changes and the
//! combinators are judged in the module above.)
use std::collections::BTreeSet;

use serde_json::Value;

use super::failure::Failure;
use crate::grading::exercise::Check;
use crate::grading::model::{Model, Operation, SchemaId, Segment};
use crate::grading::rules::support::{reachable_schemas, words};

/// Checks that read the whole document, or only the judged operations' part of it.
pub(super) fn document_failure(model: &Model, judged: &[&Operation], whole: bool, check: &Check) -> Option<Failure> {
    match check {
        Check::MoneyMinorUnits => money_failure(model, judged, whole),
        Check::NoActionSegments(verbs) => {
            let paths: BTreeSet<usize> = judged.iter().map(|op| op.path_index).collect();
            paths.into_iter().find_map(|i| {
                let path = &model.paths[i];
                let verb = path.segments.iter().find_map(|seg| action_word(seg, verbs))?;
                Some(Failure {
                    pointer: path.pointer.clone(),
                    operation: None,
                    document: None,
                    reason: format!(
                        "`{}` uses the verb `{verb}` as a path segment; model it as a resource (`{}s`) or a custom method (`:{verb}`)",
                        path.template,
                        verb
                    ),
                })
            })
        }
        Check::HeaderSomewhere(fragments) => {
            let mut found = false;
            walk_headers(model.root, 0, &mut |name| {
                let n = name.to_ascii_lowercase();
                found |= fragments.iter().any(|f| n.contains(f.as_str()));
            });
            (!found).then(|| Failure {
                pointer: String::new(),
                operation: None,
                document: None,
                reason: format!("no header anywhere in the document names {}", fragments.join(" or ")),
            })
        }
        _ => None,
    }
}

/// A verb among `verbs` used as a literal path segment. A custom method (`{id}:refund`) is fine.
fn action_word(seg: &Segment, verbs: &[String]) -> Option<String> {
    let text = match seg {
        Segment::Literal(s) => s.as_str(),
        Segment::Mixed(s) => s.split(':').next().unwrap_or(""),
        Segment::Param(_) => return None,
    };
    let literal: String = {
        let mut depth = 0;
        text.chars()
            .filter(|c| {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => return depth == 0,
                }
                false
            })
            .collect()
    };
    words(&literal).into_iter().find(|w| verbs.iter().any(|v| v == w))
}

/// Names of money amounts, compared squashed (`unit_price` -> `unitprice`) and by last word.
const MONEY_WORDS: &[&str] = &[
    "amount", "price", "fee", "cost", "fare", "balance", "subtotal", "tax", "tip", "payout",
];

fn is_money_name(name: &str) -> bool {
    let w = words(name);
    let Some(last) = w.last() else { return false };
    MONEY_WORDS.contains(&last.as_str()) || last == "cents"
}

fn money_failure(model: &Model, judged: &[&Operation], whole: bool) -> Option<Failure> {
    let ids: Vec<SchemaId> = if whole {
        (0..model.schemas.len()).collect()
    } else {
        let roots: Vec<SchemaId> = judged
            .iter()
            .flat_map(|op| {
                let req = op.request_body.iter().flat_map(|b| b.content.iter());
                let res = op.responses.iter().flat_map(|r| r.content.iter());
                req.chain(res).filter_map(|m| m.schema).collect::<Vec<_>>()
            })
            .collect();
        let mut seen = Vec::new();
        reachable_schemas(model, roots, &mut seen)
    };
    let mut has_currency = false;
    let mut float: Option<(String, String)> = None;
    for &id in &ids {
        for (name, pid) in &model.schema(id).properties {
            let lower = name.to_ascii_lowercase();
            if lower.ends_with("currency") || lower.ends_with("currency_code") || lower.ends_with("currencycode") {
                has_currency = true;
            }
            if float.is_none() && is_money_name(name) {
                let p = model.schema(*pid);
                if p.has_type("number") && !p.has_type("integer") {
                    float = Some((p.pointer.clone(), (*name).to_string()));
                }
            }
        }
    }
    if let Some((pointer, name)) = float {
        return Some(Failure {
            pointer,
            operation: None,
            document: None,
            reason: format!("`{name}` is a floating-point number; money must be exact"),
        });
    }
    let any_money = ids
        .iter()
        .any(|&id| model.schema(id).properties.iter().any(|(n, _)| is_money_name(n)));
    (any_money && !has_currency).then(|| Failure {
        pointer: "/components/schemas".to_string(),
        operation: None,
        document: None,
        reason: "amounts carry no currency, so `1000` could be euros or yen".to_string(),
    })
}

/// Calls `f` with the name of every header declared anywhere: parameters `in: header` and the
/// keys of `headers` maps, including inside callbacks, webhooks and components. Depth-bounded.
fn walk_headers(v: &Value, depth: usize, f: &mut impl FnMut(&str)) {
    if depth > 64 {
        return;
    }
    match v {
        Value::Object(map) => {
            if map.get("in").and_then(Value::as_str) == Some("header") {
                if let Some(name) = map.get("name").and_then(Value::as_str) {
                    f(name);
                }
            }
            for (k, child) in map {
                if k == "headers" {
                    if let Value::Object(h) = child {
                        for name in h.keys() {
                            f(name);
                        }
                    }
                }
                walk_headers(child, depth + 1, f);
            }
        }
        Value::Array(items) => {
            for child in items {
                walk_headers(child, depth + 1, f);
            }
        }
        _ => {}
    }
}
