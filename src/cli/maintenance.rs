//! `gatehouse backup | restore | check`: copies and checks of the database.
//! Backups are of SQLite files; PostgreSQL has its own tools for them.

use std::path::{Path, PathBuf};

use crate::store::sqlite::{backup, check};
use crate::store::{postgres, Location, Store};

use super::location::location;

/// The SQLite file the command line names, or what to use instead.
fn file_for(db: Option<PathBuf>, command: &str, instead: &str) -> Result<(PathBuf, bool), String> {
    match location(db)? {
        (Location::File(path), create_folder) => Ok((path, create_folder)),
        (Location::Postgres(url), _) => Err(format!(
            "`gatehouse {command}` copies SQLite files; {} is PostgreSQL: use {instead}",
            postgres::without_password(&url)
        )),
    }
}

pub fn backup(db: Option<PathBuf>, dest: &Path) -> Result<(), String> {
    let (path, _) = file_for(db, "backup", "pg_dump (pg_dump -Fc -f gatehouse.dump DATABASE)")?;
    backup::backup(&path, dest).map_err(|e| e.to_string())?;
    println!("Backed up {} to {}.", path.display(), dest.display());
    Ok(())
}

pub fn restore(db: Option<PathBuf>, src: &Path) -> Result<(), String> {
    let (path, create_folder) = file_for(
        db,
        "restore",
        "pg_restore (pg_restore --clean -d DATABASE gatehouse.dump)",
    )?;
    if create_folder {
        // The default database's folder, made as `serve` would.
        drop(Store::open_sqlite(&path, true).map_err(|e| e.to_string())?);
    }
    let kept = backup::restore(&path, src).map_err(|e| e.to_string())?;
    println!("Restored {} from {}.", path.display(), src.display());
    if let Some(kept) = kept {
        println!("The database it replaced is kept as {}.", kept.display());
    }
    Ok(())
}

/// Integrity, foreign keys and schema version, read-only; never creates a file.
pub fn check(db: Option<PathBuf>) -> Result<(), String> {
    let sound = match location(db)?.0 {
        Location::File(path) => check::check_file(&path)?,
        Location::Postgres(url) => postgres::check::check_url(&url)?,
    };
    println!("{sound}");
    Ok(())
}
