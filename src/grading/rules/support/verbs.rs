//! Verbs that may appear in paths: CRUD verbs the HTTP method already says, and domain actions
//! that make a legitimate custom method.

/// Verbs that name CRUD operations, which the HTTP method already says.
pub const CRUD_VERBS: &[&str] = &[
    "get", "create", "update", "delete", "remove", "list", "add", "fetch", "retrieve", "set", "edit", "modify", "save",
    "insert", "put", "new", "make", "do", "write", "destroy", "erase", "find",
];

/// What a CRUD verb (or `send`) says when a path segment or an operation's name starts with it:
/// the methods it stands for, and whether a singular noun after it means one item
/// (`getShipment`, `deleteShipment`) rather than the collection (`createShipment`).
pub struct VerbReading {
    pub methods: &'static [&'static str],
    pub one: bool,
}

/// The reading of a lowercase verb, or `None` for a word that is not one of these verbs. `read`
/// is left out: `/messages/read` marks messages read as often as it reads them.
pub fn verb_reading(verb: &str) -> Option<VerbReading> {
    let (methods, one): (&'static [&'static str], bool) = match verb {
        "get" | "fetch" | "retrieve" | "find" => (&["GET"], true),
        "list" => (&["GET"], false),
        "create" | "add" | "new" | "make" | "insert" | "send" => (&["POST"], false),
        "save" | "write" => (&["POST", "PUT"], false),
        "update" | "edit" | "modify" | "set" | "put" | "patch" => (&["PATCH", "PUT"], true),
        "delete" | "remove" | "destroy" | "erase" => (&["DELETE"], true),
        _ => return None,
    };
    Some(VerbReading { methods, one })
}

/// Verbs that name domain actions (custom methods): a legitimate last segment after an item,
/// `/orders/{id}/cancel` or `/orders/{id}:cancel`.
pub const ACTION_VERBS: &[&str] = &[
    "cancel",
    "revoke",
    "refund",
    "capture",
    "approve",
    "reject",
    "archive",
    "unarchive",
    "publish",
    "unpublish",
    "disable",
    "enable",
    "activate",
    "deactivate",
    "confirm",
    "verify",
    "resend",
    "retry",
    "restore",
    "lock",
    "unlock",
    "merge",
    "close",
    "reopen",
    "void",
    "complete",
    "submit",
    "redeem",
    "rotate",
    "reset",
    "pause",
    "resume",
    "start",
    "stop",
    "transfer",
    "charge",
    "pay",
    "send",
    "accept",
    "decline",
    "assign",
    "unassign",
    "expire",
    "renew",
    "suspend",
    "block",
    "unblock",
    "follow",
    "unfollow",
    "star",
    "unstar",
    "mute",
    "unmute",
    "move",
    "copy",
    "clone",
    "import",
    "export",
    "sync",
    "execute",
    "run",
    "trigger",
    "dispatch",
    "search",
    "undo",
    "invite",
    "join",
    "leave",
    "shorten",
    "redirect",
    "review",
    "authorize",
    "refresh",
    "login",
    "logout",
    "register",
    "subscribe",
    "unsubscribe",
];
