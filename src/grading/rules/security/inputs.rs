//! The values a client sends: parameter schemas and everything reachable from request bodies,
//! each distinct schema once, with a name to show in a finding. Read-only properties are
//! skipped: the server writes them, so there is nothing to bound.
use crate::grading::model::{Model, SchemaId};

pub(crate) struct Input {
    pub schema: SchemaId,
    /// `parameter `limit`` or `property `long_url``.
    pub label: String,
    /// The operation where it was first met.
    pub operation: String,
}

pub(crate) fn inputs(model: &Model) -> Vec<Input> {
    let mut seen = vec![false; model.schemas.len()];
    let mut out = Vec::new();
    for op in &model.operations {
        for p in &op.parameters {
            if let Some(id) = p.schema {
                walk(
                    model,
                    id,
                    format!("parameter `{}`", p.name),
                    &op.label(),
                    &mut seen,
                    &mut out,
                );
            }
        }
        if let Some(body) = &op.request_body {
            for mt in &body.content {
                if let Some(id) = mt.schema {
                    walk(
                        model,
                        id,
                        "request body".to_string(),
                        &op.label(),
                        &mut seen,
                        &mut out,
                    );
                }
            }
        }
    }
    out
}

fn walk(
    model: &Model,
    root: SchemaId,
    label: String,
    op: &str,
    seen: &mut [bool],
    out: &mut Vec<Input>,
) {
    let mut stack = vec![(root, label)];
    while let Some((id, label)) = stack.pop() {
        if id >= seen.len() || seen[id] {
            continue;
        }
        seen[id] = true;
        let s = model.schema(id);
        if s.read_only {
            continue;
        }
        out.push(Input {
            schema: id,
            label: label.clone(),
            operation: op.to_string(),
        });
        let mut next: Vec<(SchemaId, String)> = Vec::new();
        for (name, pid) in &s.properties {
            next.push((*pid, format!("property `{name}`")));
        }
        if let Some(items) = s.items {
            next.push((items, format!("items of {label}")));
        }
        for c in s.all_of.iter().chain(&s.one_of).chain(&s.any_of) {
            next.push((*c, label.clone()));
        }
        if let Some(a) = s.additional_properties {
            next.push((a, format!("values of {label}")));
        }
        stack.extend(next.into_iter().rev());
    }
}
