//! Rules of the `idempotency` dimension: which requests can be retried safely, and how.
use crate::grading::rule::Rule;

pub mod conditional_update;
pub mod etag_on_read;
pub mod idempotency_key;
pub mod no_body_on_get_delete;
pub mod put_on_item;

/// This dimension's rules.
pub static RULES: &[&dyn Rule] = &[
    &conditional_update::ConditionalUpdate,
    &etag_on_read::EtagOnRead,
    &idempotency_key::IdempotencyKey,
    &no_body_on_get_delete::NoBodyOnGetDelete,
    &put_on_item::PutOnItem,
];
