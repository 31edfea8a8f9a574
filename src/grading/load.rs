//! Bytes -> document: limits, YAML or JSON, OpenAPI version detection.
//!
//! Hostile input is normal input here. Every limit is checked before or while parsing, never after
//! building something unbounded:
//! - size is checked before the parser sees a byte;
//! - nesting depth is counted while the tree is built, below the parsers' own recursion guards so
//!   the message is ours;
//! - YAML alias expansion is bounded by a node budget: a document without aliases cannot have more
//!   nodes (keys and values) than bytes, so only expansion can hit the budget, and a "billion laughs"
//!   document is refused after building at most that many nodes (an alias is charged what it
//!   expands to before anything is copied);
//! - duplicate keys are refused (both parsers would silently keep the last one), with their line.
//!
//! JSON is read by serde_json through `NodeSeed`; YAML by the event builder in `load/yaml.rs`.
use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

mod error;
mod yaml;

pub use super::locate::Format;
use super::locate::{locate_last, Position, Spans};
use super::model::escape_token;
pub use error::{LoadError, LoadErrorKind};

/// Limits applied while loading. The CLI uses [`Limits::default`] (32 MiB); the server sets its own.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest accepted input, in bytes.
    pub max_bytes: usize,
    /// Deepest accepted nesting of objects and arrays.
    pub max_depth: usize,
    /// Nodes allowed beyond one per input byte (covers modest, legitimate YAML alias use).
    pub node_slack: usize,
    /// OpenAPI 3.0 documents up to this size are checked against the specification's structure
    /// (the `openapiv3` types) before grading. Larger ones skip the check: it costs about as
    /// much as parsing (~400 ms on the 13 MB GitHub spec) and the public specs that big are
    /// machine-generated and well-formed.
    pub structure_check_max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 32 * 1024 * 1024,
            max_depth: 100,
            node_slack: 100_000,
            structure_check_max_bytes: 2 * 1024 * 1024,
        }
    }
}

impl Limits {
    /// The server's default: 2 MiB.
    pub fn server() -> Self {
        Limits {
            max_bytes: 2 * 1024 * 1024,
            ..Limits::default()
        }
    }
}

/// The OpenAPI family a document belongs to; the exact string is in [`Document::version`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    V30,
    V31,
}

/// A parsed OpenAPI 3.x document, not yet normalised.
#[derive(Debug)]
pub struct Document {
    pub root: Value,
    pub format: Format,
    pub family: Family,
    /// The `openapi` field as written, e.g. `3.0.3`.
    pub version: String,
    /// Where the YAML loader found each node; `None` for JSON, which is located in the text.
    pub spans: Option<Spans>,
}

impl Document {
    /// The position of each pointer in `text` (the text this document was loaded from).
    pub fn locate(&self, text: &str, pointers: &[&str]) -> Vec<Position> {
        locate_in(self.spans.as_ref(), text, self.format, pointers)
    }
}

/// The position of each pointer: from the loader's spans when there are some, from the text
/// otherwise.
pub fn locate_in(spans: Option<&Spans>, text: &str, format: Format, pointers: &[&str]) -> Vec<Position> {
    spans
        .and_then(|s| s.locate(pointers))
        .unwrap_or_else(|| super::locate::locate(text, format, pointers))
}

/// Parse bytes into a document, enforcing `limits`, and detect the OpenAPI version.
pub fn load(input: &[u8], limits: &Limits) -> Result<Document, LoadError> {
    load_text(decode(input, limits)?, limits)
}

/// A parsed AsyncAPI 3.x document, not yet normalised (see `grading::events`).
#[derive(Debug)]
pub struct EventDocument {
    pub root: Value,
    pub format: Format,
    /// The `asyncapi` field as written, e.g. `3.0.0`.
    pub version: String,
    /// Where the YAML loader found each node; `None` for JSON, which is located in the text.
    pub spans: Option<Spans>,
}

/// A loaded document of either kind the grader reads.
#[derive(Debug)]
pub enum Loaded {
    OpenApi(Document),
    /// An AsyncAPI 3.x event document.
    Events(EventDocument),
}

