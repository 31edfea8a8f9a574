//! Document -> [`Model`]: walks the OpenAPI structure once, follows internal `$ref`s and
//! normalises 3.0 and 3.1 differences.
//!
//! `$ref` handling, the part hostile input aims at:
//! - only `#/...` references are followed, by JSON pointer lookup in the same document; anything
//!   else (a URL, a file path) is recorded in [`Model::external_refs`] and never fetched or read;
//! - a reference chain (`$ref` to a `$ref` ...) stops after [`MAX_HOPS`] or when it comes back to
//!   a place it has seen; such a chain, like a reference to nothing, lands in
//!   [`Model::broken_refs`];
//! - schemas are memoised by their definition (its place in the document) and filled from a work list, so a
//!   cycle (`Node.children.items -> Node`) is a plain back-edge between arena ids, and a long chain
//!   of schemas cannot overflow the stack.
use std::borrow::Cow;
use std::collections::HashSet;

use serde_json::{Map, Value};

use super::load::{Document, Family};
use super::model::{
    child, unescape_token, ExternalRef, Header, Info, MediaType, Method, Model, Operation, ParamLocation, Parameter,
    PathItem, Pointer, RequestBody, Response, Schema, SchemaId, SecurityRequirement, SecurityScheme, Segment, Server,
};

/// Longest `$ref` chain followed before giving up.
pub const MAX_HOPS: usize = 32;

/// Build the normalised model of a loaded document. The model borrows the document.
pub fn build(doc: &Document) -> Model<'_> {
    let root = &doc.root;
    // Every schema in the arena is a distinct object of the document, so the object count bounds
    // the arena. Reserving it up front avoids the copies a growing Vec makes, which on large specs
    // briefly held two arenas at once; pages never written are never made resident.
    let schemas = Vec::with_capacity(count_objects(root));
    let mut b = Builder {
        root,
        nullable_30: doc.family == Family::V30,
        schemas,
        schema_memo: hashbrown::HashMap::default(),
        queue: Vec::new(),
        external_refs: Vec::new(),
        broken_refs: Vec::new(),
        seen_bad: HashSet::new(),
    };
    let mut model = Model {
        openapi_version: doc.version.clone(),
        root,
        ..Model::default()
    };
    b.build(&mut model);
    model.schemas = b.schemas;
    model.external_refs = b.external_refs;
    model.broken_refs = b.broken_refs;
    model
}

/// `$ref` following and schema building under this module's rules (never a URL, cycles and long
/// chains stop, schemas memoised by definition), for a document that is not OpenAPI: an AsyncAPI
/// event document's model is built with it, so both kinds share one reading of references.
pub struct Refs<'a>(Builder<'a>);

/// What [`Refs`] built: the schema arena and the references it could not follow.
pub struct RefsBuilt<'a> {
    pub schemas: Vec<Schema<'a>>,
    pub external_refs: Vec<ExternalRef>,
    pub broken_refs: Vec<ExternalRef>,
}

impl<'a> Refs<'a> {
    pub fn new(root: &'a Value) -> Self {
        Refs(Builder {
            root,
            nullable_30: false,
            schemas: Vec::new(),
            schema_memo: hashbrown::HashMap::default(),
            queue: Vec::new(),
            external_refs: Vec::new(),
            broken_refs: Vec::new(),
            seen_bad: HashSet::new(),
        })
    }

    /// The object `v` (found at `pointer`) stands for after its `$ref`s, and where its own fields
    /// are (its definition when referenced); `None` when the chain cannot be followed.
    pub fn deref(&mut self, v: &'a Value, pointer: &str) -> Option<(&'a Value, Pointer)> {
        let r = self.0.deref(v, pointer)?;
        let at = r.at(pointer).to_string();
        Some((r.value, at))
    }

    /// The arena id of the schema at `v` (found at `pointer`).
    pub fn schema(&mut self, v: &'a Value, pointer: &str) -> SchemaId {
        self.0.schema(v, pointer)
    }

    /// `components.securitySchemes` (AsyncAPI's are read as OpenAPI's are), in document order.
    pub fn security_schemes(&mut self, components: Option<&'a Value>) -> Vec<SecurityScheme> {
        self.0.security_schemes(components)
    }

