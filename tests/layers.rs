//! The module structure `src/lib.rs` promises, checked on the source: the faces (`api`, `web`,
//! `cli`) are peers over one domain layer (`service`), each layer uses only the ones below it,
//! no handler module imports another, and no two files import each other, directly or round a
//! circle.
//!
//! An edge is any path a file names into another file's module: `use crate::db::users::User`,
//! `crate::db::now()`, `super::routes::Resource`, `pages::error_page`. Declaring a module
//! (`mod x;`) is not an edge; test modules (`#[cfg(test)]`) and comments are left out.
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, outermost first. A file may use its own top-level module, the shared leaves, and
/// any layer after its own; never one before it, nor a peer in the same layer.
const LAYERS: &[&[&str]] = &[
    &["main"],
    &["cli"],
    &["app"],
    &["api", "web"],
    &["service"],
    &["state"],
    &["auth"],
    &["db"],
    &["drill"],
    &["catalog"],
    &["grading"],
];

/// Small modules every layer may use: the error type, settings, hashing helpers, Markdown to safe
/// HTML, logging.
const LEAVES: &[&str] = &["error", "config", "hashing", "markdown", "metrics", "telemetry", "lib"];

/// The files of `api` and `web/pages` that are not handlers: plumbing the handlers share.
const API_PLUMBING: &[&str] = &[
    "body",
    "extract",
    "idempotency",
    "pagination",
    "query",
    "routes",
    "views",
];

