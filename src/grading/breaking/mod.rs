//! Changes between two versions of an API, and which of them break an existing client.
//!
//! `apidojo breaking OLD NEW` prints them, and a mock's `no-breaking-changes` expectation compares
//! the starter with the submission. The categories follow what API-evolution tools check
//! (oasdiff, Optic): a client built against OLD keeps working against NEW unless NEW
//!
//! - removes a path or an operation (unless OLD had already marked it deprecated),
//! - removes a success status or a response media type, or removes or retypes a response property,
//! - adds a required parameter or request property, makes an optional one required, makes the
//!   request body required, or stops accepting a request media type,
//! - narrows what a request may carry: a retyped parameter or property, fewer enum values, a
//!   tighter length, range or item bound (a bound added where there was none is listed, not
//!   counted as breaking),
//! - starts requiring credentials on an operation that was public.
//!
//! Additions (operations, optional inputs, response fields) and deprecations are listed as
//! non-breaking changes, so the output also reads as a changelog. Operations are matched by
//! method and path with parameter names ignored (`/links/{id}` = `/links/{code}`).
//!
//! Event designs (AsyncAPI 3.x) are compared by [`events::compare_events`], with the same
//! categories for the payloads their messages carry.
use std::collections::HashSet;

use serde::Serialize;

use super::model::{Model, Operation, ParamLocation, Parameter, SchemaId};

pub mod events;

/// Which document a change's pointer points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Old,
    New,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Stable kebab-case id of the category, e.g. `operation-removed`.
    pub id: &'static str,
    pub breaking: bool,
    /// `GET /v1/links/{code}` when the change belongs to one operation.
    pub operation: Option<String>,
    /// The document `pointer` points into: `old` for what was removed, else `new`.
    pub side: Side,
    pub pointer: String,
    pub message: String,
}

/// Every change from `old` to `new`, breaking ones first, each group in document order.
pub fn compare(old: &Model, new: &Model) -> Vec<Change> {
    let mut out = Vec::new();
    for o in &old.operations {
        match new
            .operations
            .iter()
            .find(|n| n.method == o.method && same_path(&o.path, &n.path))
        {
            Some(n) => compare_operation(old, o, new, n, &mut out),
            None if o.deprecated => out.push(Change {
                id: "deprecated-operation-removed",
                breaking: false,
                operation: Some(o.label()),
                side: Side::Old,
                pointer: o.pointer.clone(),
                message: format!("`{}` was removed after being deprecated", o.label()),
            }),
            None => out.push(Change {
                id: "operation-removed",
                breaking: true,
                operation: Some(o.label()),
                side: Side::Old,
                pointer: o.pointer.clone(),
                message: format!(
                    "`{}` was removed without being deprecated first; its clients now get 404",
                    o.label()
                ),
            }),
        }
    }
    for n in &new.operations {
        if !old
            .operations
            .iter()
            .any(|o| o.method == n.method && same_path(&o.path, &n.path))
        {
            out.push(Change {
                id: "operation-added",
                breaking: false,
                operation: Some(n.label()),
                side: Side::New,
                pointer: n.pointer.clone(),
                message: format!("`{}` was added", n.label()),
            });
        }
    }
    // Stable: breaking first, then the order found (old document order, then new).
    out.sort_by_key(|c| !c.breaking);
    out
}

/// `/v1/links/{id}` and `/v1/links/{code}` are the same path.
pub(crate) fn same_path(a: &str, b: &str) -> bool {
    fn norm(p: &str) -> String {
        let mut out = String::with_capacity(p.len());
        let mut in_param = false;
        for c in p.trim_end_matches('/').chars() {
            match c {
                '{' => {
                    in_param = true;
                    out.push('{');
                }
                '}' => {
                    in_param = false;
                    out.push('}');
                }
                _ if in_param => {}
                _ => out.push(c),
            }
        }
        out
    }
    norm(a) == norm(b)
}

