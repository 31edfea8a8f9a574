//! YAML text -> document value, built in one pass over saphyr-parser's events.
//!
//! The limits are enforced as the tree grows, never after: the nesting depth when a collection
//! opens (the scanner itself refuses flow collections nested past 255, which is reported as the
//! same limit), and the node budget on every node, counting an alias as the nodes it expands to
//! before anything is copied. Duplicate keys are refused with the place of the repeated key.
//!
//! Scalars are read with the YAML 1.2 core schema: `true`/`false` (three spellings each) are
//! booleans, `yes`, `no`, `on` and `off` stay text; `~`, `null` and nothing are null; decimal,
//! `0x`, `0o` and `0b` integers; floats including `.inf` and `.nan` (which JSON numbers cannot
//! hold, so they are kept as the text `inf`, `-inf`, `NaN`). Integers too wide for 64 bits keep
//! their magnitude as a float. Explicit tags: `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`
//! decide how a scalar is read (and are refused when it does not fit); other standard tags are
//! ignored; local tags (`!thing`) are refused, since a document value has nothing to map them to.
use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Tag};
use serde_json::{Map, Number, Value};

use super::error::{LoadError, LoadErrorKind};
use crate::grading::locate::Format;
use crate::grading::locate::{key_hash, Block, SpanEntry, Spans};

/// Limits applied while building.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Nodes (values and keys) the document may expand to.
    pub nodes: usize,
    /// Deepest accepted nesting of mappings and sequences.
    pub max_depth: usize,
}

const CORE: &str = "tag:yaml.org,2002:";

/// Builds the value of the one document in `text`.
pub fn parse(text: &str, budget: Budget) -> Result<Value, LoadError> {
    build(text, budget, false).map(|(v, _)| v)
}

/// [`parse`], also recording where every node starts.
pub fn parse_with_spans(text: &str, budget: Budget) -> Result<(Value, Spans), LoadError> {
    build(text, budget, true).map(|(v, spans)| (v, spans.unwrap_or_default()))
}

fn build(text: &str, budget: Budget, spans: bool) -> Result<(Value, Option<Spans>), LoadError> {
    let mut b = Builder {
        nodes_left: budget.nodes,
        max_depth: budget.max_depth,
        stack: Vec::new(),
        seq_pool: Vec::new(),
        map_pool: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        spans: spans.then(Spans::default),
        span_pool: Vec::new(),
    };
    let mut documents = 0usize;
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(scan_error(budget.max_depth))?;
        let at = span.start;
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(syntax(
                        "deserializing from YAML containing more than one document is not supported",
                        at,
                    ));
                }
            }
            Event::Scalar(v, style, anchor, tag) => {
                let tag = tag.as_deref();
                if b.key_expected() {
                    // An anchored key may be repeated as a value: keep what it reads as then.
                    let as_value = match anchor {
                        0 => None,
                        _ => Some(
                            value_of(resolve(v.clone(), style, tag, Expecting::Any)).map_err(|m| b.refuse(m, at))?,
                        ),
                    };
                    let key = resolve(v, style, tag, Expecting::Key).and_then(key_of);
                    let key = key.map_err(|m| b.refuse(m, at))?;
                    b.leaf(Node::Key(key), as_value, anchor, at)?;
                } else {
                    let value = value_of(resolve(v, style, tag, Expecting::Any)).map_err(|m| b.refuse(m, at))?;
                    let as_value = (anchor != 0).then(|| value.clone());
                    b.leaf(Node::Value(value), as_value, anchor, at)?;
                }
            }
            Event::Alias(id) => b.alias(id, at)?,
            Event::SequenceStart(anchor, tag) => b.open(false, anchor, tag.as_deref(), at)?,
            Event::MappingStart(anchor, tag) => b.open(true, anchor, tag.as_deref(), at)?,
            Event::SequenceEnd | Event::MappingEnd => b.close()?,
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    Ok((b.root.unwrap_or(Value::Null), b.spans))
}

