//! An exercise as the grader reads it: the capabilities a design must offer, the interviewer's
//! expectations, a checklist's items, a mock's starter. The catalogue deserialises its files
//! into these types (`exercises/README.md` describes the format); the grader never reads files.
use std::sync::Arc;

use serde::Deserialize;

use super::load::Document;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExerciseKind {
    CaseStudy,
    Mock,
    Checklist,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Exercise {
    pub id: String,
    pub version: u32,
    pub kind: ExerciseKind,
    pub title: String,
    pub summary: String,
    pub difficulty: String,
    pub time_limit_minutes: u32,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub rubric: Option<String>,
    pub prompt: String,
    #[serde(default, deserialize_with = "capabilities")]
    pub capabilities: Vec<Capability>,
    #[serde(default)]
    pub model_answer: Option<String>,
    /// The event half of the model answer (an AsyncAPI 3.x document) of a real-time case study.
    /// Its presence says the case study takes an event document beside the API: the attempt
    /// page offers a second editor and a submission may carry both.
    #[serde(default)]
    pub events_model_answer: Option<String>,
    #[serde(default)]
    pub starter: Option<String>,
    #[serde(default)]
    pub items: Vec<ChecklistItem>,
    /// How the interviewer expects parts of the design to be done: the prompt's probes and a
    /// mock's tasks, checked by `coverage/expectations`.
    #[serde(default)]
    pub expectations: Vec<Expectation>,
    /// `starter` parsed, filled in once by the catalogue when it loads (the grader never reads
    /// files): a mock is graded as a change to it. `None` without a starter, or when the starter
    /// does not load (`apidojo exercises check` reports it).
    #[serde(skip)]
    pub starter_document: Option<Arc<Document>>,
}

/// One point the interviewer checks, as data: what, why it matters here, how to fix it, and a
/// check from a small vocabulary (`exercises/README.md`, "Expectations").
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub id: String,
    pub kind: ExpectationKind,
    pub title: String,
    pub why: String,
    pub fix: String,
    /// The capabilities whose operations are judged, each maybe narrowed to some methods;
    /// empty: the whole document.
    #[serde(default, rename = "for", skip_serializing_if = "Vec::is_empty")]
    pub capabilities: Vec<Judges>,
    /// Whether every judged operation must pass a per-operation check (the default), one per
    /// capability of `for` is enough (`any`: an old shape kept beside a new version, one of
    /// several ways offered), or one among all of them (`anywhere`: a checksum sent when the
    /// upload starts or when it finishes).
    #[serde(default, skip_serializing_if = "Judged::is_every")]
    pub judged: Judged,
    pub check: Check,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Judged {
    #[default]
    Every,
    Any,
    Anywhere,
}

impl Judged {
    fn is_every(&self) -> bool {
        *self == Judged::Every
    }
}

/// One entry of an expectation's `for`: a capability id (`create-link`), or a capability whose
/// operations are judged only for some methods (`{ capability: manage-link, methods: [PATCH] }`),
/// when the probe is about one of the ways a capability can be offered.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Judges {
    Capability(String),
    Methods { capability: String, methods: Vec<String> },
}

impl Judges {
    /// The capability's id.
    pub fn id(&self) -> &str {
        match self {
            Judges::Capability(id) | Judges::Methods { capability: id, .. } => id,
        }
    }

    /// Whether an operation with this method (upper case) is judged.
    pub fn allows(&self, method: &str) -> bool {
        match self {
            Judges::Capability(_) => true,
            Judges::Methods { methods, .. } => methods.iter().any(|m| m.eq_ignore_ascii_case(method)),
        }
    }
}