    /// Fills every schema allocated so far and hands the arena over.
    pub fn finish(mut self) -> RefsBuilt<'a> {
        self.0.drain();
        RefsBuilt {
            schemas: self.0.schemas,
            external_refs: self.0.external_refs,
            broken_refs: self.0.broken_refs,
        }
    }
}

fn count_objects(root: &Value) -> usize {
    let mut n = 0;
    let mut stack = vec![root];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(o) => {
                n += 1;
                stack.extend(o.values());
            }
            Value::Array(a) => stack.extend(a.iter()),
            _ => {}
        }
    }
    n
}

struct Builder<'a> {
    root: &'a Value,
    nullable_30: bool,
    schemas: Vec<Schema<'a>>,
    /// Schema ids by the address of their definition in the document: one node, one pointer, so
    /// the address identifies the schema as well as its pointer would, without hashing strings.
    schema_memo: hashbrown::HashMap<usize, SchemaId>,
    /// Schemas allocated but not yet filled: (id, the schema object).
    queue: Vec<(SchemaId, &'a Value)>,
    external_refs: Vec<ExternalRef>,
    broken_refs: Vec<ExternalRef>,
    seen_bad: HashSet<(String, Pointer)>,
}

/// An object reached through zero or more `$ref`s.
struct Resolved<'a> {
    value: &'a Value,
    /// Pointer of the definition when at least one `$ref` was followed.
    def: Option<Pointer>,
}

impl Resolved<'_> {
    /// Where the object's own fields are (the definition when referenced).
    fn at<'p>(&'p self, used: &'p str) -> &'p str {
        self.def.as_deref().unwrap_or(used)
    }
}

fn str_of(v: &Value, key: &str) -> Option<String> {
    text(field(v, key)).map(Cow::into_owned)
}

/// `v[key]` for an object. Most objects in a document have a handful of keys, where comparing
/// them is cheaper than hashing the wanted one.
fn field<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    let o = v.as_object()?;
    if o.len() <= 8 {
        o.iter().find_map(|(k, v)| (k == key).then_some(v))
    } else {
        o.get(key)
    }
}

/// The fields of a schema object that the model reads, found in one pass over its entries:
/// looking each up by name would hash the key (SipHash, in `serde_json`'s map) two dozen times
/// per schema, which on large specs was most of the model's build time.
#[derive(Default)]
struct SchemaFields<'a> {
    type_: Option<&'a Value>,
    nullable: Option<&'a Value>,
    format: Option<&'a Value>,
    description: Option<&'a Value>,
    title: Option<&'a Value>,
    properties: Option<&'a Value>,
    required: Option<&'a Value>,
    items: Option<&'a Value>,
    all_of: Option<&'a Value>,
    one_of: Option<&'a Value>,
    any_of: Option<&'a Value>,
    additional_properties: Option<&'a Value>,
    enum_: Option<&'a Value>,
    min_length: Option<&'a Value>,
    max_length: Option<&'a Value>,
    minimum: Option<&'a Value>,
    maximum: Option<&'a Value>,
    max_items: Option<&'a Value>,
    pattern: Option<&'a Value>,
    default: Option<&'a Value>,
    example: Option<&'a Value>,
    examples: Option<&'a Value>,
    deprecated: Option<&'a Value>,
    read_only: Option<&'a Value>,
    write_only: Option<&'a Value>,
}

impl<'a> SchemaFields<'a> {
    fn read(o: &'a Map<String, Value>) -> Self {
        let mut f = SchemaFields::default();
        for (k, v) in o {
            let slot = match k.as_str() {
                "type" => &mut f.type_,
                "nullable" => &mut f.nullable,
                "format" => &mut f.format,
                "description" => &mut f.description,
                "title" => &mut f.title,
                "properties" => &mut f.properties,
                "required" => &mut f.required,
                "items" => &mut f.items,
                "allOf" => &mut f.all_of,
                "oneOf" => &mut f.one_of,
                "anyOf" => &mut f.any_of,
                "additionalProperties" => &mut f.additional_properties,
                "enum" => &mut f.enum_,
                "minLength" => &mut f.min_length,
                "maxLength" => &mut f.max_length,
                "minimum" => &mut f.minimum,
                "maximum" => &mut f.maximum,
                "maxItems" => &mut f.max_items,
                "pattern" => &mut f.pattern,
                "default" => &mut f.default,
                "example" => &mut f.example,
                "examples" => &mut f.examples,
                "deprecated" => &mut f.deprecated,
                "readOnly" => &mut f.read_only,
                "writeOnly" => &mut f.write_only,
                _ => continue,
            };
            *slot = Some(v);
        }
        f
    }
}

