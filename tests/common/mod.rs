//! Helpers shared by the integration tests.
#![allow(dead_code)]
use std::io::Write;
use std::process::{Command, Output, Stdio};

use apidojo::catalog::Catalog;
use apidojo::grading::{grade, Limits, LoadError, Report};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_apidojo"))
}

/// Runs `apidojo` with `args`, feeding `stdin`.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // The child may refuse before reading everything; a broken pipe is fine then.
    let _ = child.stdin.take().expect("stdin").write_all(stdin);
    child.wait_with_output().expect("the binary finishes")
}

/// Asserts the CLI refused the input: exit 2, exactly one line on stderr, nothing on stdout.
/// Returns the line.
pub fn assert_refused(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(out.stdout.is_empty(), "stdout should be empty");
    assert_eq!(stderr.lines().count(), 1, "one line expected, got: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

pub fn grade_default(input: &[u8]) -> Result<Report, LoadError> {
    let catalog = Catalog::builtin();
    let rubric = catalog.rubric("api-design-core").expect("default rubric");
    grade(input, rubric, None, &Limits::default())
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/{name}")).expect("fixture exists")
}
