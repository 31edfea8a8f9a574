//! The exercise catalogue and rubrics: loaded from `exercises/` and `rubrics/` and validated
//! against their JSON Schemas (`exercises/exercise.schema.json`, `rubrics/rubric.schema.json`).
//! The file format is described in `exercises/README.md`.
use serde::Deserialize;

pub mod cli;
mod store;

pub use store::{Catalog, DEFAULT_RUBRIC};

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
    #[serde(default)]
    pub capabilities: Vec<Capability>,
    #[serde(default)]
    pub model_answer: Option<String>,
    #[serde(default)]
    pub starter: Option<String>,
    #[serde(default)]
    pub items: Vec<ChecklistItem>,
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

/// One way to satisfy a capability; every condition given must hold.
#[derive(Debug, Clone, Deserialize)]
pub struct CapabilityMatch {
    /// Upper-case HTTP methods.
    pub methods: Vec<String>,
    #[serde(default)]
    pub resources: Vec<String>,
    #[serde(default)]
    pub target: MatchTarget,
    #[serde(default)]
    pub actions: Vec<String>,
    #[serde(default)]
    pub responses: Vec<String>,
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