/// A string field as a view into the document (a number, as its text).
fn text(v: Option<&Value>) -> Option<Cow<'_, str>> {
    match v? {
        Value::String(s) => Some(Cow::Borrowed(s)),
        Value::Number(n) => Some(Cow::Owned(n.to_string())),
        _ => None,
    }
}

fn is_true(v: Option<&Value>) -> bool {
    v.and_then(Value::as_bool).unwrap_or(false)
}

fn bool_of(v: &Value, key: &str) -> bool {
    is_true(field(v, key))
}

fn obj(v: Option<&Value>) -> Option<&Map<String, Value>> {
    v.and_then(Value::as_object)
}

/// `#/components/schemas/A%20B` -> `/components/schemas/A B`; `None` for anything not internal.
fn internal_pointer(target: &str) -> Option<String> {
    let frag = target.strip_prefix('#')?;
    if !frag.is_empty() && !frag.starts_with('/') {
        return None;
    }
    if !frag.contains('%') {
        return Some(frag.to_string());
    }
    let bytes = frag.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

fn segments(template: &str) -> Vec<Segment> {
    template
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let opens = s.matches('{').count();
            if opens == 0 {
                Segment::Literal(s.to_string())
            } else if opens == 1 && s.starts_with('{') && s.ends_with('}') {
                Segment::Param(s[1..s.len() - 1].to_string())
            } else {
                Segment::Mixed(s.to_string())
            }
        })
        .collect()
}

impl<'a> Builder<'a> {
    fn bad_ref(&mut self, target: &str, pointer: &str, external: bool) {
        if !self.seen_bad.insert((target.to_string(), pointer.to_string())) {
            return;
        }
        let r = ExternalRef {
            target: target.to_string(),
            pointer: pointer.to_string(),
        };
        if external {
            self.external_refs.push(r);
        } else {
            self.broken_refs.push(r);
        }
    }

