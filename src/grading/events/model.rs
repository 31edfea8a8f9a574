//! An AsyncAPI 3.x document as the `events` rules read it: servers, channels, operations,
//! messages with their payload and header schemas, and security schemes, each with the JSON
//! pointer of its definition. `$ref`s are followed by [`Refs`], under the OpenAPI model's rules.
use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

use crate::grading::load::EventDocument;
use crate::grading::model::{child, Model, Pointer, SchemaId, SecurityScheme};
use crate::grading::resolve::Refs;

/// Borrows the parsed document (`'d`), like [`Model`].
#[derive(Debug)]
pub struct EventModel<'d> {
    /// The `asyncapi` field as written, e.g. `3.0.0`.
    pub version: String,
    /// `info.version`, when given.
    pub info_version: Option<String>,
    /// Pointer of `info` (or `""` when it is missing): where document-wide findings point.
    pub info_pointer: Pointer,
    pub servers: Vec<EventServer>,
    pub channels: Vec<Channel>,
    pub operations: Vec<EventOperation>,
    /// Every message, once per definition: `components.messages` first, then those defined
    /// inline in channels, in document order.
    pub messages: Vec<Message<'d>>,
    pub security_schemes: Vec<SecurityScheme>,
    /// The schema arena (payloads, headers, `components.schemas`), in a [`Model`] so its schema
    /// helpers (`schema`, `all_properties`) apply; its operations and paths are empty.
    pub arena: Model<'d>,
    /// Every object key in the document, lower-case without `_` and `-` (`last_event_id` ->
    /// `lasteventid`): what a rule looks for when any place may declare something (a resume
    /// cursor in a payload, a query binding or a channel parameter).
    pub keys: BTreeSet<String>,
    /// Every description, summary and title, and every `x-` extension's text, lower-case, one
    /// per line: where a design states what has no field of its own (delivery guarantees).
    pub prose: String,
}

#[derive(Debug, Clone)]
pub struct EventServer {
    pub name: String,
    pub protocol: String,
    /// `security` declared and not empty.
    pub secured: bool,
    pub pointer: Pointer,
}

#[derive(Debug, Clone)]
pub struct Channel {
    /// The key under `channels`.
    pub key: String,
    /// `address` as written; `None` when absent or null (a dynamic address).
    pub address: Option<String>,
    /// Names under `parameters`, in order.
    pub parameters: Vec<String>,
    /// Indexes into [`EventModel::messages`], in order.
    pub messages: Vec<usize>,
    pub description: String,
    pub pointer: Pointer,
}

impl Channel {
    /// The `{name}`s of the address, in order.
    pub fn address_parameters(&self) -> Vec<&str> {
        let Some(address) = &self.address else {
            return Vec::new();
        };
        address
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect()
    }

    /// A stream within a scope: its address names one (`rooms/{roomId}`).
    pub fn is_scoped(&self) -> bool {
        !self.address_parameters().is_empty()
    }
}

/// `send`: the application the document describes sends the messages (events it publishes);
/// `receive`: it receives them (commands and subscriptions from its clients).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Send,
    Receive,
}

#[derive(Debug, Clone)]
pub struct EventOperation {
    /// The key under `operations`: the operation's id.
    pub key: String,
    pub action: Option<Action>,
    /// Index into [`EventModel::channels`].
    pub channel: Option<usize>,
    /// Indexes into [`EventModel::messages`]: the operation's own list, else its channel's.
    pub messages: Vec<usize>,
    /// Pointer of `reply`, when the operation has one.
    pub reply: Option<Pointer>,
    /// Indexes into [`EventModel::messages`] of the messages its `reply` lists: the other side
    /// sends them.
    pub reply_messages: Vec<usize>,
    /// `security` declared and not empty.
    pub secured: bool,
    /// Summary and description, lower-case.
    pub description: String,
    pub pointer: Pointer,
}

#[derive(Debug, Clone)]
pub struct Message<'d> {
    /// The key it is defined under (`components.messages` or a channel's `messages`).
    pub key: String,
    /// `name`, else `messageId`... as written: the name on the wire when declared.
    pub name: Option<String>,
    pub payload: Option<SchemaId>,
    pub headers: Option<SchemaId>,
    /// Each of `examples`: its pointer, `payload` and `headers`.
    pub examples: Vec<MessageExample<'d>>,
    /// Pointer of the definition.
    pub pointer: Pointer,
}

impl Message<'_> {
    /// The name it goes by: `name` when declared, else its key.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.key)
    }
}

#[derive(Debug, Clone)]
pub struct MessageExample<'d> {
    pub pointer: Pointer,
    pub payload: Option<&'d Value>,
    pub headers: Option<&'d Value>,
}

