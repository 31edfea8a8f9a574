//! Vocabulary the `events` rules share: the envelope's fields, the names a sequence or a resume
//! point goes by, and which messages are a connection's own chatter rather than events.
use crate::grading::events::model::{normalise_key, EventModel, Message};

/// An event id consumers deduplicate by.
pub const ID_FIELDS: &[&str] = &["id", "eventid", "messageid", "dedupeid", "deduplicationid"];
/// The event's type on the wire.
pub const TYPE_FIELDS: &[&str] = &["type", "eventtype", "event", "kind", "name"];
/// When it happened.
pub const TIME_FIELDS: &[&str] = &[
    "time",
    "timestamp",
    "occurredat",
    "createdat",
    "sentat",
    "emittedat",
    "publishedat",
    "ts",
];
/// Which version of the event's schema it follows.
pub const VERSION_FIELDS: &[&str] = &[
    "schemaversion",
    "version",
    "specversion",
    "dataschema",
    "eventversion",
    "v",
];
/// How the name of an ordering key within a stream ends (`seq`, `ordering_seq`, `board_version`).
pub const SEQUENCE_SUFFIXES: &[&str] = &[
    "seq",
    "sequence",
    "sequencenumber",
    "seqno",
    "offset",
    "position",
    "revision",
    "ordinal",
    "lamport",
    "version",
];

/// Whether a (normalised) field orders a stream: it ends like one of [`SEQUENCE_SUFFIXES`] and is
/// not the envelope's schema version (a bare `version` is read as that).
pub fn is_sequence_field(field: &str) -> bool {
    SEQUENCE_SUFFIXES.iter().any(|s| field.ends_with(s))
        && !["schemaversion", "specversion", "eventversion", "version"].contains(&field)
}
/// Where a reconnecting client resumes from.
pub const RESUME_KEYS: &[&str] = &[
    "lasteventid",
    "lastseq",
    "lastsequence",
    "resumefrom",
    "resumetoken",
    "resumeafter",
    "since",
    "sinceseq",
    "cursor",
    "after",
    "fromseq",
    "fromsequence",
    "fromoffset",
];
/// Parts of an operation's or a message's name that offer a catch-up.
pub const RESUME_PARTS: &[&str] = &[
    "resume",
    "replay",
    "catchup",
    "backfill",
    "history",
    "missed",
    "afterseq",
    "sinceseq",
    "lasteventid",
];

/// Whether a message is a connection's own chatter (a heartbeat, a typing indicator, an
/// acknowledgement), which needs neither an order nor the whole envelope.
pub fn is_ephemeral(m: &Message<'_>) -> bool {
    let name = normalise_key(m.label());
    ["ping", "pong", "heartbeat", "keepalive", "typing", "presence", "ack"]
        .iter()
        .any(|w| name.contains(w))
}

/// The normalised property names of a message's payload and headers.
pub fn fields(model: &EventModel<'_>, m: &Message<'_>) -> Vec<String> {
    model.message_properties(m).into_iter().map(normalise_key).collect()
}

/// [`fields`] and the fields one level down (a payload's `data`, `delivery`...): where an ordering
/// key may sit when the envelope wraps the event.
pub fn fields_two_levels(model: &EventModel<'_>, m: &Message<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for id in [m.payload, m.headers].into_iter().flatten() {
        for (name, child) in properties_of_every_branch(model, id) {
            out.push(normalise_key(name));
            out.extend(
                properties_of_every_branch(model, child)
                    .into_iter()
                    .map(|(n, _)| normalise_key(n)),
            );
        }
    }
    out
}

/// Properties of a schema and of each of its `allOf` branches, a name repeated when branches
/// both declare it (an envelope's generic `data` and the event's own): each may hold the key.
fn properties_of_every_branch<'d>(model: &EventModel<'d>, id: usize) -> Vec<(&'d str, usize)> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![id];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let s = model.arena.schema(id);
        out.extend(s.properties.iter().copied());
        stack.extend(s.all_of.iter().rev());
    }
    out
}

/// Whether one of `names` is among `fields`.
pub fn has_any(fields: &[String], names: &[&str]) -> bool {
    fields.iter().any(|f| names.contains(&f.as_str()))
}
