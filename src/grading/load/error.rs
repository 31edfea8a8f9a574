//! Why a document could not be graded: [`LoadError`], one line saying what, where and what to do.
use std::fmt;

use crate::grading::locate::Format;

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
    TooLarge {
        size: usize,
        limit: usize,
    },
    InvalidUtf8 {
        offset: usize,
    },
    Syntax {
        format: Format,
        message: String,
    },
    TooDeep {
        limit: usize,
    },
    TooManyNodes,
    DuplicateKey {
        key: String,
    },
    NotAnObject {
        found: &'static str,
    },
    NotOpenApi,
    /// Graded as either kind, and neither: no `openapi`, `swagger` or `asyncapi` field.
    NeitherKind,
    /// Given as an event document (`--events`) without a top-level `asyncapi` field.
    NotAsyncApi,
    Swagger2 {
        version: String,
    },
    UnsupportedVersion {
        version: String,
    },
    /// An AsyncAPI 2.x document: only 3.0 event documents are graded.
    AsyncApi2 {
        version: String,
    },
    /// An `asyncapi` field with a version that is neither 2.x nor 3.x.
    UnsupportedAsyncApi {
        version: String,
    },
    /// The 3.0 document does not have the structure the specification requires.
    Invalid {
        message: String,
    },
    /// Reading the input failed (CLI only).
    Io {
        message: String,
    },
}

impl LoadError {
    pub fn new(kind: LoadErrorKind) -> Self {
        LoadError {
            kind,
            line: None,
            column: None,
        }
    }

    pub(crate) fn at(mut self, line: Option<usize>, column: Option<usize>) -> Self {
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
            LoadErrorKind::NeitherKind => write!(
                f,
                "neither an OpenAPI nor an AsyncAPI document: no `openapi` or `asyncapi` field at the top level; \
                 add `openapi: 3.1.0` (or 3.0.3) for an API, `asyncapi: 3.0.0` for an event design"
            ),
            LoadErrorKind::NotAsyncApi => write!(
                f,
                "not an AsyncAPI document: no `asyncapi` field at the top level; add `asyncapi: 3.0.0`"
            ),
            LoadErrorKind::Swagger2 { version } => write!(
                f,
                "Swagger {version} is not graded: convert the document to OpenAPI 3 (e.g. with swagger2openapi) and resubmit"
            ),
            LoadErrorKind::UnsupportedVersion { version } => write!(
                f,
                "OpenAPI version {version:?} is not supported: use 3.0.x or 3.1.x"
            ),
            LoadErrorKind::AsyncApi2 { version } => write!(
                f,
                "AsyncAPI {version} is not graded: convert the document to AsyncAPI 3.0 (e.g. with `asyncapi convert`) and resubmit"
            ),
            LoadErrorKind::UnsupportedAsyncApi { version } => write!(
                f,
                "AsyncAPI version {version:?} is not supported: use 3.0.x"
            ),
            LoadErrorKind::Invalid { message } => write!(
                f,
                "not a valid OpenAPI 3.0 document{place}: {}: fix the structure and resubmit",
                one_line(message)
            ),
            LoadErrorKind::Io { message } => write!(f, "cannot read the input: {}", one_line(message)),
        }
    }
}

impl std::error::Error for LoadError {}
