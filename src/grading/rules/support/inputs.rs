//! The values a client sends: parameter schemas and everything reachable from request bodies,
//! each distinct schema once, with a name to show in a finding. Read-only properties are
//! skipped: the server writes them, so there is nothing to bound.
use crate::grading::model::{Model, SchemaId};

/// What an input schema is, for the message; borrowed so that large documents allocate
/// nothing for the many inputs that pass.
#[derive(Clone, Copy)]
pub enum Label<'m> {
    Parameter(&'m str),
    Property(&'m str),
    Body,
    Items,
    Values,
}

impl std::fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Label::Parameter(n) => write!(f, "parameter `{n}`"),
            Label::Property(n) => write!(f, "property `{n}`"),
            Label::Body => f.write_str("the request body"),
            Label::Items => f.write_str("an array's items"),
            Label::Values => f.write_str("a map's values"),
        }
    }
}

pub struct Input<'m> {
    pub schema: SchemaId,
    pub label: Label<'m>,
    /// Index of the operation where it was first met.
    pub operation: usize,
    /// The value names a resource: a path parameter, or a parameter or property whose name ends
    /// in `id` (`id`, `link_id`, `userId`).
    pub identifier: bool,
}

/// Whether a parameter or property name reads as an identifier: its last word is `id`.
pub fn is_identifier_name(name: &str) -> bool {
    super::words(name).last().is_some_and(|w| w == "id")
}

/// Request headers defined by HTTP itself, whose format the candidate does not choose.
const STANDARD_HEADERS: &[&str] = &[
    "If-Match",
    "If-None-Match",
    "If-Modified-Since",
    "If-Unmodified-Since",
    "If-Range",
    "Range",
    "Accept",
    "Accept-Language",
    "Accept-Encoding",
    "Content-Type",
    "Content-Length",
    "Authorization",
    "Cookie",
    "User-Agent",
    "Prefer",
    "Cache-Control",
];

pub fn inputs<'m>(model: &'m Model) -> Vec<Input<'m>> {
    let mut seen = vec![false; model.schemas.len()];
    let mut out = Vec::new();
    // (schema, label, met as a path parameter)
    let mut stack: Vec<(SchemaId, Label<'_>, bool)> = Vec::new();
    for (oi, op) in model.operations.iter().enumerate() {
        for p in &op.parameters {
            // Standard HTTP headers are bounded by the protocol and servers, not by the design.
            if p.location == crate::grading::model::ParamLocation::Header
                && STANDARD_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(&p.name))
            {
                continue;
            }
            if let Some(id) = p.schema {
                let in_path = p.location == crate::grading::model::ParamLocation::Path;
                stack.push((id, Label::Parameter(&p.name), in_path));
                walk(model, oi, &mut stack, &mut seen, &mut out);
            }
        }
        if let Some(body) = &op.request_body {
            for mt in &body.content {
                if let Some(id) = mt.schema {
                    stack.push((id, Label::Body, false));
                    walk(model, oi, &mut stack, &mut seen, &mut out);
                }
            }
        }
    }
    out
}

fn walk<'m>(
    model: &'m Model,
    operation: usize,
    stack: &mut Vec<(SchemaId, Label<'m>, bool)>,
    seen: &mut [bool],
    out: &mut Vec<Input<'m>>,
) {
    while let Some((id, label, in_path)) = stack.pop() {
        if id >= seen.len() || seen[id] {
            continue;
        }
        seen[id] = true;
        let s = model.schema(id);
        if s.read_only {
            continue;
        }
        let identifier = in_path
            || match label {
                Label::Parameter(n) | Label::Property(n) => is_identifier_name(n),
                _ => false,
            };
        out.push(Input {
            schema: id,
            label,
            operation,
            identifier,
        });
        let before = stack.len();
        for (name, pid) in &s.properties {
            stack.push((*pid, Label::Property(name), false));
        }
        if let Some(items) = s.items {
            stack.push((items, Label::Items, false));
        }
        for c in s.all_of.iter().chain(&s.one_of).chain(&s.any_of) {
            stack.push((*c, label, in_path));
        }
        if let Some(a) = s.additional_properties {
            stack.push((a, Label::Values, false));
        }
        // visit in document order
        stack[before..].reverse();
    }
}
