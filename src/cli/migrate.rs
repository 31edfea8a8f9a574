//! `apidojo migrate`: apply pending database migrations and exit.
use super::common::DbArgs;
use crate::db;

pub fn run(args: &DbArgs) -> anyhow::Result<()> {
    let pool = db::connect_and_migrate(&args.database_url, 1)?;
    drop(pool);
    println!("migrations are up to date ({})", db::describe(&args.database_url));
    Ok(())
}
