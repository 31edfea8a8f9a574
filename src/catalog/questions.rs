//! The question bank: `exercises/questions/NN-<part>.yaml`, one file per part of the course
//! outline, validated against `exercises/questions/question.schema.json` and then for what a
//! schema cannot say (ids unique across the bank, answers among the options, `trains` naming a
//! dimension or rule that exists, `probes` naming a probe of a case study).
//!
//! Questions are drilled with spaced repetition (`crate::drill`); the bank itself is read-only
//! and kept in memory, in outline order (part, then file order).
use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::error::CatalogError;
use super::rubrics::SchemaCheck;
use crate::grading::exercise::{ChecklistOption, Exercise, ExpectationKind, ItemType};
use crate::grading::load::{parse, Limits};
use crate::grading::rule::Dimension;
use crate::grading::rules;

/// The twelve parts of the course outline, in its order.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Part {
    Foundations,
    DataFormats,
    ArchitecturalStyles,
    Security,
    ReliabilityScale,
    Performance,
    Debugging,
    CaseStudies,
    FailureCaseStudies,
    ResourceDesign,
    InterviewPrep,
    ProductionAtScale,
}

impl Part {
    pub fn id(self) -> &'static str {
        self.into()
    }

    pub fn all() -> &'static [Part] {
        <Part as strum::VariantArray>::VARIANTS
    }

    /// The list a bad value is told to choose from.
    pub fn ids() -> String {
        variant_ids::<Part>()
    }
}

/// Every variant's id, comma-separated: what a bad value is told to choose from.
fn variant_ids<T: strum::VariantArray + Copy + Into<&'static str>>() -> String {
    T::VARIANTS
        .iter()
        .map(|v| (*v).into())
        .collect::<Vec<&str>>()
        .join(", ")
}

/// From the first question anyone prepared can answer to the ones only experience answers.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Difficulty {
    WarmUp,
    Junior,
    Mid,
    Senior,
}

impl Difficulty {
    pub fn id(self) -> &'static str {
        self.into()
    }

    pub fn all() -> &'static [Difficulty] {
        <Difficulty as strum::VariantArray>::VARIANTS
    }

    pub fn ids() -> String {
        variant_ids::<Difficulty>()
    }
}

/// A flashcard is revealed and rated by the candidate; the other kinds are the checklist's and
/// are graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum QuestionKind {
    Flashcard,
    Single,
    Multi,
    Order,
}

impl QuestionKind {
    /// The checklist item type a graded kind answers like; `None` for a flashcard.
    pub fn item_type(self) -> Option<ItemType> {
        match self {
            QuestionKind::Flashcard => None,
            QuestionKind::Single => Some(ItemType::Single),
            QuestionKind::Multi => Some(ItemType::Multi),
            QuestionKind::Order => Some(ItemType::Order),
        }
    }
}

/// A flashcard's model answer, or the option ids of a graded question's.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Answer {
    Options(Vec<String>),
    Text(String),
}

#[derive(Debug, Clone, Deserialize)]
pub struct Question {
    pub id: String,
    #[serde(skip_deserializing, default = "default_part")]
    pub part: Part,
    pub topic: String,
    pub difficulty: Difficulty,
    pub kind: QuestionKind,
    pub question: String,
    #[serde(default)]
    pub options: Vec<ChecklistOption>,
    /// A single choice's one id is read as a list of one.
    #[serde(deserialize_with = "answer")]
    pub answer: Answer,
    pub explanation: String,
    /// Dimension or rule ids: losing points there brings the question due.
    #[serde(default)]
    pub trains: Vec<String>,
    /// `exercise-id/expectation-id` of the probes this question follows up.
    #[serde(default)]
    pub probes: Vec<String>,
}

fn default_part() -> Part {
    Part::Foundations
}

fn answer<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Answer, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Many(Vec<String>),
        One(String),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::Many(ids) => Answer::Options(ids),
        Raw::One(text) => Answer::Text(text),
    })
}

