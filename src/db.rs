//! The SQLite file: opening it (pragmas, pool), creating and migrating the
//! schema, the server's own settings, and `Db::run`, which moves every SQLite
//! call off Rocket's async workers onto the blocking pool.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::{Connection, ErrorCode, OptionalExtension};

/// The schema, one entry per version; `PRAGMA user_version` says how many ran.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_users_sessions.sql"),
    include_str!("migrations/0002_audit_throttle.sql"),
    include_str!("migrations/0003_directory_speed.sql"),
];

/// The schema version this binary writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

const POOL_SIZE: u32 = 8;
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Seconds since the Unix epoch: how every time is stored.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A handle on the database file: a pool of configured connections.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<SqliteConnectionManager>,
    path: PathBuf,
}

/// A database call that failed at run time.
#[derive(Debug)]
pub enum DbError {
    Pool(r2d2::Error),
    Sql(rusqlite::Error),
    /// The blocking task ended without an answer (it panicked).
    TaskFailed,
}

impl DbError {
    /// True when the file cannot serve now (disk full, read-only, busy, gone):
    /// the person should be told to try again, not that their input was wrong.
    pub fn is_unavailable(&self) -> bool {
        match self {
            DbError::Pool(_) => true,
            DbError::Sql(e) => matches!(
                e.sqlite_error_code(),
                Some(
                    ErrorCode::DiskFull
                        | ErrorCode::ReadOnly
                        | ErrorCode::DatabaseBusy
                        | ErrorCode::DatabaseLocked
                        | ErrorCode::CannotOpen
                        | ErrorCode::SystemIoFailure
                )
            ),
            DbError::TaskFailed => false,
        }
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::Pool(e) => write!(f, "no database connection: {e}"),
            DbError::Sql(e) => write!(f, "database error: {e}"),
            DbError::TaskFailed => f.write_str("a database task stopped unexpectedly"),
        }
    }
}

impl std::error::Error for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        DbError::Sql(e)
    }
}

impl From<r2d2::Error> for DbError {
    fn from(e: r2d2::Error) -> Self {
        DbError::Pool(e)
    }
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

impl Db {
    /// Opens (creating if needed) the database at `path` and brings its schema
    /// up to date. With `create_folder`, a missing parent folder is created.
    pub fn open(path: &Path, create_folder: bool) -> Result<Db, OpenError> {
        let shown = path.display();
        if path.is_dir() {
            return Err(OpenError(format!(
                "{shown} is a folder, not a database file; give a file name with --db"
            )));
        }
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            if !folder.is_dir() {
                if create_folder {
                    create_private_folder(folder)
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
            create_private_file(path).map_err(|e| OpenError(format!("cannot create the database {shown}: {e}")))?;
        }
        // One plain connection first, so that a bad file is reported at once
        // and in plain words rather than as a pool time-out.
        let mut conn =
            Connection::open(path).map_err(|e| OpenError(describe_open_failure(path, MigrateError::Sql(e))))?;
        let version = configure(&mut conn)
            .and_then(|()| schema_version(&conn))
            .map_err(|e| OpenError(describe_open_failure(path, MigrateError::Sql(e))))?;
        if version > 0 && version < SCHEMA_VERSION {
            let snapshot = crate::backup::snapshot_before_migration(&conn, path, version).map_err(|e| {
                OpenError(format!(
                    "cannot keep a copy of {shown} before upgrading it ({e}); free some disk space and start again"
                ))
            })?;
            eprintln!(
                "Upgrading {shown} from schema version {version} to {SCHEMA_VERSION}; the old one is kept as {}.",
                snapshot.display()
            );
        }
        migrate(&mut conn).map_err(|e| OpenError(describe_open_failure(path, e)))?;
        drop(conn);

        let manager = SqliteConnectionManager::file(path).with_init(configure);
        let pool = r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .error_handler(Box::new(r2d2::NopErrorHandler))
            .build_unchecked(manager);
        let db = Db {
            pool,
            path: path.to_owned(),
        };
        Ok(db)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A connection for blocking code (the command line). Async code uses `run`.
    pub fn conn(&self) -> Result<r2d2::PooledConnection<SqliteConnectionManager>, DbError> {
        Ok(self.pool.get()?)
    }

    /// Runs `f` with a pooled connection on the blocking thread pool.
    pub async fn run<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut Connection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        rocket::tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(DbError::from)?;
            f(&mut conn)
        })
        .await
        .map_err(|_| E::from(DbError::TaskFailed))?
    }
}

/// The database holds password hashes and the cookie key: on Unix, only its
/// owner may read it (SQLite gives its -wal and -shm files the same mode).
#[cfg(unix)]
pub(crate) fn create_private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
}