fn scan_error(max_depth: usize) -> impl Fn(ScanError) -> LoadError {
    move |e| {
        let m = *e.marker();
        // The scanner's own guard against flow collections nested past 255 levels.
        if e.info() == "recursion limit exceeded" {
            return LoadError::new(LoadErrorKind::TooDeep { limit: max_depth }).at_marker(m);
        }
        syntax(e.info(), m)
    }
}

fn syntax(message: &str, at: Marker) -> LoadError {
    LoadError::new(LoadErrorKind::Syntax {
        format: Format::Yaml,
        message: message.to_string(),
    })
    .at_marker(at)
}

impl LoadError {
    fn at_marker(mut self, m: Marker) -> Self {
        self.line = Some(m.line());
        self.column = Some(m.col() + 1);
        self
    }
}

/// A finished node: a mapping key (always text) or a value.
enum Node {
    Key(String),
    Value(Value),
}

/// A collection being built.
struct Open {
    /// Items of a sequence, or values of a mapping.
    items: Vec<Value>,
    /// Keys of a mapping, with where each starts.
    keys: Vec<(String, Marker)>,
    is_map: bool,
    /// The anchor id, 0 when none.
    anchor: usize,
    /// The node budget left when the collection opened, to count its nodes for an alias.
    nodes_left_at_start: usize,
    /// The deepest nesting below this collection, counting itself.
    height: usize,
    /// Where it starts.
    start: Marker,
    /// Where its children start (only when spans are recorded).
    children: Vec<SpanEntry>,
}

/// An anchored node, kept for its aliases with what it costs to expand.
struct Anchored {
    value: Value,
    nodes: usize,
    height: usize,
}

struct Builder {
    nodes_left: usize,
    max_depth: usize,
    stack: Vec<Open>,
    /// Emptied buffers, reused for the next collection at any depth: a large document's
    /// mappings are built at their final size without growing each one entry by entry.
    seq_pool: Vec<Vec<Value>>,
    map_pool: Vec<Vec<(String, Marker)>>,
    anchors: HashMap<usize, Anchored>,
    root: Option<Value>,
    spans: Option<Spans>,
    span_pool: Vec<Vec<SpanEntry>>,
}

impl Builder {
    /// Refuses the node at `at`, naming the place in the words of YAML paths (`a.b[2].c`).
    fn refuse(&self, message: String, at: Marker) -> LoadError {
        let mut path = String::new();
        for open in &self.stack {
            if !open.is_map {
                if path.is_empty() {
                    path.push('.');
                }
                path.push_str(&format!("[{}]", open.items.len()));
            } else if let Some((key, _)) = open.keys.get(open.items.len()) {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
        }
        let message = if path.is_empty() {
            message
        } else {
            format!("{path}: {message}")
        };
        syntax(&message, at)
    }

    /// Whether the next node is a mapping key.
    fn key_expected(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|o| o.is_map && o.keys.len() == o.items.len())
    }

    fn spend(&mut self, nodes: usize, at: Marker) -> Result<(), LoadError> {
        if nodes > self.nodes_left {
            return Err(LoadError::new(LoadErrorKind::TooManyNodes).at_marker(at));
        }
        self.nodes_left -= nodes;
        Ok(())
    }

    /// A scalar; `anchored` is its value when it carries an anchor.
    fn leaf(&mut self, node: Node, anchored: Option<Value>, anchor: usize, at: Marker) -> Result<(), LoadError> {
        self.spend(1, at)?;
        if let Some(value) = anchored {
            self.anchors.insert(
                anchor,
                Anchored {
                    value,
                    nodes: 1,
                    height: 0,
                },
            );
        }
        self.push(node, 0, at, Block::default())
    }