/// [`load_text`] that also accepts an AsyncAPI 3.x event document, recognised by its top-level
/// `asyncapi` field; 2.x is refused with the way to convert it.
pub fn load_any_text(text: &str, limits: &Limits) -> Result<Loaded, LoadError> {
    let (root, format, spans) = parse_located(text, limits, true)?;
    match root.get("asyncapi") {
        Some(v) if root.get("openapi").is_none() => {
            let version = version_text(v);
            if version.starts_with("3.") {
                Ok(Loaded::Events(EventDocument {
                    root,
                    format,
                    version,
                    spans,
                }))
            } else if version.starts_with('2') || version.starts_with('1') {
                Err(LoadError::new(LoadErrorKind::AsyncApi2 { version }))
            } else {
                Err(LoadError::new(LoadErrorKind::UnsupportedAsyncApi { version }))
            }
        }
        None if root.get("openapi").is_none() && root.get("swagger").is_none() && root.is_object() => {
            Err(LoadError::new(LoadErrorKind::NeitherKind))
        }
        _ => openapi_document(root, format, spans, text, limits).map(Loaded::OpenApi),
    }
}

/// [`load`] for text that has passed [`decode`].
pub fn load_text(text: &str, limits: &Limits) -> Result<Document, LoadError> {
    let (root, format, spans) = parse_located(text, limits, true)?;
    openapi_document(root, format, spans, text, limits)
}

fn openapi_document(
    root: Value,
    format: Format,
    spans: Option<Spans>,
    text: &str,
    limits: &Limits,
) -> Result<Document, LoadError> {
    let (family, version) = detect_version(&root)?;
    if family == Family::V30 && text.len() <= limits.structure_check_max_bytes {
        check_structure_30_in(&root, text, format, spans.as_ref())?;
    }
    Ok(Document {
        root,
        format,
        family,
        version,
        spans,
    })
}

/// Refuse a 3.0 document whose structure the specification does not allow (a missing `info`,
/// `in: body`, a response without `description`...), naming the place. The typed view is
/// `openapiv3`'s; rules read the normalised model instead, which 3.1 documents also produce.
pub fn check_structure_30(root: &Value, text: &str, format: Format) -> Result<(), LoadError> {
    check_structure_30_in(root, text, format, None)
}

fn check_structure_30_in(root: &Value, text: &str, format: Format, spans: Option<&Spans>) -> Result<(), LoadError> {
    use serde_path_to_error::{Error, Path, Segment};
    fn to_pointer(base: &str, path: &Path) -> String {
        let mut pointer = base.to_string();
        for seg in path.iter() {
            match seg {
                Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
                Segment::Map { key } => {
                    pointer.push('/');
                    pointer.push_str(&escape_token(key));
                }
                Segment::Enum { .. } | Segment::Unknown => {}
            }
        }
        pointer
    }
    let Err(e) = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(root) else {
        return Ok(());
    };
    let mut pointer = to_pointer("", e.path());
    let mut message = e.inner().to_string();
    // `Paths` deserialises its map in one step, so the path stops there: find the path item
    // that fails on its own to name the exact place.
    if pointer == "/paths" {
        let items = root.get("paths").and_then(Value::as_object).into_iter().flatten();
        for (template, item) in items {
            if item.get("$ref").is_some() {
                continue;
            }
            let r: Result<openapiv3::PathItem, Error<_>> = serde_path_to_error::deserialize(item);
            if let Err(e) = r {
                let base = format!("/paths/{}", escape_token(template));
                pointer = to_pointer(&base, e.path());
                message = e.inner().to_string();
                break;
            }
        }
    }
    let at = locate_in(spans, text, format, &[&pointer])[0];
    let shown = if pointer.is_empty() { "/" } else { &pointer };
    Err(LoadError::new(LoadErrorKind::Invalid {
        message: format!("{shown}: {message}"),
    })
    .at(Some(at.line), Some(at.column)))
}

/// Size, UTF-8 and emptiness checks; returns the text without a byte-order mark.
pub fn decode<'a>(input: &'a [u8], limits: &Limits) -> Result<&'a str, LoadError> {
    check_size(input.len(), limits)?;
    decode_text(utf8(input)?, limits)
}

/// The input as text, or where the first byte that is not UTF-8 stands (offset, line, column).
/// The one UTF-8 check of everything graded: text that passed it goes on as `&str`.
pub fn utf8(input: &[u8]) -> Result<&str, LoadError> {
    std::str::from_utf8(input).map_err(|e| {
        let offset = e.valid_up_to();
        let (line, column) = line_col(&input[..offset]);
        LoadError::new(LoadErrorKind::InvalidUtf8 { offset }).at(Some(line), Some(column))
    })
}

