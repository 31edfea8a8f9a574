//! `apidojo users create` and `apidojo users set-role`: accounts managed from the command line
//! (the first admin is created this way).
use std::io::Read;

use anyhow::Context;
use secrecy::SecretString;

use super::common::DbArgs;
use crate::auth::password;
use crate::db::{
    self,
    users::{NewUser, Role, User},
};

#[derive(Debug, clap::Subcommand)]
pub enum UsersCommand {
    /// Create an account; the password is read from APIDOJO_PASSWORD or standard input.
    Create {
        #[arg(long)]
        email: String,
        /// candidate, coach or admin.
        #[arg(long, default_value = "candidate")]
        role: Role,
        /// Shown in the UI; defaults to the part of the email before the @.
        #[arg(long)]
        display_name: Option<String>,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Change an existing account's role.
    SetRole {
        #[arg(long)]
        email: String,
        /// candidate, coach or admin.
        #[arg(long)]
        role: Role,
        #[command(flatten)]
        db: DbArgs,
    },
}

/// The new account's password: `APIDOJO_PASSWORD`, else standard input. Deliberately not a
/// flag (clap reads an environment variable only for a flag or a positional argument): a
/// password on the command line stays in the shell's history and the process list.
fn read_password() -> anyhow::Result<SecretString> {
    if let Ok(p) = std::env::var("APIDOJO_PASSWORD") {
        return Ok(SecretString::from(p));
    }
    let mut buf = String::new();
    std::io::stdin()
        .take(4096)
        .read_to_string(&mut buf)
        .context("reading the password from standard input")?;
    Ok(SecretString::from(buf.trim_end_matches(['\r', '\n']).to_owned()))
}

pub fn run(cmd: UsersCommand) -> anyhow::Result<()> {
    match cmd {
        UsersCommand::Create {
            email,
            role,
            display_name,
            db: args,
        } => {
            let pw = read_password()?;
            let name = display_name.unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_owned());
            if let Some(why) = password::weakness(secrecy::ExposeSecret::expose_secret(&pw), &[&email, &name]) {
                anyhow::bail!("the password {why} (set APIDOJO_PASSWORD or pipe it on standard input)");
            }
            let pool = db::connect_and_migrate(&args.database_url, 1)?;
            let mut conn = pool.get()?;
            let hash = password::hash(&pw)?;
            let user = User::create(&mut conn, &NewUser::new(&email, &name, &hash, role))?;
            println!("created {} account {} ({})", user.role(), user.email, user.id);
        }
        UsersCommand::SetRole { email, role, db: args } => {
            let pool = db::connect_and_migrate(&args.database_url, 1)?;
            let mut conn = pool.get()?;
            let user = User::set_role(&mut conn, &email, role).map_err(|e| match e {
                diesel::result::Error::NotFound => anyhow::anyhow!("no account with email {email}"),
                other => other.into(),
            })?;
            println!("{} is now {}", user.email, user.role());
        }
    }
    Ok(())
}
