//! `apidojo config`: the settings `serve` would run with, as TOML a settings file can start from,
//! one line per setting with where its value came from (a flag, an environment variable, the
//! settings file or the default). Secrets are redacted; no database is opened.
use std::any::TypeId;
use std::fmt::Write;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{Arg, ArgMatches, Command};
use toml::Value;

use super::settings_file::{is_list, redacted, settings_of, SettingsFile};

/// Prints the settings; `cmd` and `matches` are the `config` subcommand's.
pub fn run(cmd: &Command, matches: &ArgMatches, file: Option<&SettingsFile>) -> ExitCode {
    print!("{}", render(cmd, matches, file));
    ExitCode::SUCCESS
}

fn render(cmd: &Command, matches: &ArgMatches, file: Option<&SettingsFile>) -> String {
    let lines: Vec<(String, String)> = settings_of(cmd)
        .map(|arg| (assignment(arg, matches), source(arg, matches, file)))
        .collect();
    let width = lines.iter().map(|(a, _)| a.len()).max().unwrap_or(0);
    let mut out = match file {
        Some(f) => format!("# apidojo serve's settings; settings file {}\n", f.path.display()),
        None => "# apidojo serve's settings; no settings file\n".to_owned(),
    };
    for (assignment, source) in lines {
        let _ = writeln!(out, "{assignment:width$}  # {source}");
    }
    out
}

/// `key = value` in TOML; a setting without a value is a comment saying so.
fn assignment(arg: &Arg, matches: &ArgMatches) -> String {
    let key = arg.get_id().as_str();
    let values: Vec<Value> = matches
        .get_raw(key)
        .into_iter()
        .flatten()
        .map(|v| typed(arg, redacted(arg, &v.to_string_lossy())))
        .collect();
    if is_list(arg) {
        return format!("{key} = {}", Value::Array(values));
    }
    match values.into_iter().next() {
        Some(value) => format!("{key} = {value}"),
        None => format!("# {key} is not set"),
    }
}

/// A number for an integer setting, else a string.
fn typed(arg: &Arg, value: String) -> Value {
    let parsed_as = arg.get_value_parser().type_id();
    let integer = [TypeId::of::<u64>(), TypeId::of::<u32>(), TypeId::of::<i64>()]
        .into_iter()
        .any(|t| parsed_as == t);
    match value.parse::<i64>() {
        Ok(n) if integer => Value::Integer(n),
        _ => Value::String(value),
    }
}

fn source(arg: &Arg, matches: &ArgMatches, file: Option<&SettingsFile>) -> String {
    let key = arg.get_id().as_str();
    match matches.value_source(key) {
        Some(ValueSource::CommandLine) => format!("flag --{}", arg.get_long().unwrap_or(key)),
        Some(ValueSource::EnvVariable) => {
            format!("environment {}", arg.get_env().unwrap_or_default().to_string_lossy())
        }
        _ => match file.filter(|f| f.sets(key)) {
            Some(f) => format!("file {}", f.path.display()),
            None => "default".to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    fn rendered(args: &[&str]) -> String {
        let root = Cli::command();
        let matches = root.clone().get_matches_from(["apidojo", "config"].iter().chain(args));
        let cmd = root.find_subcommand("config").expect("config");
        render(cmd, matches.subcommand_matches("config").expect("config"), None)
    }

    fn line<'a>(out: &'a str, key: &str) -> &'a str {
        out.lines()
            .find(|l| l.starts_with(&format!("{key} = ")) || l.starts_with(&format!("# {key} ")))
            .unwrap_or_else(|| panic!("no line for {key} in:\n{out}"))
    }

    #[test]
    fn every_setting_has_a_line_with_its_source() {
        let out = rendered(&["--bind", "0.0.0.0:80", "--trusted-proxies", "10.0.0.1,10.0.0.2"]);
        assert!(
            out.starts_with("# apidojo serve's settings; no settings file\n"),
            "{out}"
        );
        assert!(line(&out, "bind").starts_with("bind = \"0.0.0.0:80\" "), "{out}");
        assert!(line(&out, "bind").ends_with("  # flag --bind"), "{out}");
        assert!(line(&out, "trusted_proxies").starts_with("trusted_proxies = [\"10.0.0.1\", \"10.0.0.2\"] "));
        assert!(
            line(&out, "pool_size").starts_with("pool_size = 8 "),
            "numbers are TOML integers: {out}"
        );
        assert!(line(&out, "pool_size").ends_with("  # default"), "{out}");
        assert!(
            line(&out, "metrics_bind").starts_with("# metrics_bind is not set "),
            "{out}"
        );
        assert!(!out.contains("config ="), "--config is not a setting: {out}");
        let settings = out.lines().skip(1).count();
        assert_eq!(
            settings,
            settings_of(Cli::command().find_subcommand("serve").unwrap()).count()
        );
    }

    #[test]
    fn the_output_reads_back_as_toml() {
        let out = rendered(&["--jwt-secret", &"s".repeat(40)]);
        let table: toml::Table = toml::from_str(&out).expect("valid TOML");
        assert_eq!(table["jwt_secret"].as_str(), Some("[redacted]"));
        assert_eq!(table["idempotency_lease_secs"].as_integer(), Some(60));
        assert!(!out.contains(&"s".repeat(40)));
    }
}
