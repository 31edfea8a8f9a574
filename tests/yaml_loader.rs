//! How the YAML loader reads tricky scalars, tags, aliases and keys, and how it refuses what it
//! cannot read. The expectations are what the serde_yaml_ng path it replaced produced, recorded
//! by a differential test while both loaders existed (that test also found the same value for
//! every YAML document in the repository and the public corpus). Where the two differ, the case
//! says how.
use apidojo::grading::load::parse_yaml;
use apidojo::grading::Limits;

/// What a text reads as: compact JSON, or the refusal's line.
type Reading = Result<&'static str, &'static str>;

/// (scalar, `a: SCALAR` read as `a`'s value, `SCALAR: a` read as a document).
#[rustfmt::skip]
const SCALARS: &[(&str, Reading, Reading)] = &[
    ("yes", Ok(r#""yes""#), Ok(r#"{"yes":"a"}"#)),
    ("no", Ok(r#""no""#), Ok(r#"{"no":"a"}"#)),
    ("on", Ok(r#""on""#), Ok(r#"{"on":"a"}"#)),
    ("off", Ok(r#""off""#), Ok(r#"{"off":"a"}"#)),
    ("y", Ok(r#""y""#), Ok(r#"{"y":"a"}"#)),
    ("n", Ok(r#""n""#), Ok(r#"{"n":"a"}"#)),
    ("Yes", Ok(r#""Yes""#), Ok(r#"{"Yes":"a"}"#)),
    ("NO", Ok(r#""NO""#), Ok(r#"{"NO":"a"}"#)),
    ("True", Ok(r#"true"#), Ok(r#"{"true":"a"}"#)),
    ("TRUE", Ok(r#"true"#), Ok(r#"{"true":"a"}"#)),
    ("false", Ok(r#"false"#), Ok(r#"{"false":"a"}"#)),
    ("FALSE", Ok(r#"false"#), Ok(r#"{"false":"a"}"#)),
    ("~", Ok(r#"null"#), Ok(r#"{"null":"a"}"#)),
    ("null", Ok(r#"null"#), Ok(r#"{"null":"a"}"#)),
    ("Null", Ok(r#"null"#), Ok(r#"{"null":"a"}"#)),
    ("NULL", Ok(r#"null"#), Ok(r#"{"null":"a"}"#)),
    // The key: YAML 1.2 allows an empty implicit key; libyaml refused it.
    ("", Ok(r#"null"#), Ok(r#"{"null":"a"}"#)),
    ("0", Ok(r#"0"#), Ok(r#"{"0":"a"}"#)),
    ("-0", Ok(r#"0"#), Ok(r#"{"0":"a"}"#)),
    ("+0", Ok(r#"0"#), Ok(r#"{"0":"a"}"#)),
    ("00", Ok(r#""00""#), Ok(r#"{"00":"a"}"#)),
    ("007", Ok(r#""007""#), Ok(r#"{"007":"a"}"#)),
    ("-007", Ok(r#""-007""#), Ok(r#"{"-007":"a"}"#)),
    ("0o17", Ok(r#"15"#), Ok(r#"{"15":"a"}"#)),
    ("0O17", Ok(r#""0O17""#), Ok(r#"{"0O17":"a"}"#)),
    ("017", Ok(r#""017""#), Ok(r#"{"017":"a"}"#)),
    ("0x1F", Ok(r#"31"#), Ok(r#"{"31":"a"}"#)),
    ("-0x1F", Ok(r#"-31"#), Ok(r#"{"-31":"a"}"#)),
    ("+0x1F", Ok(r#"31"#), Ok(r#"{"31":"a"}"#)),
    ("0x", Ok(r#""0x""#), Ok(r#"{"0x":"a"}"#)),
    ("0b101", Ok(r#"5"#), Ok(r#"{"5":"a"}"#)),
    ("-0b101", Ok(r#"-5"#), Ok(r#"{"-5":"a"}"#)),
    ("0b", Ok(r#""0b""#), Ok(r#"{"0b":"a"}"#)),
    ("1_000", Ok(r#""1_000""#), Ok(r#"{"1_000":"a"}"#)),
    ("1e3", Ok(r#"1000.0"#), Ok(r#"{"1000":"a"}"#)),
    ("1E3", Ok(r#"1000.0"#), Ok(r#"{"1000":"a"}"#)),
    ("1.5e-3", Ok(r#"0.0015"#), Ok(r#"{"0.0015":"a"}"#)),
    ("-1.5", Ok(r#"-1.5"#), Ok(r#"{"-1.5":"a"}"#)),
    ("+1.5", Ok(r#"1.5"#), Ok(r#"{"1.5":"a"}"#)),
    (".5", Ok(r#"0.5"#), Ok(r#"{"0.5":"a"}"#)),
    ("5.", Ok(r#"5.0"#), Ok(r#"{"5":"a"}"#)),
    ("1.", Ok(r#"1.0"#), Ok(r#"{"1":"a"}"#)),
    ("00.5", Ok(r#"0.5"#), Ok(r#"{"0.5":"a"}"#)),
    (".inf", Ok(r#""inf""#), Ok(r#"{"inf":"a"}"#)),
    ("-.inf", Ok(r#""-inf""#), Ok(r#"{"-inf":"a"}"#)),
    ("+.inf", Ok(r#""inf""#), Ok(r#"{"inf":"a"}"#)),
    (".Inf", Ok(r#""inf""#), Ok(r#"{"inf":"a"}"#)),
    (".INF", Ok(r#""inf""#), Ok(r#"{"inf":"a"}"#)),
    (".nan", Ok(r#""NaN""#), Ok(r#"{"NaN":"a"}"#)),
    (".NaN", Ok(r#""NaN""#), Ok(r#"{"NaN":"a"}"#)),
    ("inf", Ok(r#""inf""#), Ok(r#"{"inf":"a"}"#)),
    ("nan", Ok(r#""nan""#), Ok(r#"{"nan":"a"}"#)),
    ("infinity", Ok(r#""infinity""#), Ok(r#"{"infinity":"a"}"#)),
    ("1e400", Ok(r#""1e400""#), Ok(r#"{"1e400":"a"}"#)),
    ("-1e400", Ok(r#""-1e400""#), Ok(r#"{"-1e400":"a"}"#)),
    ("18446744073709551615", Ok(r#"18446744073709551615"#), Ok(r#"{"18446744073709551615":"a"}"#)),
    ("18446744073709551616", Ok(r#"1.8446744073709552e+19"#), Err(r#"invalid YAML at line 1, column 1: invalid type: integer `18446744073709551616` as u128, expected a scalar mapping key: fix the syntax and resubmit"#)),
    ("18446744073709552000", Ok(r#"1.8446744073709552e+19"#), Err(r#"invalid YAML at line 1, column 1: invalid type: integer `18446744073709552000` as u128, expected a scalar mapping key: fix the syntax and resubmit"#)),
    ("-9223372036854775808", Ok(r#"-9223372036854775808"#), Ok(r#"{"-9223372036854775808":"a"}"#)),
    ("-9223372036854775809", Ok(r#"-9.223372036854776e+18"#), Err(r#"invalid YAML at line 1, column 1: invalid type: integer `-9223372036854775809` as i128, expected a scalar mapping key: fix the syntax and resubmit"#)),
    ("-9223372036854776000", Ok(r#"-9.223372036854776e+18"#), Err(r#"invalid YAML at line 1, column 1: invalid type: integer `-9223372036854776000` as i128, expected a scalar mapping key: fix the syntax and resubmit"#)),
    ("340282366920938463463374607431768211455", Ok(r#"3.402823669209385e+38"#), Err(r#"invalid YAML at line 1, column 1: invalid type: integer `340282366920938463463374607431768211455` as u128, expected a scalar mapping key: fix the syntax and resubmit"#)),
    ("340282366920938463463374607431768211456", Ok(r#"3.402823669209385e+38"#), Ok(r#"{"340282366920938500000000000000000000000":"a"}"#)),
    ("12:30:00", Ok(r#""12:30:00""#), Ok(r#"{"12:30:00":"a"}"#)),
    ("2024-01-01", Ok(r#""2024-01-01""#), Ok(r#"{"2024-01-01":"a"}"#)),
    ("3.0.3", Ok(r#""3.0.3""#), Ok(r#"{"3.0.3":"a"}"#)),
    ("1.0", Ok(r#"1.0"#), Ok(r#"{"1":"a"}"#)),
    ("+", Ok(r#""+""#), Ok(r#"{"+":"a"}"#)),
    ("-", Err(r#"invalid YAML at line 1, column 4: block sequence entries are not allowed in this context: fix the syntax and resubmit"#), Ok(r#"{"-":"a"}"#)),
    (".", Ok(r#"".""#), Ok(r#"{".":"a"}"#)),
    ("0.", Ok(r#"0.0"#), Ok(r#"{"0":"a"}"#)),
    ("-.5", Ok(r#"-0.5"#), Ok(r#"{"-0.5":"a"}"#)),
    ("1__0", Ok(r#""1__0""#), Ok(r#"{"1__0":"a"}"#)),
    ("0x_1F", Ok(r#""0x_1F""#), Ok(r#"{"0x_1F":"a"}"#)),
    ("!!str 123", Ok(r#""123""#), Ok(r#"{"123":"a"}"#)),
    ("!!str true", Ok(r#""true""#), Ok(r#"{"true":"a"}"#)),
    ("!!str ~", Ok(r#""~""#), Ok(r#"{"~":"a"}"#)),
    ("!!int \"12\"", Ok(r#"12"#), Ok(r#"{"12":"a"}"#)),
    ("!!int '0x1F'", Ok(r#"31"#), Ok(r#"{"31":"a"}"#)),
    ("!!float 1", Ok(r#"1.0"#), Ok(r#"{"1":"a"}"#)),
    ("!!float '1e3'", Ok(r#"1000.0"#), Ok(r#"{"1000":"a"}"#)),
    ("!!bool true", Ok(r#"true"#), Ok(r#"{"true":"a"}"#)),
    ("!!null ''", Err(r#"invalid YAML at line 1, column 4: a: invalid value: string "", expected null: fix the syntax and resubmit"#), Err(r#"invalid YAML at line 1, column 1: invalid value: string "", expected null: fix the syntax and resubmit"#)),
    ("!!null ~", Ok(r#"null"#), Ok(r#"{"null":"a"}"#)),
    ("!!binary aGk=", Ok(r#""aGk=""#), Ok(r#"{"aGk=":"a"}"#)),
    ("!!timestamp 2024-01-01", Ok(r#""2024-01-01""#), Ok(r#"{"2024-01-01":"a"}"#)),
    ("'123'", Ok(r#""123""#), Ok(r#"{"123":"a"}"#)),
    ("\"true\"", Ok(r#""true""#), Ok(r#"{"true":"a"}"#)),
    ("'~'", Ok(r#""~""#), Ok(r#"{"~":"a"}"#)),
    ("\"0x1F\"", Ok(r#""0x1F""#), Ok(r#"{"0x1F":"a"}"#)),
    // The key: was "more than one document" without a position.
    ("|\n  text\n", Ok(r#""text\n""#), Err(r#"invalid YAML at line 3, column 1: did not find expected <document start>: fix the syntax and resubmit"#)),
    // The key: was "more than one document" without a position.
    (">-\n  folded\n  text\n", Ok(r#""folded text""#), Err(r#"invalid YAML at line 4, column 1: did not find expected <document start>: fix the syntax and resubmit"#)),
];

#[test]
fn tricky_scalars_read_as_before_and_yaml_1_1_booleans_stay_text() {
    let limits = Limits::default();
    for (scalar, value, key) in SCALARS {
        let got = parse_yaml(&format!("a: {scalar}\n"), &limits);
        let got = got.map(|v| v["a"].to_string()).map_err(|e| e.to_string());
        assert_eq!(got.as_deref().map_err(String::as_str), *value, "a: {scalar}");
        let got = parse_yaml(&format!("{scalar}: a\n"), &limits);
        let got = got.map(|v| v.to_string()).map_err(|e| e.to_string());
        assert_eq!(got.as_deref().map_err(String::as_str), *key, "{scalar}: a");
        let got = parse_yaml(&format!("- {scalar}\n"), &limits);
        if let (Ok(list), Ok(value)) = (got, value) {
            assert_eq!(list[0].to_string(), *value, "- {scalar}");
        }
    }
    let v = parse_yaml("[yes, no, on, off, y, n, Yes, NO, true]", &limits).unwrap();
    assert_eq!(
        v,
        serde_json::json!(["yes", "no", "on", "off", "y", "n", "Yes", "NO", true])
    );
}

/// Tags, aliases, keys and refusals: (document, what it reads as).
#[rustfmt::skip]
const DOCUMENTS: &[(&str, Reading)] = &[
    ("a: !local x\n", Err(r#"invalid YAML at line 1, column 4: a: invalid type: enum, expected any value: fix the syntax and resubmit"#)),
    ("a: ! x\n", Err(r#"invalid YAML at line 1, column 4: a: invalid type: enum, expected any value: fix the syntax and resubmit"#)),
    ("a: !local {b: 1}\n", Err(r#"invalid YAML at line 1, column 4: a: invalid type: enum, expected any value: fix the syntax and resubmit"#)),
    ("a: !!map {b: 1}\n", Ok(r#"{"a":{"b":1}}"#)),
    ("a: !!seq [1]\n", Ok(r#"{"a":[1]}"#)),
    ("a: !<tag:yaml.org,2002:int> '5'\n", Ok(r#"{"a":5}"#)),
    ("a: !!bool yes\n", Err(r#"invalid YAML at line 1, column 4: a: invalid value: string "yes", expected a boolean: fix the syntax and resubmit"#)),
    ("a: !!int x\n", Err(r#"invalid YAML at line 1, column 4: a: invalid value: string "x", expected an integer: fix the syntax and resubmit"#)),
    ("a: !!float x\n", Err(r#"invalid YAML at line 1, column 4: a: invalid value: string "x", expected a float: fix the syntax and resubmit"#)),
    ("a: !!null x\n", Err(r#"invalid YAML at line 1, column 4: a: invalid value: string "x", expected null: fix the syntax and resubmit"#)),
    ("!local a: b\n", Err(r#"invalid YAML at line 1, column 1: invalid type: enum, expected a scalar mapping key: fix the syntax and resubmit"#)),
    ("? [a]\n: b\n", Err(r#"invalid YAML at line 1, column 3: invalid type: sequence, expected a scalar mapping key: fix the syntax and resubmit"#)),
    ("? {a: 1}\n: b\n", Err(r#"invalid YAML at line 1, column 3: invalid type: map, expected a scalar mapping key: fix the syntax and resubmit"#)),
    ("a: &x [1, 2]\nb: *x\n", Ok(r#"{"a":[1,2],"b":[1,2]}"#)),
    ("a: &x 200\nb: {*x : ok}\n", Ok(r#"{"a":200,"b":{"200":"ok"}}"#)),
    // The alias is named, not its anchor (was line 1, column 4).
    ("a: &x [1]\n*x : ok\n", Err(r#"invalid YAML at line 2, column 1: invalid type: sequence, expected a scalar mapping key: fix the syntax and resubmit"#)),
    ("&k 200: a\nb: *k\n", Ok(r#"{"200":"a","b":200}"#)),
    ("a: &x 1\na2: &x 2\nb: *x\n", Ok(r#"{"a":1,"a2":2,"b":2}"#)),
    // The alias is named, not its anchor (was column 4).
    ("a: &x [*x]\n", Err(r#"the document nests deeper than 100 levels at line 1, column 8: flatten it, e.g. with $ref to components"#)),
    // The parser's wording (was "unknown anchor").
    ("a: *nope\n", Err(r#"invalid YAML at line 1, column 4: while parsing node, found unknown anchor: fix the syntax and resubmit"#)),
    ("a: 1\na: 2\n", Err(r#"duplicate key "a" at line 2, column 1: each key may appear once per object, remove or rename one"#)),
    ("a:\n  b: 1\n  c: 2\n  b: 3\n", Err(r#"duplicate key "b" at line 4, column 3: each key may appear once per object, remove or rename one"#)),
    ("<<: {a: 1}\nb: 2\n", Ok(r#"{"<<":{"a":1},"b":2}"#)),
    // Now with the place of the second document.
    ("a: 1\n---\nb: 2\n", Err(r#"invalid YAML at line 2, column 1: deserializing from YAML containing more than one document is not supported: fix the syntax and resubmit"#)),
    ("---\na: 1\n...\n", Ok(r#"{"a":1}"#)),
    ("# only a comment\n", Ok(r#"null"#)),
    ("---\n", Ok(r#"null"#)),
    // The parser's wording (was "did not find expected ',' or ']'").
    ("a: [1, 2\n", Err(r#"invalid YAML at line 2, column 1: while parsing a flow sequence, expected ',' or ']': fix the syntax and resubmit"#)),
    ("a: b: c\n", Err(r#"invalid YAML at line 1, column 5: mapping values are not allowed in this context: fix the syntax and resubmit"#)),
    // The parser's wording and place (was "found character that cannot start any token" at column 1).
    ("a:\n\t- b\n", Err(r#"invalid YAML at line 2, column 2: tabs disallowed within this context (block indentation): fix the syntax and resubmit"#)),
    ("18446744073709551616: x\n", Err(r#"invalid YAML at line 1, column 1: invalid type: integer `18446744073709551616` as u128, expected a scalar mapping key: fix the syntax and resubmit"#)),
    ("-9223372036854775809: x\n", Err(r#"invalid YAML at line 1, column 1: invalid type: integer `-9223372036854775809` as i128, expected a scalar mapping key: fix the syntax and resubmit"#)),
    ("1.5: x\n1e3: y\n.inf: z\n", Ok(r#"{"1.5":"x","1000":"y","inf":"z"}"#)),
    ("~: a\n", Ok(r#"{"null":"a"}"#)),
    ("true: a\n", Ok(r#"{"true":"a"}"#)),
    ("'': a\n", Ok(r#"{"":"a"}"#)),
];

#[test]
fn tags_aliases_keys_and_refusals_are_handled_as_before() {
    let limits = Limits::default();
    for (doc, expected) in DOCUMENTS {
        let got = parse_yaml(doc, &limits);
        let got = got.map(|v| v.to_string()).map_err(|e| e.to_string());
        assert_eq!(got.as_deref().map_err(String::as_str), *expected, "{doc:?}");
    }
}