type Module = Vec<String>;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` -> `[a, b]`; `src/a/mod.rs` -> `[a]`; `src/lib.rs` -> `[]`; `src/main.rs` -> `[main]`.
fn module_of(file: &Path) -> Module {
    let rel = file.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && !(parts.is_empty() && stem == "lib") {
        parts.push(stem.to_owned());
    }
    parts
}

/// The source with comments, string and character literals blanked, and `#[cfg(test)]` items
/// removed, so that only code is read.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == b'r' && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#')) && !ident_byte(b, i) {
            // r"..." or r#"..."#
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push('r');
                i += 1;
                continue;
            }
            j += 1;
            let closing: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
            while j < b.len() && !b[j..].starts_with(&closing) {
                j += 1;
            }
            i = j + closing.len();
            out.push_str("\"\"");
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == b'\'' {
            // A character literal ('x', '\n', '"'), or a lifetime ('a).
            if b.get(i + 1) == Some(&b'\\') {
                i += 2;
                while i < b.len() && b[i] != b'\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            } else if let Some(len) = text[i + 1..].chars().next().map(char::len_utf8) {
                if b.get(i + 1 + len) == Some(&b'\'') {
                    i += 2 + len;
                    out.push_str("' '");
                } else {
                    out.push('\'');
                    i += 1;
                }
            } else {
                i += 1;
            }
        } else {
            let ch = text[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    drop_test_items(&out)
}

fn ident_byte(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

/// Removes every item marked `#[cfg(test)]` (a test module or a test-only function).
fn drop_test_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        // The item ends at the `;` of `mod x;`/`use ...;` or the brace that closes its body.
        let (mut depth, mut end) = (0usize, after.len());
        for (k, ch) in after.char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = k + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = k + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every path the code names, each as its list of segments (use trees expanded):
/// `use crate::{a::b, c}` gives `crate::a::b` and `crate::c`.
fn paths(code: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_ident(chars[i]) && (i == 0 || !(is_ident(chars[i - 1]) || chars[i - 1] == ':')) {
            let (segments, end) = parse_path(&chars, i, &mut found);
            if segments.len() > 1 {
                found.push(segments);
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    found
}

/// Reads `a::b::{c, d::e}` from `start`; pushes grouped paths to `found` and returns the plain one.
fn parse_path(chars: &[char], start: usize, found: &mut Vec<Vec<String>>) -> (Vec<String>, usize) {
    let mut segments = Vec::new();
    let mut i = start;
    loop {
        let s = i;
        while i < chars.len() && is_ident(chars[i]) {
            i += 1;
        }
        if i == s {
            break;
        }
        segments.push(chars[s..i].iter().collect::<String>());
        let mut j = i;
        while j < chars.len() && chars[j].is_whitespace() {
            j += 1;
        }
        if chars.get(j) == Some(&':') && chars.get(j + 1) == Some(&':') {
            j += 2;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            if chars.get(j) == Some(&'{') {
                // A use group: each member continues this prefix.
                j += 1;
                loop {
                    while j < chars.len() && (chars[j].is_whitespace() || chars[j] == ',') {
                        j += 1;
                    }
                    if j >= chars.len() || chars[j] == '}' {
                        break;
                    }
                    let (inner, end) = parse_path(chars, j, found);
                    let mut full = segments.clone();
                    full.extend(inner);
                    found.push(full);
                    j = end.max(j + 1);
                }
                return (Vec::new(), j + 1);
            }
            i = j;
        } else {
            break;
        }
    }
    (segments, i)
}

struct Graph {
    files: BTreeMap<Module, PathBuf>,
    edges: BTreeMap<Module, BTreeSet<Module>>,
}

fn graph() -> Graph {
    let mut all = Vec::new();
    rust_files(&src(), &mut all);
    all.retain(|p| p.file_name().is_some_and(|n| n != "build.rs"));
    let files: BTreeMap<Module, PathBuf> = all.iter().map(|p| (module_of(p), p.clone())).collect();
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, path) in &files {
        let code = code_only(&std::fs::read_to_string(path).unwrap());
        let is_dir_module = path.ends_with("mod.rs") || path.ends_with("lib.rs");
        let own_dir: Module = if is_dir_module {
            module.clone()
        } else {
            module[..module.len().saturating_sub(1)].to_vec()
        };
        for p in paths(&code) {
            let absolute: Option<Module> = match p[0].as_str() {
                "crate" | "apidojo" => Some(p[1..].to_vec()),
                "super" => {
                    let mut base = own_dir.clone();
                    let mut k = 0;
                    while p.get(k).is_some_and(|s| s == "super") {
                        if k > 0 {
                            base.pop();
                        }
                        k += 1;
                    }
                    // In `a/b.rs`, `super` is `a`; in `a/mod.rs`, it is the parent of `a`.
                    if is_dir_module {
                        base.pop();
                    }
                    base.extend(p[k..].iter().cloned());
                    Some(base)
                }
                "self" => {
                    let mut base = module.clone();
                    base.extend(p[1..].iter().cloned());
                    Some(base)
                }
                // A child module named without `crate::` (`pages::routes` in web/mod.rs).
                first => {
                    let mut child = module.clone();
                    child.push(first.to_owned());
                    files.contains_key(&child).then(|| {
                        let mut full = module.clone();
                        full.extend(p.iter().cloned());
                        full
                    })
                }
            };
            let Some(target) = absolute else { continue };
            // The longest prefix that is a file of its own.
            let hit = (0..=target.len())
                .rev()
                .map(|n| target[..n].to_vec())
                .find(|m| files.contains_key(m));
            if let Some(hit) = hit.filter(|h| h != module && !h.is_empty()) {
                edges.entry(module.clone()).or_default().insert(hit);
            }
        }
    }
    Graph { files, edges }
}

fn name(m: &Module) -> String {
    if m.is_empty() {
        "lib".to_owned()
    } else {
        m.join("::")
    }
}

fn top(m: &Module) -> &str {
    m.first().map_or("lib", String::as_str)
}

fn layer(top: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&top))
}

#[test]
fn the_source_is_read() {
    let g = graph();
    // A scanner that finds nothing proves nothing: these edges exist and must be seen.
    let seen = |from: &str, to: &str| {
        let f: Module = from.split("::").map(str::to_owned).collect();
        let t: Module = to.split("::").map(str::to_owned).collect();
        g.edges.get(&f).is_some_and(|e| e.contains(&t))
    };
    assert!(g.files.len() > 100, "only {} files read", g.files.len());
    assert!(seen("app", "state"), "use crate::state::... in app.rs");
    assert!(
        seen("grading::rules", "grading::rules::naming"),
        "naming::RULES in rules/mod.rs"
    );
    assert!(seen("db", "db::schema") || seen("db::users", "db::schema"));
    let code = code_only(
        "use crate::{a::b, c}; // crate::x::y\nlet s = \"crate::z::w\"; #[cfg(test)] mod t { use crate::q::r; }",
    );
    let found: Vec<String> = paths(&code).iter().map(|p| p.join("::")).collect();
    assert_eq!(found, ["crate::a::b", "crate::c"]);
}

#[test]
fn no_import_circles() {
    let g = graph();
    // Tarjan's strongly connected components; any component of two or more files is a circle.
    struct State<'a> {
        g: &'a Graph,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on_stack: BTreeSet<&'a Module>,
        circles: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Module) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.g.edges.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(name(w));
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.circles.push(component);
            }
        }
    }
    let mut s = State {
        g: &g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        circles: Vec::new(),
    };
    for m in g.files.keys() {
        if !s.index.contains_key(m) {
            visit(&mut s, m);
        }
    }
    assert!(
        s.circles.is_empty(),
        "files that import each other, directly or round a circle:\n{}",
        s.circles
            .iter()
            .map(|c| format!("  {}", c.join(" <-> ")))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn each_layer_uses_only_the_ones_below_it() {
    let g = graph();
    let mut wrong = Vec::new();
    for (from, targets) in &g.edges {
        for to in targets {
            let (a, b) = (top(from), top(to));
            if a == b || LEAVES.contains(&b) {
                continue;
            }
            match (layer(a), layer(b)) {
                (Some(la), Some(lb)) if la < lb => {}
                (None, _) if LEAVES.contains(&a) && b != "api" && b != "web" => {}
                _ => wrong.push(format!("  {} -> {}", name(from), name(to))),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers (see LAYERS):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_handler_module_imports_another() {
    let g = graph();
    let handler = |m: &Module| {
        (m.len() == 2 && m[0] == "api" && !API_PLUMBING.contains(&m[1].as_str()))
            || (m.len() >= 2 && m[0] == "api" && m.len() > 2)
            || (m.len() == 3 && m[0] == "web" && m[1] == "pages")
    };
    let mut wrong = Vec::new();
    for (from, targets) in &g.edges {
        for to in targets.iter().filter(|t| handler(t)) {
            // Only the module that mounts the routes names its handler modules.
            let mounts = to.starts_with(from) && to.len() == from.len() + 1;
            if !mounts {
                wrong.push(format!("  {} -> {}", name(from), name(to)));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "handler modules imported by another module:\n{}",
        wrong.join("\n")
    );
}
