//! OpenAPI schema objects -> JSON Schema 2020-12, so examples can be checked with `jsonschema`.
//!
//! OpenAPI 3.0 is a dialect: `nullable`, boolean `exclusiveMinimum`, and keywords such as
//! `discriminator`, `xml` or `example` that a JSON Schema validator would misread or reject. Each
//! schema is translated once; `#/components/schemas/X` references become `#/$defs/X`, and a
//! validator carries only the definitions its schema reaches, so compiling one stays cheap on
//! large documents.
use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use crate::grading::model::Model;

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
/// OpenAPI-only or annotation keywords a validator must not see.
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
];

/// Translates schemas and remembers each component's translation and the components it needs.
pub(crate) struct Translator<'m> {
    model: &'m Model,
    components: HashMap<String, Option<(Value, Vec<String>)>>,
}

impl<'m> Translator<'m> {
    pub(crate) fn new(model: &'m Model) -> Self {
        Translator {
            model,
            components: HashMap::new(),
        }
    }

    /// A self-contained JSON Schema for `raw`, or `None` when it references something outside
    /// `components.schemas`.
    pub(crate) fn document(&mut self, raw: &Value) -> Option<Value> {
        let mut deps = Vec::new();
        let mut root = translate(raw, &mut deps)?;
        let mut defs: BTreeMap<String, Value> = BTreeMap::new();
        let mut queue = deps;
        while let Some(name) = queue.pop() {
            if defs.contains_key(&name) {
                continue;
            }
            let (value, more) = self.component(&name)?;
            defs.insert(name, value);
            queue.extend(more.into_iter().filter(|d| !defs.contains_key(d)));
        }
        if !defs.is_empty() {
            let Value::Object(map) = &mut root else {
                // a boolean schema has no references, so it never gets here
                return Some(root);
            };
            map.insert(
                "$defs".to_string(),
                Value::Object(defs.into_iter().collect()),
            );
        }
        Some(root)
    }

    fn component(&mut self, name: &str) -> Option<(Value, Vec<String>)> {
        if let Some(done) = self.components.get(name) {
            return done.clone();
        }
        let pointer = format!(
            "/components/schemas/{}",
            crate::grading::model::escape_token(name)
        );
        let result = self.model.root.pointer(&pointer).and_then(|raw| {
            let mut deps = Vec::new();
            translate(raw, &mut deps).map(|v| (v, deps))
        });
        self.components.insert(name.to_string(), result.clone());
        result
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// One schema; `deps` collects the component names it references.
fn translate(v: &Value, deps: &mut Vec<String>) -> Option<Value> {
    let Value::Object(obj) = v else {
        return Some(v.clone());
    };
    if let Some(Value::String(r)) = obj.get("$ref") {
        let rest = r.strip_prefix(COMPONENT_PREFIX)?;
        let mut parts = rest.splitn(2, '/');
        let name = unescape(parts.next().unwrap_or(""));
        let tail = parts.next();
        if !deps.contains(&name) {
            deps.push(name.clone());
        }
        let mut target = format!("#/$defs/{}", crate::grading::model::escape_token(&name));
        if let Some(t) = tail {
            target.push('/');
            target.push_str(t);
        }
        let mut m = Map::new();
        m.insert("$ref".to_string(), Value::String(target));
        return Some(Value::Object(m));
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
                Value::Array(a) => Value::Array(
                    a.iter()
                        .map(|s| translate(s, deps))
                        .collect::<Option<_>>()?,
                ),
                other => other.clone(),
            }
        } else {
            val.clone()
        };
        out.insert(k.clone(), translated);
    }
    // 3.0 boolean exclusive bounds -> 2020-12 numeric ones
    for (excl, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
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
            Some(Value::Array(a)) if !a.iter().any(|x| x == "null") => {
                a.push(Value::String("null".into()))
            }
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
    if let (Some(Value::Array(req)), Some(Value::Object(props))) =
        (out.get("required"), out.get("properties"))
    {
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
                    "id": {"type": "string", "readOnly": true},
                    "name": {"type": ["string", "null"], "enum": ["a", null]},
                    "n": {"type": "integer", "exclusiveMinimum": 0},
                    "owner": {"$ref": "#/$defs/User"},
                    "example": {"type": "string"}
                }
            })
        );
        assert_eq!(deps, ["User"]);
    }

    #[test]
    fn refuses_references_outside_components() {
        let mut deps = Vec::new();
        assert!(translate(&json!({"$ref": "https://example.com/s.json"}), &mut deps).is_none());
    }
}
