//! `gatehouse backup | restore | check`: copies and checks of the database file.

use std::path::{Path, PathBuf};

use crate::store::sqlite::{backup, check};
use crate::store::Store;

use super::location::db_path;

pub fn backup(db: Option<PathBuf>, dest: &Path) -> Result<(), String> {
    let (path, _) = db_path(db)?;
    backup::backup(&path, dest).map_err(|e| e.to_string())?;
    println!("Backed up {} to {}.", path.display(), dest.display());
    Ok(())
}

pub fn restore(db: Option<PathBuf>, src: &Path) -> Result<(), String> {
    let (path, create_folder) = db_path(db)?;
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
    let (path, _) = db_path(db)?;
    let sound = check::check_file(&path)?;
    println!("{sound}");
    Ok(())
}
