//! What the commands share: the settings file and database flags, the one-line refusal (exit 2)
//! and reading a document within its limit.
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::config;
use crate::grading::load::{LoadError, LoadErrorKind};

/// The settings file and the database of the commands that touch one (`serve`, `migrate`,
/// `users ...`, and `config`, which shows what `serve` would use).
#[derive(Debug, Args)]
pub struct DbArgs {
    /// The settings file (TOML): its keys are the flags' names in snake_case (`bind`,
    /// `database_url`, `pool_size`...; `apidojo config` prints them all). Without it,
    /// `apidojo.toml` in the working directory when there is one. Flags override environment
    /// variables, which override the file, which overrides the defaults.
    #[arg(long, env = "APIDOJO_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// `postgres://user@host/db` or `sqlite://PATH`. Help never shows the environment's value: it
    /// may hold a password.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, default_value = config::DEFAULT_DATABASE_URL)]
    pub database_url: String,
}

/// Exit status 2 with one line on standard error: the command could not do its work.
pub fn refuse(line: impl std::fmt::Display) -> ExitCode {
    eprintln!("apidojo: {line}");
    ExitCode::from(2)
}

/// Reads a document (a file, or `-` for standard input) without ever holding more than the
/// limit plus one byte.
pub fn read_input(file: &str, limit: usize) -> Result<Vec<u8>, LoadError> {
    let io = |e: std::io::Error| {
        LoadError::new(LoadErrorKind::Io {
            message: format!("{file}: {e}"),
        })
    };
    let mut buf = Vec::new();
    let cap = limit as u64 + 1;
    if file == "-" {
        std::io::stdin().lock().take(cap).read_to_end(&mut buf).map_err(io)?;
    } else {
        let f = std::fs::File::open(file).map_err(io)?;
        if let Ok(meta) = f.metadata() {
            if meta.is_dir() {
                return Err(io(std::io::Error::other("is a directory")));
            }
            if meta.len() > limit as u64 {
                return Err(LoadError::new(LoadErrorKind::TooLarge {
                    size: meta.len() as usize,
                    limit,
                }));
            }
        }
        f.take(cap).read_to_end(&mut buf).map_err(io)?;
    }
    Ok(buf)
}
