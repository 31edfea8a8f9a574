//! Lists and pages: how a list response is shaped, which query parameters set a page size or a
//! position, and which GET returns a collection.
use crate::grading::model::{Method, Model, Operation, Parameter, SchemaId, Segment};

use super::operations::query_params;
use super::paths::{is_action_path, is_item_path, last_literal};
use super::plurals::is_plural_word;
use super::responses::{success_response, success_schema};
use super::words::{squash, words};

/// How a list response is shaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListShape {
    /// A bare JSON array.
    BareArray,
    /// An object holding the items in this array property.
    Envelope(String),
    /// Neither: a single object or something we cannot read.
    Other,
}

/// Reads the body schema of a GET: bare array, envelope object with an array property, or other.
pub fn list_shape(model: &Model, id: SchemaId) -> ListShape {
    let s = model.schema(id);
    if s.has_type("array") || (s.types.is_empty() && s.items.is_some()) {
        return ListShape::BareArray;
    }
    // A wrapper of one schema (allOf: [Page, {properties: {data: ...}}]) is read through.
    for (name, pid) in model.all_properties(id) {
        let p = model.schema(pid);
        if p.has_type("array") || (p.types.is_empty() && p.items.is_some()) {
            return ListShape::Envelope(name.to_string());
        }
    }
    for alt in s.one_of.iter().chain(&s.any_of) {
        if let ListShape::Envelope(n) = list_shape_shallow(model, *alt) {
            return ListShape::Envelope(n);
        }
    }
    ListShape::Other
}

fn list_shape_shallow(model: &Model, id: SchemaId) -> ListShape {
    for (name, pid) in model.all_properties(id) {
        if model.schema(pid).has_type("array") {
            return ListShape::Envelope(name.to_string());
        }
    }
    ListShape::Other
}

/// Query parameters that set a page size.
pub const PAGE_SIZE_NAMES: &[&str] = &[
    "limit",
    "pagesize",
    "perpage",
    "size",
    "count",
    "first",
    "last",
    "maxresults",
    "top",
    "take",
    "pagelimit",
    "maxitems",
    "batchsize",
    "maxpagesize",
    "resultsperpage",
];

/// Query parameters that carry an opaque position.
pub const CURSOR_NAMES: &[&str] = &[
    "cursor",
    "after",
    "before",
    "pagetoken",
    "nextpagetoken",
    "startingafter",
    "endingbefore",
    "continuationtoken",
    "continuation",
    "marker",
    "nexttoken",
    "pagecursor",
    "startcursor",
    "token",
    "since",
    "until",
    "startafter",
    "next",
    "from",
    "seek",
    "afterid",
    "beforeid",
    "lastevaluatedkey",
    "nextcursor",
];

pub const PAGE_NAMES: &[&str] = &["page", "pagenumber", "pageno", "pageindex"];

pub const OFFSET_NAMES: &[&str] = &["offset", "skip", "start", "startindex"];

/// How a list is walked. Ordered by preference: a cursor, then a page number, then an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, strum::IntoStaticStr)]
pub enum Scheme {
    #[strum(to_string = "cursor")]
    Cursor,
    #[strum(to_string = "page number")]
    Page,
    #[strum(to_string = "offset")]
    Offset,
}

