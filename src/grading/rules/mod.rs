//! Every rule, one file each under `rules/<dimension>/`. [`all`] is the registry.
use super::rule::Rule;

/// Every rule, in a stable order (dimension, then id).
pub fn all() -> Vec<&'static dyn Rule> {
    Vec::new()
}