fn compare_operation(old: &Model, o: &Operation, new: &Model, n: &Operation, out: &mut Vec<Change>) {
    let label = n.label();
    let mut push = |id: &'static str, breaking: bool, side: Side, pointer: &str, message: String| {
        out.push(Change {
            id,
            breaking,
            operation: Some(label.clone()),
            side,
            pointer: pointer.to_string(),
            message,
        })
    };
    if n.deprecated && !o.deprecated {
        push(
            "operation-deprecated",
            false,
            Side::New,
            &n.pointer,
            format!("`{label}` is now deprecated"),
        );
    }
    if new.requires_auth(n) && !old.requires_auth(o) {
        push(
            "security-added",
            true,
            Side::New,
            &n.pointer,
            format!("`{label}` now requires credentials; anonymous callers get 401"),
        );
    }

    // Parameters.
    for np in &n.parameters {
        match find_param(o, np, &n.path) {
            None if np.required && np.location != ParamLocation::Path => push(
                "required-parameter-added",
                true,
                Side::New,
                &np.pointer,
                format!(
                    "`{label}` requires the new {} parameter `{}`",
                    location(np.location),
                    np.name
                ),
            ),
            None if np.location != ParamLocation::Path => push(
                "optional-parameter-added",
                false,
                Side::New,
                &np.pointer,
                format!(
                    "`{label}` accepts the new optional {} parameter `{}`",
                    location(np.location),
                    np.name
                ),
            ),
            None => {}
            Some(op) => {
                if np.required && !op.required {
                    push(
                        "parameter-became-required",
                        true,
                        Side::New,
                        &np.pointer,
                        format!(
                            "the {} parameter `{}` of `{label}` is now required",
                            location(np.location),
                            np.name
                        ),
                    );
                }
                if let (Some(os), Some(ns)) = (op.schema, np.schema) {
                    for (id, breaking, side, pointer, message) in nested(
                        old,
                        os,
                        new,
                        ns,
                        Direction::Request,
                        &format!("parameter `{}`", np.name),
                    ) {
                        push(id, breaking, side, &pointer, format!("`{label}`: {message}"));
                    }
                }
            }
        }
    }
    for op in &o.parameters {
        if find_param(n, op, &o.path).is_none() && op.location != ParamLocation::Path {
            push(
                "parameter-removed",
                false,
                Side::Old,
                &op.pointer,
                format!(
                    "`{label}` no longer reads the {} parameter `{}`",
                    location(op.location),
                    op.name
                ),
            );
        }
    }

    // Request body.
    match (&o.request_body, &n.request_body) {
        (None, Some(nb)) if nb.required => push(
            "request-body-added",
            true,
            Side::New,
            &nb.pointer,
            format!("`{label}` now requires a request body"),
        ),
        (Some(ob), Some(nb)) => {
            if nb.required && !ob.required {
                push(
                    "request-body-became-required",
                    true,
                    Side::New,
                    &nb.pointer,
                    format!("`{label}` now requires its request body"),
                );
            }
            for om in &ob.content {
                match nb.content.iter().find(|m| m.media_type == om.media_type) {
                    None => push(
                        "request-media-type-removed",
                        true,
                        Side::Old,
                        &om.pointer,
                        format!("`{label}` no longer accepts `{}` bodies", om.media_type),
                    ),
                    Some(nm) => {
                        if let (Some(os), Some(ns)) = (om.schema, nm.schema) {
                            for (id, breaking, side, pointer, message) in
                                nested(old, os, new, ns, Direction::Request, "the request body")
                            {
                                push(id, breaking, side, &pointer, format!("`{label}`: {message}"));
                            }
                        }
                    }
                }
            }
        }
        _ => {}
    }

    // Responses.
    for or in o.responses.iter().filter(|r| r.class() == Some('2')) {
        let Some(nr) = n.responses.iter().find(|r| r.code == or.code) else {
            push(
                "success-status-removed",
                true,
                Side::Old,
                &or.pointer,
                format!(
                    "`{label}` no longer answers {}; clients that check for it now fail",
                    or.code
                ),
            );
            continue;
        };
        for om in &or.content {
            let Some(nm) = nr.content.iter().find(|m| m.media_type == om.media_type) else {
                push(
                    "response-media-type-removed",
                    true,
                    Side::Old,
                    &om.pointer,
                    format!("`{label}` no longer answers {} with `{}`", or.code, om.media_type),
                );
                continue;
            };
            if let (Some(os), Some(ns)) = (om.schema, nm.schema) {
                let what = format!("the {} response", or.code);
                for (id, breaking, side, pointer, message) in nested(old, os, new, ns, Direction::Response, &what) {
                    push(id, breaking, side, &pointer, format!("`{label}`: {message}"));
                }
            }
        }
    }
}