    fn alias(&mut self, id: usize, at: Marker) -> Result<(), LoadError> {
        let depth = self.stack.len();
        let Some(a) = self.anchors.get(&id) else {
            // The anchor is still open: the alias is inside what it names, and would expand
            // without end.
            return Err(LoadError::new(LoadErrorKind::TooDeep { limit: self.max_depth }).at_marker(at));
        };
        if depth + a.height > self.max_depth {
            return Err(LoadError::new(LoadErrorKind::TooDeep { limit: self.max_depth }).at_marker(at));
        }
        let (nodes, height) = (a.nodes, a.height);
        self.spend(nodes, at)?;
        let node = if self.key_expected() {
            Node::Key(match &self.anchors[&id].value {
                Value::String(s) => s.clone(),
                Value::Array(_) => {
                    return Err(self.refuse("invalid type: sequence, expected a scalar mapping key".into(), at))
                }
                Value::Object(_) => {
                    return Err(self.refuse("invalid type: map, expected a scalar mapping key".into(), at))
                }
                Value::Number(n) => match n.as_f64() {
                    Some(f) if !(n.is_i64() || n.is_u64()) => f.to_string(),
                    _ => n.to_string(),
                },
                other => other.to_string(),
            })
        } else {
            Node::Value(self.anchors[&id].value.clone())
        };
        self.push(node, height, at, Block::default())
    }

    fn open(&mut self, is_map: bool, anchor: usize, tag: Option<&Tag>, at: Marker) -> Result<(), LoadError> {
        if self.key_expected() {
            let what = if is_map { "map" } else { "sequence" };
            return Err(self.refuse(format!("invalid type: {what}, expected a scalar mapping key"), at));
        }
        if tag.is_some_and(is_local) {
            return Err(self.refuse("invalid type: enum, expected any value".into(), at));
        }
        let nodes_left_at_start = self.nodes_left;
        self.spend(1, at)?;
        if self.stack.len() + 1 > self.max_depth {
            return Err(LoadError::new(LoadErrorKind::TooDeep { limit: self.max_depth }).at_marker(at));
        }
        let items = self.seq_pool.pop().unwrap_or_default();
        let keys = if is_map {
            self.map_pool.pop().unwrap_or_default()
        } else {
            Vec::new()
        };
        let children = match self.spans {
            Some(_) => self.span_pool.pop().unwrap_or_default(),
            None => Vec::new(),
        };
        self.stack.push(Open {
            items,
            keys,
            is_map,
            anchor,
            nodes_left_at_start,
            height: 1,
            start: at,
            children,
        });
        Ok(())
    }

    fn close(&mut self) -> Result<(), LoadError> {
        let Some(mut open) = self.stack.pop() else {
            return Ok(());
        };
        let value = if open.is_map {
            let mut map = Map::with_capacity(open.items.len());
            for (i, value) in open.items.drain(..).enumerate() {
                let key = std::mem::take(&mut open.keys[i].0);
                match map.entry(key) {
                    serde_json::map::Entry::Vacant(slot) => {
                        slot.insert(value);
                    }
                    serde_json::map::Entry::Occupied(taken) => {
                        // Name the last place the key is written.
                        let key = taken.key().clone();
                        let later = &open.keys[i + 1..];
                        let at = later
                            .iter()
                            .rev()
                            .find(|(k, _)| *k == key)
                            .map_or(open.keys[i].1, |(_, at)| *at);
                        return Err(LoadError::new(LoadErrorKind::DuplicateKey { key }).at_marker(at));
                    }
                }
            }
            open.keys.clear();
            self.map_pool.push(std::mem::take(&mut open.keys));
            Value::Object(map)
        } else {
            Value::Array(open.items.drain(..).collect())
        };
        self.seq_pool.push(std::mem::take(&mut open.items));
        let block = match &mut self.spans {
            Some(spans) => {
                let block = spans.close(&mut open.children, open.is_map);
                open.children.clear();
                self.span_pool.push(std::mem::take(&mut open.children));
                block
            }
            None => Block::default(),
        };
        if open.anchor != 0 {
            self.anchors.insert(
                open.anchor,
                Anchored {
                    value: value.clone(),
                    nodes: open.nodes_left_at_start - self.nodes_left,
                    height: open.height,
                },
            );
        }
        self.push(Node::Value(value), open.height, open.start, block)
    }

