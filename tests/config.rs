//! The settings file, through the real binary: flags override environment variables, which
//! override the file, which overrides the defaults, as `apidojo config` reports; secrets are never
//! printed; a bad file is one line naming its key; `serve` and `migrate` use what the file says.
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::Duration;

mod common;

use common::assert_refused;

const SECRET: &str = "settings-file-secret-settings-file-0123456789";
const DB_PASSWORD: &str = "hunter2-in-the-url";

/// `apidojo args...` run in `dir` (where an `apidojo.toml` is found) with `envs` set.
fn run_in(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> Output {
    common::bin()
        .current_dir(dir)
        .args(args)
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

/// The standard output of a run that must succeed quietly.
fn printed(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// The line of `apidojo config`'s output for `key`.
fn line<'a>(out: &'a str, key: &str) -> &'a str {
    out.lines()
        .find(|l| l.starts_with(&format!("{key} = ")) || l.starts_with(&format!("# {key} ")))
        .unwrap_or_else(|| panic!("no line for {key} in:\n{out}"))
}

/// Asserts the setting's value and the comment naming its source.
fn assert_setting(out: &str, key: &str, value: &str, source: &str) {
    let line = line(out, key);
    let (assignment, comment) = line
        .split_once("  # ")
        .unwrap_or_else(|| panic!("no source comment: {line}"));
    assert_eq!(assignment.trim_end(), format!("{key} = {value}"), "{out}");
    assert_eq!(comment, source, "{out}");
}

fn dir_with_file(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(dir.path().join(name), text).expect("write the settings file");
    dir
}

#[test]
fn flags_override_the_environment_which_overrides_the_file_which_overrides_the_defaults() {
    let dir = dir_with_file(
        "dojo.toml",
        "bind = \"127.0.0.1:7001\"\npool_size = 12\ngrade_per_minute = 40\npublic_url = \"https://file.example\"\ntrusted_proxies = [\"10.0.0.1\", \"10.0.0.2\"]\n",
    );
    let out = run_in(
        dir.path(),
        &[
            "config",
            "--config",
            "dojo.toml",
            "--public-url",
            "https://flag.example",
        ],
        &[
            ("APIDOJO_POOL_SIZE", "20"),
            ("APIDOJO_PUBLIC_URL", "https://env.example"),
        ],
    );
    let out = printed(&out);
    assert!(
        out.starts_with("# apidojo serve's settings; settings file dojo.toml\n"),
        "{out}"
    );
    assert_setting(&out, "bind", "\"127.0.0.1:7001\"", "file dojo.toml");
    assert_setting(&out, "grade_per_minute", "40", "file dojo.toml");
    assert_setting(
        &out,
        "trusted_proxies",
        "[\"10.0.0.1\", \"10.0.0.2\"]",
        "file dojo.toml",
    );
    assert_setting(&out, "pool_size", "20", "environment APIDOJO_POOL_SIZE");
    assert_setting(&out, "public_url", "\"https://flag.example\"", "flag --public-url");
    assert_setting(&out, "shutdown_timeout_secs", "30", "default");
    assert_setting(&out, "database_url", "\"sqlite://data/apidojo.sqlite3\"", "default");
    assert!(
        line(&out, "metrics_bind").starts_with("# metrics_bind is not set "),
        "{out}"
    );
    // What it prints is a settings file: read back, it gives the same settings.
    std::fs::write(dir.path().join("copy.toml"), &out).unwrap();
    let again = printed(&run_in(dir.path(), &["config", "--config", "copy.toml"], &[]));
    assert_setting(&again, "pool_size", "20", "file copy.toml");
    assert_setting(&again, "public_url", "\"https://flag.example\"", "file copy.toml");
}

#[test]
fn apidojo_toml_in_the_working_directory_is_read_unless_another_file_is_named() {
    let dir = dir_with_file("apidojo.toml", "bind = \"127.0.0.1:7002\"\n");
    let out = printed(&run_in(dir.path(), &["config"], &[]));
    assert_setting(&out, "bind", "\"127.0.0.1:7002\"", "file apidojo.toml");

    std::fs::write(dir.path().join("other.toml"), "pool_size = 3\n").unwrap();
    let out = printed(&run_in(dir.path(), &["config"], &[("APIDOJO_CONFIG", "other.toml")]));
    assert_setting(&out, "bind", "\"127.0.0.1:8080\"", "default");
    assert_setting(&out, "pool_size", "3", "file other.toml");

    let empty = tempfile::tempdir().unwrap();
    let out = printed(&run_in(empty.path(), &["config"], &[]));
    assert!(
        out.starts_with("# apidojo serve's settings; no settings file\n"),
        "{out}"
    );
    assert!(out.lines().skip(1).all(|l| l.ends_with("  # default")), "{out}");
}

#[test]
fn the_secret_and_a_database_password_are_never_printed() {
    let url = format!("postgres://dojo:{DB_PASSWORD}@db.invalid/apidojo");
    let dir = dir_with_file(
        "apidojo.toml",
        &format!("jwt_secret = \"{SECRET}\"\ndatabase_url = \"{url}\"\n"),
    );
    // From the file; then from the environment and a flag. No database is opened: db.invalid
    // does not resolve, and `config` still answers.
    for envs in [
        vec![],
        vec![("APIDOJO_JWT_SECRET", SECRET), ("DATABASE_URL", url.as_str())],
    ] {
        let out = run_in(dir.path(), &["config"], &envs);
        let printed = printed(&out);
        assert!(!printed.contains(SECRET) && !printed.contains(DB_PASSWORD), "{printed}");
        assert!(
            line(&printed, "jwt_secret").starts_with("jwt_secret = \"[redacted]\""),
            "{printed}"
        );
        assert!(
            line(&printed, "database_url")
                .starts_with("database_url = \"postgres://dojo:[redacted]@db.invalid/apidojo\""),
            "{printed}"
        );
    }
    let out = printed(&run_in(dir.path(), &["config", "--jwt-secret", SECRET], &[]));
    assert!(!out.contains(SECRET), "{out}");
    assert!(line(&out, "jwt_secret").ends_with("  # flag --jwt-secret"), "{out}");
}

#[test]
fn an_unknown_key_is_one_line_naming_it_for_every_command_that_reads_the_file() {
    let dir = dir_with_file("apidojo.toml", "bind = \"127.0.0.1:7003\"\nbnd = \"0.0.0.0:80\"\n");
    for args in [
        &["config"][..],
        &["serve"],
        &["migrate"],
        &["users", "set-role", "--email", "a@example.com", "--role", "coach"],
    ] {
        let line = assert_refused(&run_in(dir.path(), args, &[]));
        assert!(
            line.starts_with("apidojo: apidojo.toml line 2: unknown key \"bnd\"; the keys are bind, "),
            "{args:?}: {line}"
        );
    }
    assert!(!dir.path().join("data").exists(), "nothing may be opened or created");
}

#[test]
fn a_bad_value_is_one_line_naming_the_key_and_what_is_allowed() {
    let dir = dir_with_file("apidojo.toml", "# settings\npool_size = 0\n");
    let line = assert_refused(&run_in(dir.path(), &["serve"], &[]));
    assert_eq!(
        line.trim_end(),
        "apidojo: apidojo.toml line 2: pool_size = 0 is not allowed: 0 is not in 1..=64 (the default is 8)"
    );

    std::fs::write(dir.path().join("apidojo.toml"), "jwt_secret = \"short\"\n").unwrap();
    let line = assert_refused(&run_in(dir.path(), &["config"], &[]));
    assert!(
        line.contains("line 1: jwt_secret = \"[redacted]\" is not allowed: "),
        "{line}"
    );
    assert!(line.contains("at least 32 characters"), "{line}");

    std::fs::write(
        dir.path().join("apidojo.toml"),
        "bind = \"127.0.0.1:7004\"\npool_size = = 3\n",
    )
    .unwrap();
    let line = assert_refused(&run_in(dir.path(), &["config"], &[]));
    assert!(
        line.starts_with("apidojo: apidojo.toml line 2: "),
        "a syntax error: {line}"
    );
}

#[test]
fn a_named_file_that_does_not_exist_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    for (args, envs) in [
        (&["config", "--config", "nowhere.toml"][..], &[][..]),
        (&["migrate"], &[("APIDOJO_CONFIG", "nowhere.toml")]),
    ] {
        let line = assert_refused(&run_in(dir.path(), args, envs));
        assert!(
            line.starts_with("apidojo: cannot read the settings file nowhere.toml: "),
            "{line}"
        );
    }
}

