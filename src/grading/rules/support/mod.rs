//! Vocabulary shared by the rules, one topic a file: how a name splits into words and which
//! casing it uses, plurals, how a path reads (versions, items, actions), what an operation does,
//! responses, pagination, schema traversal and security. Kept in one place so two rules never
//! disagree about what "a collection" means, and so the word lists are compiled once.
//!
//! The everyday vocabulary is re-exported here (`support::{words, is_collection_get}`); the
//! helpers of a few rules (`casing`, `inputs`, `json_schema`, `matching`, `versions`) are used
//! through their module.
pub mod casing;
pub mod events;
mod findings;
pub mod inputs;
pub mod json_schema;
pub mod matching;
mod operations;
mod pagination;
mod paths;
mod plurals;
mod responses;
mod schemas;
mod security;
mod verbs;
pub mod versions;
mod words;

pub use casing::{casing, dominant_casing, Casing};
pub use findings::{doc_violation, op_violation};
pub use operations::{is_charging_post, is_creating_post, mentions, param_types, query_params};
pub use pagination::{
    is_collection_get, list_shape, page_size_param, position_param, ListShape, Scheme, CURSOR_NAMES, OFFSET_NAMES,
    PAGE_NAMES, PAGE_SIZE_NAMES,
};
pub use paths::{
    is_action_path, is_item_path, is_prefix_segment, is_probe, last_literal, literal_parts, resource_segments,
};
pub use plurals::{is_plural_segment, is_plural_word, resource_key, singular};
pub use responses::{
    declares, default_error_contract, error_responses, is_json, json_media, schema_pointer, success_response,
    success_schema,
};
pub use schemas::reachable_schemas;
pub use security::requires_scopes;
pub use verbs::{verb_reading, VerbReading, ACTION_VERBS, CRUD_VERBS};
pub use versions::version_segment;
pub use words::{non_empty, squash, words};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_name_each_word_once() {
        for list in [
            CRUD_VERBS,
            ACTION_VERBS,
            PAGE_SIZE_NAMES,
            CURSOR_NAMES,
            PAGE_NAMES,
            OFFSET_NAMES,
        ] {
            let mut seen = std::collections::HashSet::new();
            for w in list {
                assert!(seen.insert(w), "{w} is listed twice");
            }
        }
    }
}
