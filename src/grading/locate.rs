//! JSON pointer -> line and column in the submitted text, computed only for the pointers a report
//! names.
//!
//! YAML documents are located from the [`Spans`] their loader recorded while building them (the
//! YAML parser already reports where each node starts, so keeping that costs little next to a
//! second YAML pass). JSON is parsed by serde_json, which keeps no positions, and a
//! position-marking parse would cost several times the parse itself on large specs, so JSON is
//! located afterwards, in one pass over the text for all wanted pointers together: a trie of the
//! wanted pointers steers the pass, and subtrees no pointer enters are skipped. The same pass
//! over YAML text serves callers that have no spans.
//!
//! A member's position is the position of its key; an array element's is where the element
//! starts. A pointer that names nothing in the text (a rule may point at a place where something
//! is missing) gets the position of its longest existing prefix.
use std::hash::{BuildHasher, Hasher};

use hashbrown::HashTable;

use saphyr_parser::{Event, Parser};

use super::model::unescape_token;

/// What a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    /// The media type a document in this format is stored and served back with.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Yaml => "application/yaml",
            Format::Json => "application/json",
        }
    }
}

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub const START: Position = Position { line: 1, column: 1 };
}

/// One edge of the trie: `parent` --token--> `child`, the token being
/// `tokens[start..start + len]`.
#[derive(Clone, Copy)]
struct Edge {
    parent: u32,
    start: u32,
    len: u32,
    child: u32,
}

/// A node of the wanted-pointer trie: its parent, how many children it has, and where it was
/// found.
struct Node {
    parent: u32,
    children: u32,
    found: Option<Position>,
}

/// The wanted pointers as a trie. All edges live in one hash table keyed by (parent, token) and
/// all tokens in one string, so building it for tens of thousands of pointers allocates a
/// handful of times rather than once or twice per node.
struct Trie {
    nodes: Vec<Node>,
    edges: HashTable<Edge>,
    tokens: String,
    hasher: hashbrown::DefaultHashBuilder,
}

const ROOT: u32 = 0;

fn edge_hash(hasher: &hashbrown::DefaultHashBuilder, parent: u32, token: &str) -> u64 {
    let mut h = hasher.build_hasher();
    h.write_u32(parent);
    h.write(token.as_bytes());
    h.finish()
}

impl Trie {
    fn new(capacity: usize) -> Self {
        let mut nodes = Vec::with_capacity(capacity + 1);
        nodes.push(Node {
            parent: ROOT,
            children: 0,
            found: Some(Position::START),
        });
        Trie {
            nodes,
            edges: HashTable::with_capacity(capacity),
            tokens: String::new(),
            hasher: hashbrown::DefaultHashBuilder::default(),
        }
    }

    /// Adds the pointer's path and returns the node it ends at.
    fn insert(&mut self, pointer: &str) -> u32 {
        let mut cur = ROOT;
        for raw in pointer.split('/').skip(1) {
            let token = unescape_token(raw);
            let token = token.as_ref();
            let hash = edge_hash(&self.hasher, cur, token);
            let tokens = &self.tokens;
            let found = self
                .edges
                .find(hash, |e| e.parent == cur && token_of(tokens, e) == token)
                .map(|e| e.child);
            cur = match found {
                Some(next) => next,
                None => {
                    let next = self.nodes.len() as u32;
                    self.nodes.push(Node {
                        parent: cur,
                        children: 0,
                        found: None,
                    });
                    self.nodes[cur as usize].children += 1;
                    let edge = Edge {
                        parent: cur,
                        start: self.tokens.len() as u32,
                        len: token.len() as u32,
                        child: next,
                    };
                    self.tokens.push_str(token);
                    let (tokens, hasher) = (&self.tokens, &self.hasher);
                    self.edges
                        .insert_unique(hash, edge, |e| edge_hash(hasher, e.parent, token_of(tokens, e)));
                    next
                }
            };
        }
        cur
    }

    fn child(&self, node: u32, token: &str) -> Option<u32> {
        let hash = edge_hash(&self.hasher, node, token);
        self.edges
            .find(hash, |e| e.parent == node && token_of(&self.tokens, e) == token)
            .map(|e| e.child)
    }

    fn has_children(&self, node: u32) -> bool {
        self.nodes[node as usize].children > 0
    }

    fn record(&mut self, node: u32, at: Position, last: bool) {
        let n = &mut self.nodes[node as usize];
        if n.found.is_none() || last {
            n.found = Some(at);
        }
    }

