//! Bytes -> document: limits, YAML or JSON, OpenAPI version detection.
//!
//! Hostile input is normal input here. Every limit is checked before or while parsing, never after
//! building something unbounded:
//! - size is checked before the parser sees a byte;
//! - nesting depth is counted while the tree is built, below the parsers' own recursion guards so
//!   the message is ours;
//! - YAML alias expansion is bounded by a node budget: a document without aliases cannot have more
//!   nodes (keys and values) than bytes, so only expansion can hit the budget, and a "billion laughs"
//!   document is refused after building at most that many nodes;
//! - duplicate keys are refused (both parsers would silently keep the last one), with their line.
use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Limits applied while loading. The CLI uses [`Limits::default`] (32 MiB); the server sets its own.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest accepted input, in bytes.
    pub max_bytes: usize,
    /// Deepest accepted nesting of objects and arrays.
    pub max_depth: usize,
    /// Nodes allowed beyond one per input byte (covers modest, legitimate YAML alias use).
    pub node_slack: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 32 * 1024 * 1024,
            max_depth: 100,
            node_slack: 100_000,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
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
}

/// Why a document could not be graded. `Display` is one line: what, where, what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    pub kind: LoadErrorKind,
    /// 1-based, when known.
    pub line: Option<usize>,
    /// 1-based, when known.
    pub column: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LoadErrorKind {
    Empty,
    TooLarge { size: usize, limit: usize },
    InvalidUtf8 { offset: usize },
    Syntax { format: Format, message: String },
    TooDeep { limit: usize },
    TooManyNodes,
    DuplicateKey { key: String },
    NotAnObject { found: &'static str },
    NotOpenApi,
    Swagger2 { version: String },
    UnsupportedVersion { version: String },
    /// The 3.0 document does not have the structure the specification requires.
    Invalid { message: String },
    /// Reading the input failed (CLI only).
    Io { message: String },
}

impl LoadError {
    pub fn new(kind: LoadErrorKind) -> Self {
        LoadError {
            kind,
            line: None,
            column: None,
        }
    }

    fn at(mut self, line: Option<usize>, column: Option<usize>) -> Self {
        self.line = line;
        self.column = column;
        self
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = match (self.line, self.column) {
            (Some(l), Some(c)) => format!(" at line {l}, column {c}"),
            (Some(l), None) => format!(" at line {l}"),
            _ => String::new(),
        };
        let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        match &self.kind {
            LoadErrorKind::Empty => {
                write!(f, "the input is empty: submit an OpenAPI 3.0 or 3.1 document in YAML or JSON")
            }
            LoadErrorKind::TooLarge { size, limit } => write!(
                f,
                "the input is {size} bytes, over the limit of {limit} bytes: submit a smaller document"
            ),
            LoadErrorKind::InvalidUtf8 { offset } => write!(
                f,
                "the input is not UTF-8 text (invalid byte at offset {offset}{place}): save the file as UTF-8"
            ),
            LoadErrorKind::Syntax { format, message } => {
                let what = match format {
                    Format::Json => "JSON",
                    Format::Yaml => "YAML",
                };
                write!(f, "invalid {what}{place}: {}: fix the syntax and resubmit", one_line(message))
            }
            LoadErrorKind::TooDeep { limit } => write!(
                f,
                "the document nests deeper than {limit} levels{place}: flatten it, e.g. with $ref to components"
            ),
            LoadErrorKind::TooManyNodes => write!(
                f,
                "the document expands to far more nodes than its size (YAML alias expansion){place}: remove the repeated aliases"
            ),
            LoadErrorKind::DuplicateKey { key } => write!(
                f,
                "duplicate key {key:?}{place}: each key may appear once per object, remove or rename one"
            ),
            LoadErrorKind::NotAnObject { found } => write!(
                f,
                "the document is {found}, not an object: an OpenAPI document is a mapping with an `openapi` field"
            ),
            LoadErrorKind::NotOpenApi => write!(
                f,
                "not an OpenAPI document: no `openapi` field at the top level; add `openapi: 3.1.0` (or 3.0.3)"
            ),
            LoadErrorKind::Swagger2 { version } => write!(
                f,
                "Swagger {version} is not graded: convert the document to OpenAPI 3 (e.g. with swagger2openapi) and resubmit"
            ),
            LoadErrorKind::UnsupportedVersion { version } => write!(
                f,
                "OpenAPI version {version:?} is not supported: use 3.0.x or 3.1.x"
            ),
            LoadErrorKind::Invalid { message } => write!(
                f,
                "not a valid OpenAPI 3.0 document{place}: {}",
                one_line(message)
            ),
            LoadErrorKind::Io { message } => write!(f, "cannot read the input: {}", one_line(message)),
        }
    }
}

impl std::error::Error for LoadError {}

/// Parse bytes into a document, enforcing `limits`, and detect the OpenAPI version.
pub fn load(input: &[u8], limits: &Limits) -> Result<Document, LoadError> {
    let text = decode(input, limits)?;
    let (root, format) = parse(text, limits)?;
    let (family, version) = detect_version(&root)?;
    Ok(Document {
        root,
        format,
        family,
        version,
    })
}

/// Size, UTF-8 and emptiness checks; returns the text without a byte-order mark.
pub fn decode<'a>(input: &'a [u8], limits: &Limits) -> Result<&'a str, LoadError> {
    if input.len() > limits.max_bytes {
        return Err(LoadError::new(LoadErrorKind::TooLarge {
            size: input.len(),
            limit: limits.max_bytes,
        }));
    }
    let text = match std::str::from_utf8(input) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.valid_up_to();
            let (line, column) = line_col(&input[..offset]);
            return Err(
                LoadError::new(LoadErrorKind::InvalidUtf8 { offset }).at(Some(line), Some(column))
            );
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::new(LoadErrorKind::Empty));
    }
    Ok(text)
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
    let first = text.trim_start().as_bytes().first().copied();
    if matches!(first, Some(b'{') | Some(b'[') | Some(b'"')) {
        match parse_json(text, limits) {
            Ok(v) => return Ok((v, Format::Json)),
            Err(json_err) => {
                if matches!(json_err.kind, LoadErrorKind::Syntax { .. }) {
                    if let Ok(v) = parse_yaml(text, limits) {
                        return Ok((v, Format::Yaml));
                    }
                }
                return Err(json_err);
            }
        }
    }
    parse_yaml(text, limits).map(|v| (v, Format::Yaml))
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
        let kind = state.into_inner().failure.unwrap_or_else(|| LoadErrorKind::Syntax {
            format: Format::Json,
            message: strip_json_position(&e.to_string()),
        });
        LoadError::new(kind).at(line, column)
    })
}

