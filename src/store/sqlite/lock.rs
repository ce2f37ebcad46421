//! The server's claim on its SQLite file: an exclusive lock on `<db>.lock`,
//! held while `serve` runs, so that `restore` can refuse to replace a
//! database in use, and a second start can find the running server (its
//! address is in `<db>.address`). The operating system drops the lock if the
//! process dies.

use std::fmt;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// Held for as long as the value lives.
#[derive(Debug)]
pub struct ServerLock {
    _file: File,
    address_file: PathBuf,
}

impl Drop for ServerLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.address_file);
    }
}

#[derive(Debug)]
pub enum LockError {
    /// Another process (a running gatehouse) holds it.
    InUse(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for LockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LockError::InUse(db) => write!(
                f,
                "a gatehouse server is using {}; stop it first (Ctrl-C in its window, or stop the service)",
                db.display()
            ),
            LockError::Io(lock, e) => write!(f, "cannot use the lock file {}: {e}", lock.display()),
        }
    }
}

impl std::error::Error for LockError {}

fn beside(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn lock_path(db: &Path) -> PathBuf {
    beside(db, ".lock")
}

/// Notes the address the server of `db` answers at, for a second start.
pub fn announce(db: &Path, url: &str) {
    let _ = std::fs::write(beside(db, ".address"), url);
}

/// The address of the server running on `db`, if one said.
pub fn running_at(db: &Path) -> Option<String> {
    let url = std::fs::read_to_string(beside(db, ".address")).ok()?;
    let url = url.trim();
    (url.starts_with("http://") || url.starts_with("https://")).then(|| url.to_owned())
}

impl ServerLock {
    /// Claims `db`, or says who has it.
    pub fn acquire(db: &Path) -> Result<ServerLock, LockError> {
        let path = lock_path(db);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| LockError::Io(path.clone(), e))?;
        match file.try_lock() {
            Ok(()) => Ok(ServerLock {
                _file: file,
                address_file: beside(db, ".address"),
            }),
            Err(TryLockError::WouldBlock) => Err(LockError::InUse(db.to_owned())),
            Err(TryLockError::Error(e)) => Err(LockError::Io(path, e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("g.db");
        let first = ServerLock::acquire(&db).unwrap();
        assert!(matches!(ServerLock::acquire(&db), Err(LockError::InUse(_))));
        drop(first);
        assert!(ServerLock::acquire(&db).is_ok());
    }
}