    /// The position of the deepest found node on the way to `node`. A node is only ever found
    /// inside its found parent, so that is the nearest found node going up.
    fn lookup(&self, mut node: u32) -> Position {
        loop {
            let n = &self.nodes[node as usize];
            match n.found {
                Some(p) => return p,
                None if node == ROOT => return Position::START,
                None => node = n.parent,
            }
        }
    }
}

fn token_of<'t>(tokens: &'t str, e: &Edge) -> &'t str {
    &tokens[e.start as usize..(e.start + e.len) as usize]
}

/// The position of each pointer in `pointers` (duplicates allowed), in the same order.
///
/// Large JSON documents with many wanted pointers are scanned by two threads, each for half of
/// the pointers: a thread skips the subtrees only the other half enters, which costs little
/// next to the work it saves. Pointers are split by the place they belong to (a component, a
/// path), so each half enters about half of the document.
pub fn locate(text: &str, format: Format, pointers: &[&str]) -> Vec<Position> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if format != Format::Json || text.len() < PARALLEL_BYTES || pointers.len() < PARALLEL_POINTERS || threads < 2 {
        return locate_with(text, format, pointers, false);
    }
    let hasher = hashbrown::DefaultHashBuilder::default();
    let mut halves: [(Vec<usize>, Vec<&str>); 2] = Default::default();
    for (i, p) in pointers.iter().enumerate() {
        // `/components/schemas/Name` or `/paths/~1things`: the first three tokens at most.
        let place = p.match_indices('/').nth(3).map_or(*p, |(end, _)| &p[..end]);
        let half = &mut halves[(hasher.hash_one(place) & 1) as usize];
        half.0.push(i);
        half.1.push(p);
    }
    let [(first_at, first), (second_at, second)] = halves;
    let (a, b) = std::thread::scope(|s| {
        let other = s.spawn(|| locate_with(text, format, &second, false));
        let mine = locate_with(text, format, &first, false);
        (mine, other.join())
    });
    let Ok(b) = b else {
        return locate_with(text, format, pointers, false);
    };
    let mut out = vec![Position::START; pointers.len()];
    for (i, p) in first_at.into_iter().zip(a).chain(second_at.into_iter().zip(b)) {
        out[i] = p;
    }
    out
}

/// Below these, one thread locates everything sooner than two could start.
const PARALLEL_BYTES: usize = 1 << 20;
const PARALLEL_POINTERS: usize = 2_000;

/// The position of the last occurrence of `pointer`, for naming a duplicate key.
pub fn locate_last(text: &str, format: Format, pointer: &str) -> Position {
    locate_with(text, format, &[pointer], true)[0]
}

fn locate_with(text: &str, format: Format, pointers: &[&str], last: bool) -> Vec<Position> {
    let mut trie = Trie::new(pointers.len().min(1 << 20));
    let ends: Vec<u32> = pointers.iter().map(|p| trie.insert(p)).collect();
    match format {
        Format::Json => {
            let mut scan = JsonScan {
                text: text.as_bytes(),
                pos: 0,
                lines: LineIndex::new(text),
                last,
            };
            scan.skip_ws();
            scan.value(&mut trie, Some(ROOT), 0);
        }
        Format::Yaml => yaml_pass(text, &mut trie, last),
    }
    ends.into_iter().map(|node| trie.lookup(node)).collect()
}

/// Byte offset -> line and column, built once per pass.
struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    fn position(&self, offset: usize) -> Position {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Position { line, column }
    }
}

/// Where each node of a YAML document starts, recorded by the loader in the same pass that
/// built the document, so findings are located without reading the YAML a second time.
///
/// Every collection's children are one block of `entries`: a sequence's in order, a mapping's
/// sorted by the hash of their key for a binary search. A member's position is its key's; an
/// element's is where it starts; an alias is a leaf (the text holds nothing inside it).
#[derive(Debug, Default)]
pub struct Spans {
    entries: Vec<SpanEntry>,
    root: Block,
    /// Two keys of one mapping share a hash: the lookup cannot tell them apart, so the text
    /// pass is used instead.
    ambiguous: bool,
}

/// A collection's children: `entries[first..first + len]`.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Block {
    pub first: u32,
    pub len: u32,
    pub is_map: bool,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct SpanEntry {
    /// The member's key hash ([`key_hash`]); 0 for elements.
    pub key: u64,
    pub line: u32,
    pub column: u32,
    pub block: Block,
}

