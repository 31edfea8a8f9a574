//! What a rule is: its metadata, the context it reads, and what it reports.
//!
//! Scoring counts *places*, not messages: a rule calls [`Outcome::pass`] or [`Outcome::fail`]
//! exactly once for every place it applies to (an operation, a parameter, a schema property,
//! the document itself...). A rule that applies nowhere reports nothing and does not count.
use std::any::Any;
use std::fmt;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::model::{Model, Pointer};

/// The rubric dimensions. The ids are part of the fixed report contract: the eight of [`ALL`]
/// judge an OpenAPI document; `events` (additive) judges an AsyncAPI event document and is in a
/// report only when one was graded.
///
/// [`ALL`]: Dimension::ALL
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Dimension {
    Naming,
    Pagination,
    Idempotency,
    Versioning,
    Errors,
    Security,
    Documentation,
    Coverage,
    Events,
}

impl Dimension {
    /// An OpenAPI document's dimensions: [`Self::WITH_EVENTS`] but `events`.
    pub const ALL: [Dimension; 8] = {
        let mut all = [Dimension::Naming; 8];
        let mut i = 0;
        while i < all.len() {
            all[i] = Self::WITH_EVENTS[i];
            i += 1;
        }
        all
    };

    /// [`Self::ALL`] and `events`: every dimension a rule can belong to.
    pub const WITH_EVENTS: [Dimension; 9] = [
        Dimension::Naming,
        Dimension::Pagination,
        Dimension::Idempotency,
        Dimension::Versioning,
        Dimension::Errors,
        Dimension::Security,
        Dimension::Documentation,
        Dimension::Coverage,
        Dimension::Events,
    ];

    /// As in reports and rule ids: `naming`, `pagination`...
    pub fn id(self) -> &'static str {
        self.into()
    }
}

/// How much a failing place costs. `Off` exists so a rubric can disable a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Severity {
    Off,
    Info,
    Warning,
    Error,
}

impl Severity {
    /// As in reports: `error`, `warning`, `info`, `off`.
    pub fn id(self) -> &'static str {
        self.into()
    }
}

/// A rule's documentation: everything `apidojo rules explain ID` prints, `rubrics/RULES.md`
/// shows and SARIF carries. Written once, in the rule's own file; the file's own doc comment
/// does not repeat it.
#[derive(Debug)]
pub struct RuleMeta {
    /// `<dimension>/<name>`, kebab-case, stable forever (rubrics and reports name it).
    pub id: &'static str,
    pub dimension: Dimension,
    pub default_severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// What the rule checks in full: what passes, what is left alone, which places count, and
    /// the rubric options it takes.
    pub checks: &'static str,
    /// Why it matters in an interview (shown with every finding).
    pub why: &'static str,
    /// How to fix it (shown with every finding unless the finding has a more specific fix).
    pub fix: &'static str,
    /// A short failing example and the corrected version, as YAML snippets.
    pub example_bad: &'static str,
    pub example_good: &'static str,
}

/// What a rule sees.
pub struct Ctx<'a> {
    pub model: &'a Model<'a>,
    /// The event document's model, when one is graded (only `events` rules read it).
    pub events: Option<&'a crate::grading::events::EventModel<'a>>,
    /// The rule's options as the rubric set them (`rules.<id>.options`), parsed when the rubric
    /// loaded; read them with [`Ctx::options`].
    pub options: &'a RuleOptions,
    /// The exercise being graded against, when there is one (only `coverage` rules need it).
    pub exercise: Option<&'a crate::grading::exercise::Exercise>,
    /// Finds another rule by id: the engine hands its registry to the rules that run another
    /// rule (an exercise's `rule` expectation), so no rule reaches back into the registry.
    pub rules: fn(&str) -> Option<&'static dyn Rule>,
}

impl Ctx<'_> {
    /// The rule's options: what [`Rule::options`] parsed from the rubric, or `T::default()` when
    /// the rubric sets none.
    pub fn options<T: Clone + Default + 'static>(&self) -> T {
        match &self.options.0 {
            None => T::default(),
            Some(parsed) => match parsed.downcast_ref::<T>() {
                Some(t) => t.clone(),
                None if cfg!(debug_assertions) => {
                    panic!("a rule reads its options as another type than its `Rule::options` parsed")
                }
                None => T::default(),
            },
        }
    }
}