impl<'d> EventModel<'d> {
    /// Property names of a message's payload and headers (through `allOf`), in order.
    pub fn message_properties(&self, m: &Message<'d>) -> Vec<&'d str> {
        let mut names = Vec::new();
        for id in [m.payload, m.headers].into_iter().flatten() {
            names.extend(self.arena.all_properties(id).into_iter().map(|(n, _)| n));
        }
        names
    }

    /// The operations that use a message, by index.
    pub fn operations_of(&self, message: usize) -> impl Iterator<Item = &EventOperation> {
        self.operations.iter().filter(move |o| o.messages.contains(&message))
    }

    /// Whether any key of the document is one of `names` (normalised as [`Self::keys`]) or
    /// contains one of `parts`.
    pub fn has_key(&self, names: &[&str], parts: &[&str]) -> bool {
        names.iter().any(|n| self.keys.contains(*n)) || self.keys.iter().any(|k| parts.iter().any(|p| k.contains(p)))
    }
}

/// `last_event_id`, `lastEventId`, `Last-Event-ID` -> `lasteventid`.
pub fn normalise_key(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '_' && *c != '-' && *c != '.')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Builds the model of a loaded event document. The model borrows the document.
pub fn build(doc: &EventDocument) -> EventModel<'_> {
    let root = &doc.root;
    let mut b = EventBuilder {
        refs: Refs::new(root),
        messages: Vec::new(),
        message_at: HashMap::new(),
    };
    let info = root.get("info");
    let mut component_schemas = Vec::new();
    let components = root.get("components");
    if let Some(schemas) = obj(components.and_then(|c| c.get("schemas"))) {
        for (name, s) in schemas {
            let id = b.refs.schema(s, &child("/components/schemas", name));
            component_schemas.push((name.clone(), id));
        }
    }
    if let Some(messages) = obj(components.and_then(|c| c.get("messages"))) {
        for (name, m) in messages {
            b.message(name, m, &child("/components/messages", name));
        }
    }
    let security_schemes = b.refs.security_schemes(components);
    let servers = obj(root.get("servers"))
        .into_iter()
        .flatten()
        .filter_map(|(name, s)| {
            let p = child("/servers", name);
            let (v, _) = b.refs.deref(s, &p)?;
            Some(EventServer {
                name: name.clone(),
                protocol: str_of(v, "protocol").unwrap_or_default().to_lowercase(),
                secured: secured(v),
                pointer: p,
            })
        })
        .collect();
    let mut channels = Vec::new();
    let mut channel_at: HashMap<Pointer, usize> = HashMap::new();
    for (key, c) in obj(root.get("channels")).into_iter().flatten() {
        let p = child("/channels", key);
        let Some((v, at)) = b.refs.deref(c, &p) else { continue };
        let mut messages = Vec::new();
        for (name, m) in obj(v.get("messages")).into_iter().flatten() {
            if let Some(i) = b.message(name, m, &child(&child(&at, "messages"), name)) {
                messages.push(i);
            }
        }
        channel_at.insert(p.clone(), channels.len());
        channel_at.insert(at, channels.len());
        channels.push(Channel {
            key: key.clone(),
            address: str_of(v, "address"),
            parameters: obj(v.get("parameters"))
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default(),
            messages,
            description: prose_of(v),
            pointer: p,
        });
    }
    let mut operations = Vec::new();
    for (key, o) in obj(root.get("operations")).into_iter().flatten() {
        let p = child("/operations", key);
        let Some((v, at)) = b.refs.deref(o, &p) else { continue };
        let channel = v
            .get("channel")
            .and_then(|c| b.refs.deref(c, &child(&at, "channel")))
            .and_then(|(_, def)| channel_at.get(&def).copied());
        let mut messages: Vec<usize> = v
            .get("messages")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(i, m)| {
                let mp = child(&child(&at, "messages"), &i.to_string());
                b.message(key, m, &mp)
            })
            .collect();
        if messages.is_empty() {
            messages = channel.map(|c| channels[c].messages.clone()).unwrap_or_default();
        }
        let action = match v.get("action").and_then(Value::as_str) {
            Some("send") => Some(Action::Send),
            Some("receive") => Some(Action::Receive),
            _ => None,
        };
        operations.push(EventOperation {
            key: key.clone(),
            action,
            channel,
            messages,
            reply: v.get("reply").map(|_| child(&at, "reply")),
            reply_messages: Vec::new(),
            secured: secured(v),
            description: prose_of(v),
            pointer: p,
        });
    }
    // Once every message is read: a reply may list one an operation after it defines.
    for op in &mut operations {
        if let Some(reply) = &op.reply {
            op.reply_messages = listed_messages(root, reply, &b.messages);
        }
    }
    let built = b.refs.finish();
    let mut keys = BTreeSet::new();
    let mut prose = String::new();
    walk(root, &mut keys, &mut prose);
    EventModel {
        version: doc.version.clone(),
        info_version: info.and_then(|i| str_of(i, "version")),
        info_pointer: if info.is_some() {
            "/info".to_string()
        } else {
            String::new()
        },
        servers,
        channels,
        operations,
        messages: b.messages,
        security_schemes,
        arena: Model {
            openapi_version: doc.version.clone(),
            schemas: built.schemas,
            component_schemas,
            external_refs: built.external_refs,
            broken_refs: built.broken_refs,
            root,
            ..Model::default()
        },
        keys,
        prose,
    }
}

