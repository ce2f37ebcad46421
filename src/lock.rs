//! The server's claim on its database: an exclusive lock on `<db>.lock`,
//! held while `serve` runs, so that `restore` can refuse to replace a
//! database in use. The operating system drops it if the process dies.

use std::fmt;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// Held for as long as the value lives.
#[derive(Debug)]
pub struct ServerLock {
    _file: File,
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

fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
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
            Ok(()) => Ok(ServerLock { _file: file }),
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
