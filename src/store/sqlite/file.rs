//! The database as a file: private files and folders, whole-file copies
//! through SQLite's backup API, the names of the files kept beside it, and
//! making a rename durable. Used by opening, migrating and backups.

use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

/// A failure, worded for the person at the command line.
#[derive(Debug)]
pub struct FileError(String);

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FileError {}

pub fn fail(message: impl Into<String>) -> FileError {
    FileError(message.into())
}

/// The database holds password hashes and the cookie key: on Unix, only its
/// owner may read it (SQLite gives its -wal and -shm files the same mode).
#[cfg(unix)]
pub fn create_private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
}

#[cfg(unix)]
pub fn create_private_folder(folder: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(folder)
}

/// On Windows the data folder is the user's own already.
#[cfg(not(unix))]
pub fn create_private_file(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
pub fn create_private_folder(folder: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)
}

/// Copies all of `from` into the database `to` in one step (one read
/// transaction on `from`, one write transaction on `to`).
pub fn copy(from: &Connection, to: &mut Connection) -> rusqlite::Result<()> {
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

/// A copy of `from` in the new private file `to`, in rollback-journal mode
/// (a single self-contained file).
pub fn copy_to_new_file(from: &Connection, to: &Path) -> Result<(), FileError> {
    // Copies hold password hashes too: readable by their owner only.
    create_private_file(to).map_err(|e| fail(format!("cannot create {}: {e}", to.display())))?;
    let mut target = Connection::open(to).map_err(|e| fail(format!("cannot create {}: {e}", to.display())))?;
    copy(from, &mut target).map_err(|e| fail(e.to_string()))?;
    target
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0))
        .map_err(|e| fail(e.to_string()))?;
    Ok(())
}

pub fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    Ok(conn)
}

/// The folder a file is in (`.` for a bare name).
pub fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// `gatehouse.db` → `gatehouse.db.<tag>.bak`, in the same folder.
pub fn sibling(path: &Path, tag: &str) -> PathBuf {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("gatehouse.db");
    parent(path).join(format!("{name}.{tag}.bak"))
}

/// Where a backup is written before it is complete: `.<name>.partial`.
pub fn partial_name(dest: &Path) -> PathBuf {
    let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("backup");
    parent(dest).join(format!(".{name}.partial"))
}

/// Removes a database file and its journal, WAL and shared-memory files.
pub fn remove_with_sidecars(path: &Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// Makes a rename durable: on Unix the folder's entry must reach the disk too.
#[cfg(unix)]
pub fn sync_folder(folder: &Path) {
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

#[cfg(not(unix))]
pub fn sync_folder(_folder: &Path) {}
