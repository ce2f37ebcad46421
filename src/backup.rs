//! Copies of the database: `backup` (SQLite's online backup API, safe while
//! the server runs), `restore` (checked first, the current file kept, the copy
//! written through SQLite so a crash leaves one or the other whole), and the
//! snapshots kept before a schema migration.

use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::db::{self, now, SCHEMA_VERSION};
use crate::lock::ServerLock;

/// How many pre-migration snapshots are kept beside the database.
const SNAPSHOTS_KEPT: usize = 3;

/// A failure, worded for the person at the command line.
#[derive(Debug)]
pub struct BackupError(String);

impl fmt::Display for BackupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn fail(message: impl Into<String>) -> BackupError {
    BackupError(message.into())
}

/// Copies all of `from` into the database `to` in one step (one read
/// transaction on `from`, one write transaction on `to`).
fn copy(from: &Connection, to: &mut Connection) -> rusqlite::Result<()> {
    use rusqlite::backup::{Backup, StepResult};
    let backup = Backup::new(from, to)?;
    // A writer holding the lock makes a step report Busy: wait and retry.
    for _ in 0..100 {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            _ => std::thread::sleep(std::time::Duration::from_millis(100)),
        }
    }
    Err(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
        Some("the database stayed busy for 10 seconds".into()),
    ))
}

fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    Ok(conn)
}

/// Checks that `path` is a sound gatehouse database this version can use;
/// gives its schema version.
pub fn verify(path: &Path) -> Result<i64, BackupError> {
    let shown = path.display();
    if !path.is_file() {
        return Err(fail(format!("there is no database file at {shown}")));
    }
    let conn = open_read_only(path).map_err(|e| fail(format!("cannot open {shown}: {e}")))?;
    let problems =
        db::check(&conn).map_err(|e| fail(format!("{shown} is not a gatehouse database or is damaged ({e})")))?;
    let version = db::schema_version(&conn).map_err(|e| fail(format!("cannot read {shown}: {e}")))?;
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
    if version > SCHEMA_VERSION {
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
pub fn backup(db_path: &Path, dest: &Path) -> Result<(), BackupError> {
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
    let folder = parent(dest);
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
    let partial = partial_name(dest);
    let written = write_copy(db_path, &partial).and_then(|()| verify(&partial).map(drop));
    if let Err(e) = written {
        remove_with_sidecars(&partial);
        return Err(fail(format!(
            "the backup to {shown} failed, and nothing was written there: {e}"
        )));
    }
    std::fs::rename(&partial, dest).map_err(|e| {
        remove_with_sidecars(&partial);
        fail(format!("cannot put the backup at {shown}: {e}"))
    })?;
    sync_folder(folder);
    Ok(())
}

/// Writes a copy of the live database at `to`, in rollback-journal mode (a
/// single self-contained file), flushed to the disk.
fn write_copy(from: &Path, to: &Path) -> Result<(), BackupError> {
    let written = write_copy_inner(from, to);
    if written.is_err() {
        remove_with_sidecars(to);
    }
    written
}

fn write_copy_inner(from: &Path, to: &Path) -> Result<(), BackupError> {
    let source = open_read_only(from).map_err(|e| fail(format!("cannot open {}: {e}", from.display())))?;
    // Copies hold password hashes too: readable by their owner only.
    db::create_private_file(to).map_err(|e| fail(format!("cannot create {}: {e}", to.display())))?;
    let mut target = Connection::open(to).map_err(|e| fail(format!("cannot create {}: {e}", to.display())))?;
    copy(&source, &mut target).map_err(|e| fail(e.to_string()))?;
    target
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0))
        .map_err(|e| fail(e.to_string()))?;
    drop(target);
    std::fs::File::open(to)
        .and_then(|f| f.sync_all())
        .map_err(|e| fail(format!("cannot flush {} to the disk: {e}", to.display())))
}

/// `gatehouse restore SRC`: replaces the database with `src` once it is
/// checked; the current database is kept beside it first. Returns where.
pub fn restore(db_path: &Path, src: &Path) -> Result<Option<PathBuf>, BackupError> {
    verify(src)?;
    let _lock = ServerLock::acquire(db_path).map_err(|e| fail(e.to_string()))?;
    let kept = if db_path.is_file() {
        let kept = sibling(db_path, &format!("before-restore-{}", now()));
        write_copy(db_path, &kept).map_err(|e| {
            fail(format!(
                "cannot keep a copy of the current database first: {e}; nothing was changed"
            ))
        })?;
        Some(kept)
    } else {
        None
    };
    let source = open_read_only(src).map_err(|e| fail(format!("cannot open {}: {e}", src.display())))?;
    let mut target = Connection::open(db_path).map_err(|e| fail(format!("cannot open {}: {e}", db_path.display())))?;
    copy(&source, &mut target).map_err(|e| fail(format!("the restore failed and the database is unchanged: {e}")))?;
    Ok(kept)
}

/// Before a migration from `version`: a copy beside the database, keeping
/// the last few.
pub fn snapshot_before_migration(conn: &Connection, db_path: &Path, version: i64) -> Result<PathBuf, BackupError> {
    let snapshot = sibling(db_path, &format!("v{version}-{}", now()));
    db::create_private_file(&snapshot).map_err(|e| fail(format!("cannot create {}: {e}", snapshot.display())))?;
    let mut target = Connection::open(&snapshot).map_err(|e| fail(e.to_string()))?;
    copy(conn, &mut target).map_err(|e| fail(e.to_string()))?;
    target
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0))
        .map_err(|e| fail(e.to_string()))?;
    drop(target);
    prune_snapshots(db_path);
    Ok(snapshot)
}

/// Removes all but the newest `SNAPSHOTS_KEPT` pre-migration snapshots.
fn prune_snapshots(db_path: &Path) {
    let Some(name) = db_path.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let prefix = format!("{name}.v");
    let Ok(entries) = std::fs::read_dir(parent(db_path)) else {
        return;
    };
    let mut snapshots: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".bak"))
        })
        .collect();
    // Names end in the Unix time they were made: newest last once sorted by it.
    snapshots.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    let excess = snapshots.len().saturating_sub(SNAPSHOTS_KEPT);
    for old in &snapshots[..excess] {
        let _ = std::fs::remove_file(old);
    }
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// `gatehouse.db` → `gatehouse.db.<tag>.bak`, in the same folder.
fn sibling(path: &Path, tag: &str) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("gatehouse.db");
    parent(path).join(format!("{name}.{tag}.bak"))
}

fn partial_name(dest: &Path) -> PathBuf {
    let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("backup");
    parent(dest).join(format!(".{name}.partial"))
}

fn remove_with_sidecars(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// Makes a rename durable: on Unix the folder's entry must reach the disk too.
#[cfg(unix)]
fn sync_folder(folder: &Path) {
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

#[cfg(not(unix))]
fn sync_folder(_folder: &Path) {}
