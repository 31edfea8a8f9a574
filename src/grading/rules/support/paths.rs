//! How a path reads: its literal parts, the resource segments after the `api`/version prefix,
//! item and action paths, probes.
use crate::grading::model::{PathItem, Segment};

use super::plurals::is_plural_segment;
use super::verbs::{ACTION_VERBS, CRUD_VERBS};
use super::versions::version_segment;
use super::words::words;

/// Literal segments that organise a path but name no resource: `api`, `rest`, versions.
pub fn is_prefix_segment(seg: &str) -> bool {
    version_segment(seg).is_some() || matches!(seg, "api" | "rest" | "public" | "internal")
}

/// The literal text of a segment: a custom method `links:search` yields both parts, so callers
/// see `links` and `search`.
pub fn literal_parts(seg: &Segment) -> Vec<&str> {
    match seg {
        Segment::Literal(s) => vec![s.as_str()],
        Segment::Param(_) => Vec::new(),
        Segment::Mixed(s) => {
            let mut parts = Vec::new();
            let mut start = 0;
            let mut in_param = false;
            for (i, c) in s.char_indices() {
                match c {
                    '{' | '}' | ':' | '.' => {
                        if !in_param && i > start {
                            parts.push(&s[start..i]);
                        }
                        if c == '{' {
                            in_param = true;
                        } else if c == '}' {
                            in_param = false;
                        }
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            if !in_param && start < s.len() {
                parts.push(&s[start..]);
            }
            parts
        }
    }
}

/// Path segments without the leading version/`api` prefix.
pub fn resource_segments(path: &PathItem) -> &[Segment] {
    let mut start = 0;
    while let Some(Segment::Literal(s)) = path.segments.get(start) {
        if is_prefix_segment(s) {
            start += 1;
        } else {
            break;
        }
    }
    &path.segments[start..]
}

/// The path ends with a path parameter: `/links/{code}`.
pub fn is_item_path(path: &PathItem) -> bool {
    matches!(resource_segments(path).last(), Some(Segment::Param(_)))
}

/// The last segment is a custom action: `/links/{code}/revoke`, `/links/{code}:revoke`.
pub fn is_action_path(path: &PathItem) -> bool {
    let segs = resource_segments(path);
    match segs.last() {
        Some(Segment::Mixed(m)) => m.contains(':'),
        Some(Segment::Literal(s)) => {
            let w = words(s);
            let first = w.first().map(String::as_str).unwrap_or("");
            segs.len() >= 2 && (ACTION_VERBS.contains(&first) || CRUD_VERBS.contains(&first)) && !is_plural_segment(s)
        }
        _ => false,
    }
}

/// The last resource segment as a word, when it is literal.
pub fn last_literal(path: &PathItem) -> Option<&str> {
    match resource_segments(path).last() {
        Some(Segment::Literal(s)) => Some(s.as_str()),
        _ => None,
    }
}

/// Liveness and readiness probes (`/healthz`, `/readyz`, ...): a single-segment GET that only says
/// whether the process or its dependencies are up. A client cannot send them anything wrong.
pub fn is_probe(path: &PathItem) -> bool {
    matches!(
        path.segments.as_slice(),
        [Segment::Literal(s)] if matches!(s.as_str(), "healthz" | "readyz" | "livez" | "health" | "ready" | "live" | "ping")
    )
}
