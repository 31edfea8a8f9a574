//! OpenAPI schema objects -> JSON Schema 2020-12, so examples can be checked with `jsonschema`.
//!
//! OpenAPI 3.0 is a dialect: `nullable`, boolean `exclusiveMinimum`, and keywords such as
//! `discriminator`, `xml` or `example` that a JSON Schema validator would misread or reject. The
//! component schemas are translated once per document and registered together under one URI that
//! every validator shares, so compiling a validator costs only what its own schema reaches.
use serde_json::{Map, Value};

use crate::grading::model::{unescape_token, Model};

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// Keywords that hold one subschema.
const ONE: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
    "contentSchema",
];
/// Keywords that hold a map of subschemas.
const MAP: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// Keywords that hold a list of subschemas.
const LIST: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// OpenAPI-only keywords a validator must not see, and annotations that do not constrain: without
/// them, schemas that differ only in wording translate alike and compile once.
const DROP: &[&str] = &[
    "nullable",
    "discriminator",
    "xml",
    "externalDocs",
    "example",
    "examples",
    "deprecated",
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$comment",
    "description",
    "title",
    "readOnly",
    "writeOnly",
    "default",
];

/// The URI under which every translated component schema is registered, once per document:
/// a reference `#/components/schemas/X` becomes `urn:apidojo:components#/$defs/X`.
pub const BASE: &str = "urn:apidojo:components";

/// The registry that resolves [`component_ref`]s: `resource` (from [`components_resource`])
/// under [`BASE`]; `None` when it cannot be prepared.
pub fn registry(resource: &Value) -> Option<jsonschema::Registry<'_>> {
    jsonschema::Registry::new()
        .draft(jsonschema::Draft::Draft202012)
        .add(BASE, resource)
        .and_then(|b| b.prepare())
        .ok()
}

/// One schema object, translated, with the names of the components it references; `None`
/// when it references something outside `components.schemas` (which is never fetched).
pub fn translate_schema(raw: &Value) -> Option<(Value, Vec<String>)> {
    let mut deps = Vec::new();
    translate(raw, &mut deps).map(|v| (v, deps))
}

/// `{"$ref": ...}` to the translated component `name` (and a pointer `rest` inside it) in the
/// resource [`components_resource`] builds.
pub fn component_ref(name: &str, rest: Option<&str>) -> Value {
    let mut target = format!("{BASE}#/$defs/{}", crate::grading::model::escape_token(name));
    if let Some(t) = rest {
        target.push('/');
        target.push_str(t);
    }
    let mut m = Map::new();
    m.insert("$ref".to_string(), Value::String(target));
    Value::Object(m)
}

/// `{"$defs": {name: schema, ...}}` holding the component schemas reachable from `roots`, to
/// register under [`BASE`]. Components nobody's example reaches are never translated.
pub fn components_resource(model: &Model, roots: Vec<String>) -> Value {
    let mut defs = Map::new();
    let schemas = match model.root.pointer("/components/schemas") {
        Some(Value::Object(schemas)) => Some(schemas),
        _ => None,
    };
    let mut queue = roots;
    let mut done: std::collections::HashSet<String> = std::collections::HashSet::new();
    while let Some(name) = queue.pop() {
        if !done.insert(name.clone()) {
            continue;
        }
        let Some(raw) = schemas.and_then(|s| s.get(&name)) else {
            continue;
        };
        let mut deps = Vec::new();
        if let Some(t) = translate(raw, &mut deps) {
            defs.insert(name, t);
            queue.extend(deps.into_iter().filter(|d| !done.contains(d)));
        }
    }
    let mut doc = Map::new();
    doc.insert("$defs".to_string(), Value::Object(defs));
    Value::Object(doc)
}

