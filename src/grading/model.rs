//! The normalised view of an OpenAPI document that every rule reads.
//!
//! Built once per document by [`super::resolve::build`] from the tree [`super::load`] parsed.
//! `$ref`s are already followed: a rule never resolves references itself. Every node
//! carries the RFC 6901 pointer of the place a finding should name; where a node was reached
//! through a `$ref`, `def_pointer` names the definition as well.
//!
//! OpenAPI 3.0 and 3.1 both end up here: 3.0's `nullable: true` becomes a `"null"` entry in
//! [`Schema::types`], 3.1's type arrays are kept as they are.
use std::borrow::Cow;

use serde_json::Value;

/// An RFC 6901 JSON pointer into the submitted document, e.g. `/paths/~1v1~1links/get`.
pub type Pointer = String;

/// Index of a schema in [`Model::schemas`]. Schemas live in one arena so `$ref` cycles are plain
/// back-edges between ids and every traversal can keep a `visited` set of ids.
pub type SchemaId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// The order operations appear in within a path item, as in the OpenAPI specification.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The key under a path item: `get`, `put`, ...
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// `GET`, `PUT`, ...
    pub fn upper(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// Borrows the parsed document (`'d`): strings, examples and raw schema objects are views into it
/// rather than copies, which on large specs is most of the model's memory and build time.
#[derive(Debug, Default)]
pub struct Model<'d> {
    /// `openapi` (or `swagger`) field as written, e.g. `3.0.3`, `3.1.0`.
    pub openapi_version: String,
    pub info: Info,
    /// Root-level `servers`, in order.
    pub servers: Vec<Server>,
    /// `paths` entries in document order.
    pub paths: Vec<PathItem>,
    /// All operations, in document order: by path, then in [`Method::ALL`] order.
    pub operations: Vec<Operation<'d>>,
    /// `components.securitySchemes`, in document order.
    pub security_schemes: Vec<SecurityScheme>,
    /// Root-level `security`; `None` when absent (not the same as an empty list).
    pub security: Option<Vec<SecurityRequirement>>,
    /// Arena of every schema reachable from the document (components and inline), see [`SchemaId`].
    pub schemas: Vec<Schema<'d>>,
    /// `components.schemas` entries in document order: (name, id).
    pub component_schemas: Vec<(String, SchemaId)>,
    /// Every `$ref` that points outside the document (a URL or a file path). Never fetched.
    pub external_refs: Vec<ExternalRef>,
    /// Every `$ref` inside the document that points at nothing.
    pub broken_refs: Vec<ExternalRef>,
    /// Root-level `tags` names, in order.
    pub tags: Vec<String>,
    /// The whole document, for the rare rule that needs something the model does not carry.
    pub root: &'d Value,
}

#[derive(Debug, Default, Clone)]
pub struct Info {
    pub title: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
    /// `info.contact` present with a name, url or email.
    pub has_contact: bool,
    /// Pointer of `info` (or `""` when it is missing).
    pub pointer: Pointer,
}

#[derive(Debug, Clone)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
    pub pointer: Pointer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// `links`
    Literal(String),
    /// `{code}`
    Param(String),
    /// anything mixing text and parameters, e.g. `{name}.json` or `links:search`
    Mixed(String),
}

#[derive(Debug, Clone)]
pub struct PathItem {
    /// The template as written, e.g. `/v1/links/{code}`.
    pub template: String,
    /// `/paths/~1v1~1links~1{code}`
    pub pointer: Pointer,
    /// The template split on `/`, empty segments dropped.
    pub segments: Vec<Segment>,
    /// Indexes into [`Model::operations`].
    pub operations: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Operation<'d> {
    pub method: Method,
    /// The path template, e.g. `/v1/links/{code}`.
    pub path: String,
    /// Index into [`Model::paths`].
    pub path_index: usize,
    /// `/paths/~1v1~1links~1{code}/get`
    pub pointer: Pointer,
    pub operation_id: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub deprecated: bool,
    /// Path-level and operation-level parameters merged (operation-level wins on name + location),
    /// path-level first, references followed.
    pub parameters: Vec<Parameter<'d>>,
    pub request_body: Option<RequestBody<'d>>,
    /// `responses` entries in document order (`default` included, with code `"default"`).
    pub responses: Vec<Response<'d>>,
    /// Operation-level `security`; `None` when absent (the root-level requirement then applies).
    pub security: Option<Vec<SecurityRequirement>>,
    /// `x-` extensions of the operation, in order.
    pub extensions: Vec<(&'d str, &'d Value)>,
}

