//! Hostile input through the CLI and the library: a clear refusal (exit 2, one line) or a
//! report; never a panic, a hang or unbounded memory.
mod common;

use common::{assert_refused, grade_default, run};

fn alias_bomb() -> String {
    let mut s = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = i - 1;
        s.push_str(&format!(
            "x-a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    s
}

#[test]
fn alias_bomb_is_refused_before_expansion() {
    let bomb = alias_bomb();
    let out = run(&["grade", "-"], bomb.as_bytes());
    let line = assert_refused(&out);
    assert!(line.contains("alias"), "{line}");
}

#[test]
fn deep_nesting_is_refused() {
    let n = 100_000;
    let json = format!("{{\"openapi\": \"3.1.0\", \"x\": {}{}}}", "[".repeat(n), "]".repeat(n));
    let line = assert_refused(&run(&["grade", "-"], json.as_bytes()));
    assert!(line.contains("nests deeper than 100"), "{line}");
    let yaml = format!("openapi: 3.1.0\nx: {}{}\n", "[".repeat(n), "]".repeat(n));
    let line = assert_refused(&run(&["grade", "-"], yaml.as_bytes()));
    assert!(line.contains("nests deeper"), "{line}");
    let mut block = String::from("openapi: 3.1.0\nx:\n");
    for i in 1..5000 {
        block.push_str(&" ".repeat(i));
        block.push_str("a:\n");
    }
    assert_refused(&run(&["grade", "-"], block.as_bytes()));
}

#[test]
fn ref_cycles_and_external_refs_give_a_report() {
    let doc = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /nodes:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Node"}
        "404": {$ref: "https://example.com/errors.yaml#/NotFound"}
        "500": {$ref: "../errors.yaml#/Oops"}
  /loop:
    $ref: "#/paths/~1loop"
components:
  schemas:
    Node:
      type: object
      properties:
        children: {type: array, items: {$ref: "#/components/schemas/Node"}}
        self: {$ref: "#/components/schemas/Node"}
        a: {$ref: "#/components/schemas/A"}
    A: {$ref: "#/components/schemas/B"}
    B: {$ref: "#/components/schemas/A"}
"##;
    let report = grade_default(doc.as_bytes()).expect("a cyclic document is gradable");
    assert!(report.score >= 0.0 && report.score <= 100.0);
    let out = run(&["grade", "-", "--format", "json"], doc.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = apidojo::grading::load::load(doc.as_bytes(), &Default::default()).unwrap();
    let model = apidojo::grading::resolve::build(&doc);
    let targets: Vec<&str> = model.external_refs.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        targets,
        ["https://example.com/errors.yaml#/NotFound", "../errors.yaml#/Oops"]
    );
    assert!(model.broken_refs.iter().any(|r| r.target == "#/paths/~1loop"));
}

#[test]
fn a_5000_path_spec_is_graded() {
    let mut doc = String::from("openapi: 3.0.3\ninfo: {title: big, version: '1'}\npaths:\n");
    for i in 0..5000 {
        doc.push_str(&format!(
            "  /things{i}/{{id}}:\n    get:\n      operationId: getThing{i}\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Thing'}}}}}}}}\n"
        ));
    }
    doc.push_str("components:\n  schemas:\n    Thing: {type: object, properties: {id: {type: string}}}\n");
    let report = grade_default(doc.as_bytes()).expect("gradable");
    assert!(!report.findings.is_empty());
    // Big enough for rules to run on several threads: the report must not depend on that.
    let again = grade_default(doc.as_bytes()).expect("gradable");
    assert_eq!(report.to_json(), again.to_json());
}

#[test]
fn invalid_utf8_is_refused_with_its_line() {
    let line = assert_refused(&run(&["grade", "-"], b"openapi: 3.0.3\ninfo:\n  title: \xc3\x28\n"));
    assert!(line.contains("not UTF-8") && line.contains("line 3"), "{line}");
}

#[test]
fn duplicate_keys_are_refused_with_their_line() {
    let doc = b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {}\n  /a:\n    put:\n      responses: {}\n";
    let line = assert_refused(&run(&["grade", "-"], doc));
    assert!(
        line.contains("duplicate key \"/a\"") && line.contains("line 7"),
        "{line}"
    );
}

#[test]
fn empty_list_and_scalar_documents_are_refused() {
    for (doc, expect) in [
        (&b""[..], "empty"),
        (b"   \n\n", "empty"),
        (b"- openapi: 3.0.3\n", "a list"),
        (b"[1, 2]", "a list"),
        (b"just words", "a string"),
        (b"3.0", "a number"),
        (b"null", "null"),
        (b"{\"info\": {}}", "no `openapi` or `asyncapi` field"),
        (b"openapi: 4.0.0\n", "not supported"),
    ] {
        let line = assert_refused(&run(&["grade", "-"], doc));
        assert!(line.contains(expect), "{expect}: {line}");
    }
}

#[test]
fn oversized_input_is_refused_before_reading_it_all() {
    let big = vec![b' '; 2048];
    let line = assert_refused(&run(&["grade", "-", "--max-bytes", "1024"], &big));
    assert!(line.contains("over the limit of 1024 bytes"), "{line}");
}

#[test]
fn unreadable_files_and_unknown_ids_are_one_line() {
    assert_refused(&run(&["grade", "/nonexistent/spec.yaml"], b""));
    assert_refused(&run(&["grade", "tests"], b""));
    let spec = "tests/fixtures/interview-small.yaml";
    let line = assert_refused(&run(&["grade", spec, "--exercise", "no-such-exercise"], b""));
    assert!(line.contains("exercises list"), "{line}");
    assert_refused(&run(&["grade", spec, "--rubric", "no-such-rubric"], b""));
}

#[test]
fn syntax_errors_are_one_line_with_a_position() {
    let line = assert_refused(&run(&["grade", "-"], b"openapi: 3.0.3\npaths: [\n"));
    assert!(line.contains("invalid YAML at line"), "{line}");
    let line = assert_refused(&run(
        &["grade", "-"],
        b"{\"openapi\": \"3.0.3\",\n \"paths\": {\"a\" 1}}",
    ));
    assert!(line.contains("line 2"), "{line}");
}