/// [`decode`] for what is already text: size and emptiness; returns it without a byte-order mark.
pub fn decode_text<'a>(text: &'a str, limits: &Limits) -> Result<&'a str, LoadError> {
    check_size(text.len(), limits)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::new(LoadErrorKind::Empty));
    }
    Ok(text)
}

fn check_size(size: usize, limits: &Limits) -> Result<(), LoadError> {
    if size > limits.max_bytes {
        return Err(LoadError::new(LoadErrorKind::TooLarge {
            size,
            limit: limits.max_bytes,
        }));
    }
    Ok(())
}

fn line_col(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = prefix.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&prefix[start..]).chars().count() + 1;
    (line, column)
}

/// JSON when the text starts like JSON (serde_json is several times faster than a YAML parser),
/// YAML otherwise or when it only looked like JSON (a YAML flow mapping also starts with `{`).
pub fn parse(text: &str, limits: &Limits) -> Result<(Value, Format), LoadError> {
    parse_located(text, limits, false).map(|(v, format, _)| (v, format))
}

/// [`parse`], with the spans of a YAML document when `spans` is set.
fn parse_located(text: &str, limits: &Limits, spans: bool) -> Result<(Value, Format, Option<Spans>), LoadError> {
    let yaml = || {
        let budget = yaml_budget(text, limits);
        let (v, spans) = if spans {
            yaml::parse_with_spans(text, budget).map(|(v, s)| (v, Some(s)))?
        } else {
            (yaml::parse(text, budget)?, None)
        };
        Ok((v, Format::Yaml, spans))
    };
    let first = text.trim_start().as_bytes().first().copied();
    if matches!(first, Some(b'{') | Some(b'[') | Some(b'"')) {
        match parse_json(text, limits) {
            Ok(v) => return Ok((v, Format::Json, None)),
            Err(json_err) => {
                if matches!(json_err.kind, LoadErrorKind::Syntax { .. }) {
                    if let Ok(v) = yaml() {
                        return Ok(v);
                    }
                }
                return Err(json_err);
            }
        }
    }
    yaml()
}

/// YAML text -> value, in one pass over the parser's events with every limit enforced as the
/// tree is built.
pub fn parse_yaml(text: &str, limits: &Limits) -> Result<Value, LoadError> {
    yaml::parse(text, yaml_budget(text, limits))
}

fn yaml_budget(text: &str, limits: &Limits) -> yaml::Budget {
    yaml::Budget {
        nodes: text.len().saturating_add(limits.node_slack),
        max_depth: limits.max_depth,
    }
}

fn parse_json(text: &str, limits: &Limits) -> Result<Value, LoadError> {
    let state = Budget::new(text.len(), limits);
    let mut de = serde_json::Deserializer::from_str(text);
    let result = NodeSeed {
        depth: 0,
        state: &state,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    result.map_err(|e| {
        let (line, column) = (Some(e.line()), Some(e.column()));
        let budget = state.into_inner();
        let kind = budget.failure.unwrap_or_else(|| LoadErrorKind::Syntax {
            format: Format::Json,
            message: strip_json_position(&e.to_string()),
        });
        position_duplicate(
            LoadError::new(kind).at(line, column),
            text,
            Format::Json,
            &budget.failure_path,
        )
    })
}

fn strip_json_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// The parsers report where they noticed a duplicate key (after its value); name the key itself.
fn position_duplicate(e: LoadError, text: &str, format: Format, path: &[String]) -> LoadError {
    if !matches!(e.kind, LoadErrorKind::DuplicateKey { .. }) {
        return e;
    }
    let pointer: String = path.iter().rev().map(|t| format!("/{}", escape_token(t))).collect();
    let p = locate_last(text, format, &pointer);
    e.at(Some(p.line), Some(p.column))
}

/// Limits tracked while the tree is built. `failure` says which one tripped, so the parser's
/// error (which carries the position) can be turned into ours.
struct Budget {
    nodes_left: usize,
    max_depth: usize,
    failure: Option<LoadErrorKind>,
    /// Tokens of the failing place, innermost first, collected as the error unwinds.
    failure_path: Vec<String>,
    /// Reusable buffers for the entries of the object being read at each depth.
    entry_buffers: Vec<Vec<(String, Value)>>,
}

impl Budget {
    fn new(len: usize, limits: &Limits) -> RefCell<Self> {
        RefCell::new(Budget {
            nodes_left: len.saturating_add(limits.node_slack),
            max_depth: limits.max_depth,
            failure: None,
            failure_path: Vec::new(),
            entry_buffers: Vec::new(),
        })
    }
}

struct NodeSeed<'s> {
    depth: usize,
    state: &'s RefCell<Budget>,
}