fn translate(v: &Value, deps: &mut Vec<String>) -> Option<Value> {
    let Value::Object(obj) = v else {
        return Some(v.clone());
    };
    if let Some(Value::String(r)) = obj.get("$ref") {
        let rest = r.strip_prefix(COMPONENT_PREFIX)?;
        let mut parts = rest.splitn(2, '/');
        let name = unescape_token(parts.next().unwrap_or("")).into_owned();
        if !deps.contains(&name) {
            deps.push(name.clone());
        }
        return Some(component_ref(&name, parts.next()));
    }
    let mut out = Map::new();
    for (k, val) in obj {
        if DROP.contains(&k.as_str()) || k.starts_with("x-") {
            continue;
        }
        let translated = if ONE.contains(&k.as_str()) {
            if k == "items" && val.is_array() {
                // OpenAPI 3.0 forbids it, JSON Schema 2019+ spells it prefixItems
                let list = val
                    .as_array()?
                    .iter()
                    .map(|s| translate(s, deps))
                    .collect::<Option<Vec<_>>>()?;
                out.insert("prefixItems".to_string(), Value::Array(list));
                continue;
            }
            translate(val, deps)?
        } else if MAP.contains(&k.as_str()) {
            match val {
                Value::Object(m) => {
                    let mut t = Map::new();
                    for (name, s) in m {
                        t.insert(name.clone(), translate(s, deps)?);
                    }
                    Value::Object(t)
                }
                other => other.clone(),
            }
        } else if LIST.contains(&k.as_str()) {
            match val {
                Value::Array(a) => Value::Array(a.iter().map(|s| translate(s, deps)).collect::<Option<_>>()?),
                other => other.clone(),
            }
        } else {
            val.clone()
        };
        out.insert(k.clone(), translated);
    }
    // 3.0 boolean exclusive bounds -> 2020-12 numeric ones
    for (excl, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(Value::Bool(b)) = out.get(excl).cloned() {
            out.remove(excl);
            if b {
                if let Some(n) = out.remove(bound) {
                    out.insert(excl.to_string(), n);
                }
            }
        }
    }
    if obj.get("nullable").and_then(Value::as_bool) == Some(true) {
        match out.get_mut("type") {
            Some(Value::String(t)) => {
                let t = std::mem::take(t);
                out.insert(
                    "type".to_string(),
                    Value::Array(vec![Value::String(t), Value::String("null".into())]),
                );
            }
            Some(Value::Array(a)) if !a.iter().any(|x| x == "null") => a.push(Value::String("null".into())),
            _ => {}
        }
        if let Some(Value::Array(e)) = out.get_mut("enum") {
            if !e.contains(&Value::Null) {
                e.push(Value::Null);
            }
        }
    }
    // A readOnly property is absent from requests and a writeOnly one from responses, so neither
    // can be required of an example.
    if let (Some(Value::Array(req)), Some(Value::Object(props))) = (out.get("required"), obj.get("properties")) {
        let kept: Vec<Value> = req
            .iter()
            .filter(|r| {
                let p = r.as_str().and_then(|n| props.get(n));
                !p.is_some_and(|p| {
                    p.get("readOnly").and_then(Value::as_bool) == Some(true)
                        || p.get("writeOnly").and_then(Value::as_bool) == Some(true)
                })
            })
            .cloned()
            .collect();
        out.insert("required".to_string(), Value::Array(kept));
    }
    Some(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn translates_openapi_30_quirks() {
        let mut deps = Vec::new();
        let t = translate(
            &json!({
                "type": "object",
                "nullable": true,
                "example": {"a": 1},
                "x-internal": true,
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "string", "readOnly": true},
                    "name": {"type": "string", "enum": ["a"], "nullable": true},
                    "n": {"type": "integer", "minimum": 0, "exclusiveMinimum": true},
                    "owner": {"$ref": "#/components/schemas/User"},
                    "example": {"type": "string"}
                }
            }),
            &mut deps,
        )
        .unwrap();
        assert_eq!(
            t,
            json!({
                "type": ["object", "null"],
                "required": ["name"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": ["string", "null"], "enum": ["a", null]},
                    "n": {"type": "integer", "exclusiveMinimum": 0},
                    "owner": {"$ref": "urn:apidojo:components#/$defs/User"},
                    "example": {"type": "string"}
                }
            })
        );
        assert_eq!(deps, ["User"]);
    }

    #[test]
    fn refuses_references_outside_components() {
        assert!(translate(&json!({"$ref": "https://example.com/s.json"}), &mut Vec::new()).is_none());
    }
}