/// FNV-1a: fixed, so the same document always gives the same index.
pub(crate) fn key_hash(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in key.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl Spans {
    /// Closes a collection whose children are `children` (a mapping's are reordered): appends
    /// them as one block and returns it.
    pub(crate) fn close(&mut self, children: &mut [SpanEntry], is_map: bool) -> Block {
        if is_map {
            children.sort_unstable_by_key(|e| e.key);
            if children.windows(2).any(|w| w[0].key == w[1].key) {
                self.ambiguous = true;
            }
        }
        let block = Block {
            first: self.entries.len() as u32,
            len: children.len() as u32,
            is_map,
        };
        self.entries.extend_from_slice(children);
        block
    }

    pub(crate) fn set_root(&mut self, root: Block) {
        self.root = root;
    }

    /// The position of each pointer, as [`locate`] finds it in the text; `None` when the index
    /// cannot answer (see `ambiguous`).
    pub fn locate(&self, pointers: &[&str]) -> Option<Vec<Position>> {
        if self.ambiguous || self.entries.len() >= u32::MAX as usize {
            return None;
        }
        Some(pointers.iter().map(|p| self.one(p)).collect())
    }

    fn one(&self, pointer: &str) -> Position {
        let mut at = Position::START;
        let mut block = self.root;
        for raw in pointer.split('/').skip(1) {
            let token = unescape_token(raw);
            let children = &self.entries[block.first as usize..(block.first + block.len) as usize];
            let found = if block.is_map {
                let key = key_hash(&token);
                children.binary_search_by_key(&key, |e| e.key).ok().map(|i| children[i])
            } else {
                array_index(&token).and_then(|i| children.get(i).copied())
            };
            let Some(entry) = found else { break };
            at = Position {
                line: entry.line as usize,
                column: entry.column as usize,
            };
            block = entry.block;
        }
        at
    }
}

/// An array index as a pointer writes it: digits, no leading zero.
fn array_index(token: &str) -> Option<usize> {
    let canonical = token == "0" || (!token.starts_with('0') && token.bytes().all(|b| b.is_ascii_digit()));
    if canonical {
        token.parse().ok()
    } else {
        None
    }
}

/// A tolerant JSON walker over text the loader has already accepted.
struct JsonScan<'t> {
    text: &'t [u8],
    pos: usize,
    lines: LineIndex<'t>,
    last: bool,
}

/// Depth guard for text that did not come through the loader.
const MAX_SCAN_DEPTH: usize = 1000;

impl JsonScan<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    /// Skips a string starting at the opening quote; returns the range of its raw contents.
    fn string(&mut self) -> std::ops::Range<usize> {
        let start = self.pos + 1;
        match closing_quote(self.text, start) {
            Some(q) => {
                self.pos = q + 1;
                start..q
            }
            None => {
                self.pos = self.text.len();
                start..self.text.len()
            }
        }
    }

    /// Skips an object or array no wanted pointer enters: only strings and brackets matter.
    fn skip_container(&mut self) {
        let t = self.text;
        let mut depth = 0usize;
        let mut i = self.pos;
        while let Some(&c) = t.get(i) {
            match c {
                b'"' => {
                    i = closing_quote(t, i + 1).map_or(t.len(), |q| q + 1);
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos = i + 1;
                        return;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.pos = t.len();
    }

    fn record(&self, trie: &mut Trie, node: u32, offset: usize) {
        trie.record(node, self.lines.position(offset), self.last);
    }

    /// Walks (or skips, when `node` is `None` or has no children) the value at `pos`.
    fn value(&mut self, trie: &mut Trie, node: Option<u32>, depth: usize) {
        let node = node.filter(|&n| trie.has_children(n));
        match self.peek() {
            Some(b'"') => {
                self.string();
            }
            Some(b'{' | b'[') if node.is_none() => self.skip_container(),
            Some(b'{') if depth < MAX_SCAN_DEPTH => self.object(trie, node, depth),
            Some(b'[') if depth < MAX_SCAN_DEPTH => self.array(trie, node, depth),
            _ => {
                while let Some(c) = self.peek() {
                    if matches!(c, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t') {
                        break;
                    }
                    self.pos += 1;
                }
            }
        }
    }

    fn object(&mut self, trie: &mut Trie, node: Option<u32>, depth: usize) {
        self.pos += 1;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'"') => {}
                Some(b'}') | None => {
                    self.pos += 1;
                    return;
                }
                _ => {
                    // Not JSON after all; stop rather than guess.
                    self.pos = self.text.len();
                    return;
                }
            }
            let key_at = self.pos;
            let range = self.string();
            let raw = &self.text[range];
            let child = node.and_then(|n| {
                if raw.contains(&b'\\') {
                    let quoted = &self.text[key_at..self.pos];
                    let key = serde_json::from_slice::<String>(quoted).unwrap_or_default();
                    trie.child(n, &key)
                } else {
                    std::str::from_utf8(raw).ok().and_then(|k| trie.child(n, k))
                }
            });
            self.skip_ws();
            if self.peek() == Some(b':') {
                self.pos += 1;
            }
            self.skip_ws();
            if let Some(c) = child {
                self.record(trie, c, key_at);
            }
            self.value(trie, child, depth + 1);
            self.skip_ws();
            if self.peek() == Some(b',') {
                self.pos += 1;
            }
        }
    }

    fn array(&mut self, trie: &mut Trie, node: Option<u32>, depth: usize) {
        self.pos += 1;
        let mut index = 0usize;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b']') | None => {
                    self.pos += 1;
                    return;
                }
                _ => {}
            }
            let at = self.pos;
            let child = node.and_then(|n| trie.child(n, itoa::Buffer::new().format(index)));
            if let Some(c) = child {
                self.record(trie, c, at);
            }
            self.value(trie, child, depth + 1);
            let before = self.pos;
            self.skip_ws();
            if self.peek() == Some(b',') {
                self.pos += 1;
            } else if self.pos == before && self.peek() != Some(b']') {
                // No progress: malformed text; stop.
                self.pos = self.text.len();
                return;
            }
            index += 1;
        }
    }
}

