use std::process::Output;
use std::time::Duration;

use reqwest::StatusCode;

use crate::helpers::{TestApp, PASSWORD};
use crate::on_both_backends;

fn apidojo(args: &[&str], envs: &[(&str, &str)]) -> Output {
    crate::common::run_with_env(args, envs, b"")
}

fn stderr_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(str::to_owned)
        .collect()
}

async fn users_create_and_set_role_reach_the_api(app: TestApp) {
    let url = app.database_url.clone();
    let out = apidojo(
        &[
            "users",
            "create",
            "--email",
            "Root@Example.com",
            "--role",
            "admin",
            "--database-url",
            &url,
        ],
        &[("APIDOJO_PASSWORD", PASSWORD)],
    );
    assert!(out.status.success(), "{:?}", stderr_lines(&out));
    let root = app.log_in_as("root@example.com").await;
    assert_eq!(root.get("/v1/me").await.json()["role"], "admin");

    let out = apidojo(
        &[
            "users",
            "set-role",
            "--email",
            "root@example.com",
            "--role",
            "coach",
            "--database-url",
            &url,
        ],
        &[],
    );
    assert!(out.status.success(), "{:?}", stderr_lines(&out));
    // Roles are read per request, so the change shows with the same token.
    assert_eq!(root.get("/v1/me").await.json()["role"], "coach");

    let out = apidojo(
        &[
            "users",
            "set-role",
            "--email",
            "nobody@example.com",
            "--role",
            "coach",
            "--database-url",
            &url,
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_lines(&out)
            .iter()
            .any(|l| l.contains("no account with email nobody@example.com")),
        "{:?}",
        stderr_lines(&out)
    );

    let out = apidojo(
        &["users", "create", "--email", "root@example.com", "--database-url", &url],
        &[("APIDOJO_PASSWORD", PASSWORD)],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
}

#[test]
fn users_create_refuses_a_short_password_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("db.sqlite3").display());
    let out = apidojo(
        &["users", "create", "--email", "a@example.com", "--database-url", &url],
        &[("APIDOJO_PASSWORD", "short")],
    );
    assert_eq!(out.status.code(), Some(2));
    let lines = stderr_lines(&out);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("at least 10 characters"), "{lines:?}");
}

#[test]
fn unknown_role_is_refused_by_the_parser() {
    let out = apidojo(
        &["users", "create", "--email", "a@example.com", "--role", "wizard"],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("candidate, coach or admin"));
}

#[test]
fn unreachable_postgres_reports_the_real_cause() {
    // Port 1 on loopback: nothing listens there, so libpq's own "connection refused" must surface.
    let out = apidojo(
        &[
            "migrate",
            "--database-url",
            "postgres://apidojo:secret@127.0.0.1:1/apidojo",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr).to_lowercase();
    assert!(err.contains("connection refused"), "{err}");
    assert!(!err.contains("secret"), "the password must not be printed: {err}");
}

#[test]
fn unsupported_database_scheme_is_named() {
    let out = apidojo(&["migrate", "--database-url", "mysql://localhost/x"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("postgres://... or sqlite://PATH"));
}

#[tokio::test]
async fn serve_defaults_to_a_sqlite_file_and_logs_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let port = crate::common::free_port();
    let log = std::fs::File::create(dir.path().join("serve.log")).unwrap();
    let mut child = crate::common::serve(port)
        .current_dir(dir.path())
        .env("RUST_LOG", "info")
        .stderr(log)
        .spawn()
        .unwrap();
    let ready = crate::common::first_answer(&format!("http://127.0.0.1:{port}/readyz"), Duration::from_secs(20))
        .await
        .is_some_and(|r| r.status() == StatusCode::OK);
    let _ = child.kill();
    let _ = child.wait();
    assert!(ready, "the server did not become ready");
    let db = dir.path().join("data/apidojo.sqlite3");
    assert!(db.exists(), "the default SQLite file is created");
    assert!(
        dir.path().join("data/apidojo.sqlite3.jwt-secret").exists(),
        "a generated secret is kept beside it"
    );
    let log = std::fs::read_to_string(dir.path().join("serve.log")).unwrap();
    assert!(
        log.contains("data/apidojo.sqlite3"),
        "the log names the database file: {log}"
    );
    assert!(
        log.contains(&format!("127.0.0.1:{port}")),
        "the log names the address: {log}"
    );
    assert!(
        log.contains("APIDOJO_JWT_SECRET is not set"),
        "a warning about the generated secret: {log}"
    );
}

on_both_backends!(users_create_and_set_role_reach_the_api,);