impl Scheme {
    /// As messages name it: `cursor`, `page number`, `offset`.
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// The page-size parameter of a GET, if any.
pub fn page_size_param<'o, 'd>(op: &'o Operation<'d>) -> Option<&'o Parameter<'d>> {
    query_params(op).find(|p| PAGE_SIZE_NAMES.contains(&squash(&p.name).as_str()))
}

/// `from`/`since`/`until` that take a date or time: a range filter, not a position in a list.
fn is_time_filter(model: &Model, p: &Parameter) -> bool {
    p.schema.is_some_and(|id| {
        let s = model.schema(id);
        matches!(s.format.as_deref(), Some("date" | "date-time"))
    }) && matches!(
        squash(&p.name).as_str(),
        "from" | "since" | "until" | "to" | "before" | "after" | "start" | "end"
    )
}

/// The position parameter of a GET and the scheme it implies. A cursor wins over a page number
/// wins over an offset when several are offered.
pub fn position_param<'o, 'd>(model: &Model, op: &'o Operation<'d>) -> Option<(&'o Parameter<'d>, Scheme)> {
    let mut best: Option<(&Parameter, Scheme)> = None;
    for p in query_params(op) {
        let n = squash(&p.name);
        if is_time_filter(model, p) {
            continue;
        }
        let scheme = if CURSOR_NAMES.contains(&n.as_str()) {
            Scheme::Cursor
        } else if PAGE_NAMES.contains(&n.as_str()) {
            Scheme::Page
        } else if OFFSET_NAMES.contains(&n.as_str()) {
            Scheme::Offset
        } else {
            continue;
        };
        if best.is_none_or(|(_, b)| scheme < b) {
            best = Some((p, scheme));
        }
    }
    best
}

/// A GET that returns many things: its success body is a bare array or an envelope, or (with no
/// body described) its path ends in a plural collection segment.
pub fn is_collection_get(model: &Model, op: &Operation) -> bool {
    if op.method != Method::Get {
        return false;
    }
    let path = &model.paths[op.path_index];
    if is_item_path(path) {
        return false;
    }
    match success_schema(op) {
        Some((_, _, id)) => match list_shape(model, id) {
            ListShape::BareArray => true,
            ListShape::Envelope(field) => !is_action_path(path) && envelope_is_page(model, op, id, &field),
            ListShape::Other => false,
        },
        None => {
            success_response(op).is_some_and(|r| r.content.is_empty())
                && last_literal(path).is_some_and(|l| {
                    let w = words(l);
                    w.last().is_some_and(|x| x.ends_with('s') && is_plural_word(x))
                })
                && position_param(model, op).is_some()
        }
    }
}

/// Fields that describe a page rather than the resource: a page's envelope holds only these
/// beside its items.
const PAGE_METADATA: &[&str] = &[
    "cursor",
    "nextcursor",
    "next",
    "nextpage",
    "nextpagetoken",
    "nexttoken",
    "nextlink",
    "nexturl",
    "prev",
    "previous",
    "prevcursor",
    "previouscursor",
    "prevpage",
    "links",
    "link",
    "self",
    "total",
    "totalcount",
    "totalitems",
    "totalresults",
    "count",
    "hasmore",
    "hasnext",
    "hasnextpage",
    "page",
    "pageinfo",
    "pagination",
    "paging",
    "meta",
    "metadata",
    "limit",
    "perpage",
    "pagesize",
    "offset",
    "object",
    "url",
    "startcursor",
    "endcursor",
    "continuationtoken",
];

/// Names of the property that holds a page's items.
const PAGE_HOLDERS: &[&str] = &[
    "data", "items", "results", "records", "entries", "nodes", "edges", "values", "content", "elements", "list",
];

/// Whether an object that holds an array (`field`) is a page of a list rather than one document
/// that happens to contain a bounded array (`/preferences` with opted-out categories, `/stats`
/// with time buckets). Decided from structure and shape, not from whether the name is plural:
/// the path is a collection (an item path sits below it, or a POST creates into it), or the GET
/// takes a page size or position, or the object is a bare page (the array under a page-holder
/// name or the path's own noun, beside nothing but paging metadata).
fn envelope_is_page(model: &Model, op: &Operation, id: SchemaId, field: &str) -> bool {
    let path = &model.paths[op.path_index];
    let items_below = model.paths.iter().any(|p| {
        p.segments.len() == path.segments.len() + 1
            && p.segments.starts_with(&path.segments)
            && matches!(p.segments.last(), Some(Segment::Param(_)))
            && !p.operations.is_empty()
    });
    if items_below || page_size_param(op).is_some() || position_param(model, op).is_some() {
        return true;
    }
    let creates_here = path.operations.iter().any(|&oi| {
        let o = &model.operations[oi];
        o.method == Method::Post && o.response("201").is_some()
    });
    if creates_here {
        return true;
    }
    let holder = squash(field);
    let named_as_page =
        PAGE_HOLDERS.contains(&holder.as_str()) || last_literal(path).is_some_and(|l| squash(l) == holder);
    named_as_page
        && model
            .all_properties(id)
            .iter()
            .all(|(n, _)| *n == field || PAGE_METADATA.contains(&squash(n).as_str()))
}