impl NodeSeed<'_> {
    fn fail<E: de::Error>(&self, kind: LoadErrorKind) -> E {
        let msg = match &kind {
            LoadErrorKind::DuplicateKey { key } => format!("duplicate key {key:?}"),
            _ => "limit exceeded".to_string(),
        };
        self.state.borrow_mut().failure = Some(kind);
        E::custom(msg)
    }

    fn count<E: de::Error>(&self) -> Result<(), E> {
        let mut b = self.state.borrow_mut();
        if b.nodes_left == 0 {
            drop(b);
            return Err(self.fail(LoadErrorKind::TooManyNodes));
        }
        b.nodes_left -= 1;
        Ok(())
    }

    fn enter<E: de::Error>(&self) -> Result<usize, E> {
        self.count()?;
        let depth = self.depth + 1;
        let max = self.state.borrow().max_depth;
        if depth > max {
            return Err(self.fail(LoadErrorKind::TooDeep { limit: max }));
        }
        Ok(depth)
    }
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.count()?;
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.count()?;
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.count()?;
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.count()?;
        Ok(Number::from_f64(v).map_or_else(|| Value::String(v.to_string()), Value::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.count()?;
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.count()?;
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.count()?;
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let depth = self.enter()?;
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        loop {
            let next = seq.next_element_seed(NodeSeed {
                depth,
                state: self.state,
            });
            match next {
                Ok(Some(v)) => out.push(v),
                Ok(None) => break,
                Err(e) => {
                    self.state.borrow_mut().failure_path.push(out.len().to_string());
                    return Err(e);
                }
            }
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let depth = self.enter()?;
        // Entries are gathered first so the map is built at its final size: growing it one
        // entry at a time copies and rehashes it several times over on large documents. The
        // buffers are kept per depth and reused.
        let mut entries = self
            .state
            .borrow_mut()
            .entry_buffers
            .get_mut(depth)
            .map(std::mem::take)
            .unwrap_or_default();
        entries.clear();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            self.count()?;
            let value = match map.next_value_seed(NodeSeed {
                depth,
                state: self.state,
            }) {
                Ok(v) => v,
                Err(e) => {
                    self.state.borrow_mut().failure_path.push(key);
                    return Err(e);
                }
            };
            entries.push((key, value));
        }
        let mut out = Map::with_capacity(entries.len());
        for (key, value) in entries.drain(..) {
            match out.entry(key) {
                serde_json::map::Entry::Vacant(slot) => {
                    slot.insert(value);
                }
                serde_json::map::Entry::Occupied(taken) => {
                    let key = taken.key().clone();
                    self.state.borrow_mut().failure_path.push(key.clone());
                    return Err(self.fail(LoadErrorKind::DuplicateKey { key }));
                }
            }
        }
        let mut state = self.state.borrow_mut();
        if state.entry_buffers.len() <= depth {
            state.entry_buffers.resize_with(depth + 1, Vec::new);
        }
        state.entry_buffers[depth] = entries;
        Ok(Value::Object(out))
    }
}

/// Mapping keys as strings. YAML allows `200:` (an integer) or `true:` as keys; OpenAPI means
/// the text, so scalars are turned back into their text.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a scalar mapping key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }
}

/// A version field as written: a string trimmed, anything else as JSON (`3.1` read as a number).
fn version_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        other => other.to_string(),
    }
}