fn strip_json_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn parse_yaml(text: &str, limits: &Limits) -> Result<Value, LoadError> {
    let state = Budget::new(text.len(), limits);
    let de = serde_yaml_ng::Deserializer::from_str(text);
    let result = NodeSeed {
        depth: 0,
        state: &state,
    }
    .deserialize(de);
    result.map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((None, None), |l| (Some(l.line()), Some(l.column())));
        let kind = state.into_inner().failure.unwrap_or_else(|| {
            let msg = e.to_string();
            if msg.contains("recursion limit exceeded") {
                LoadErrorKind::TooDeep {
                    limit: limits.max_depth,
                }
            } else if msg.contains("repetition limit exceeded") {
                LoadErrorKind::TooManyNodes
            } else {
                LoadErrorKind::Syntax {
                    format: Format::Yaml,
                    message: strip_yaml_position(&msg),
                }
            }
        });
        LoadError::new(kind).at(line, column)
    })
}

fn strip_yaml_position(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Limits tracked while the tree is built. `failure` says which one tripped, so the parser's
/// error (which carries the position) can be turned into ours.
struct Budget {
    nodes_left: usize,
    max_depth: usize,
    failure: Option<LoadErrorKind>,
}

impl Budget {
    fn new(len: usize, limits: &Limits) -> RefCell<Self> {
        RefCell::new(Budget {
            nodes_left: len.saturating_add(limits.node_slack),
            max_depth: limits.max_depth,
            failure: None,
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
        // YAML allows .nan and .inf, which JSON numbers cannot hold: keep them as text.
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
        while let Some(v) = seq.next_element_seed(NodeSeed {
            depth,
            state: self.state,
        })? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let depth = self.enter()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            self.count()?;
            let value = map.next_value_seed(NodeSeed {
                depth,
                state: self.state,
            })?;
            if out.contains_key(&key) {
                return Err(self.fail(LoadErrorKind::DuplicateKey { key }));
            }
            out.insert(key, value);
        }
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

/// `openapi: 3.0.x` / `3.1.x` -> graded; `swagger: "2.0"` -> refused with what to do.
pub fn detect_version(root: &Value) -> Result<(Family, String), LoadError> {
    let obj = match root {
        Value::Object(o) => o,
        Value::Array(_) => return Err(LoadError::new(LoadErrorKind::NotAnObject { found: "a list" })),
        Value::String(_) => {
            return Err(LoadError::new(LoadErrorKind::NotAnObject {
                found: "a string",
            }))
        }
        Value::Number(_) => {
            return Err(LoadError::new(LoadErrorKind::NotAnObject {
                found: "a number",
            }))
        }
        Value::Bool(_) => {
            return Err(LoadError::new(LoadErrorKind::NotAnObject {
                found: "a boolean",
            }))
        }
        Value::Null => return Err(LoadError::new(LoadErrorKind::NotAnObject { found: "null" })),
    };
    let text = |v: &Value| match v {
        Value::String(s) => s.trim().to_string(),
        other => other.to_string(),
    };
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