/// The offset of the quote closing a string whose contents start at `i`.
fn closing_quote(t: &[u8], mut i: usize) -> Option<usize> {
    while let Some(k) = memchr::memchr2(b'"', b'\\', t.get(i..)?) {
        if t[i + k] == b'"' {
            return Some(i + k);
        }
        i += k + 2;
    }
    None
}

/// One frame per open YAML collection, holding the trie node it corresponds to (`None` when no
/// wanted pointer goes through it).
enum Frame {
    Map {
        node: Option<u32>,
        /// `Some` while the next event is a value: the key text (when a scalar) and where the
        /// key started.
        key: Option<(Option<String>, Position)>,
    },
    Seq {
        node: Option<u32>,
        index: usize,
    },
}

fn yaml_pass(text: &str, trie: &mut Trie, last: bool) {
    let mut stack: Vec<Frame> = Vec::new();
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { return };
        let is_start = matches!(
            event,
            Event::Scalar(..) | Event::Alias(_) | Event::MappingStart(..) | Event::SequenceStart(..)
        );
        if !is_start {
            if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
                stack.pop();
            }
            continue;
        }
        let here = Position {
            line: span.start.line(),
            column: span.start.col() + 1,
        };
        // The trie node of the node that starts here, if a wanted pointer reaches it.
        let mut child: Option<u32> = None;
        let mut is_key = false;
        match stack.last_mut() {
            None => child = Some(ROOT),
            Some(Frame::Map { node, key }) => match key.take() {
                None => {
                    is_key = true;
                    let text = match (&event, node) {
                        (Event::Scalar(v, ..), Some(_)) => Some(v.to_string()),
                        _ => None,
                    };
                    *key = Some((text, here));
                }
                Some((k, at)) => {
                    if let (Some(n), Some(k)) = (*node, k) {
                        child = trie.child(n, &k);
                        if let Some(c) = child {
                            trie.record(c, at, last);
                        }
                    }
                }
            },
            Some(Frame::Seq { node, index }) => {
                if let Some(n) = *node {
                    child = trie.child(n, itoa::Buffer::new().format(*index));
                    if let Some(c) = child {
                        trie.record(c, here, last);
                    }
                }
                *index += 1;
            }
        }
        let child = if is_key {
            None
        } else {
            child.filter(|&c| trie.has_children(c))
        };
        match event {
            Event::MappingStart(..) => stack.push(Frame::Map { node: child, key: None }),
            Event::SequenceStart(..) => stack.push(Frame::Seq { node: child, index: 0 }),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "openapi: 3.1.0\npaths:\n  /links/{code}:\n    get:\n      parameters:\n        - name: a\n        - {name: b, in: query}\n      responses:\n        '200': {description: ok}\n";

    #[test]
    fn yaml_keys_and_items() {
        let ps = [
            "",
            "/paths/~1links~1{code}/get",
            "/paths/~1links~1{code}/get/parameters/1",
            "/paths/~1links~1{code}/get/parameters/1/in",
            "/paths/~1links~1{code}/get/responses/200/description",
            "/paths/~1links~1{code}/get/responses/404",
        ];
        let m = locate(YAML, Format::Yaml, &ps);
        let at = |i: usize| (m[i].line, m[i].column);
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(1), (4, 5));
        assert_eq!(at(2), (7, 11));
        assert_eq!(at(3), (7, 21));
        assert_eq!(at(4), (9, 17));
        // Missing: falls back to `responses`.
        assert_eq!(at(5), (8, 7));
    }

    #[test]
    fn json_keys_items_and_escapes() {
        let text = "{\n  \"openapi\": \"3.1.0\",\n  \"x\": {\"a\\\"b\": [1, {\"c\": true}]},\n  \"paths\": {\n    \"/a/{id}\": {\"get\": {}}\n  }\n}\n";
        let ps = ["/paths/~1a~1{id}/get", "/x/a\"b/1/c", "/x/a\"b/7", "/nope"];
        let m = locate(text, Format::Json, &ps);
        assert_eq!(m[0], Position { line: 5, column: 17 });
        assert_eq!(m[1], Position { line: 3, column: 22 });
        assert_eq!(m[2], Position { line: 3, column: 9 });
        assert_eq!(m[3], Position::START);
    }

    #[test]
    fn skipped_subtrees_with_brackets_and_quotes_in_strings() {
        let text =
            "{\"a\": {\"s\": \"}]\\\"{[\", \"n\": [1, {\"x\": \"]\\\\\"}]},\n \"b\": {\"c\": [true, {\"d\": 1}]}}";
        // `/a/n` is skipped whole: the brackets and quotes inside its strings must not count.
        let ps = ["/b/c/1/d", "/b/c/0", "/a/s"];
        let m = locate(text, Format::Json, &ps);
        assert_eq!(m[0], Position { line: 2, column: 21 });
        assert_eq!(m[1], Position { line: 2, column: 14 });
        assert_eq!(m[2], Position { line: 1, column: 8 });
    }

    #[test]
    fn two_threads_find_what_one_finds() {
        // Over a megabyte and thousands of pointers, so the split path runs.
        let mut text = String::from("{\"components\": {\"schemas\": {");
        for i in 0..4000 {
            if i > 0 {
                text.push_str(",\n");
            }
            text.push_str(&format!(
                "\"S{i}\": {{\"description\": \"{}\", \"properties\": {{\"a\": {{}}, \"b/c\": [1, 2]}}}}",
                "x".repeat(300)
            ));
        }
        text.push_str("}}, \"paths\": {\"/a\": {\"get\": {}}}}");
        assert!(text.len() > PARALLEL_BYTES);
        let mut pointers: Vec<String> = (0..4000)
            .flat_map(|i| {
                [
                    format!("/components/schemas/S{i}/properties/a"),
                    format!("/components/schemas/S{i}/properties/b~1c/1"),
                    format!("/components/schemas/S{i}/missing"),
                ]
            })
            .collect();
        pointers.push("/paths/~1a/get".into());
        let ps: Vec<&str> = pointers.iter().map(String::as_str).collect();
        let split = locate(&text, Format::Json, &ps);
        assert_eq!(split, locate_with(&text, Format::Json, &ps, false));
        assert_eq!(split[3 * 17 + 1], Position { line: 18, column: 363 });
        assert_eq!(split[ps.len() - 1].line, 4000);
    }

    #[test]
    fn last_occurrence_names_a_duplicate() {
        let yaml = "info:\n  title: a\n  title: b\n";
        assert_eq!(
            locate_last(yaml, Format::Yaml, "/info/title"),
            Position { line: 3, column: 3 }
        );
        let json = "{\"info\": {\"title\": 1,\n \"title\": 2}}";
        assert_eq!(
            locate_last(json, Format::Json, "/info/title"),
            Position { line: 2, column: 2 }
        );
    }

    #[test]
    fn columns_count_characters() {
        let text = "{\"é\": {\"x\": 1}}";
        assert_eq!(
            locate(text, Format::Json, &["/é/x"])[0],
            Position { line: 1, column: 8 }
        );
    }
}