/// `openapi: 3.0.x` / `3.1.x` -> graded; `swagger: "2.0"` -> refused with what to do.
pub fn detect_version(root: &Value) -> Result<(Family, String), LoadError> {
    let obj = match root {
        Value::Object(o) => o,
        Value::Array(_) => return Err(LoadError::new(LoadErrorKind::NotAnObject { found: "a list" })),
        Value::String(_) => return Err(LoadError::new(LoadErrorKind::NotAnObject { found: "a string" })),
        Value::Number(_) => return Err(LoadError::new(LoadErrorKind::NotAnObject { found: "a number" })),
        Value::Bool(_) => return Err(LoadError::new(LoadErrorKind::NotAnObject { found: "a boolean" })),
        Value::Null => return Err(LoadError::new(LoadErrorKind::NotAnObject { found: "null" })),
    };
    let text = version_text;
    if let Some(v) = obj.get("openapi") {
        let version = text(v);
        return if version.starts_with("3.0") {
            Ok((Family::V30, version))
        } else if version.starts_with("3.1") || version.starts_with("3.2") {
            // 3.2 only adds to 3.1; grading it with the 3.1 reading is better than refusing.
            Ok((Family::V31, version))
        } else if version.starts_with('2') {
            Err(LoadError::new(LoadErrorKind::Swagger2 { version }))
        } else {
            Err(LoadError::new(LoadErrorKind::UnsupportedVersion { version }))
        };
    }
    if let Some(v) = obj.get("swagger") {
        return Err(LoadError::new(LoadErrorKind::Swagger2 { version: text(v) }));
    }
    Err(LoadError::new(LoadErrorKind::NotOpenApi))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> LoadError {
        load(text.as_bytes(), &Limits::default()).expect_err("should be refused")
    }

    #[test]
    fn yaml_and_json_load_with_their_version() {
        let d = load(
            b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(
            (d.format, d.family, d.version.as_str()),
            (Format::Yaml, Family::V30, "3.0.3")
        );
        let d = load(br#"{"openapi": "3.1.0", "paths": {}}"#, &Limits::default()).unwrap();
        assert_eq!((d.format, d.family), (Format::Json, Family::V31));
    }

    #[test]
    fn yaml_flow_mapping_that_is_not_json_still_loads() {
        let d = load(b"{openapi: 3.1.0, paths: {}}", &Limits::default()).unwrap();
        assert_eq!(d.format, Format::Yaml);
    }

    #[test]
    fn integer_response_codes_become_string_keys() {
        let d = load(
            b"openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n",
            &Limits::default(),
        )
        .unwrap();
        assert!(d.root.pointer("/paths/~1a/get/responses/200").is_some());
    }

    #[test]
    fn empty_and_blank_input_is_refused() {
        assert_eq!(err("").kind, LoadErrorKind::Empty);
        assert_eq!(err(" \n\t\n").kind, LoadErrorKind::Empty);
    }

    #[test]
    fn oversized_input_is_refused_before_parsing() {
        let limits = Limits {
            max_bytes: 10,
            ..Limits::default()
        };
        let e = load(b"openapi: 3.1.0\n", &limits).unwrap_err();
        assert_eq!(e.kind, LoadErrorKind::TooLarge { size: 15, limit: 10 });
    }

    #[test]
    fn invalid_utf8_names_the_offset_and_line() {
        let e = load(b"openapi: 3.1.0\ninfo: \xff\n", &Limits::default()).unwrap_err();
        assert_eq!(e.kind, LoadErrorKind::InvalidUtf8 { offset: 21 });
        assert_eq!((e.line, e.column), (Some(2), Some(7)));
    }

    #[test]
    fn duplicate_keys_are_refused_with_their_line() {
        let e = err("openapi: 3.1.0\ninfo:\n  title: a\n  title: b\npaths: {}\n");
        assert_eq!(e.kind, LoadErrorKind::DuplicateKey { key: "title".into() });
        assert_eq!(e.line, Some(4));
        let e = err("{\"openapi\": \"3.1.0\",\n \"paths\": {},\n \"paths\": {}}");
        assert_eq!(e.kind, LoadErrorKind::DuplicateKey { key: "paths".into() });
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(err(&deep).kind, LoadErrorKind::TooDeep { limit: 100 });
        let yaml = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(err(&yaml).kind, LoadErrorKind::TooDeep { limit: 100 });
    }

    #[test]
    fn alias_bomb_is_refused_by_its_node_count() {
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
        // A billion nodes if expanded: refusing it by node count proves expansion stopped early.
        assert_eq!(err(bomb).kind, LoadErrorKind::TooManyNodes);
    }

    #[test]
    fn non_object_documents_are_refused() {
        assert_eq!(err("- a\n- b\n").kind, LoadErrorKind::NotAnObject { found: "a list" });
        assert_eq!(err("hello").kind, LoadErrorKind::NotAnObject { found: "a string" });
        assert_eq!(err("42").kind, LoadErrorKind::NotAnObject { found: "a number" });
        assert_eq!(err("info: {}").kind, LoadErrorKind::NotOpenApi);
    }

    #[test]
    fn swagger_2_is_refused_with_what_to_do() {
        let e = err("swagger: '2.0'\ninfo: {}\n");
        let line = e.to_string();
        assert!(line.contains("Swagger 2.0") && line.contains("OpenAPI 3"), "{line}");
        assert!(!line.contains('\n'));
    }

    #[test]
    fn asyncapi_3_loads_as_an_event_document_and_2_is_refused_with_what_to_do() {
        let any = |text: &str| load_any_text(text, &Limits::default());
        match any("asyncapi: 3.0.0\ninfo: { title: t, version: '1' }\n") {
            Ok(Loaded::Events(d)) => assert_eq!((d.version.as_str(), d.format), ("3.0.0", Format::Yaml)),
            other => panic!("not an event document: {other:?}"),
        }
        assert!(matches!(
            any(r#"{"openapi": "3.1.0", "paths": {}}"#),
            Ok(Loaded::OpenApi(_))
        ));
        let e = any("asyncapi: 2.6.0\ninfo: {}\n").unwrap_err();
        assert_eq!(
            e.kind,
            LoadErrorKind::AsyncApi2 {
                version: "2.6.0".into()
            }
        );
        let line = e.to_string();
        assert!(line.contains("AsyncAPI 2.6.0") && line.contains("AsyncAPI 3.0") && !line.contains('\n'));
        assert!(matches!(
            any("asyncapi: 4.0.0\n").unwrap_err().kind,
            LoadErrorKind::UnsupportedAsyncApi { .. }
        ));
        // Neither kind: the message names both.
        assert_eq!(any("info: {}").unwrap_err().kind, LoadErrorKind::NeitherKind);
        assert!(any("info: {}").unwrap_err().to_string().contains("`asyncapi: 3.0.0`"));
    }

    #[test]
    fn syntax_errors_are_one_line_with_position() {
        let e = err("openapi: 3.1.0\npaths: [\n");
        assert!(matches!(
            e.kind,
            LoadErrorKind::Syntax {
                format: Format::Yaml,
                ..
            }
        ));
        assert!(e.line.is_some());
        assert!(!e.to_string().contains('\n'), "{e}");
        let e = err("{\"openapi\": \"3.1.0\" \"x\"}");
        assert!(!e.to_string().contains('\n'), "{e}");
        assert_eq!(e.line, Some(1));
    }

    #[test]
    fn integers_wider_than_64_bits_load() {
        let d = load(
            b"openapi: 3.1.0\nx: 18446744073709552000\ny: -9223372036854776000\n",
            &Limits::default(),
        )
        .unwrap();
        assert!(d.root["x"].as_f64().unwrap() > 1e19);
        assert!(d.root["y"].as_f64().unwrap() < -9e18);
    }

    #[test]
    fn structurally_invalid_3_0_is_refused_with_the_place() {
        let e = err("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: x, in: body}\n      responses: {'200': {description: ok}}\n");
        assert!(matches!(e.kind, LoadErrorKind::Invalid { .. }), "{e}");
        assert_eq!(e.line, Some(7), "{e}");
        assert!(e.to_string().contains("/paths/~1a/get/parameters/0"), "{e}");
        let e = err("openapi: 3.0.3\npaths: {}\n");
        assert!(e.to_string().contains("info"), "{e}");
        // 3.1 documents are not held to the 3.0 types.
        assert!(load(b"openapi: 3.1.0\npaths: {}\n", &Limits::default()).is_ok());
    }

    #[test]
    fn multiple_yaml_documents_are_refused() {
        let e = err("openapi: 3.1.0\n---\nopenapi: 3.1.0\n");
        assert!(matches!(e.kind, LoadErrorKind::Syntax { .. }), "{e}");
    }
}