impl Question {
    /// The option ids of the right answer (empty for a flashcard).
    pub fn answer_ids(&self) -> Vec<&str> {
        match (&self.answer, self.kind) {
            (Answer::Options(ids), _) => ids.iter().map(String::as_str).collect(),
            (Answer::Text(id), QuestionKind::Single) => vec![id.as_str()],
            (Answer::Text(_), _) => Vec::new(),
        }
    }

    /// What the right answer says: a flashcard's model answer, or the right options' texts.
    pub fn answer_text(&self) -> String {
        match self.kind {
            QuestionKind::Flashcard => match &self.answer {
                Answer::Text(t) => t.clone(),
                Answer::Options(_) => String::new(),
            },
            _ => self
                .answer_ids()
                .iter()
                .filter_map(|id| self.options.iter().find(|o| o.id == *id))
                .map(|o| format!("{}. {}", o.id, o.text))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// Whether a graded submission that lost points on `dimension` (or on any of `rules`)
    /// calls for this question.
    pub fn trains_any(&self, dimension: &str, rules: &[&str]) -> bool {
        self.trains
            .iter()
            .any(|t| t == dimension || rules.contains(&t.as_str()))
    }
}

/// Every question, in outline order, with an index by id.
#[derive(Debug, Default)]
pub struct QuestionBank {
    questions: Vec<Question>,
    by_id: HashMap<String, usize>,
    /// Per part, the title its file gives.
    titles: BTreeMap<Part, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PartFile {
    part: Part,
    title: String,
    questions: Vec<Question>,
}

impl QuestionBank {
    /// Loads `questions/*.yaml` from the catalogue's files (paths relative to `exercises/`).
    /// A file that fails is reported and left out; a question that fails a cross-check is
    /// reported and left out, the rest of its file kept.
    pub fn load<'a>(
        files: impl Iterator<Item = (&'a str, &'a str)>,
        exercises: &BTreeMap<String, Exercise>,
        errors: &mut Vec<CatalogError>,
    ) -> QuestionBank {
        let files: Vec<(&str, &str)> = files
            .filter(|(p, _)| p.starts_with("questions/") && !p[10..].contains('/'))
            .collect();
        if !files.iter().any(|(p, _)| p.ends_with(".yaml") || p.ends_with(".yml")) {
            return QuestionBank::default();
        }
        let Some(schema) = files
            .iter()
            .find(|(p, _)| *p == "questions/question.schema.json")
            .map(|(_, t)| SchemaCheck::new(t))
        else {
            errors.push(CatalogError::new(
                "exercises/questions/question.schema.json",
                "",
                "the question bank's schema is missing",
            ));
            return QuestionBank::default();
        };
        let mut bank = QuestionBank::default();
        let mut parts: Vec<PartFile> = Vec::new();
        for (path, text) in &files {
            if !(path.ends_with(".yaml") || path.ends_with(".yml")) {
                continue;
            }
            let file = format!("exercises/{path}");
            match parse_part(&file, text, &schema) {
                Ok(p) => parts.push(p),
                Err(e) => errors.push(e),
            }
        }
        parts.sort_by_key(|p| p.part);
        for part in parts {
            let file = format!("exercises/questions/ (part {})", part.part.id());
            if bank.titles.insert(part.part, part.title).is_some() {
                errors.push(CatalogError::new(&file, "/part", "two files hold this part"));
                continue;
            }
            for (i, mut q) in part.questions.into_iter().enumerate() {
                q.part = part.part;
                let at = format!("/questions/{i}");
                if let Err(e) = check_question(&q, exercises) {
                    errors.push(CatalogError::new(&file, &format!("{at}{}", e.0), e.1));
                    continue;
                }
                if bank.by_id.contains_key(&q.id) {
                    errors.push(CatalogError::new(
                        &file,
                        &format!("{at}/id"),
                        format!("question id {:?} is used twice in the bank", q.id),
                    ));
                    continue;
                }
                bank.by_id.insert(q.id.clone(), bank.questions.len());
                bank.questions.push(q);
            }
        }
        bank
    }

    pub fn get(&self, id: &str) -> Option<&Question> {
        self.by_id.get(id).map(|&i| &self.questions[i])
    }

    /// Every question in outline order.
    pub fn all(&self) -> &[Question] {
        &self.questions
    }

    /// The position of a question in outline order (the order lists and new cards follow).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn title(&self, part: Part) -> &str {
        self.titles.get(&part).map_or(part.id(), String::as_str)
    }

    pub fn len(&self) -> usize {
        self.questions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// The topics in use, in outline order of their first question.
    pub fn topics(&self) -> Vec<&str> {
        let mut seen = Vec::new();
        for q in &self.questions {
            if !seen.contains(&q.topic.as_str()) {
                seen.push(q.topic.as_str());
            }
        }
        seen
    }
}

fn parse_part(file: &str, text: &str, schema: &SchemaCheck) -> Result<PartFile, CatalogError> {
    let (value, _) = parse(text, &Limits::default()).map_err(|e| CatalogError::new(file, "", e.to_string()))?;
    schema.check(file, &value)?;
    serde_json::from_value(value).map_err(|e| CatalogError::new(file, "", e.to_string()))
}

/// What the schema cannot say about one question: (field under the question, complaint).
fn check_question(q: &Question, exercises: &BTreeMap<String, Exercise>) -> Result<(), (String, String)> {
    let ids: Vec<&str> = q.options.iter().map(|o| o.id.as_str()).collect();
    if let Some((i, _)) = ids.iter().enumerate().find(|(i, id)| ids[..*i].contains(id)) {
        return Err((format!("/options/{i}/id"), "option ids must differ".into()));
    }
    let answer = q.answer_ids();
    if let Some(missing) = answer.iter().find(|a| !ids.contains(a)) {
        return Err((
            "/answer".into(),
            format!("{missing:?} is not an option; the options are {}", ids.join(", ")),
        ));
    }
    match q.kind {
        QuestionKind::Order if answer.len() != ids.len() => {
            return Err(("/answer".into(), "an order answer lists every option once".into()));
        }
        QuestionKind::Multi if answer.len() == ids.len() => {
            return Err((
                "/answer".into(),
                "a multi answer that is every option teaches nothing: leave at least one out".into(),
            ));
        }
        _ => {}
    }
    for (i, t) in q.trains.iter().enumerate() {
        let known = Dimension::WITH_EVENTS.iter().any(|d| d.id() == t) || rules::by_id(t).is_some();
        if !known {
            return Err((
                format!("/trains/{i}"),
                format!("{t:?} is neither a dimension nor a rule; `apidojo rules list` shows them"),
            ));
        }
    }
    for (i, p) in q.probes.iter().enumerate() {
        let (exercise, expectation) = p.split_once('/').unwrap_or((p, ""));
        let found = exercises.get(exercise).is_some_and(|e| {
            e.expectations
                .iter()
                .any(|x| x.id == expectation && x.kind == ExpectationKind::Probe)
        });
        if !found {
            return Err((
                format!("/probes/{i}"),
                format!("no probe {expectation:?} in exercise {exercise:?} (exercise-id/expectation-id of kind probe)"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn the_builtin_bank_loads_whole_and_covers_every_part() {
        let c = Catalog::builtin();
        let bank = c.questions();
        let errors: Vec<String> = c.errors.iter().map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert!(bank.len() >= 150, "{} questions", bank.len());
        for part in Part::all() {
            assert!(
                bank.all().iter().any(|q| q.part == *part),
                "no question in part {}",
                part.id()
            );
        }
        for d in Difficulty::all() {
            assert!(bank.all().iter().any(|q| q.difficulty == *d), "no {} question", d.id());
        }
        // In outline order.
        assert!(bank.all().windows(2).all(|w| w[0].part <= w[1].part));
        // Every case study with probes has at least two follow-up questions on them.
        for e in c.exercises() {
            let probes: Vec<String> = e
                .expectations
                .iter()
                .filter(|x| x.kind == ExpectationKind::Probe)
                .map(|x| format!("{}/{}", e.id, x.id))
                .collect();
            if probes.is_empty() {
                continue;
            }
            let tied = bank
                .all()
                .iter()
                .filter(|q| q.probes.iter().any(|p| probes.contains(p)))
                .count();
            assert!(tied >= 2, "{} has {tied} follow-up questions", e.id);
        }
    }

    fn bank_of(yaml: &str) -> (QuestionBank, Vec<String>) {
        let schema = include_str!("../../exercises/questions/question.schema.json");
        let files = [
            ("questions/question.schema.json", schema),
            ("questions/01-foundations.yaml", yaml),
        ];
        let mut errors = Vec::new();
        let bank = QuestionBank::load(files.into_iter(), &BTreeMap::new(), &mut errors);
        (bank, errors.iter().map(|e| e.to_string()).collect())
    }

    const GOOD: &str = "part: foundations\ntitle: Foundations\nquestions:\n\
        \x20 - { id: one, topic: http, difficulty: junior, kind: single, question: Which one is right?, \
        options: [ { id: a, text: A }, { id: b, text: B } ], answer: b, explanation: Because b is the one that is right. }\n\
        \x20 - { id: card, topic: http, difficulty: senior, kind: flashcard, question: Explain it out loud., \
        answer: The model answer., explanation: What the interviewer listens for., trains: [pagination, naming/plural-collections] }\n";

    #[test]
    fn a_good_part_loads_with_its_part_and_answers() {
        let (bank, errors) = bank_of(GOOD);
        assert_eq!(errors, Vec::<String>::new());
        let one = bank.get("one").unwrap();
        assert_eq!((one.part, one.answer_ids()), (Part::Foundations, vec!["b"]));
        assert_eq!(one.answer_text(), "b. B");
        let card = bank.get("card").unwrap();
        assert_eq!(card.answer_text(), "The model answer.");
        assert!(card.trains_any("pagination", &[]) && card.trains_any("naming", &["naming/plural-collections"]));
        assert!(!card.trains_any("naming", &["naming/kebab-case-paths"]));
    }

    #[test]
    fn cross_checks_name_the_question_and_field() {
        let (bank, errors) = bank_of(&GOOD.replace("answer: b,", "answer: c,"));
        assert!(bank.get("one").is_none() && bank.get("card").is_some());
        assert!(
            errors.len() == 1
                && errors[0].contains("/questions/0/answer")
                && errors[0].contains("\"c\" is not an option"),
            "{errors:?}"
        );
        let (_, errors) = bank_of(&GOOD.replace("naming/plural-collections", "naming/no-such-rule"));
        assert!(
            errors.len() == 1 && errors[0].contains("/questions/1/trains/1"),
            "{errors:?}"
        );
        let (_, errors) = bank_of(&GOOD.replace("trains: [", "probes: [url-shortener/nothing], trains: ["));
        assert!(
            errors.len() == 1 && errors[0].contains("/questions/1/probes/0"),
            "{errors:?}"
        );
        let (_, errors) = bank_of(&GOOD.replace("id: card", "id: one"));
        assert!(errors.len() == 1 && errors[0].contains("used twice"), "{errors:?}");
        // The schema: a flashcard has no options, a difficulty is one of four.
        let (_, errors) = bank_of(&GOOD.replace("difficulty: senior", "difficulty: expert"));
        assert!(
            errors.len() == 1 && errors[0].contains("/questions/1/difficulty"),
            "{errors:?}"
        );
    }
}
