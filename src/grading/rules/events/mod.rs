//! Rules of the `events` dimension: what an interviewer weighs in an AsyncAPI 3.x event design
//! (named facts in one envelope, ordering and resuming, authentication, bounds, versions) and
//! its hygiene. They read [`Ctx::events`](crate::grading::rule::Ctx::events) and apply nowhere
//! when no event document is graded.
use crate::grading::rule::Rule;

/// This dimension's rules.
pub static RULES: &[&dyn Rule] = &[];
