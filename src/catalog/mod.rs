//! The exercise catalogue and rubrics: loaded from `exercises/` and `rubrics/` and validated
//! against their JSON Schemas (`exercises/exercise.schema.json`, `rubrics/rubric.schema.json`).
//! The file format is described in `exercises/README.md`.
//!
//! Layers run one way: the catalogue reads files into the grader's own types (exercises into
//! [`crate::grading::exercise`], rubrics into [`crate::grading::rubric::Rubric`]) and the grader
//! never reaches back. The exercise types are re-exported here for the layers above.
mod error;
pub mod questions;
pub mod rubrics;
mod store;

pub use crate::grading::exercise::{
    AuthRequirement, BodySide, Capability, CapabilityMatch, Check, ChecklistItem, ChecklistOption, Exercise,
    ExerciseKind, Expectation, ExpectationKind, ItemType, Judged, MatchTarget,
};
pub use error::CatalogError;
pub use questions::{Difficulty, Part, Question, QuestionBank, QuestionKind};
pub use store::{Catalog, DEFAULT_RUBRIC};
