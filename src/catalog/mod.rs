//! The exercise catalogue and rubrics: loaded from `exercises/` and `rubrics/`, validated against
//! their JSON Schemas. (Placeholder types; the loader owns this module.)
#[derive(Debug, Clone)]
pub struct Exercise {
    pub id: String,
}
