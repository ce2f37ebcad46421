//! Copies of the database: `backup` (SQLite's online backup API, safe while
//! the server runs) and `restore` (checked first, the current file kept, the
//! copy written through SQLite so a crash leaves one or the other whole).

use std::path::{Path, PathBuf};

use super::file::{self, fail, FileError};
use super::lock::ServerLock;
use super::migrate::{known_version, schema_version};

/// Checks that `path` is a sound gatehouse database this version can use;
/// gives its schema version.
pub fn verify(path: &Path) -> Result<i64, FileError> {
    let known = known_version();
    let shown = path.display();
    if !path.is_file() {
        return Err(fail(format!("there is no database file at {shown}")));
    }
    let conn = file::open_read_only(path).map_err(|e| fail(format!("cannot open {shown}: {e}")))?;
    let problems = super::check::problems(&conn)
        .map_err(|e| fail(format!("{shown} is not a gatehouse database or is damaged ({e})")))?;
    let version = schema_version(&conn).map_err(|e| fail(format!("cannot read {shown}: {e}")))?;
    let has_users: bool = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'users')",
            [],
            |r| r.get(0),
        )
        .map_err(|e| fail(format!("cannot read {shown}: {e}")))?;
    if version == 0 || !has_users {
        return Err(fail(format!("{shown} is not a gatehouse database")));
    }
    if version > known {
        return Err(fail(format!(
            "{shown} was made by a newer gatehouse (schema version {version}); use that version"
        )));
    }
    // An older schema is fine: gatehouse upgrades it when it starts.
    let serious: Vec<&String> = problems
        .iter()
        .filter(|p| !p.starts_with("the schema version"))
        .collect();
    if !serious.is_empty() {
        let list = serious.iter().map(|p| p.as_str()).collect::<Vec<_>>().join("; ");
        return Err(fail(format!("{shown} is damaged: {list}")));
    }
    Ok(version)
}

/// `gatehouse backup DEST`: a complete, checked copy at `dest`, or nothing there.
pub fn backup(db_path: &Path, dest: &Path) -> Result<(), FileError> {
    let shown = dest.display();
    if dest.is_dir() {
        return Err(fail(format!(
            "{shown} is a folder; give the name of the backup file to write"
        )));
    }
    if dest.exists() && !dest.is_file() {
        return Err(fail(format!(
            "{shown} is not a regular file; give the name of a new file"
        )));
    }
    let same = |a: &Path, b: &Path| {
        a.canonicalize()
            .ok()
            .zip(b.canonicalize().ok())
            .is_some_and(|(a, b)| a == b)
    };
    if dest.exists() && same(dest, db_path) {
        return Err(fail(format!("{shown} is the database itself; give another file name")));
    }
    let folder = file::parent(dest);
    if !folder.is_dir() {
        return Err(fail(format!(
            "the folder {} does not exist; create it first",
            folder.display()
        )));
    }
    if !db_path.is_file() {
        return Err(fail(format!(
            "there is no database at {} to back up",
            db_path.display()
        )));
    }
    let partial = file::partial_name(dest);
    let written = write_copy(db_path, &partial).and_then(|()| verify(&partial).map(drop));
    if let Err(e) = written {
        file::remove_with_sidecars(&partial);
        return Err(fail(format!(
            "the backup to {shown} failed, and nothing was written there: {e}"
        )));
    }
    std::fs::rename(&partial, dest).map_err(|e| {
        file::remove_with_sidecars(&partial);
        fail(format!("cannot put the backup at {shown}: {e}"))
    })?;
    file::sync_folder(folder);
    Ok(())
}

/// Writes a copy of the live database at `to`, flushed to the disk; on
/// failure nothing is left there.
fn write_copy(from: &Path, to: &Path) -> Result<(), FileError> {
    let written = file::open_read_only(from)
        .map_err(|e| fail(format!("cannot open {}: {e}", from.display())))
        .and_then(|source| file::copy_to_new_file(&source, to))
        .and_then(|()| {
            // Windows flushes only a file opened for writing.
            std::fs::OpenOptions::new()
                .write(true)
                .open(to)
                .and_then(|f| f.sync_all())
                .map_err(|e| fail(format!("cannot flush {} to the disk: {e}", to.display())))
        });
    if written.is_err() {
        file::remove_with_sidecars(to);
    }
    written
}

/// Removes a database file gatehouse made, with its journal and WAL files.
pub fn remove_file(path: &Path) {
    file::remove_with_sidecars(path);
}

/// `gatehouse restore SRC`: replaces the database with `src` once it is
/// checked; the current database is kept beside it first. Returns where.
pub fn restore(db_path: &Path, src: &Path) -> Result<Option<PathBuf>, FileError> {
    verify(src)?;
    let _lock = ServerLock::acquire(db_path).map_err(|e| fail(e.to_string()))?;
    let kept = if db_path.is_file() {
        let stamp = crate::clock::Clock::system().now();
        let kept = file::sibling(db_path, &format!("before-restore-{stamp}"));
        write_copy(db_path, &kept).map_err(|e| {
            fail(format!(
                "cannot keep a copy of the current database first: {e}; nothing was changed"
            ))
        })?;
        Some(kept)
    } else {
        None
    };
    let source = file::open_read_only(src).map_err(|e| fail(format!("cannot open {}: {e}", src.display())))?;
    let mut target =
        rusqlite::Connection::open(db_path).map_err(|e| fail(format!("cannot open {}: {e}", db_path.display())))?;
    file::copy(&source, &mut target)
        .map_err(|e| fail(format!("the restore failed and the database is unchanged: {e}")))?;
    Ok(kept)
}
