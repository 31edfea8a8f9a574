//! Versions: what a version segment looks like, and where a document declares its version (a
//! path prefix, the server URL, a header or a media type).
use super::words::squash;
use crate::grading::model::{Model, PathItem, Segment};

/// `v1`, `v2`, `v1beta`, `v2.1`, `v1alpha2`, or a bare `1.0`/`2`.
pub fn version_segment(seg: &str) -> Option<&str> {
    let s = seg.strip_prefix(['v', 'V']).unwrap_or(seg);
    let digits_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if digits_end == 0 {
        return None;
    }
    let rest = &s[digits_end..];
    let plain = seg.starts_with(['v', 'V']);
    let ok = rest.is_empty()
        || (rest.starts_with('.') && rest[1..].chars().all(|c| c.is_ascii_digit() || c == '.'))
        || (plain
            && ["alpha", "beta", "rc"].iter().any(|p| {
                rest.strip_prefix(p)
                    .is_some_and(|t| t.chars().all(|c| c.is_ascii_digit()))
            }));
    if !ok || (!plain && rest.is_empty() && s.len() > 2) {
        // a bare `2024` or `404` is a number, not a version
        return None;
    }
    Some(seg)
}

/// The version segment a path starts with (after an optional `api`), e.g. `v1`.
pub fn path_version(path: &PathItem) -> Option<&str> {
    for seg in path.segments.iter().take(2) {
        match seg {
            Segment::Literal(s) if version_segment(s).is_some() => return Some(s),
            Segment::Literal(s) if s == "api" || s == "rest" => continue,
            _ => return None,
        }
    }
    None
}

/// The version segment in a server URL's path: `https://api.example.com/v1` -> `v1`.
pub fn server_version(url: &str) -> Option<&str> {
    let after_scheme = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let path = match after_scheme.find('/') {
        Some(i) if url.contains("://") => &after_scheme[i..],
        Some(_) | None if !url.contains("://") => after_scheme,
        _ => return None,
    };
    path.split('/').find(|s| version_segment(s).is_some())
}

/// A header or query parameter that selects the version, e.g. `Api-Version`, `X-API-Version`.
pub fn has_version_parameter(model: &Model) -> bool {
    model
        .operations
        .iter()
        .any(|op| op.parameters.iter().any(is_version_parameter))
}

/// `Api-Version`, `X-API-Version`, `Accept-Version`, or a `version` query/header parameter.
pub fn is_version_parameter(p: &crate::grading::model::Parameter) -> bool {
    let n = squash(&p.name);
    n == "apiversion"
        || n == "xapiversion"
        || n == "acceptversion"
        || (n == "version" && p.location != crate::grading::model::ParamLocation::Path)
}

/// A versioned media type: `application/vnd.acme.v1+json` or `application/json; version=1`.
pub fn has_versioned_media_type(model: &Model) -> bool {
    model.operations.iter().any(|op| {
        op.responses.iter().flat_map(|r| &r.content).any(|m| {
            let mt = m.media_type.to_ascii_lowercase();
            mt.contains("version=")
                || (mt.contains("vnd.") && mt.split(['.', '+']).any(|p| version_segment(p).is_some()))
        })
    })
}

/// Paths that operate the service rather than belong to the versioned API.
pub fn is_operational(path: &PathItem) -> bool {
    let first = match path.segments.first() {
        Some(Segment::Literal(s)) => s.as_str(),
        _ => return false,
    };
    matches!(
        first,
        "healthz"
            | "readyz"
            | "livez"
            | "health"
            | "ready"
            | "metrics"
            | "ping"
            | "status"
            | ".well-known"
            | "openapi.json"
            | "openapi.yaml"
            | "docs"
            | "robots.txt"
            | "favicon.ico"
    ) || path.segments.len() == 1 && matches!(&path.segments[0], Segment::Param(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        for v in ["v1", "v2", "v1beta", "v1.2", "V3", "1.0", "v2alpha1"] {
            assert!(version_segment(v).is_some(), "{v}");
        }
        for v in ["2024", "valid", "v", "links", "404"] {
            assert!(version_segment(v).is_none(), "{v}");
        }
    }
}