/// No options: every rule's defaults.
pub static NO_OPTIONS: RuleOptions = RuleOptions(None);

/// A rule's options parsed from a rubric, kept in the resolved rubric without their type; the
/// rule reads them back as its own options type with [`Ctx::options`].
#[derive(Clone, Default)]
pub struct RuleOptions(Option<Arc<dyn Any + Send + Sync>>);

impl RuleOptions {
    /// Parses `raw` (the rubric's `options` object) as `T`, which should refuse unknown fields.
    /// The error names the field at fault, relative to `options`.
    pub fn parse<T: DeserializeOwned + Send + Sync + 'static>(raw: &Map<String, Value>) -> Result<Self, OptionError> {
        let value = Value::Object(raw.clone());
        match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(t) => Ok(RuleOptions(Some(Arc::new(t)))),
            Err(e) => {
                let field = e
                    .path()
                    .iter()
                    .filter_map(|s| match s {
                        serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                        serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                        _ => None,
                    })
                    .collect();
                let message = e.inner().to_string();
                let message = message.split(" at line ").next().unwrap_or(&message);
                Err(OptionError {
                    field,
                    message: message
                        .replace("unknown field", "no option")
                        .replace("invalid type: ", "wrong type: "),
                })
            }
        }
    }
}

impl fmt::Debug for RuleOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() {
            "RuleOptions(..)"
        } else {
            "RuleOptions(none)"
        })
    }
}

/// An option a rubric sets that the rule does not accept.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionError {
    /// The path below `options` to the field at fault (empty: the options as a whole).
    pub field: Vec<String>,
    pub message: String,
}

/// Deserialises a name into an enum whose names strum lists, refusing any other name with the
/// list of those it accepts: `` `camle` is not one of camelCase, snake_case ``.
pub fn one_of<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr + strum::VariantNames,
{
    use serde::de::Error;
    let s = String::deserialize(d)?;
    s.parse()
        .map_err(|_| D::Error::custom(format!("`{s}` is not one of {}", T::VARIANTS.join(", "))))
}

/// One failing place, before the scorer adds severity, dimension, line and column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Violation {
    /// Where the problem is (RFC 6901). The line/column of the report are computed from it.
    pub pointer: Pointer,
    /// `GET /v1/links/{code}` when the place belongs to one operation.
    pub operation: Option<String>,
    /// Specific to this place: name the thing, say what is wrong.
    pub message: String,
    /// A more specific fix than the rule's generic one, when the rule can say it.
    pub fix: Option<String>,
    /// Why this place matters, when it is more specific than the rule's own why (an exercise's
    /// expectation says why it matters in that interview).
    pub why: Option<String>,
    /// The exercise item the place is about (a capability or expectation id), for the scorer.
    pub item: Option<String>,
    /// The document the place is in, when it is not the one the rule's dimension reads: an
    /// expectation about the event design points into the event document (`events`).
    pub document: Option<&'static str>,
}

/// What one rule found in one document.
#[derive(Debug, Default)]
pub struct Outcome {
    /// How many places the rule applied to (passes + failures).
    pub places: usize,
    pub violations: Vec<Violation>,
}

impl Outcome {
    /// One place checked and fine.
    pub fn pass(&mut self) {
        self.places += 1;
    }

    /// One place checked and failing.
    pub fn fail(&mut self, violation: Violation) {
        self.places += 1;
        self.violations.push(violation);
    }
}

/// A check. Implementations are unit structs, one per file under `rules/<dimension>/`.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Parses the options a rubric sets for this rule, when the rubric loads, so a typo is an
    /// error naming the file and the field rather than a silent fallback to the default. A rule
    /// with options returns `RuleOptions::parse::<TheirOptions>(raw)` and reads them with
    /// [`Ctx::options`]; the default accepts none.
    fn options(&self, raw: &Map<String, Value>) -> Result<RuleOptions, OptionError> {
        match raw.keys().next() {
            None => Ok(RuleOptions::default()),
            Some(key) => Err(OptionError {
                field: vec![key.clone()],
                message: "this rule takes no options".to_string(),
            }),
        }
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome);
}
