//! Rules of the `pagination` dimension: how list endpoints bound and walk their results.
use crate::grading::rule::Rule;

pub mod consistent_scheme;
pub mod envelope;
pub mod next_link;
pub mod page_size;
pub mod page_token;
pub mod prefer_cursor;

/// This dimension's rules.
pub static RULES: &[&dyn Rule] = &[
    &consistent_scheme::ConsistentScheme,
    &envelope::Envelope,
    &next_link::NextLink,
    &page_size::PageSize,
    &page_token::PageToken,
    &prefer_cursor::PreferCursor,
];