#[test]
fn the_offline_commands_do_not_read_the_file() {
    let dir = dir_with_file("apidojo.toml", "this is not TOML\n");
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interview-small.yaml");
    let out = run_in(dir.path(), &["grade", spec.to_str().unwrap(), "--format", "json"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn migrate_uses_the_files_database() {
    let dir = dir_with_file("apidojo.toml", "database_url = \"sqlite://from-file.sqlite3\"\n");
    let out = run_in(dir.path(), &["migrate"], &[("RUST_LOG", "error")]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join("from-file.sqlite3").exists());
    assert!(
        !dir.path().join("data").exists(),
        "the default database must not be created"
    );
}

#[tokio::test]
async fn serve_listens_where_the_file_says() {
    let port = common::free_port();
    let dir = dir_with_file(
        "apidojo.toml",
        &format!(
            "bind = \"127.0.0.1:{port}\"\ndatabase_url = \"sqlite://served.sqlite3\"\njwt_secret = \"{SECRET}\"\n"
        ),
    );
    let mut child = common::bin()
        .current_dir(dir.path())
        .arg("serve")
        .env_remove("APIDOJO_BIND")
        .env("RUST_LOG", "error")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let answer = common::first_answer(&format!("http://127.0.0.1:{port}/healthz"), Duration::from_secs(10)).await;
    let exited = child.try_wait().ok().flatten();
    let _ = child.kill();
    let _ = child.wait();
    let answer = answer.unwrap_or_else(|| panic!("nothing answered on the file's port (exit status: {exited:?})"));
    assert!(answer.status().is_success(), "{}", answer.status());
    assert!(
        dir.path().join("served.sqlite3").exists(),
        "the file's database is used"
    );
    assert!(
        !dir.path().join("served.sqlite3.jwt-secret").exists(),
        "the file's secret is used, none generated"
    );
}