    /// Hands a finished node that starts at `at` to the collection it belongs to (or makes it
    /// the root); `block` is its children's place in the spans.
    fn push(&mut self, node: Node, height: usize, at: Marker, block: Block) -> Result<(), LoadError> {
        let Some(parent) = self.stack.last_mut() else {
            if let Node::Value(v) = node {
                self.root = Some(v);
            }
            if let Some(spans) = &mut self.spans {
                spans.set_root(block);
            }
            return Ok(());
        };
        parent.height = parent.height.max(height + 1);
        match node {
            Node::Key(k) => parent.keys.push((k, at)),
            Node::Value(v) => {
                if self.spans.is_some() {
                    // A member is found where its key is written; an element where it starts.
                    let (key, at) = if parent.is_map {
                        let (k, at) = &parent.keys[parent.items.len()];
                        (key_hash(k), *at)
                    } else {
                        (0, at)
                    };
                    parent.children.push(SpanEntry {
                        key,
                        line: at.line() as u32,
                        column: (at.col() + 1) as u32,
                        block,
                    });
                }
                parent.items.push(v);
            }
        }
        Ok(())
    }
}

/// Whether a tag is a local one (`!thing`, or the bare `!`).
fn is_local(tag: &Tag) -> bool {
    tag.handle.starts_with('!') || (tag.handle.is_empty() && tag.suffix.starts_with('!'))
}

/// What a scalar is read as.
#[derive(Clone, Copy, PartialEq)]
enum Expecting {
    Any,
    Key,
}

impl Expecting {
    fn what(self) -> &'static str {
        match self {
            Expecting::Any => "any value",
            Expecting::Key => "a scalar mapping key",
        }
    }
}

/// A scalar as the schema reads it.
enum Scalar<'a> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    U128(u128),
    I128(i128),
    F64(f64),
    Str(Cow<'a, str>),
}

/// Reads a scalar; `Err` is the message for a tag the text does not fit.
fn resolve<'a>(
    v: Cow<'a, str>,
    style: ScalarStyle,
    tag: Option<&Tag>,
    expecting: Expecting,
) -> Result<Scalar<'a>, String> {
    let Some(tag) = tag else {
        return Ok(match style {
            ScalarStyle::Plain => plain(v),
            _ => Scalar::Str(v),
        });
    };
    if is_local(tag) {
        return Err(format!("invalid type: enum, expected {}", expecting.what()));
    }
    let kind = match tag.handle.as_str() {
        CORE => tag.suffix.as_str(),
        // A verbatim tag (`!<tag:yaml.org,2002:int>`) arrives whole in the suffix.
        "" => tag.suffix.strip_prefix(CORE).unwrap_or(""),
        _ => "",
    };
    let refused = |what: &str| format!("invalid value: string {:?}, expected {what}", v.as_ref());
    match kind {
        "bool" => parse_bool(&v).map(Scalar::Bool).ok_or_else(|| refused("a boolean")),
        "int" => parse_int(&v).ok_or_else(|| refused("an integer")),
        "float" => parse_f64(&v).map(Scalar::F64).ok_or_else(|| refused("a float")),
        "null" => match is_null(&v) {
            true => Ok(Scalar::Null),
            false => Err(refused("null")),
        },
        _ => Ok(Scalar::Str(v)),
    }
}