impl<'d> Operation<'d> {
    /// `GET /v1/links/{code}`: the `operation` field of a finding.
    pub fn label(&self) -> String {
        format!("{} {}", self.method.upper(), self.path)
    }

    /// The response with exactly this code (`"201"`, `"default"`, `"4XX"`).
    pub fn response(&self, code: &str) -> Option<&Response<'d>> {
        self.responses.iter().find(|r| r.code == code)
    }

    /// Parameters in one location.
    pub fn params_in(&self, location: ParamLocation) -> impl Iterator<Item = &Parameter<'d>> {
        self.parameters.iter().filter(move |p| p.location == location)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    Query,
    Header,
    Path,
    Cookie,
}

#[derive(Debug, Clone)]
pub struct Parameter<'d> {
    pub name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub deprecated: bool,
    pub description: Option<String>,
    pub schema: Option<SchemaId>,
    /// `example` or `examples` given on the parameter itself.
    pub example: Option<&'d Value>,
    /// Where it is used: `/paths/~1links/get/parameters/0` (or the path-level list).
    pub pointer: Pointer,
    /// Where it is defined when reached through `$ref`: `/components/parameters/Limit`.
    pub def_pointer: Option<Pointer>,
}

#[derive(Debug, Clone)]
pub struct RequestBody<'d> {
    pub required: bool,
    pub description: Option<String>,
    pub content: Vec<MediaType<'d>>,
    pub pointer: Pointer,
    pub def_pointer: Option<Pointer>,
}

#[derive(Debug, Clone)]
pub struct Response<'d> {
    /// As written: `"200"`, `"4XX"`, `"default"`.
    pub code: String,
    pub description: Option<String>,
    /// Header names as written, with their definitions.
    pub headers: Vec<Header>,
    pub content: Vec<MediaType<'d>>,
    /// `/paths/~1links/post/responses/201`
    pub pointer: Pointer,
    pub def_pointer: Option<Pointer>,
}

impl Response<'_> {
    /// The numeric status, when the code is a plain three-digit number.
    pub fn status(&self) -> Option<u16> {
        self.code.parse().ok()
    }

    /// `2XX`-style range or exact code: the first digit (`'2'`), or `None` for `default`.
    pub fn class(&self) -> Option<char> {
        let c = self.code.chars().next()?;
        c.is_ascii_digit().then_some(c)
    }

    pub fn header(&self, name: &str) -> Option<&Header> {
        self.headers.iter().find(|h| h.name.eq_ignore_ascii_case(name))
    }
}

#[derive(Debug, Clone)]
pub struct Header {
    pub name: String,
    pub description: Option<String>,
    pub schema: Option<SchemaId>,
    pub pointer: Pointer,
}

#[derive(Debug, Clone)]
pub struct MediaType<'d> {
    /// `application/json`, `application/problem+json`, ...
    pub media_type: String,
    pub schema: Option<SchemaId>,
    /// `example`, and each of `examples` (its `value`), with the pointer of that value.
    pub examples: Vec<(Pointer, &'d Value)>,
    pub pointer: Pointer,
}

#[derive(Debug, Clone)]
pub struct SecurityScheme {
    pub name: String,
    /// `http`, `apiKey`, `oauth2`, `openIdConnect`, `mutualTLS`.
    pub kind: String,
    /// For `http`: `bearer`, `basic`, ...
    pub scheme: Option<String>,
    /// For `apiKey`: `query`, `header`, `cookie`.
    pub location: Option<String>,
    pub description: Option<String>,
    pub pointer: Pointer,
}

/// One alternative of a `security` list: scheme name -> scopes. An empty map means "no auth".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SecurityRequirement {
    pub schemes: Vec<(String, Vec<String>)>,
    pub pointer: Pointer,
}