#[cfg(unix)]
fn create_private_folder(folder: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(folder)
}

/// On Windows the data folder is the user's own already.
#[cfg(not(unix))]
pub(crate) fn create_private_file(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
fn create_private_folder(folder: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)
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
    // 1 MiB of page cache per connection (SQLite's default is 2 MiB): eight
    // connections stay small, and the OS caches the file anyway.
    conn.pragma_update(None, "cache_size", -1024)?;
    Ok(())
}

/// The schema version a connection's file is at.
pub fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

#[derive(Debug)]
enum MigrateError {
    Newer(i64),
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for MigrateError {
    fn from(e: rusqlite::Error) -> Self {
        MigrateError::Sql(e)
    }
}

/// Runs the migrations the file has not seen, each in its own transaction.
fn migrate(conn: &mut Connection) -> Result<(), MigrateError> {
    let version = schema_version(conn)?;
    if version > SCHEMA_VERSION {
        return Err(MigrateError::Newer(version));
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        if schema_version(&tx)? > index as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

fn describe_open_failure(path: &Path, e: MigrateError) -> String {
    let shown = path.display();
    match e {
        MigrateError::Newer(v) => format!(
            "{shown} was written by a newer gatehouse (schema version {v}, this one knows {SCHEMA_VERSION}); run the newer gatehouse, or restore a backup made by this version"
        ),
        MigrateError::Sql(e) => match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => format!(
                "{shown} is not a gatehouse database or is damaged; restore a backup or choose another --db"
            ),
            Some(ErrorCode::ReadOnly) => format!(
                "{shown} is read-only; give gatehouse write permission on the file and its folder"
            ),
            Some(ErrorCode::CannotOpen) | Some(ErrorCode::PermissionDenied) => format!(
                "cannot open {shown}; check that the file and its folder exist and are readable and writable"
            ),
            Some(ErrorCode::DiskFull) => format!("the disk holding {shown} is full; free some space and start again"),
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => format!(
                "{shown} is locked by another program; close it and start again"
            ),
            _ => format!("cannot prepare the database {shown}: {e}"),
        },
    }
}

/// What is wrong with a database file, in plain words; empty when it is sound.
pub fn check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut problems = Vec::new();
    let version = schema_version(conn)?;
    if version != SCHEMA_VERSION {
        problems.push(format!(
            "the schema version is {version}, this gatehouse expects {SCHEMA_VERSION}{}",
            if version < SCHEMA_VERSION {
                " (start gatehouse once to upgrade it)"
            } else {
                " (written by a newer gatehouse)"
            }
        ));
    }
    let mut integrity = conn.prepare("PRAGMA integrity_check")?;
    for line in integrity.query_map([], |r| r.get::<_, String>(0))? {
        let line = line?;
        if line != "ok" {
            problems.push(format!("integrity: {line}"));
        }
    }
    let mut foreign = conn.prepare("PRAGMA foreign_key_check")?;
    for row in foreign.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (table, rowid, parent) = row?;
        problems.push(format!(
            "row {} of {table} refers to a missing row of {parent}",
            rowid.map_or("?".to_owned(), |r| r.to_string())
        ));
    }
    Ok(problems)
}

/// A stored setting, if set.
pub fn setting(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
}

/// A stored setting; when absent, `make` gives the value that is stored.
/// Two processes racing here both end up with the first value written.
pub fn setting_or_insert(conn: &Connection, key: &str, make: impl FnOnce() -> String) -> rusqlite::Result<String> {
    if let Some(value) = setting(conn, key)? {
        return Ok(value);
    }
    conn.execute(
        "INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)",
        (key, make()),
    )?;
    conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_twice_migrates_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.db");
        drop(Db::open(&path, false).unwrap());
        let db = Db::open(&path, false).unwrap();
        let conn = db.conn().unwrap();
        assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION);
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
        let err = Db::open(&path, false).err().unwrap();
        assert!(err.to_string().contains("does not exist"), "{err}");
        assert!(Db::open(&path, true).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_new_database_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("data");
        let path = folder.join("g.db");
        drop(Db::open(&path, true).unwrap());
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&folder), 0o700);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.db");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        drop(conn);
        let err = Db::open(&path, false).err().unwrap();
        assert!(err.to_string().contains("newer gatehouse"), "{err}");
    }

    #[test]
    fn a_file_that_is_not_sqlite_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.db");
        std::fs::write(&path, vec![b'x'; 4096]).unwrap();
        let err = Db::open(&path, false).err().unwrap();
        assert!(err.to_string().contains("not a gatehouse database"), "{err}");
    }
}
