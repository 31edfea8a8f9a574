//! The settings file: `--config PATH` (or `APIDOJO_CONFIG`), else `apidojo.toml` in the working
//! directory when there is one, read by the commands that take `--config` (`serve`, `migrate`,
//! `users ...`, `config`).
//!
//! Its keys are the ids of `serve`'s arguments (the flags' names in snake_case); every value is
//! checked by its argument's own value parser and installed as that argument's default before
//! the real command line is parsed. Clap's precedence (flag, then environment, then default)
//! thereby puts the file between the environment and the built-in defaults, and nothing about a
//! setting (its name, range, environment variable, default) is written down twice. The other
//! commands take the keys they share with `serve` (`migrate` uses `database_url` and leaves
//! `bind` alone); a key `serve` does not know is refused everywhere.
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use clap::error::{ContextKind, ContextValue};
use clap::{Arg, ArgAction, ArgMatches, Command};
use toml::{Spanned, Value};

use crate::db;

/// The file read when neither `--config` nor `APIDOJO_CONFIG` names one, if it exists.
pub const IMPLICIT_FILE: &str = "apidojo.toml";

/// The command whose arguments are the file's keys.
const SETTINGS_OF: &str = "serve";

/// A settings file that was read: where it is and the keys it sets.
#[derive(Debug)]
pub struct SettingsFile {
    pub path: PathBuf,
    pub keys: Vec<String>,
}

impl SettingsFile {
    pub fn sets(&self, key: &str) -> bool {
        self.keys.iter().any(|k| k == key)
    }
}

/// One key of the file and its values, checked (several for a list such as `trusted_proxies`).
#[derive(Debug, PartialEq)]
struct Setting {
    key: String,
    values: Vec<String>,
}

/// `cmd` with the settings file's values as the defaults of the command that `first` (a first
/// reading of the command line with `cmd`) chose, and the file; `cmd` unchanged for a command
/// that reads no settings, or when there is no file. Err: the one line to refuse with.
pub fn apply(cmd: Command, first: &ArgMatches) -> Result<(Command, Option<SettingsFile>), String> {
    let (path, chosen) = chosen_command(first);
    let Some(file) = locate(chosen) else {
        return Ok((cmd, None));
    };
    let text =
        std::fs::read_to_string(&file).map_err(|e| format!("cannot read the settings file {}: {e}", file.display()))?;
    let Some(serve) = cmd.find_subcommand(SETTINGS_OF) else {
        return Ok((cmd, None));
    };
    let settings = check(&file.display().to_string(), &text, serve)?;
    let keys = settings.iter().map(|s| s.key.clone()).collect();
    Ok((
        with_defaults(cmd, &path, &settings),
        Some(SettingsFile { path: file, keys }),
    ))
}

/// The arguments that are settings: `serve`'s (or `config`'s, the same), but for `--config`
/// itself and `--help`.
pub fn settings_of(cmd: &Command) -> impl Iterator<Item = &Arg> {
    cmd.get_arguments().filter(|a| {
        a.get_id() != "config"
            && !matches!(
                a.get_action(),
                ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong | ArgAction::Version
            )
    })
}

/// Whether the setting is a list (a TOML array; comma-separated in a flag or variable).
pub fn is_list(arg: &Arg) -> bool {
    matches!(arg.get_action(), ArgAction::Append)
}

/// A value as it may be shown: a setting whose environment value the help hides is a secret,
/// shown as `[redacted]`, but for the database URL, of which only the password is hidden.
pub fn redacted(arg: &Arg, value: &str) -> String {
    match arg.get_id().as_str() {
        _ if !arg.is_hide_env_values_set() => value.to_owned(),
        "database_url" => db::redact(value),
        _ => db::REDACTED.to_owned(),
    }
}

/// The names of the subcommands chosen, outermost first, and the innermost one's matches.
fn chosen_command(matches: &ArgMatches) -> (Vec<String>, &ArgMatches) {
    let (mut path, mut innermost) = (Vec::new(), matches);
    while let Some((name, sub)) = innermost.subcommand() {
        path.push(name.to_owned());
        innermost = sub;
    }
    (path, innermost)
}

/// The file named by `--config` or `APIDOJO_CONFIG` (which must exist: reading it says so
/// otherwise), else the implicit one when it exists; none for a command without `--config`.
fn locate(chosen: &ArgMatches) -> Option<PathBuf> {
    match chosen.try_get_one::<PathBuf>("config") {
        Ok(Some(given)) => Some(given.clone()),
        Ok(None) => Path::new(IMPLICIT_FILE).exists().then(|| IMPLICIT_FILE.into()),
        Err(_) => None,
    }
}

