//! Grading checklist answers: `{"answers": {"<item id>": "b" | ["a", "c"]}}`, validated against a
//! JSON Schema derived from the exercise's items, then scored per item.
//!
//! - `single`: full credit for the right option, none otherwise.
//! - `multi`: credit = (right picks - wrong picks) / size of the answer, floored at 0, so ticking
//!   every box never earns full credit.
//! - `order`: the share of positions holding the right option.
//!
//! An unanswered item earns nothing. The score is the mean credit over all items, 0 to 100.
use serde::Serialize;
use serde_json::{json, Value};

use crate::grading::exercise::{ChecklistItem, Exercise, ItemType};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChecklistReport {
    pub score: f64,
    pub exercise: String,
    pub kind: &'static str,
    pub items: Vec<ItemResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemResult {
    pub id: String,
    /// 0 to 1.
    pub credit: f64,
    pub correct: bool,
    pub answered: Option<Value>,
    /// The right answer and why: only for an item the candidate answered, so a partial
    /// submission cannot harvest the answer key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

impl ChecklistReport {
    /// The report without any right answer or explanation, for grading outside an attempt
    /// (`POST /v1/grade`), where answering everything at random would otherwise reveal the key.
    pub fn without_answer_key(mut self) -> ChecklistReport {
        for item in &mut self.items {
            item.expected = None;
            item.explanation = None;
        }
        self
    }
}

/// The answers could not be graded: one line saying which field is wrong and how.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct AnswersError(pub String);

/// The JSON Schema every submission to this exercise must satisfy.
pub fn answers_schema(exercise: &Exercise) -> Value {
    let mut props = serde_json::Map::new();
    for item in &exercise.items {
        let ids: Vec<&str> = item.options.iter().map(|o| o.id.as_str()).collect();
        let schema = match item.item_type {
            ItemType::Single => json!({ "type": "string", "enum": ids }),
            ItemType::Multi => {
                json!({ "type": "array", "items": { "enum": ids }, "uniqueItems": true })
            }
            ItemType::Order => json!({
                "type": "array", "items": { "enum": ids }, "uniqueItems": true,
                "minItems": ids.len(), "maxItems": ids.len()
            }),
        };
        props.insert(item.id.clone(), schema);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["answers"],
        "additionalProperties": false,
        "properties": {
            "answers": { "type": "object", "additionalProperties": false, "properties": props }
        }
    })
}

pub fn grade(exercise: &Exercise, input: &str) -> Result<ChecklistReport, AnswersError> {
    let value: Value =
        serde_json::from_str(input).map_err(|e| AnswersError(format!("the answers are not valid JSON: {e}")))?;
    let schema = answers_schema(exercise);
    let validator = jsonschema::validator_for(&schema)
        .map_err(|e| AnswersError(format!("the exercise's answer schema is invalid: {e}")))?;
    if let Some(err) = validator.iter_errors(&value).next() {
        let at = err.instance_path().to_string();
        let at = if at.is_empty() { "/".to_owned() } else { at };
        return Err(AnswersError(format!("invalid answers at {at}: {err}")));
    }
    let answers = &value["answers"];
    let items: Vec<ItemResult> = exercise
        .items
        .iter()
        .map(|item| grade_item(item, answers.get(&item.id)))
        .collect();
    let total: f64 = items.iter().map(|i| i.credit).sum();
    let score = if items.is_empty() {
        0.0
    } else {
        super::score::percent1(total / items.len() as f64)
    };
    Ok(ChecklistReport {
        score,
        exercise: exercise.id.clone(),
        kind: "checklist",
        items,
    })
}

fn as_ids(v: &Value) -> Vec<&str> {
    match v {
        Value::String(s) => vec![s.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The credit, 0 to 1, of the options `given` for an item of `item_type` whose answer is
/// `expected` (as the module comment says). The question bank's drills grade the same way.
pub fn credit(item_type: ItemType, expected: &[&str], given: &[&str]) -> f64 {
    match item_type {
        ItemType::Single => f64::from(u8::from(given.len() == 1 && given.first() == expected.first())),
        ItemType::Multi => {
            let right = given.iter().filter(|g| expected.contains(g)).count() as f64;
            let wrong = given.len() as f64 - right;
            ((right - wrong) / expected.len().max(1) as f64).max(0.0)
        }
        ItemType::Order => {
            let hits = given.iter().zip(expected).filter(|(g, e)| g == e).count() as f64;
            hits / expected.len().max(1) as f64
        }
    }
}

fn grade_item(item: &ChecklistItem, answered: Option<&Value>) -> ItemResult {
    let expected = as_ids(&item.answer);
    let credit = match answered {
        None => 0.0,
        Some(answered) => credit(item.item_type, &expected, &as_ids(answered)),
    };
    ItemResult {
        id: item.id.clone(),
        credit,
        correct: credit >= 1.0,
        answered: answered.cloned(),
        expected: answered.map(|_| item.answer.clone()),
        explanation: answered.map(|_| item.explanation.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::exercise::{ChecklistOption, ExerciseKind};

    fn item(id: &str, t: ItemType, answer: Value) -> ChecklistItem {
        ChecklistItem {
            id: id.into(),
            item_type: t,
            question: "?".into(),
            options: ["a", "b", "c"]
                .iter()
                .map(|o| ChecklistOption {
                    id: (*o).into(),
                    text: o.to_uppercase(),
                })
                .collect(),
            answer,
            explanation: format!("because {id}"),
        }
    }

    fn exercise() -> Exercise {
        Exercise {
            id: "quiz".into(),
            version: 1,
            kind: ExerciseKind::Checklist,
            title: "Quiz".into(),
            summary: "s".into(),
            difficulty: "easy".into(),
            time_limit_minutes: 10,
            tags: vec![],
            rubric: None,
            prompt: "p".into(),
            capabilities: vec![],
            model_answer: None,
            events_model_answer: None,
            starter: None,
            items: vec![
                item("one", ItemType::Single, json!("b")),
                item("many", ItemType::Multi, json!(["a", "c"])),
                item("order", ItemType::Order, json!(["c", "a", "b"])),
            ],
            expectations: vec![],
            starter_document: None,
        }
    }

    #[test]
    fn all_right_scores_100() {
        let r = grade(
            &exercise(),
            r#"{"answers": {"one": "b", "many": ["c", "a"], "order": ["c", "a", "b"]}}"#,
        )
        .unwrap();
        assert_eq!(r.score, 100.0);
        assert!(r.items.iter().all(|i| i.correct));
    }

    #[test]
    fn partial_credit_for_multi_and_order_none_for_missing() {
        let r = grade(
            &exercise(),
            r#"{"answers": {"many": ["a", "b"], "order": ["c", "b", "a"]}}"#,
        )
        .unwrap();
        let credits: Vec<f64> = r.items.iter().map(|i| i.credit).collect();
        // one: unanswered; many: 1 right - 1 wrong = 0; order: first position right = 1/3.
        assert_eq!(credits[0], 0.0);
        assert_eq!(credits[1], 0.0);
        assert!((credits[2] - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(r.score, 11.1);
        // The unanswered item keeps its answer key; the answered ones show theirs.
        assert_eq!(
            (r.items[0].expected.as_ref(), r.items[0].explanation.as_deref()),
            (None, None)
        );
        assert_eq!(r.items[1].explanation.as_deref(), Some("because many"));
        let hidden = r.without_answer_key();
        assert!(hidden
            .items
            .iter()
            .all(|i| i.expected.is_none() && i.explanation.is_none()));
    }

    #[test]
    fn wrong_picks_cancel_right_ones() {
        let r = grade(&exercise(), r#"{"answers": {"many": ["a", "b", "c"]}}"#).unwrap();
        assert_eq!(r.items[1].credit, 0.5);
        let r = grade(&exercise(), r#"{"answers": {"many": ["b"]}}"#).unwrap();
        assert_eq!(r.items[1].credit, 0.0);
    }

    #[test]
    fn unknown_items_and_options_are_refused_with_their_place() {
        let e = grade(&exercise(), r#"{"answers": {"nope": "a"}}"#).unwrap_err();
        assert!(e.0.contains("/answers"), "{e}");
        let e = grade(&exercise(), r#"{"answers": {"one": "z"}}"#).unwrap_err();
        assert!(e.0.contains("/answers/one"), "{e}");
        let e = grade(&exercise(), r#"{"answers": {"order": ["a", "b"]}}"#).unwrap_err();
        assert!(e.0.contains("/answers/order"), "{e}");
        let e = grade(&exercise(), "[1,2").unwrap_err();
        assert!(e.0.contains("not valid JSON"), "{e}");
    }
}