    /// Follow `$ref`s from `v` (found at `pointer`). `None` when the chain leaves the document,
    /// points at nothing, loops or is too long; the reason is recorded.
    fn deref(&mut self, v: &'a Value, pointer: &str) -> Option<Resolved<'a>> {
        if field(v, "$ref").is_none() {
            return Some(Resolved { value: v, def: None });
        }
        let mut cur = v;
        let mut at = pointer.to_string();
        let mut def = None;
        let mut seen: Vec<String> = Vec::new();
        for _ in 0..=MAX_HOPS {
            let Some(target) = field(cur, "$ref").and_then(Value::as_str) else {
                return Some(Resolved { value: cur, def });
            };
            let Some(p) = internal_pointer(target) else {
                self.bad_ref(target, &at, true);
                return None;
            };
            if seen.contains(&p) {
                self.bad_ref(target, &at, false);
                return None;
            }
            let root: &'a Value = self.root;
            match root.pointer(&p) {
                Some(next) => {
                    seen.push(p.clone());
                    cur = next;
                    at = p.clone();
                    def = Some(p);
                }
                None => {
                    self.bad_ref(target, &at, false);
                    return None;
                }
            }
        }
        self.bad_ref(field(cur, "$ref").and_then(Value::as_str).unwrap_or(""), &at, false);
        None
    }

    fn build(&mut self, m: &mut Model<'a>) {
        let root: &'a Value = self.root;
        m.info = self.info(root);
        m.servers = self.servers(root.get("servers"), "/servers");
        m.tags = root
            .get("tags")
            .and_then(Value::as_array)
            .map(|ts| ts.iter().filter_map(|t| str_of(t, "name")).collect())
            .unwrap_or_default();
        m.security = self.security(root.get("security"), "/security");

        let components = root.get("components");
        if let Some(schemas) = obj(components.and_then(|c| c.get("schemas"))) {
            for (name, s) in schemas {
                let p = child("/components/schemas", name);
                let id = self.schema(s, &p);
                m.component_schemas.push((name.clone(), id));
            }
        }
        m.security_schemes = self.security_schemes(components);

        if let Some(paths) = obj(root.get("paths")) {
            for (template, item) in paths {
                let p = child("/paths", template);
                let path_index = m.paths.len();
                let mut path = PathItem {
                    template: template.clone(),
                    pointer: p.clone(),
                    segments: segments(template),
                    operations: Vec::new(),
                };
                if let Some(r) = self.deref(item, &p) {
                    let item = r.value;
                    let item_at = r.at(&p).to_string();
                    let shared = self.parameters(item.get("parameters"), &child(&item_at, "parameters"));
                    for method in Method::ALL {
                        let Some(op) = item.get(method.key()) else {
                            continue;
                        };
                        if !op.is_object() {
                            continue;
                        }
                        let op_ptr = child(&item_at, method.key());
                        path.operations.push(m.operations.len());
                        let o = self.operation(op, &op_ptr, method, template, path_index, &shared);
                        m.operations.push(o);
                    }
                }
                m.paths.push(path);
            }
        }

        self.drain();
    }

    /// `components.securitySchemes`, in document order.
    fn security_schemes(&mut self, components: Option<&'a Value>) -> Vec<SecurityScheme> {
        let Some(schemes) = obj(components.and_then(|c| c.get("securitySchemes"))) else {
            return Vec::new();
        };
        schemes
            .iter()
            .filter_map(|(name, s)| {
                let p = child("/components/securitySchemes", name);
                let v = self.deref(s, &p)?.value;
                Some(SecurityScheme {
                    name: name.clone(),
                    kind: str_of(v, "type").unwrap_or_default(),
                    scheme: str_of(v, "scheme"),
                    location: str_of(v, "in"),
                    description: str_of(v, "description"),
                    pointer: p,
                })
            })
            .collect()
    }

    fn info(&mut self, root: &Value) -> Info {
        let Some(info) = root.get("info") else {
            return Info::default();
        };
        let has_contact = info.get("contact").and_then(Value::as_object).is_some_and(|c| {
            ["name", "url", "email"]
                .iter()
                .any(|k| c.get(*k).and_then(Value::as_str).is_some_and(|s| !s.trim().is_empty()))
        });
        Info {
            title: str_of(info, "title"),
            version: str_of(info, "version"),
            description: str_of(info, "description"),
            has_contact,
            pointer: "/info".to_string(),
        }
    }

    fn servers(&mut self, v: Option<&Value>, pointer: &str) -> Vec<Server> {
        let Some(list) = v.and_then(Value::as_array) else {
            return Vec::new();
        };
        list.iter()
            .enumerate()
            .filter_map(|(i, s)| {
                Some(Server {
                    url: str_of(s, "url")?,
                    description: str_of(s, "description"),
                    pointer: child(pointer, &i.to_string()),
                })
            })
            .collect()
    }

    fn security(&mut self, v: Option<&Value>, pointer: &str) -> Option<Vec<SecurityRequirement>> {
        let list = v?.as_array()?;
        Some(
            list.iter()
                .enumerate()
                .map(|(i, req)| SecurityRequirement {
                    schemes: req
                        .as_object()
                        .map(|o| {
                            o.iter()
                                .map(|(name, scopes)| {
                                    let scopes = scopes
                                        .as_array()
                                        .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
                                        .unwrap_or_default();
                                    (name.clone(), scopes)
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    pointer: child(pointer, &i.to_string()),
                })
                .collect(),
        )
    }

    fn parameters(&mut self, v: Option<&'a Value>, pointer: &str) -> Vec<Parameter<'a>> {
        let Some(list) = v.and_then(Value::as_array) else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(list.len());
        for (i, p) in list.iter().enumerate() {
            let used = child(pointer, &i.to_string());
            if let Some(param) = self.parameter(p, used) {
                out.push(param);
            }
        }
        out
    }

    fn parameter(&mut self, v: &'a Value, used: Pointer) -> Option<Parameter<'a>> {
        let r = self.deref(v, &used)?;
        let p = r.value;
        let at = r.at(&used).to_string();
        let location = match p.get("in").and_then(Value::as_str)? {
            "query" => ParamLocation::Query,
            "header" => ParamLocation::Header,
            "path" => ParamLocation::Path,
            "cookie" => ParamLocation::Cookie,
            _ => return None,
        };
        let schema = match p.get("schema") {
            Some(s) => Some(self.schema(s, &child(&at, "schema"))),
            // A parameter may describe itself through `content` instead of `schema`.
            None => obj(p.get("content")).and_then(|c| {
                let (mt, m) = c.iter().next()?;
                let s = m.get("schema")?;
                let ptr = child(&child(&child(&at, "content"), mt), "schema");
                Some(self.schema(s, &ptr))
            }),
        };
        let example = p.get("example").or_else(|| {
            let ex = obj(p.get("examples"))?;
            let (_, first) = ex.iter().next()?;
            first.get("value")
        });
        Some(Parameter {
            name: str_of(p, "name")?,
            location,
            required: bool_of(p, "required"),
            deprecated: bool_of(p, "deprecated"),
            description: str_of(p, "description"),
            schema,
            example,
            pointer: used,
            def_pointer: r.def,
        })
    }

    fn operation(
        &mut self,
        op: &'a Value,
        pointer: &str,
        method: Method,
        template: &str,
        path_index: usize,
        shared: &[Parameter<'a>],
    ) -> Operation<'a> {
        let own = self.parameters(op.get("parameters"), &child(pointer, "parameters"));
        let mut parameters: Vec<Parameter<'a>> = shared.to_vec();
        for p in own {
            match parameters
                .iter_mut()
                .find(|q| q.name == p.name && q.location == p.location)
            {
                Some(slot) => *slot = p,
                None => parameters.push(p),
            }
        }
        let request_body = op.get("requestBody").and_then(|b| {
            let used = child(pointer, "requestBody");
            let r = self.deref(b, &used)?;
            let at = r.at(&used).to_string();
            Some(RequestBody {
                required: bool_of(r.value, "required"),
                description: str_of(r.value, "description"),
                content: self.content(r.value.get("content"), &child(&at, "content")),
                pointer: used,
                def_pointer: r.def,
            })
        });
        let mut responses = Vec::new();
        if let Some(rs) = obj(op.get("responses")) {
            let base = child(pointer, "responses");
            for (code, resp) in rs {
                let used = child(&base, code);
                responses.push(self.response(code, resp, used));
            }
        }
        Operation {
            method,
            path: template.to_string(),
            path_index,
            pointer: pointer.to_string(),
            operation_id: str_of(op, "operationId"),
            summary: str_of(op, "summary"),
            description: str_of(op, "description"),
            tags: op
                .get("tags")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|t| t.as_str().map(str::to_string)).collect())
                .unwrap_or_default(),
            deprecated: bool_of(op, "deprecated"),
            parameters,
            request_body,
            responses,
            security: self.security(op.get("security"), &child(pointer, "security")),
            extensions: op
                .as_object()
                .map(|o| {
                    o.iter()
                        .filter(|(k, _)| k.starts_with("x-"))
                        .map(|(k, v)| (k.as_str(), v))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// A response whose `$ref` cannot be followed is kept with its code and nothing else: the
    /// status code alone still matters to the rules.
    fn response(&mut self, code: &str, v: &'a Value, used: Pointer) -> Response<'a> {
        let Some(r) = self.deref(v, &used) else {
            return Response {
                code: code.to_string(),
                description: None,
                headers: Vec::new(),
                content: Vec::new(),
                pointer: used,
                def_pointer: None,
            };
        };
        let at = r.at(&used).to_string();
        let mut headers = Vec::new();
        if let Some(hs) = obj(r.value.get("headers")) {
            let base = child(&at, "headers");
            for (name, h) in hs {
                let hp = child(&base, name);
                let Some(hr) = self.deref(h, &hp) else {
                    continue;
                };
                let h_at = hr.at(&hp).to_string();
                let schema = hr.value.get("schema").map(|s| self.schema(s, &child(&h_at, "schema")));
                headers.push(Header {
                    name: name.clone(),
                    description: str_of(hr.value, "description"),
                    schema,
                    pointer: hp,
                });
            }
        }
        Response {
            code: code.to_string(),
            description: str_of(r.value, "description"),
            headers,
            content: self.content(r.value.get("content"), &child(&at, "content")),
            pointer: used,
            def_pointer: r.def,
        }
    }

    fn content(&mut self, v: Option<&'a Value>, pointer: &str) -> Vec<MediaType<'a>> {
        let Some(c) = obj(v) else { return Vec::new() };
        let mut out = Vec::with_capacity(c.len());
        for (media_type, m) in c {
            let mp = child(pointer, media_type);
            let schema = m.get("schema").map(|s| self.schema(s, &child(&mp, "schema")));
            let mut examples = Vec::new();
            if let Some(e) = m.get("example") {
                examples.push((child(&mp, "example"), e));
            }
            if let Some(ex) = obj(m.get("examples")) {
                let base = child(&mp, "examples");
                for (name, e) in ex {
                    let ep = child(&base, name);
                    let Some(er) = self.deref(e, &ep) else {
                        continue;
                    };
                    if let Some(value) = er.value.get("value") {
                        examples.push((child(er.at(&ep), "value"), value));
                    }
                }
            }
            out.push(MediaType {
                media_type: media_type.clone(),
                schema,
                examples,
                pointer: mp,
            });
        }
        out
    }

    /// The arena id of the schema at `v` (found at `pointer`), allocating it when new. Filling
    /// happens later in [`Self::drain`].
    fn schema(&mut self, v: &'a Value, pointer: &str) -> SchemaId {
        let (value, at) = if field(v, "$ref").is_some_and(Value::is_string) {
            match self.deref(v, pointer) {
                Some(r) => (Some(r.value), r.def),
                None => (None, None),
            }
        } else {
            (Some(v), None)
        };
        // An unresolvable reference is memoised at the object holding it.
        let key = value.unwrap_or(v) as *const Value as usize;
        if let Some(&id) = self.schema_memo.get(&key) {
            return id;
        }
        let at = at.unwrap_or_else(|| pointer.to_string());
        let id = self.schemas.len();
        let name = at
            .strip_prefix("/components/schemas/")
            .filter(|rest| !rest.contains('/'))
            .map(|rest| unescape_token(rest).into_owned());
        self.schemas.push(Schema {
            pointer: at,
            name,
            ..Schema::default()
        });
        self.schema_memo.insert(key, id);
        if let Some(value) = value {
            // Unresolvable: an empty schema, so rules see "nothing declared" rather than a gap.
            self.schemas[id].raw = value;
            self.queue.push((id, value));
        }
        id
    }

    fn drain(&mut self) {
        while let Some((id, v)) = self.queue.pop() {
            self.fill(id, v);
        }
    }

    fn fill(&mut self, id: SchemaId, v: &'a Value) {
        let Some(o) = v.as_object() else { return };
        let f = SchemaFields::read(o);
        let mut s = std::mem::take(&mut self.schemas[id]);
        let at = std::mem::take(&mut s.pointer);

        s.types = match f.type_ {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if self.nullable_30 && is_true(f.nullable) && !s.types.contains(&"null") {
            s.types.push("null");
        }
        s.format = text(f.format);
        s.description = text(f.description);
        s.title = text(f.title);
        if let Some(props) = obj(f.properties) {
            let base = child(&at, "properties");
            s.properties = props
                .iter()
                .map(|(name, p)| (name.as_str(), self.schema(p, &child(&base, name))))
                .collect();
        }
        s.required = f
            .required
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        s.items = match f.items {
            Some(i @ Value::Object(_)) => Some(self.schema(i, &child(&at, "items"))),
            _ => None,
        };
        s.all_of = self.schema_list(f.all_of, &at, "allOf");
        s.one_of = self.schema_list(f.one_of, &at, "oneOf");
        s.any_of = self.schema_list(f.any_of, &at, "anyOf");
        s.additional_properties = match f.additional_properties {
            Some(a @ Value::Object(_)) => Some(self.schema(a, &child(&at, "additionalProperties"))),
            _ => None,
        };
        s.enum_values = f.enum_.and_then(Value::as_array).map_or(&[], Vec::as_slice);
        s.min_length = f.min_length.and_then(Value::as_u64);
        s.max_length = f.max_length.and_then(Value::as_u64);
        s.minimum = f.minimum.and_then(Value::as_f64);
        s.maximum = f.maximum.and_then(Value::as_f64);
        s.max_items = f.max_items.and_then(Value::as_u64);
        s.pattern = text(f.pattern);
        s.default = f.default;
        if let Some(e) = f.example {
            s.examples.push((child(&at, "example"), e));
        }
        if let Some(list) = f.examples.and_then(Value::as_array) {
            let base = child(&at, "examples");
            for (i, e) in list.iter().enumerate() {
                s.examples.push((child(&base, &i.to_string()), e));
            }
        }
        s.deprecated = is_true(f.deprecated);
        s.read_only = is_true(f.read_only);
        s.write_only = is_true(f.write_only);
        s.pointer = at;
        self.schemas[id] = s;
    }

    fn schema_list(&mut self, v: Option<&'a Value>, at: &str, key: &str) -> Vec<SchemaId> {
        let Some(list) = v.and_then(Value::as_array) else {
            return Vec::new();
        };
        let pointer = child(at, key);
        list.iter()
            .enumerate()
            .filter(|(_, s)| s.is_object())
            .map(|(i, s)| self.schema(s, &child(&pointer, &i.to_string())))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_of_fragments() {
        assert_eq!(internal_pointer("#/a%20b").as_deref(), Some("/a b"));
        assert_eq!(internal_pointer("#/a%2").as_deref(), Some("/a%2"));
        assert_eq!(internal_pointer("other.yaml#/a"), None);
        assert_eq!(internal_pointer("#").as_deref(), Some(""));
        assert_eq!(internal_pointer("#foo"), None);
    }

    #[test]
    fn path_segments_are_classified() {
        assert_eq!(
            segments("/v1/links/{code}/x{y}"),
            vec![
                Segment::Literal("v1".into()),
                Segment::Literal("links".into()),
                Segment::Param("code".into()),
                Segment::Mixed("x{y}".into()),
            ]
        );
    }
}

#[cfg(test)]
mod model_tests {
    use crate::grading::model::{Method, ParamLocation};
    use crate::grading::testing::model_from_str;

    const DOC: &str = r##"
openapi: 3.0.3
info: {title: Links, version: "1.0", contact: {email: a@b.c}}
servers: [{url: "https://api.example.com/v1"}]
security: [{bearer: []}]
paths:
  /links/{code}:
    parameters:
      - {name: code, in: path, required: true, schema: {type: string}}
      - $ref: "#/components/parameters/Trace"
    get:
      operationId: getLink
      parameters:
        - {name: X-Trace, in: header, description: own, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Link"}
              example: {code: abc}
        "404": {$ref: "#/components/responses/NotFound"}
        default: {$ref: "other.yaml#/Problem"}
    delete:
      security: []
      responses:
        "204": {description: gone}
components:
  parameters:
    Trace: {name: X-Trace, in: header, schema: {type: string}}
  responses:
    NotFound:
      description: missing
      headers: {Retry-After: {schema: {type: integer}}}
  schemas:
    Link:
      type: object
      required: [code]
      properties:
        code: {type: string, nullable: true, maxLength: 8}
        parent: {$ref: "#/components/schemas/Link"}
        children: {type: array, items: {$ref: "#/components/schemas/Link"}}
        missing: {$ref: "#/components/schemas/Nope"}
    A: {$ref: "#/components/schemas/B"}
    B: {$ref: "#/components/schemas/A"}
  securitySchemes:
    bearer: {type: http, scheme: bearer}
"##;

    #[test]
    fn operations_parameters_and_responses() {
        let m = model_from_str(DOC);
        assert_eq!(m.openapi_version, "3.0.3");
        assert!(m.info.has_contact);
        assert_eq!(m.operations.len(), 2);
        let get = &m.operations[0];
        assert_eq!(get.method, Method::Get);
        assert_eq!(get.label(), "GET /links/{code}");
        assert_eq!(get.pointer, "/paths/~1links~1{code}/get");
        // Path-level first; the operation's own X-Trace replaces the shared one in place.
        let names: Vec<_> = get.parameters.iter().map(|p| (p.name.as_str(), p.location)).collect();
        assert_eq!(
            names,
            vec![("code", ParamLocation::Path), ("X-Trace", ParamLocation::Header)]
        );
        assert_eq!(get.parameters[1].description.as_deref(), Some("own"));
        assert_eq!(get.parameters[1].pointer, "/paths/~1links~1{code}/get/parameters/0");
        let nf = get.response("404").unwrap();
        assert_eq!(nf.def_pointer.as_deref(), Some("/components/responses/NotFound"));
        assert!(nf.header("retry-after").is_some());
        assert_eq!(get.response("default").unwrap().description, None);
        let ok = get.response("200").unwrap();
        assert_eq!(
            ok.content[0].examples[0].0,
            "/paths/~1links~1{code}/get/responses/200/content/application~1json/example"
        );
        assert_eq!(m.operations[1].security.as_deref().map(<[_]>::len), Some(0));
        assert_eq!(m.security_schemes[0].scheme.as_deref(), Some("bearer"));
    }

    #[test]
    fn schemas_cycles_nullable_and_bad_refs() {
        let m = model_from_str(DOC);
        let link = m.component_schemas.iter().find(|(n, _)| n == "Link").unwrap().1;
        let s = m.schema(link);
        assert_eq!(s.name.as_deref(), Some("Link"));
        assert_eq!(s.raw.get("type").and_then(|t| t.as_str()), Some("object"));
        let code = s.properties[0].1;
        assert_eq!(m.schema(code).types, vec!["string", "null"]);
        assert_eq!(m.schema(code).max_length, Some(8));
        // A self-reference is a back-edge to the same arena id.
        assert_eq!(s.properties[1].1, link);
        assert_eq!(m.schema(s.properties[2].1).items, Some(link));
        // The response schema is the component, not a copy.
        let ok = m.operations[0].response("200").unwrap();
        assert_eq!(ok.content[0].schema, Some(link));
        assert!(m.broken_refs.iter().any(|r| r.target == "#/components/schemas/Nope"));
        assert!(m
            .broken_refs
            .iter()
            .any(|r| r.target == "#/components/schemas/A" || r.target == "#/components/schemas/B"));
        assert_eq!(m.external_refs.len(), 1);
        assert_eq!(m.external_refs[0].target, "other.yaml#/Problem");
        assert_eq!(
            m.external_refs[0].pointer,
            "/paths/~1links~1{code}/get/responses/default"
        );
    }

    #[test]
    fn type_arrays_of_3_1_are_kept() {
        let m = model_from_str(
            "openapi: 3.1.0\ncomponents:\n  schemas:\n    X: {type: [string, 'null'], examples: [a, b]}\n",
        );
        let s = m.schema(m.component_schemas[0].1);
        assert_eq!(s.types, vec!["string", "null"]);
        assert_eq!(s.examples.len(), 2);
        assert_eq!(s.examples[1].0, "/components/schemas/X/examples/1");
    }

    #[test]
    fn nullable_is_not_read_in_3_1() {
        let m = model_from_str("openapi: 3.1.0\ncomponents:\n  schemas:\n    X: {type: string, nullable: true}\n");
        assert_eq!(m.schema(m.component_schemas[0].1).types, vec!["string"]);
    }

    #[test]
    fn a_long_ref_chain_terminates() {
        let mut doc = String::from("openapi: 3.1.0\ncomponents:\n  schemas:\n");
        for i in 0..5000 {
            doc.push_str(&format!(
                "    S{i}: {{type: object, properties: {{next: {{$ref: '#/components/schemas/S{}'}}}}}}\n",
                i + 1
            ));
        }
        doc.push_str("    S5000: {type: string}\n");
        let m = model_from_str(&doc);
        assert_eq!(m.component_schemas.len(), 5001);
        let mut chain = String::from("openapi: 3.1.0\ncomponents:\n  schemas:\n");
        for i in 0..100 {
            chain.push_str(&format!("    R{i}: {{$ref: '#/components/schemas/R{}'}}\n", i + 1));
        }
        chain.push_str("    R100: {type: string}\n");
        let m = model_from_str(&chain);
        assert!(!m.broken_refs.is_empty(), "a 100-hop chain is cut off");
    }
}