/// The file's settings in the order written, each checked by its argument's value parser.
/// Err: one line naming the file, the line and the key, and what is allowed.
fn check(name: &str, text: &str, serve: &Command) -> Result<Vec<Setting>, String> {
    let at = |span: Range<usize>| format!("{name} line {}", line_of(text, span.start));
    let table: BTreeMap<Spanned<String>, Spanned<Value>> = toml::from_str(text).map_err(|e| {
        let message = e.message().split_whitespace().collect::<Vec<_>>().join(" ");
        match e.span() {
            Some(span) => format!("{}: {message}", at(span)),
            None => format!("{name}: {message}"),
        }
    })?;
    let mut entries: Vec<_> = table.into_iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    entries
        .into_iter()
        .map(|(key, value)| {
            let Some(arg) = settings_of(serve).find(|a| a.get_id() == key.get_ref().as_str()) else {
                return Err(format!(
                    "{}: unknown key {:?}; the keys are {}",
                    at(key.span()),
                    key.get_ref(),
                    settings_of(serve)
                        .map(|a| a.get_id().as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            };
            let values = values_of(arg, value.get_ref()).and_then(|values| validate(arg, values));
            values
                .map(|values| Setting {
                    key: key.get_ref().clone(),
                    values,
                })
                .map_err(|why| {
                    let written = if arg.is_hide_env_values_set() {
                        format!("\"{}\"", db::REDACTED)
                    } else {
                        text[value.span()].split_whitespace().collect::<Vec<_>>().join(" ")
                    };
                    format!(
                        "{}: {} = {written} is not allowed: {why}",
                        at(key.span()),
                        key.get_ref()
                    )
                })
        })
        .collect()
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

/// The value as the command line would give it: one string, or one per item for a list.
fn values_of(arg: &Arg, value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::Array(items) if is_list(arg) => items.iter().map(scalar).collect(),
        Value::Array(_) => Err("one value is expected, not an array".into()),
        other => scalar(other).map(|v| vec![v]),
    }
}

fn scalar(value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Array(_) | Value::Table(_) => Err("an array or table cannot be a value here".into()),
        other => Ok(other.to_string()),
    }
}

/// Each value through its argument's own parsing and checks: given as its flag to a command
/// that holds that argument alone.
fn validate(arg: &Arg, values: Vec<String>) -> Result<Vec<String>, String> {
    let long = arg.get_long().unwrap_or(arg.get_id().as_str());
    let alone = Command::new("apidojo").no_binary_name(true).arg(arg.clone());
    alone
        .try_get_matches_from(values.iter().map(|v| format!("--{long}={v}")))
        .map_err(|e| why_not(&e, arg))?;
    Ok(values)
}

/// What the argument's parser objected to, in its own words (`0 is not in 1..=64`, `invalid socket
/// address syntax`, the allowed values), without clap's framing around it, and the default as an
/// example of a good value.
fn why_not(e: &clap::Error, arg: &Arg) -> String {
    let why = match (std::error::Error::source(e), e.get(ContextKind::ValidValue)) {
        (Some(source), _) => source.to_string(),
        (None, Some(ContextValue::Strings(valid))) => format!("the values are {}", valid.join(", ")),
        _ => {
            let rendered = e.to_string();
            let first = rendered.lines().next().unwrap_or_default();
            first.trim_start_matches("error: ").to_owned()
        }
    };
    match arg.get_default_values() {
        [default] if !arg.is_hide_env_values_set() => {
            format!("{why} (the default is {})", default.to_string_lossy())
        }
        _ => why,
    }
}

/// `cmd` with each setting as the default of its argument on the subcommand at `path`, when that
/// subcommand has it.
fn with_defaults(cmd: Command, path: &[String], settings: &[Setting]) -> Command {
    if let Some((name, rest)) = path.split_first() {
        return cmd.mut_subcommand(name, |sub| with_defaults(sub, rest, settings));
    }
    settings.iter().fold(cmd, |cmd, setting| {
        if !cmd.get_arguments().any(|a| a.get_id() == setting.key.as_str()) {
            return cmd;
        }
        cmd.mut_arg(&setting.key, |arg| {
            // A secret's default must not reach `--help` either.
            let hide = arg.is_hide_env_values_set();
            arg.default_values(setting.values.clone()).hide_default_value(hide)
        })
    })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::Cli;

    fn serve() -> Command {
        Cli::command().find_subcommand("serve").expect("serve").clone()
    }

    fn checked(text: &str) -> Result<Vec<Setting>, String> {
        check("apidojo.toml", text, &serve())
    }

    fn setting(key: &str, values: &[&str]) -> Setting {
        Setting {
            key: key.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn values_are_read_as_their_flags_would_be() {
        let text = "bind = \"0.0.0.0:8080\"\npool_size = 16\ntrusted_proxies = [\"10.0.0.1\", \"10.0.0.2\"]\n";
        assert_eq!(
            checked(text).unwrap(),
            [
                setting("bind", &["0.0.0.0:8080"]),
                setting("pool_size", &["16"]),
                setting("trusted_proxies", &["10.0.0.1", "10.0.0.2"]),
            ]
        );
    }

    #[test]
    fn an_unknown_key_is_named_with_its_line_and_the_keys() {
        let err = checked("bind = \"127.0.0.1:8080\"\n\nbnd = \"0.0.0.0:80\"\n").unwrap_err();
        assert!(
            err.starts_with("apidojo.toml line 3: unknown key \"bnd\"; the keys are bind, trusted_proxies, "),
            "{err}"
        );
        assert!(err.contains("database_url") && err.contains("pool_size"), "{err}");
        assert!(!err.contains("config,") && !err.contains("help"), "{err}");
    }

    #[test]
    fn a_value_out_of_range_says_what_is_allowed() {
        let err = checked("# the pool\n\n\n\npool_size = 0\n").unwrap_err();
        assert_eq!(
            err,
            "apidojo.toml line 5: pool_size = 0 is not allowed: 0 is not in 1..=64 (the default is 8)"
        );
    }

    #[test]
    fn a_bad_address_in_a_list_names_the_key() {
        let err = checked("trusted_proxies = [\n  \"10.0.0.1\",\n  \"proxy\",\n]\n").unwrap_err();
        assert_eq!(
            err,
            "apidojo.toml line 1: trusted_proxies = [ \"10.0.0.1\", \"proxy\", ] is not allowed: invalid IP address syntax"
        );
    }

    #[test]
    fn an_array_for_a_single_value_is_refused() {
        let err = checked("bind = [\"127.0.0.1:1\"]").unwrap_err();
        assert!(
            err.ends_with("bind = [\"127.0.0.1:1\"] is not allowed: one value is expected, not an array"),
            "{err}"
        );
    }

    #[test]
    fn a_short_secret_is_refused_without_being_repeated() {
        let err = checked("jwt_secret = \"too-short-to-sign\"").unwrap_err();
        assert_eq!(
            err,
            "apidojo.toml line 1: jwt_secret = \"[redacted]\" is not allowed: the JWT secret must be at least 32 characters long"
        );
    }

    #[test]
    fn a_syntax_error_is_one_line_with_its_line() {
        let err = checked("bind = \"127.0.0.1:8080\"\npool_size = \n").unwrap_err();
        assert!(err.starts_with("apidojo.toml line 2: "), "{err}");
        assert!(!err.contains('\n'), "{err}");
    }

    #[test]
    fn defaults_go_to_the_chosen_subcommand_only_where_it_has_the_key() {
        let settings = [
            setting("bind", &["127.0.0.1:9"]),
            setting("database_url", &["sqlite://x.sqlite3"]),
        ];
        let cmd = with_defaults(Cli::command(), &["users".into(), "create".into()], &settings);
        let matches = cmd.get_matches_from(["apidojo", "users", "create", "--email", "a@example.com"]);
        let (_, create) = chosen_command(&matches);
        assert_eq!(create.get_one::<String>("database_url").unwrap(), "sqlite://x.sqlite3");
        assert_eq!(
            create.value_source("database_url"),
            Some(clap::parser::ValueSource::DefaultValue)
        );
    }

    #[test]
    fn a_secret_and_a_database_password_are_redacted() {
        let serve = serve();
        let arg = |id: &str| settings_of(&serve).find(|a| a.get_id() == id).unwrap().clone();
        assert_eq!(redacted(&arg("jwt_secret"), "x".repeat(40).as_str()), "[redacted]");
        assert_eq!(
            redacted(&arg("database_url"), "postgres://dojo:pw@db/apidojo"),
            "postgres://dojo:[redacted]@db/apidojo"
        );
        assert_eq!(redacted(&arg("bind"), "127.0.0.1:1"), "127.0.0.1:1");
    }
}
