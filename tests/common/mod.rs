//! Helpers shared by the integration tests.
#![allow(dead_code)]
use std::io::Write;
use std::process::{Command, Output, Stdio};

use apidojo::catalog::Catalog;
use apidojo::grading::{grade, Limits, LoadError, Report};

/// The `apidojo` binary, with none of the caller's settings file, database, secret or password
/// settings.
pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_apidojo"));
    cmd.env_remove("APIDOJO_CONFIG")
        .env_remove("DATABASE_URL")
        .env_remove("APIDOJO_JWT_SECRET")
        .env_remove("APIDOJO_PASSWORD");
    cmd
}

/// Runs `apidojo` with `args`, feeding `stdin`.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    run_with_env(args, &[], stdin)
}

/// Runs `apidojo` with `args` and the environment variables `envs`, feeding `stdin`.
pub fn run_with_env(args: &[&str], envs: &[(&str, &str)], stdin: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .envs(envs.iter().copied())
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

/// A port nothing listens on right now, for a server the test starts.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("its address")
        .port()
}

/// `apidojo serve` on `127.0.0.1:port`, reading nothing from standard input.
pub fn serve(port: u16) -> Command {
    let mut cmd = bin();
    cmd.args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .stdin(Stdio::null());
    cmd
}

/// Asks `url` every 50 ms until the server answers at all, for up to `within`: its answer, or
/// `None` when it never came up.
pub async fn first_answer(url: &str, within: std::time::Duration) -> Option<reqwest::Response> {
    let client = reqwest::Client::new();
    let deadline = std::time::Instant::now() + within;
    while std::time::Instant::now() < deadline {
        if let Ok(r) = client.get(url).send().await {
            return Some(r);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    None
}

/// A deliberately weak answer to the URL shortener: a verb in the path, a bare array, no
/// errors, no security.
pub const WEAK_SPEC: &str = r#"openapi: 3.0.3
info:
  title: Links
  version: "1"
paths:
  /getLinks:
    get:
      responses:
        "200":
          description: all links
          content:
            application/json:
              schema:
                type: array
                items:
                  type: object
                  properties:
                    code:
                      type: string
"#;

/// The URL shortener's model answer.
pub const STRONG_SPEC: &str = include_str!("../../exercises/model-answers/url-shortener.yaml");

pub fn grade_default(input: &[u8]) -> Result<Report, LoadError> {
    let catalog = Catalog::builtin();
    let rubric = catalog.rubric("api-design-core").expect("default rubric");
    grade(input, rubric, None, &Limits::default())
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("tests/fixtures/{name}")).expect("fixture exists")
}
