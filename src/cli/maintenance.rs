//! `gatehouse backup | restore | check | copy`: copies and checks of the
//! database. Backups are of SQLite files (PostgreSQL has its own tools for
//! them); `copy` moves a whole database between files and servers.

use std::path::{Path, PathBuf};

use crate::store::sqlite::lock::{LockError, ServerLock};
use crate::store::sqlite::{backup, check};
use crate::store::transfer::{self, CopyError};
use crate::store::{postgres, Location};

use crate::i18n::Arg;

use super::location::{location, open};
use super::serve::{claim_alone, in_use};
use super::text_with;

/// A file's path as a message argument.
fn shown<'a>(name: &'a str, path: &Path) -> (&'a str, Arg) {
    (name, path.display().to_string().into())
}

/// The SQLite file the command line names, or what to use instead.
fn file_for(db: Option<PathBuf>, command: &str, instead: &str) -> Result<(PathBuf, bool), String> {
    match location(db)? {
        (Location::File(path), create_folder) => Ok((path, create_folder)),
        (Location::Postgres(url), _) => Err(text_with(
            "cli-sqlite-only",
            &[
                ("command", command.to_owned().into()),
                ("database", postgres::without_password(&url).into()),
                ("instead", instead.to_owned().into()),
            ],
        )),
    }
}

pub fn backup(db: Option<PathBuf>, dest: &Path) -> Result<(), String> {
    let (path, _) = file_for(db, "backup", "pg_dump (pg_dump -Fc -f gatehouse.dump DATABASE)")?;
    backup::backup(&path, dest).map_err(|e| text_with("cli-backup-failed", &[("reason", e.to_string().into())]))?;
    println!(
        "{}",
        text_with("cli-backed-up", &[shown("database", &path), shown("file", dest)])
    );
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
        drop(open(&Location::File(path.clone()), true)?);
    }
    refuse_while_served(&path)?;
    let kept = backup::restore(&path, src)
        .map_err(|e| text_with("cli-restore-failed", &[("reason", e.to_string().into())]))?;
    println!(
        "{}",
        text_with("cli-restored", &[shown("database", &path), shown("file", src)])
    );
    if let Some(kept) = kept {
        println!("{}", text_with("cli-replaced-kept", &[shown("file", &kept)]));
    }
    Ok(())
}

/// A server uses the file `db`: said in this computer's language before the
/// restore, which would refuse too, in the store's words.
fn refuse_while_served(db: &Path) -> Result<(), String> {
    match ServerLock::acquire(db) {
        Err(LockError::InUse(_)) => Err(in_use(db)),
        // Free (the lock ends here), or unusable: the restore says why.
        _ => Ok(()),
    }
}

/// Integrity, foreign keys and schema version, read-only; never creates a file.
pub fn check(db: Option<PathBuf>) -> Result<(), String> {
    let (location, _) = location(db)?;
    let checked = match &location {
        Location::File(path) if !path.exists() => {
            return Err(text_with("cli-check-no-database", &[shown("database", path)]));
        }
        Location::File(path) => check::check_file(path),
        Location::Postgres(url) => postgres::check::check_url(url),
    };
    let at = location.shown();
    let version = checked.map_err(|reason| {
        text_with(
            "cli-check-failed",
            &[("database", at.clone().into()), ("reason", reason.into())],
        )
    })?;
    println!(
        "{}",
        text_with("cli-sound", &[("database", at.into()), ("version", version.into())])
    );
    Ok(())
}

/// `gatehouse copy --to TARGET`: every row of the database into TARGET,
/// which must be empty (a new file, or an empty PostgreSQL database), while
/// no server uses either; the row counts are checked and printed.
pub fn copy(db: Option<PathBuf>, to: PathBuf) -> Result<(), String> {
    let (from, _) = location(db)?;
    let to = Location::parse(to.into_os_string());
    let (shown_from, shown_to) = (from.shown(), to.shown());
    if from == to {
        return Err(text_with("cli-copy-same", &[("database", shown_from.into())]));
    }
    if let Location::File(path) = &from {
        if !path.is_file() {
            return Err(text_with("cli-copy-no-source", &[("database", shown_from.into())]));
        }
    }
    if let Location::File(path) = &to {
        if path.exists() {
            return Err(text_with("cli-copy-target-exists", &[("database", shown_to.into())]));
        }
    }
    let source = open(&from, false)?;
    let _source_claim = claim_alone(&source)?;
    let target = open(&to, false)?;
    let target_claim = claim_alone(&target)?;
    let copied = transfer::copy(&source, &target, &super::progress::on_terminal());
    if let (Err(_), Location::File(path)) = (&copied, &to) {
        // The file was made for the copy: nothing half-made is left.
        drop((target, target_claim));
        backup::remove_file(path);
    }
    let target: (&str, Arg) = ("database", shown_to.clone().into());
    let counts = copied.map_err(|e| match e {
        CopyError::NotEmpty(what, n) => text_with(
            "cli-copy-not-empty",
            &[target.clone(), ("table", what.into()), ("count", n.into())],
        ),
        CopyError::Mismatch(what, read, written) => text_with(
            "cli-copy-mismatch",
            &[
                target.clone(),
                ("table", what.into()),
                ("read", read.into()),
                ("written", written.into()),
            ],
        ),
        CopyError::Store(e) => text_with("cli-copy-failed", &[target.clone(), ("reason", e.to_string().into())]),
    })?;
    println!(
        "{}",
        text_with("cli-copied", &[("from", shown_from.into()), ("to", shown_to.into())])
    );
    for (table, rows) in counts {
        println!("  {rows} {}", table.shown);
    }
    Ok(())
}
