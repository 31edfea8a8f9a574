//! Helpers for tests: build a model from an inline document.
use super::load::{load, Limits};
use super::model::Model;
use super::resolve::build;

/// The model of `text` (YAML or JSON). Panics with the load error's one line when the document
/// cannot be loaded, so a test shows why.
pub fn model_from_str(text: &str) -> Model {
    match load(text.as_bytes(), &Limits::default()) {
        Ok(doc) => build(doc),
        Err(e) => panic!("test document does not load: {e}"),
    }
}
