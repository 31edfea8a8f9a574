//! Rules of the `events` dimension: what an interviewer weighs in an AsyncAPI 3.x event design
//! (named facts in one envelope, ordering and resuming, authentication, acknowledgements, rate
//! limits on chatty clients, signed webhooks, bounds, versions) and its hygiene. They read
//! [`Ctx::events`](crate::grading::rule::Ctx::events) and apply nowhere when no event document
//! is graded.
use crate::grading::rule::Rule;

pub mod acknowledgements;
pub mod auth;
pub mod bounded_payloads;
pub mod channel_parameters_defined;
pub mod dedupe_id;
pub mod envelope;
pub mod event_names;
pub mod examples_valid;
pub mod heartbeat;
pub mod operation_id_unique;
pub mod ordering;
pub mod parties;
pub mod resume;
pub mod self_contained_refs;
pub mod signed_webhooks;
pub mod throttled_senders;
pub mod versioned;

/// This dimension's rules.
pub static RULES: &[&dyn Rule] = &[
    &acknowledgements::Acknowledgements,
    &auth::Auth,
    &bounded_payloads::BoundedPayloads,
    &channel_parameters_defined::ChannelParametersDefined,
    &dedupe_id::DedupeId,
    &envelope::Envelope,
    &event_names::EventNames,
    &examples_valid::ExamplesValid,
    &heartbeat::Heartbeat,
    &operation_id_unique::OperationIdUnique,
    &ordering::Ordering,
    &resume::Resume,
    &self_contained_refs::SelfContainedRefs,
    &signed_webhooks::SignedWebhooks,
    &throttled_senders::ThrottledSenders,
    &versioned::Versioned,
];