/// The messages the object at `pointer` lists under `messages`, by index among those read, each
/// found at the end of its chain of local `$ref`s (the object's own chain followed first).
fn listed_messages(root: &Value, pointer: &str, messages: &[Message<'_>]) -> Vec<usize> {
    let at = local_definition(root, pointer);
    let listed = root
        .pointer(&at)
        .and_then(|r| r.get("messages"))
        .and_then(Value::as_array);
    listed
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, _)| {
            let def = local_definition(root, &format!("{at}/messages/{i}"));
            messages.iter().position(|m| m.pointer == def)
        })
        .collect()
}

/// Where a chain of local `$ref`s starting at `pointer` ends (at most a few hops).
fn local_definition(root: &Value, pointer: &str) -> String {
    let mut at = pointer.to_string();
    for _ in 0..8 {
        let next = root
            .pointer(&at)
            .and_then(|v| v.get("$ref"))
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'));
        match next {
            Some(n) => at = n.to_string(),
            None => break,
        }
    }
    at
}

struct EventBuilder<'a> {
    refs: Refs<'a>,
    messages: Vec<Message<'a>>,
    /// Message index by the pointer of its definition: one message however many places use it.
    message_at: HashMap<Pointer, usize>,
}

impl<'a> EventBuilder<'a> {
    /// The index of the message at `v` (found at `pointer`, under `key`), read when new.
    fn message(&mut self, key: &str, v: &'a Value, pointer: &str) -> Option<usize> {
        let (v, at) = self.refs.deref(v, pointer)?;
        if let Some(&i) = self.message_at.get(&at) {
            return Some(i);
        }
        if !v.is_object() {
            return None;
        }
        // Defined under a key of its own (not an operation's list): the key names it.
        let key = at
            .rsplit('/')
            .next()
            .filter(|k| k.parse::<usize>().is_err())
            .map_or(key.to_string(), |k| {
                crate::grading::model::unescape_token(k).into_owned()
            });
        let payload = v
            .get("payload")
            .map(|p| self.schema_or_multi(p, &child(&at, "payload")));
        let headers = v
            .get("headers")
            .map(|h| self.schema_or_multi(h, &child(&at, "headers")));
        let examples = v
            .get("examples")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(i, e)| MessageExample {
                pointer: child(&child(&at, "examples"), &i.to_string()),
                payload: e.get("payload"),
                headers: e.get("headers"),
            })
            .collect();
        let i = self.messages.len();
        self.messages.push(Message {
            key,
            name: str_of(v, "name").or_else(|| str_of(v, "messageId")),
            payload,
            headers,
            examples,
            pointer: at.clone(),
        });
        self.message_at.insert(at, i);
        Some(i)
    }

    /// A schema, or the `schema` of a multi-format schema object (`{schemaFormat, schema}`).
    fn schema_or_multi(&mut self, v: &'a Value, pointer: &str) -> SchemaId {
        match v.get("schema") {
            Some(s) if v.get("schemaFormat").is_some() => self.refs.schema(s, &child(pointer, "schema")),
            _ => self.refs.schema(v, pointer),
        }
    }
}

/// `security` on a server or an operation: declared and not empty.
fn secured(v: &Value) -> bool {
    v.get("security")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty())
}

fn obj(v: Option<&Value>) -> Option<&Map<String, Value>> {
    v.and_then(Value::as_object)
}

fn str_of(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

/// Summary, description and title of an object, lower-case.
fn prose_of(v: &Value) -> String {
    ["summary", "description", "title"]
        .iter()
        .filter_map(|k| v.get(*k).and_then(Value::as_str))
        .collect::<Vec<_>>()
        .join("\n")
        .to_lowercase()
}

/// Collects every key (normalised) and every piece of prose of the document, without recursion.
fn walk(root: &Value, keys: &mut BTreeSet<String>, prose: &mut String) {
    let mut stack: Vec<(&Value, bool)> = vec![(root, false)];
    while let Some((v, in_extension)) = stack.pop() {
        match v {
            Value::Object(o) => {
                for (k, child) in o {
                    keys.insert(normalise_key(k));
                    let extension = in_extension || k.starts_with("x-");
                    if extension {
                        prose.push_str(&k.to_lowercase());
                        prose.push('\n');
                    }
                    if let (Value::String(s), true) = (
                        child,
                        extension || matches!(k.as_str(), "description" | "summary" | "title"),
                    ) {
                        prose.push_str(&s.to_lowercase());
                        prose.push('\n');
                    }
                    stack.push((child, extension));
                }
            }
            Value::Array(a) => stack.extend(a.iter().map(|c| (c, in_extension))),
            Value::String(s) if in_extension => {
                prose.push_str(&s.to_lowercase());
                prose.push('\n');
            }
            _ => {}
        }
    }
}
