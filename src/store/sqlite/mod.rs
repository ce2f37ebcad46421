//! The SQLite engine: one file opened with its pragmas and a pool of
//! connections, the schema migrated on open, and `SqliteRepo`, the
//! repository over one connection or transaction. Its statements are
//! store/sql/'s, over this engine's `Db` (db.rs); the files beside this one
//! hold only what SQLite does its own way (the lookup by email and the
//! directory, backups, the file lock, check, whole-table transfers).

pub mod backup;
pub mod check;
mod db;
mod directory;
mod error;
mod file;
pub mod lock;
pub mod migrate;
mod transfer;
mod users;

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

const POOL_SIZE: u32 = 8;
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The repository over one connection (or a transaction on it).
pub struct SqliteRepo<'c> {
    conn: &'c Connection,
}

/// A handle on the database file: a pool of configured connections.
#[derive(Clone)]
pub struct SqliteStore {
    pool: r2d2::Pool<SqliteConnectionManager>,
    path: PathBuf,
}

/// Why the database could not be opened, worded for the person who started gatehouse.
#[derive(Debug)]
pub struct OpenError(String);

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OpenError {}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its schema
    /// up to date. With `create_folder`, a missing parent folder is created.
    pub fn open(path: &Path, create_folder: bool) -> Result<SqliteStore, OpenError> {
        let shown = path.display();
        if path.is_dir() {
            return Err(OpenError(format!(
                "{shown} is a folder, not a database file; give a file name with --db"
            )));
        }
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            if !folder.is_dir() {
                if create_folder {
                    file::create_private_folder(folder)
                        .map_err(|e| OpenError(format!("cannot create the folder {}: {e}", folder.display())))?;
                } else {
                    return Err(OpenError(format!(
                        "the folder {} does not exist; create it first or choose another --db",
                        folder.display()
                    )));
                }
            }
        }
        if !path.exists() {
            file::create_private_file(path)
                .map_err(|e| OpenError(format!("cannot create the database {shown}: {e}")))?;
        }
        // One plain connection first, so that a bad file is reported at once
        // and in plain words rather than as a pool time-out.
        let mut conn = Connection::open(path).map_err(|e| OpenError(migrate::describe_failure(path, e.into())))?;
        configure(&mut conn).map_err(|e| OpenError(migrate::describe_failure(path, e.into())))?;
        migrate::upgrade(&mut conn, path).map_err(OpenError)?;
        drop(conn);

        let manager = SqliteConnectionManager::file(path).with_init(configure);
        let pool = r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .error_handler(Box::new(r2d2::NopErrorHandler))
            .build_unchecked(manager);
        Ok(SqliteStore {
            pool,
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A plain connection from the pool, for tests that look at the file.
    pub fn conn(&self) -> Result<r2d2::PooledConnection<SqliteConnectionManager>, StoreError> {
        Ok(self.pool.get()?)
    }

    /// Runs `f` on a pooled connection, on the calling thread. With `write`,
    /// inside one write transaction (taken at once, so that it never has to
    /// be upgraded and fail), committed when `f` succeeds and rolled back
    /// when it fails; without, each statement is its own transaction.
    pub fn with_repo<T, E>(&self, write: bool, f: impl FnOnce(&mut SqliteRepo<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut conn = self.pool.get().map_err(StoreError::from)?;
        if !write {
            return f(&mut SqliteRepo { conn: &conn });
        }
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let answer = f(&mut SqliteRepo { conn: &tx })?;
        tx.commit().map_err(StoreError::from)?;
        Ok(answer)
    }
}

/// Every connection: write-ahead log, foreign keys, a busy timeout, full sync.
fn configure(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.set_prepared_statement_cache_capacity(64);
    // One plan per statement, whatever values are bound: cached statements
    // are not prepared again each time a parameter changes.
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    // 512 KiB of page cache per connection (SQLite's default is 2 MiB):
    // eight connections stay small, and the OS caches the file anyway (at
    // 1,000,000 users, searches were no slower than with 1 MiB, and the
    // peak 5 MB lower).
    conn.pragma_update(None, "cache_size", -512)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_twice_migrates_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.db");
        drop(SqliteStore::open(&path, false).unwrap());
        let db = SqliteStore::open(&path, false).unwrap();
        let conn = db.conn().unwrap();
        assert_eq!(migrate::schema_version(&conn).unwrap(), migrate::known_version());
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        assert_eq!(sync, 2, "synchronous=FULL");
    }

    #[test]
    fn a_missing_folder_is_an_error_unless_asked_to_create_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("g.db");
        let err = SqliteStore::open(&path, false).err().unwrap();
        assert!(err.to_string().contains("does not exist"), "{err}");
        assert!(SqliteStore::open(&path, true).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_new_database_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("data");
        let path = folder.join("g.db");
        drop(SqliteStore::open(&path, true).unwrap());
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&folder), 0o700);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.db");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", migrate::known_version() + 1)
            .unwrap();
        drop(conn);
        let err = SqliteStore::open(&path, false).err().unwrap();
        assert!(err.to_string().contains("newer gatehouse"), "{err}");
    }

    #[test]
    fn a_file_that_is_not_sqlite_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.db");
        std::fs::write(&path, vec![b'x'; 4096]).unwrap();
        let err = SqliteStore::open(&path, false).err().unwrap();
        assert!(err.to_string().contains("not a gatehouse database"), "{err}");
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        use crate::store::repo::{SettingWrites, Settings};
        let dir = tempfile::tempdir().unwrap();
        let db = SqliteStore::open(&dir.path().join("g.db"), false).unwrap();
        let failed: Result<(), StoreError> = db.with_repo(true, |repo| {
            repo.put_setting("half", "done")?;
            Err(StoreError::NotFound)
        });
        assert!(matches!(failed, Err(StoreError::NotFound)));
        let kept = db.with_repo(false, |repo| repo.setting("half")).unwrap();
        assert_eq!(kept, None);
    }
}
