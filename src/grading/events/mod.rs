//! Event designs: AsyncAPI 3.x documents, graded beside OpenAPI ones. The loader recognises one
//! by its `asyncapi` field ([`super::load::load_any_text`] gives an
//! [`EventDocument`](super::load::EventDocument)); [`build`] reads it into an [`EventModel`] with
//! the same `$ref` rules as OpenAPI (inside the document only, cycles stop), and the `events`
//! rules read that model.
pub mod model;

pub use model::{build, EventModel};
