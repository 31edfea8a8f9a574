//! Walking schemas: everything reachable from a set of roots.
use crate::grading::model::{Model, SchemaId};

/// Every schema reachable from `root` (properties, items, compositions, additionalProperties),
/// each once, in a stable depth-first order.
pub fn reachable_schemas(
    model: &Model,
    roots: impl IntoIterator<Item = SchemaId>,
    seen: &mut Vec<bool>,
) -> Vec<SchemaId> {
    if seen.len() < model.schemas.len() {
        seen.resize(model.schemas.len(), false);
    }
    let mut out = Vec::new();
    let mut stack: Vec<SchemaId> = roots.into_iter().collect();
    stack.reverse();
    while let Some(id) = stack.pop() {
        if id >= seen.len() || seen[id] {
            continue;
        }
        seen[id] = true;
        out.push(id);
        let s = model.schema(id);
        let mut next: Vec<SchemaId> = Vec::new();
        next.extend(s.properties.iter().map(|(_, p)| *p));
        next.extend(s.items);
        next.extend(&s.all_of);
        next.extend(&s.one_of);
        next.extend(&s.any_of);
        next.extend(s.additional_properties);
        stack.extend(next.into_iter().rev());
    }
    out
}