/// The same parameter in another version of the operation: by name and location, and for path
/// parameters by their position in the path (`/links/{id}` and `/links/{code}` name the same one).
fn find_param<'o, 'd>(op: &'o Operation<'d>, p: &Parameter, p_path: &str) -> Option<&'o Parameter<'d>> {
    if p.location == ParamLocation::Path {
        let at = path_params(p_path).iter().position(|n| *n == p.name)?;
        let name = *path_params(&op.path).get(at)?;
        return op
            .parameters
            .iter()
            .find(|q| q.location == ParamLocation::Path && q.name == name);
    }
    op.parameters.iter().find(|q| {
        q.location == p.location
            && if p.location == ParamLocation::Header {
                q.name.eq_ignore_ascii_case(&p.name)
            } else {
                q.name == p.name
            }
    })
}

/// The names of a path template's parameters, in order: `/a/{x}/b/{y}` -> `[x, y]`.
fn path_params(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(n, _)| n))
        .collect()
}

fn location(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Path => "path",
        ParamLocation::Cookie => "cookie",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// What the client sends: the new version may accept more, never less.
    Request,
    /// What the client reads: the new version may say less variety, never drop or retype fields.
    Response,
}

/// One change found inside a schema: id, breaking, side, pointer, message.
pub(crate) type Found = (&'static str, bool, Side, String, String);

/// The changes between two schemas, from the top.
pub(crate) fn nested(old: &Model, os: SchemaId, new: &Model, ns: SchemaId, dir: Direction, what: &str) -> Vec<Found> {
    let mut found = Vec::new();
    compare_schema(old, os, new, ns, dir, what, &mut found, 0, &mut HashSet::new());
    found
}

/// Deepest nesting compared; deeper differences are rare and not worth unbounded work.
const MAX_DEPTH: usize = 12;

#[allow(clippy::too_many_arguments)]
fn compare_schema(
    old: &Model,
    os: SchemaId,
    new: &Model,
    ns: SchemaId,
    dir: Direction,
    what: &str,
    out: &mut Vec<Found>,
    depth: usize,
    seen: &mut HashSet<(SchemaId, SchemaId)>,
) {
    if depth > MAX_DEPTH || !seen.insert((os, ns)) {
        return;
    }
    let (o, n) = (old.schema(os), new.schema(ns));
    let widened = |from: &[&str], to: &[&str]| {
        from.iter()
            .all(|t| to.contains(t) || (*t == "integer" && to.contains(&"number")))
    };
    if !o.types.is_empty() && !n.types.is_empty() {
        let ok = match dir {
            Direction::Request => widened(&o.types, &n.types),
            Direction::Response => widened(&n.types, &o.types),
        };
        if !ok {
            out.push((
                "type-changed",
                true,
                Side::New,
                n.pointer.clone(),
                format!(
                    "{what} changed type from {} to {}",
                    o.types.join("|"),
                    n.types.join("|")
                ),
            ));
            return;
        }
    }
    if dir == Direction::Request {
        // Enum narrowed: a value the client may send is refused now.
        if !n.enum_values.is_empty() {
            let removed: Vec<String> = o
                .enum_values
                .iter()
                .filter(|v| !n.enum_values.contains(v))
                .map(|v| v.to_string())
                .collect();
            if o.enum_values.is_empty() || !removed.is_empty() {
                let detail = if o.enum_values.is_empty() {
                    "is now limited to an enum".to_string()
                } else {
                    format!("no longer accepts {}", removed.join(", "))
                };
                out.push((
                    "enum-narrowed",
                    true,
                    Side::New,
                    n.pointer.clone(),
                    format!("{what} {detail}"),
                ));
            }
        }
        // A bound tightened breaks clients that sent values in between. A bound added where there
        // was none is listed but not counted as breaking: limits are set far above what real
        // clients send, and bounding inputs is what a review asks for.
        let tighter_max = |o: Option<f64>, n: Option<f64>| o.zip(n).is_some_and(|(o, n)| n < o);
        let tighter_min = |o: Option<f64>, n: Option<f64>| o.zip(n).is_some_and(|(o, n)| n > o);
        let added = [
            ("maxLength", o.max_length.is_none() && n.max_length.is_some()),
            ("maximum", o.maximum.is_none() && n.maximum.is_some()),
            ("maxItems", o.max_items.is_none() && n.max_items.is_some()),
        ];
        for (bound, new_bound) in added {
            if new_bound {
                out.push((
                    "bound-added",
                    false,
                    Side::New,
                    n.pointer.clone(),
                    format!("{what} now has a {bound}"),
                ));
            }
        }
        let bounds = [
            (
                "maxLength",
                tighter_max(o.max_length.map(|x| x as f64), n.max_length.map(|x| x as f64)),
            ),
            (
                "minLength",
                tighter_min(o.min_length.map(|x| x as f64), n.min_length.map(|x| x as f64)),
            ),
            ("maximum", tighter_max(o.maximum, n.maximum)),
            ("minimum", tighter_min(o.minimum, n.minimum)),
            (
                "maxItems",
                tighter_max(o.max_items.map(|x| x as f64), n.max_items.map(|x| x as f64)),
            ),
        ];
        for (bound, tighter) in bounds {
            if tighter {
                out.push((
                    "bound-narrowed",
                    true,
                    Side::New,
                    n.pointer.clone(),
                    format!("{what} has a tighter {bound}, so values accepted before are refused"),
                ));
            }
        }
    }

    let (op, np) = (old.all_properties(os), new.all_properties(ns));
    match dir {
        Direction::Response => {
            for (name, oid) in &op {
                match np.iter().find(|(n, _)| n == name) {
                    None => out.push((
                        "response-property-removed",
                        true,
                        Side::Old,
                        old.schema(*oid).pointer.clone(),
                        format!("{what} no longer has the field `{name}` that clients read"),
                    )),
                    Some((_, nid)) => {
                        let inner = format!("{what} field `{name}`");
                        compare_schema(old, *oid, new, *nid, dir, &inner, out, depth + 1, seen);
                    }
                }
            }
            for (name, nid) in &np {
                if !op.iter().any(|(o, _)| o == name) && depth == 0 {
                    out.push((
                        "response-property-added",
                        false,
                        Side::New,
                        new.schema(*nid).pointer.clone(),
                        format!("{what} has the new field `{name}`"),
                    ));
                }
            }
        }
        Direction::Request => {
            let required_before = |name: &str| o.required.contains(&name);
            for (name, nid) in &np {
                let required_now = n.required.contains(name);
                let before = op.iter().find(|(o, _)| o == name);
                if required_now && !required_before(name) {
                    let (id, detail) = if before.is_some() {
                        ("request-property-became-required", "is now required")
                    } else {
                        ("required-request-property-added", "is a new required field")
                    };
                    out.push((
                        id,
                        true,
                        Side::New,
                        new.schema(*nid).pointer.clone(),
                        format!("{what}: `{name}` {detail}"),
                    ));
                }
                if let Some((_, oid)) = before {
                    let inner = format!("{what} field `{name}`");
                    compare_schema(old, *oid, new, *nid, dir, &inner, out, depth + 1, seen);
                }
            }
        }
    }
    if let (Some(oi), Some(ni)) = (o.items, n.items) {
        let inner = format!("{what} items");
        compare_schema(old, oi, new, ni, dir, &inner, out, depth + 1, seen);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::testing::model_from_str;

    const OLD: &str = r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /v1/links:
    get:
      parameters:
        - { name: limit, in: query, schema: { type: integer, maximum: 100 } }
        - { name: status, in: query, schema: { type: string, enum: [active, disabled] } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: { type: array, items: { $ref: '#/components/schemas/Link' } }
                  next_cursor: { type: string }
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [url]
              properties:
                url: { type: string, maxLength: 2048 }
                alias: { type: string }
      responses:
        "201": { description: created }
  /v1/links/{id}:
    get:
      parameters: [ { name: id, in: path, required: true, schema: { type: string } } ]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Link' }
  /v1/legacy:
    get:
      deprecated: true
      responses: { "200": { description: ok } }
components:
  schemas:
    Link:
      type: object
      properties:
        id: { type: string }
        url: { type: string }
        clicks: { type: integer }
"#;

    fn ids(old: &str, new: &str) -> Vec<(&'static str, bool)> {
        let (o, n) = (model_from_str(old), model_from_str(new));
        compare(&o, &n).into_iter().map(|c| (c.id, c.breaking)).collect()
    }

    /// The breaking categories found, each once.
    fn breaking(old: &str, new: &str) -> Vec<&'static str> {
        let mut found: Vec<_> = ids(old, new)
            .into_iter()
            .filter(|(_, b)| *b)
            .map(|(id, _)| id)
            .collect();
        found.dedup();
        found
    }

    #[test]
    fn an_identical_document_has_no_changes() {
        assert!(ids(OLD, OLD).is_empty());
    }

    #[test]
    fn renamed_path_parameters_are_the_same_operation() {
        let new = OLD
            .replace("/v1/links/{id}:", "/v1/links/{code}:")
            .replace("name: id, in: path", "name: code, in: path");
        assert!(ids(OLD, &new).is_empty(), "{:?}", ids(OLD, &new));
    }

    #[test]
    fn each_breaking_category_is_found() {
        let cases: &[(&str, &str, &str)] = &[
            ("  /v1/links/{id}:\n    get:", "  /v1/links/{id}:\n    put:", "operation-removed"),
            ("\"201\": { description: created }", "\"200\": { description: created }", "success-status-removed"),
            ("        clicks: { type: integer }\n", "", "response-property-removed"),
            ("clicks: { type: integer }", "clicks: { type: string }", "type-changed"),
            ("required: [url]", "required: [url, alias]", "request-property-became-required"),
            ("maxLength: 2048", "maxLength: 512", "bound-narrowed"),
            ("enum: [active, disabled]", "enum: [active]", "enum-narrowed"),
            (
                "- { name: limit, in: query, schema: { type: integer, maximum: 100 } }",
                "- { name: limit, in: query, schema: { type: integer, maximum: 100 } }\n        - { name: owner, in: query, required: true, schema: { type: string } }",
                "required-parameter-added",
            ),
        ];
        for (from, to, id) in cases {
            assert!(OLD.contains(from), "{from}");
            let new = OLD.replacen(from, to, 1);
            assert_eq!(breaking(OLD, &new), [*id], "{id}");
        }
    }

    #[test]
    fn additions_and_deprecated_removals_do_not_break() {
        let new = OLD
            .replace(
                "        clicks: { type: integer }\n",
                "        clicks: { type: integer }\n        created_at: { type: string }\n",
            )
            .replace(
                "  /v1/legacy:\n    get:\n      deprecated: true\n      responses: { \"200\": { description: ok } }\n",
                "  /v2/links:\n    get:\n      responses: { \"200\": { description: ok } }\n",
            )
            .replace(
                "alias: { type: string }",
                "alias: { type: string }\n                note: { type: string }",
            )
            .replace("maxLength: 2048", "maxLength: 4096");
        let found = ids(OLD, &new);
        assert!(found.iter().all(|(_, b)| !b), "{found:?}");
        let names: Vec<_> = found.iter().map(|(id, _)| *id).collect();
        assert!(names.contains(&"deprecated-operation-removed"), "{names:?}");
        assert!(names.contains(&"operation-added"), "{names:?}");
        assert!(names.contains(&"response-property-added"), "{names:?}");
    }

    #[test]
    fn path_parameters_are_matched_by_position() {
        let doc = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths:\n  /teams/{team_id}/members/{username}:\n    put:\n      parameters:\n        - { name: team_id, in: path, required: true, schema: { type: integer } }\n        - { name: username, in: path, required: true, schema: { type: string } }\n      responses: { '204': { description: ok } }\n";
        assert!(ids(doc, doc).is_empty(), "{:?}", ids(doc, doc));
        let retyped = doc.replace("{ type: integer }", "{ type: string }");
        assert_eq!(breaking(doc, &retyped), ["type-changed"]);
        let found = compare(&model_from_str(doc), &model_from_str(&retyped));
        assert!(found[0].message.contains("parameter `team_id`"), "{}", found[0].message);
    }

    #[test]
    fn cycles_terminate() {
        let doc = "openapi: 3.0.3\ninfo: { title: t, version: '1' }\npaths:\n  /n:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: '#/components/schemas/N' }\ncomponents:\n  schemas:\n    N:\n      type: object\n      properties:\n        next: { $ref: '#/components/schemas/N' }\n";
        assert!(ids(doc, doc).is_empty());
    }
}