/// An untagged plain scalar.
fn plain(v: Cow<'_, str>) -> Scalar<'_> {
    if v.is_empty() || is_null(&v) {
        return Scalar::Null;
    }
    if let Some(b) = parse_bool(&v) {
        return Scalar::Bool(b);
    }
    // Only text that starts like a number can be one.
    if !v.as_bytes()[0].is_ascii_digit() && !matches!(v.as_bytes()[0], b'-' | b'+' | b'.') {
        return Scalar::Str(v);
    }
    if let Some(n) = parse_int(&v) {
        return n;
    }
    if !leading_zero_digits(&v) {
        if let Some(f) = parse_f64(&v) {
            return Scalar::F64(f);
        }
    }
    Scalar::Str(v)
}

fn value_of(s: Result<Scalar<'_>, String>) -> Result<Value, String> {
    Ok(match s? {
        Scalar::Null => Value::Null,
        Scalar::Bool(b) => Value::Bool(b),
        Scalar::U64(n) => Value::Number(n.into()),
        Scalar::I64(n) => Value::Number(n.into()),
        // Wider than JSON numbers usually go (e.g. a u64 maximum written out): keep the
        // magnitude as a float rather than refuse the document.
        Scalar::U128(n) => float(n as f64),
        Scalar::I128(n) => float(n as f64),
        Scalar::F64(f) => float(f),
        Scalar::Str(s) => Value::String(exact(s)),
    })
}

/// YAML allows .nan and .inf, which JSON numbers cannot hold: keep them as text.
fn float(f: f64) -> Value {
    Number::from_f64(f).map_or_else(|| Value::String(f.to_string()), Value::Number)
}

/// Mapping keys as strings. YAML allows `200:` (an integer) or `true:` as keys; OpenAPI means
/// the text, so scalars are turned back into their text.
fn key_of(s: Scalar<'_>) -> Result<String, String> {
    Ok(match s {
        Scalar::Null => "null".to_owned(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::U64(n) => n.to_string(),
        Scalar::I64(n) => n.to_string(),
        Scalar::U128(n) => {
            return Err(format!(
                "invalid type: integer `{n}` as u128, expected a scalar mapping key"
            ))
        }
        Scalar::I128(n) => {
            return Err(format!(
                "invalid type: integer `{n}` as i128, expected a scalar mapping key"
            ))
        }
        Scalar::F64(f) => f.to_string(),
        Scalar::Str(s) => exact(s),
    })
}

/// The parser grows a scalar's text as it reads it, which can leave up to half of the buffer
/// unused; the document holds every text for the whole grade, so each is kept at its size.
fn exact(s: Cow<'_, str>) -> String {
    match s {
        Cow::Owned(s) if s.capacity() > s.len() + s.len() / 8 => s.as_str().to_owned(),
        s => s.into_owned(),
    }
}

fn is_null(v: &str) -> bool {
    matches!(v, "null" | "Null" | "NULL" | "~")
}

fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// Leading zeros followed by digits (`007`) are text in YAML 1.2, not a number.
fn leading_zero_digits(v: &str) -> bool {
    let v = v.strip_prefix(['-', '+']).unwrap_or(v);
    v.len() > 1 && v.starts_with('0') && v[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Integers: decimal, `0x`, `0o`, `0b`, with a sign; 64 bits first, then 128.
fn parse_int(v: &str) -> Option<Scalar<'static>> {
    if let Some(n) = parse_unsigned(v, u64::from_str_radix) {
        return Some(Scalar::U64(n));
    }
    if let Some(n) = parse_negative(v, i64::from_str_radix) {
        return Some(Scalar::I64(n));
    }
    if let Some(n) = parse_unsigned(v, u128::from_str_radix) {
        return Some(Scalar::U128(n));
    }
    if let Some(n) = parse_negative(v, i128::from_str_radix) {
        return Some(Scalar::I128(n));
    }
    None
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

const PREFIXES: [(&str, u32); 3] = [("0x", 16), ("0o", 8), ("0b", 2)];

fn parse_unsigned<T>(v: &str, from: Radix<T>) -> Option<T> {
    let unsigned = v.strip_prefix('+').unwrap_or(v);
    for (prefix, radix) in PREFIXES {
        if let Some(rest) = unsigned.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = from(rest, radix) {
                return Some(n);
            }
        }
    }
    if unsigned.starts_with(['+', '-']) || leading_zero_digits(v) {
        return None;
    }
    from(unsigned, 10).ok()
}

fn parse_negative<T>(v: &str, from: Radix<T>) -> Option<T> {
    for (prefix, radix) in PREFIXES {
        if let Some(rest) = v.strip_prefix('-').and_then(|r| r.strip_prefix(prefix)) {
            if let Ok(n) = from(&format!("-{rest}"), radix) {
                return Some(n);
            }
        }
    }
    if leading_zero_digits(v) {
        return None;
    }
    from(v, 10).ok()
}

fn parse_f64(v: &str) -> Option<f64> {
    let unsigned = match v.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => v,
    };
    match unsigned {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        _ => {}
    }
    match v {
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::locate::locate;

    const BUDGET: Budget = Budget {
        nodes: 100_000,
        max_depth: 100,
    };

    fn err(text: &str) -> LoadError {
        parse(text, BUDGET).expect_err("should be refused")
    }

    #[test]
    fn spans_locate_what_the_text_pass_locates() {
        let text = "openapi: 3.1.0\npaths:\n  /links/{code}:\n    get:\n      parameters:\n        - name: a\n        - {name: b, in: query}\n      responses:\n        '200': {description: ok}\n        \"404\":\n          description: |\n            gone\n  /x: &p {get: {}}\n  /y: *p\nlist:\n  - - a\n    - b\n  - [c, d]\n";
        let pointers = [
            "",
            "/paths",
            "/paths/~1links~1{code}/get",
            "/paths/~1links~1{code}/get/parameters/1",
            "/paths/~1links~1{code}/get/parameters/1/in",
            "/paths/~1links~1{code}/get/responses/200/description",
            "/paths/~1links~1{code}/get/responses/404/description",
            "/paths/~1links~1{code}/get/responses/500",
            "/paths/~1x/get",
            "/paths/~1y/get",
            "/list/0/1",
            "/list/1/0",
            "/list/01",
            "/list/2",
            "/nope/x",
        ];
        let (_, spans) = parse_with_spans(text, BUDGET).unwrap();
        assert_eq!(spans.locate(&pointers).unwrap(), locate(text, Format::Yaml, &pointers));
    }

    #[test]
    fn a_duplicate_key_is_named_where_it_is_repeated() {
        let e = err("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n  c: 4\n");
        assert_eq!(e.kind, LoadErrorKind::DuplicateKey { key: "c".into() });
        assert_eq!((e.line, e.column), (Some(6), Some(3)));
    }

    #[test]
    fn aliases_count_what_they_expand_to() {
        let small = Budget {
            nodes: 40,
            max_depth: 100,
        };
        // 13 for the root, `a` and its list, then 12 for each key and alias: the third is over 40.
        let doc = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: *a\nc: *a\nd: *a\n";
        let e = parse(doc, small).unwrap_err();
        assert_eq!(e.kind, LoadErrorKind::TooManyNodes);
        assert_eq!(e.line, Some(4));
        assert!(parse("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: *a\nc: *a\n", small).is_ok());
    }

    #[test]
    fn aliases_count_the_depth_they_expand_to() {
        let shallow = Budget {
            nodes: 1000,
            max_depth: 3,
        };
        assert!(parse("a: &a [[1]]\n", shallow).is_ok());
        let e = parse("a: &a [[1]]\nb: [*a]\n", shallow).unwrap_err();
        assert_eq!(e.kind, LoadErrorKind::TooDeep { limit: 3 });
        assert_eq!((e.line, e.column), (Some(2), Some(5)));
        // An alias inside the node it names would never end.
        assert_eq!(err("a: &a [1, *a]\n").kind, LoadErrorKind::TooDeep { limit: 100 });
    }

    #[test]
    fn flow_nesting_past_the_scanner_guard_is_too_deep() {
        let deep = format!("a: {}{}\n", "{b: ".repeat(300), "}".repeat(300));
        assert_eq!(err(&deep).kind, LoadErrorKind::TooDeep { limit: 100 });
    }
}
