//! `security/bounded-strings`: documented by [`META`] (what it checks, why, how to fix, examples), the one text
//! `apidojo rules explain`, `rubrics/RULES.md` and SARIF are generated from.
use crate::grading::rule::{Ctx, Dimension, Outcome, Rule, RuleMeta, Severity, Violation};

use crate::grading::rules::support::inputs::inputs;

pub struct BoundedStrings;

pub static META: RuleMeta = RuleMeta {
    id: "security/bounded-strings",
    dimension: Dimension::Security,
    default_severity: Severity::Warning,
    summary: "Input strings have a `maxLength` (or an enum or fixed-size format).",
    checks: "Every string a client sends (parameters and request-body properties, not read-only ones) is bounded: \
             `maxLength`, an `enum`/`const`, a fixed-size format (`uuid`, `date`, `date-time`, `ipv4`, ...) or a \
             `pattern` anchored at both ends with bounded repetition. An identifier (a path parameter, or a \
             parameter or property whose name ends in `id`) is bounded by any `format` (`ulid`, ...) or `pattern` \
             (`^msg_[0-9A-Z]+$`): it names the shape the server accepts and rejects anything else. \
             Each distinct schema is one place, reported where it is defined.",
    why: "Unbounded strings let one request push megabytes into your database, logs and downstream \
          services. Limits in the contract are the first defence against abuse and tell every \
          implementer what to validate.",
    fix: "Add a `maxLength` that fits the field (e.g. 2048 for URLs, 255 for names), or an `enum`.",
    example_bad: "long_url:\n  type: string\n",
    example_good: "long_url:\n  type: string\n  format: uri\n  maxLength: 2048\n",
};

pub(crate) const FIXED_FORMATS: &[&str] = &[
    "uuid",
    "date",
    "date-time",
    "time",
    "ipv4",
    "ipv6",
    "binary",
    "byte-length",
    "int32",
    "int64",
];

/// Whether a `pattern` bounds the length by itself: anchored at both ends (`^...$`) with no
/// unbounded quantifier (`*`, `+`, `{n,}`) outside a character class, as in `^[A-Z]{3}$` or
/// `^[a-f0-9]{64}$`.
pub fn bounded_pattern(pattern: &str) -> bool {
    let Some(body) = pattern.strip_prefix('^') else {
        return false;
    };
    let Some(body) = body.strip_suffix('$') else {
        return false;
    };
    if body.ends_with('\\') && !body.ends_with("\\\\") {
        return false; // the `$` was escaped
    }
    let bytes = body.as_bytes();
    let (mut i, mut in_class) = (0, false);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'[' if !in_class => in_class = true,
            b']' if in_class => in_class = false,
            b'*' | b'+' if !in_class => return false,
            b'{' if !in_class => {
                let close = body[i..].find('}').map(|j| i + j);
                let Some(close) = close else { return false };
                if body[i + 1..close].ends_with(',') {
                    return false;
                }
                i = close;
            }
            _ => {}
        }
        i += 1;
    }
    !in_class
}

impl Rule for BoundedStrings {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Ctx<'_>, out: &mut Outcome) {
        let model = cx.model;
        for input in inputs(model) {
            let s = model.schema(input.schema);
            if !s.has_type("string") {
                continue;
            }
            let bounded = s.max_length.is_some()
                || !s.enum_values.is_empty()
                || s.raw.get("const").is_some()
                || s.format.as_deref().is_some_and(|f| FIXED_FORMATS.contains(&f))
                || s.pattern.as_deref().is_some_and(bounded_pattern)
                // An id's declared shape bounds it: the server looks it up and rejects any other.
                || (input.identifier && (s.format.is_some() || s.pattern.is_some()));
            if bounded {
                out.pass();
            } else {
                out.fail(Violation {
                    pointer: s.pointer.clone(),
                    operation: Some(model.operations[input.operation].label()),
                    message: format!("{} is a string with no `maxLength`", input.label),
                    fix: None,
                    ..Default::default()
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::rules::testing::Tester;

    #[test]
    fn pass_and_fail_cases() {
        Tester::new(&BoundedStrings)
            // flags unbounded input strings
            .fail(
                r#"
                paths:
                  /v1/links:
                    post:
                      parameters:
                        - { name: q, in: query, schema: { type: string } }
                        - { name: id, in: query, schema: { type: string, format: uuid } }
                      requestBody:
                        content: { application/json: { schema: { $ref: '#/components/schemas/LinkCreate' } } }
                      responses: { "201": { description: ok } }
                components:
                  schemas:
                    LinkCreate:
                      type: object
                      properties:
                        long_url: { type: string }
                        alias: { type: string, maxLength: 32 }
                        status: { type: string, enum: [active, disabled] }
                        code: { type: string, readOnly: true }
                "#,
                &[
                    "/paths/~1v1~1links/post/parameters/0/schema",
                    "/components/schemas/LinkCreate/properties/long_url",
                ],
            )
            .places(5)
            // anchored patterns with bounded quantifiers are bounded
            .fail(
                r#"
                paths:
                  /v1/payments/{id}:
                    put:
                      parameters:
                        - { name: id, in: path, required: true, schema: { type: string, pattern: '^pay_[A-Za-z0-9]{24}$' } }
                        - { name: If-Match, in: header, required: true, schema: { type: string } }
                        - { name: note, in: query, schema: { type: string, pattern: '^[a-z]+$' } }
                      responses: { "200": { description: ok } }
                "#,
                &["/paths/~1v1~1payments~1{id}/put/parameters/2/schema"],
            )
            // an identifier with a declared shape (any format, any pattern) is bounded; the same
            // shapes on a value that names nothing are not
            .fail(
                r#"
                paths:
                  /v1/channels/{channel}/messages:
                    post:
                      parameters:
                        - { name: channel, in: path, required: true, schema: { type: string, pattern: '^ch_[0-9A-Z]+$' } }
                        - { name: thread_id, in: query, schema: { type: string, format: ulid } }
                        - { name: topic, in: query, schema: { type: string, format: ulid } }
                      requestBody:
                        content: { application/json: { schema: { $ref: '#/components/schemas/MessageCreate' } } }
                      responses: { "201": { description: ok } }
                components:
                  schemas:
                    MessageCreate:
                      type: object
                      properties:
                        replyToId: { type: string, pattern: '^msg_[0-9A-Z]+$' }
                        author_id: { type: string }
                        text: { type: string, pattern: '^[^<>]+$' }
                "#,
                &[
                    "/paths/~1v1~1channels~1{channel}~1messages/post/parameters/2/schema",
                    "/components/schemas/MessageCreate/properties/author_id",
                    "/components/schemas/MessageCreate/properties/text",
                ],
            )
            .places(6)
            .test();
    }

    #[test]
    fn anchored_patterns_with_bounded_quantifiers_are_bounded() {
        for p in [
            "^[A-Z]{3}$",
            "^[a-f0-9]{64}$",
            "^[a-z]{2}-[A-Z]{2}$",
            "^(?:ab|cd){1,4}$",
            "^[+*]{2}$",
        ] {
            assert!(bounded_pattern(p), "{p}");
        }
        for p in ["^[a-z]+$", "[A-Z]{3}", "^[A-Z]{3}", "^a*$", "^[a-z]{3,}$", "^.{1,5}\\$"] {
            assert!(!bounded_pattern(p), "{p}");
        }
    }
}