impl std::fmt::Display for Judges {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Judges::Capability(id) => f.write_str(id),
            Judges::Methods { capability, methods } => write!(f, "{capability} ({})", methods.join(", ")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpectationKind {
    /// From the prompt's "What the interviewer will probe".
    Probe,
    /// One of a mock's tasks.
    Task,
}

/// The vocabulary of expectation checks. The table in `exercises/README.md` says when each passes.
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Check {
    /// The operation declares one of `codes`; with `headers`, such a response declares them all.
    Status {
        codes: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        headers: Vec<String>,
    },
    /// The operation accepts a header parameter with one of these names.
    RequestHeader { names: Vec<String> },
    /// The operation accepts a query parameter with one of these names.
    QueryParam { names: Vec<String> },
    /// A precondition for concurrent writers (a header, or a version or sequence number the
    /// request names), and a status for a stale write.
    Precondition,
    /// The operation is secured (`required`) or explicitly public (`public`).
    Auth(AuthRequirement),
    /// Throttling documented: 429 with `Retry-After` or rate-limit headers.
    Throttling,
    /// A cursor parameter and no offset or page number.
    CursorPagination,
    /// The result set has a stated bound: a page size or result limit with a `maximum`.
    BoundedResults,
    /// Slow work answered 202 Accepted with something to follow: a Location, a job's id or
    /// status in the body, or a callback.
    AsyncAccepted,
    /// A property with one of these names (`*` stands for one or more words) in the request, a
    /// success response or an error response.
    Property { r#in: BodySide, names: Vec<String> },
    /// Money as integer minor units beside a currency.
    MoneyMinorUnits,
    /// No literal path segment is one of these words.
    NoActionSegments(Vec<String>),
    /// Some header anywhere has a name containing one of these fragments.
    HeaderSomewhere(Vec<String>),
    /// This rubric rule finds nothing on the judged operations.
    Rule(String),
    /// Nothing an existing client of the starter relies on is broken.
    NoBreakingChanges,
    /// Any one of these checks passes: one of several forms an interviewer accepts. Judged per
    /// operation when any of them is.
    OneOf(Vec<Check>),
    /// This check does not pass: what the design must not do.
    Not(Box<Check>),
}

impl Exercise {
    /// Whether a submission may carry an event document (AsyncAPI) beside its OpenAPI document.
    pub fn takes_event_document(&self) -> bool {
        self.events_model_answer.is_some()
    }
}

impl Expectation {
    /// Whether the expectation is about the event design: every check it is made of is a rule of
    /// the event design (`events/...`), judged on the event document submitted beside the API.
    pub fn judges_events(&self) -> bool {
        self.check
            .parts()
            .into_iter()
            .filter(|c| !matches!(c, Check::OneOf(_) | Check::Not(_)))
            .all(|c| matches!(c, Check::Rule(id) if is_events_rule(id)))
    }
}

/// Whether the rule `id` judges the event document: a rule's id starts with its dimension's
/// (`events/resume`), and the catalogue refuses an expectation naming a rule that does not exist.
fn is_events_rule(id: &str) -> bool {
    id.starts_with("events/")
}

impl Check {
    /// Whether the check judges each operation of `for` (and so needs `for`).
    pub fn per_operation(&self) -> bool {
        match self {
            Check::Status { .. }
            | Check::RequestHeader { .. }
            | Check::QueryParam { .. }
            | Check::Precondition
            | Check::Auth(_)
            | Check::Throttling
            | Check::CursorPagination
            | Check::BoundedResults
            | Check::AsyncAccepted
            | Check::Property { .. } => true,
            Check::OneOf(checks) => checks.iter().any(Check::per_operation),
            Check::Not(check) => check.per_operation(),
            Check::MoneyMinorUnits
            | Check::NoActionSegments(_)
            | Check::HeaderSomewhere(_)
            | Check::Rule(_)
            | Check::NoBreakingChanges => false,
        }
    }

    /// Every check this one is made of, itself included, depth first.
    pub fn parts(&self) -> Vec<&Check> {
        let mut out = vec![self];
        match self {
            Check::OneOf(checks) => checks.iter().for_each(|c| out.extend(c.parts())),
            Check::Not(check) => out.extend(check.parts()),
            _ => {}
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthRequirement {
    Required,
    Public,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BodySide {
    Request,
    /// Every 2xx response.
    Response,
    /// Every error response: 4xx, 5xx, and `default` beside an explicit success.
    Error,
}

/// Something the design must offer, matched to an operation by the `coverage` dimension.
#[derive(Debug, Clone, Deserialize)]
pub struct Capability {
    pub id: String,
    pub description: String,
    /// Alternatives: the capability is covered when any one matches an operation.
    #[serde(rename = "match")]
    pub alternatives: Vec<CapabilityMatch>,
}

/// One way to satisfy a capability; every condition given must hold. Either a form of REST
/// operation (`methods`, maybe `resources`, `target`, `actions`, `responses`), or a form of
/// operation in the event document (`events`), for a real-time requirement a design may meet
/// with a channel rather than an endpoint.
#[derive(Debug, Clone, Deserialize)]
pub struct CapabilityMatch {
    /// Upper-case HTTP methods; empty in an event form.
    #[serde(default)]
    pub methods: Vec<String>,
    #[serde(default)]
    pub resources: Vec<String>,
    #[serde(default)]
    pub target: MatchTarget,
    #[serde(default)]
    pub actions: Vec<String>,
    #[serde(default)]
    pub responses: Vec<String>,
    /// The event form: an operation of the event document matches instead of a REST one.
    #[serde(default)]
    pub events: Option<EventMatch>,
    /// Every resource noun the exercise's capabilities list, filled in when they are read: a
    /// compound segment the exercise names as a resource of its own (`reverse-geocodes` beside
    /// `geocode`) is read as that resource, not by its last word (`exercises/README.md`).
    #[serde(skip)]
    pub exercise_resources: Arc<[String]>,
}

impl CapabilityMatch {
    /// Whether this alternative is matched on the event document rather than on REST operations.
    pub fn is_event_form(&self) -> bool {
        self.events.is_some()
    }
}

/// A capability met by an operation of the event document: one with this action (either, when
/// none is given) whose channel address or key, operation id or message names contain one of
/// `names` (any such operation, when none are given). Names are compared as words, plurals made
/// singular: `message` is in `receiveMessageEvents`, `message.created` and `/v1/messages`,
/// `location-report` in `sendLocationReport`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventMatch {
    /// `send` or `receive` as the document writes it. Documents are written from the server's
    /// side or from the client's, so a push to clients may be either: leave it out unless the
    /// direction is part of the requirement.
    #[serde(default)]
    pub action: Option<super::events::model::Action>,
    #[serde(default)]
    pub names: Vec<String>,
}

/// Reads the capabilities, then tells each alternative every noun the exercise lists.
fn capabilities<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Capability>, D::Error> {
    let mut caps = Vec::<Capability>::deserialize(d)?;
    let nouns: Arc<[String]> = caps
        .iter()
        .flat_map(|c| c.alternatives.iter())
        .flat_map(|a| a.resources.iter().cloned())
        .collect();
    for alt in caps.iter_mut().flat_map(|c| c.alternatives.iter_mut()) {
        alt.exercise_resources = Arc::clone(&nouns);
    }
    Ok(caps)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchTarget {
    Collection,
    Item,
    #[default]
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemType {
    Single,
    Multi,
    Order,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ChecklistItem {
    pub id: String,
    #[serde(rename = "type")]
    pub item_type: ItemType,
    pub question: String,
    pub options: Vec<ChecklistOption>,
    /// A string for `single`, a list of option ids otherwise.
    pub answer: serde_json::Value,
    pub explanation: String,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct ChecklistOption {
    pub id: String,
    pub text: String,
}