#[derive(Debug, Clone)]
pub struct Schema<'d> {
    /// Where the schema object is (for a `$ref`'d schema: its definition).
    pub pointer: Pointer,
    /// `Link` when this is `#/components/schemas/Link`.
    pub name: Option<String>,
    /// Normalised types: `["string"]`, `["string", "null"]`; empty when `type` is absent.
    pub types: Vec<&'d str>,
    pub format: Option<Cow<'d, str>>,
    pub description: Option<Cow<'d, str>>,
    pub title: Option<Cow<'d, str>>,
    /// In document order.
    pub properties: Vec<(&'d str, SchemaId)>,
    pub required: Vec<&'d str>,
    pub items: Option<SchemaId>,
    pub all_of: Vec<SchemaId>,
    pub one_of: Vec<SchemaId>,
    pub any_of: Vec<SchemaId>,
    /// `Some(id)` for a schema, `None` when absent or a boolean.
    pub additional_properties: Option<SchemaId>,
    pub enum_values: &'d [Value],
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub max_items: Option<u64>,
    pub pattern: Option<Cow<'d, str>>,
    pub default: Option<&'d Value>,
    /// `example`, or the values of 3.1 `examples`, with pointers.
    pub examples: Vec<(Pointer, &'d Value)>,
    pub deprecated: bool,
    pub read_only: bool,
    pub write_only: bool,
    /// The schema object as written (after following `$ref`; `null` when the reference cannot be
    /// followed), e.g. to validate examples with `jsonschema`. Nested `$ref`s inside it are not
    /// followed (resolve them against [`Model::root`]).
    pub raw: &'d Value,
}

static NULL: Value = Value::Null;

impl Default for Schema<'_> {
    fn default() -> Self {
        Schema {
            pointer: Pointer::new(),
            name: None,
            types: Vec::new(),
            format: None,
            description: None,
            title: None,
            properties: Vec::new(),
            required: Vec::new(),
            items: None,
            all_of: Vec::new(),
            one_of: Vec::new(),
            any_of: Vec::new(),
            additional_properties: None,
            enum_values: &[],
            min_length: None,
            max_length: None,
            minimum: None,
            maximum: None,
            max_items: None,
            pattern: None,
            default: None,
            examples: Vec::new(),
            deprecated: false,
            read_only: false,
            write_only: false,
            raw: &NULL,
        }
    }
}

impl Schema<'_> {
    pub fn has_type(&self, t: &str) -> bool {
        self.types.contains(&t)
    }
}

#[derive(Debug, Clone)]
pub struct ExternalRef {
    /// The `$ref` value as written.
    pub target: String,
    /// Pointer of the object holding the `$ref`.
    pub pointer: Pointer,
}

impl<'d> Model<'d> {
    pub fn schema(&self, id: SchemaId) -> &Schema<'d> {
        &self.schemas[id]
    }

    /// The security requirement that applies to an operation: its own, else the root one.
    /// `None` means no requirement at all was declared anywhere.
    pub fn effective_security<'m>(&'m self, op: &'m Operation<'d>) -> Option<&'m [SecurityRequirement]> {
        op.security.as_deref().or(self.security.as_deref())
    }

    /// Whether calling the operation needs credentials: some requirement applies and none of its
    /// alternatives is the empty "no auth" one.
    pub fn requires_auth(&self, op: &Operation<'d>) -> bool {
        match self.effective_security(op) {
            Some(reqs) => !reqs.is_empty() && reqs.iter().all(|r| !r.schemes.is_empty()),
            None => false,
        }
    }

    /// Properties of a schema including those merged in through `allOf`, in order, without
    /// repeating a name; terminates on cycles.
    pub fn all_properties(&self, id: SchemaId) -> Vec<(&'d str, SchemaId)> {
        let mut out: Vec<(&'d str, SchemaId)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut stack = vec![id];
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let s = &self.schemas[id];
            for (name, pid) in &s.properties {
                if !out.iter().any(|(n, _)| n == name) {
                    out.push((name, *pid));
                }
            }
            stack.extend(s.all_of.iter().rev());
        }
        out
    }
}

/// Escape one reference token for a JSON pointer (RFC 6901: `~` -> `~0`, `/` -> `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescape one reference token of a JSON pointer (RFC 6901: `~1` -> `/`, then `~0` -> `~`);
/// borrowed when there is nothing to unescape.
pub fn unescape_token(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(token)
    }
}

/// `parent` + `/` + escaped `token`.
pub fn child(parent: &str, token: &str) -> Pointer {
    let mut p = String::with_capacity(parent.len() + token.len() + 1);
    p.push_str(parent);
    p.push('/');
    // One allocation per pointer: model building makes hundreds of thousands of them.
    if token.contains(['~', '/']) {
        for c in token.chars() {
            match c {
                '~' => p.push_str("~0"),
                '/' => p.push_str("~1"),
                c => p.push(c),
            }
        }
    } else {
        p.push_str(token);
    }
    p
}
