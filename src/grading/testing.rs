//! Helpers for tests: build a model from an inline document.
use super::load::{load, Limits};
use super::model::Model;
use super::resolve::build;

/// The model of `text` (YAML or JSON). Panics with the load error's one line when the document
/// cannot be loaded, so a test shows why. The 3.0 structure check is skipped: rule tests use
/// fragments (no `info`, no `responses`) to keep each test about one thing. The document is
/// leaked so the model can borrow it for the rest of the test.
pub fn model_from_str(text: &str) -> Model<'static> {
    let limits = Limits {
        structure_check_max_bytes: 0,
        ..Limits::default()
    };
    match load(text.as_bytes(), &limits) {
        Ok(doc) => build(Box::leak(Box::new(doc))),
        Err(e) => panic!("test document does not load: {e}"),
    }
}

/// The event model of an AsyncAPI `text`, the document leaked like [`model_from_str`]'s.
pub fn event_model_from_str(text: &str) -> super::events::EventModel<'static> {
    match super::load::load_any_text(text, &Limits::default()) {
        Ok(super::load::Loaded::Events(doc)) => super::events::build(Box::leak(Box::new(doc))),
        Ok(super::load::Loaded::OpenApi(_)) => panic!("test document is not an AsyncAPI document"),
        Err(e) => panic!("test document does not load: {e}"),
    }
}
