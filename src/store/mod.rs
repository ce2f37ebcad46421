//! The store: where everything that must survive is kept, behind the
//! repository interface (`repo`). `Store` is a handle on one database, a
//! SQLite file or a PostgreSQL database; a use case runs in `read` (each
//! statement on its own) or `write` (one transaction, committed only when
//! the use case succeeds), off the async workers. Each statement is written
//! once, in `sql/`; an engine's folder (`sqlite/`, `postgres/`) holds its
//! crate, its pool and migrations, and only the SQL that truly differs.

pub mod error;
pub mod foreign;
mod migrations;
pub mod postgres;
pub mod repo;
pub mod sql;
pub mod sqlite;
pub mod tables;
pub mod transfer;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub use error::{Constraint, StoreError};
pub use repo::{NewLink, ReadRepo, Repo};

use self::postgres::{PgClaim, PgStore};
use self::sqlite::lock::ServerLock;
use self::sqlite::SqliteStore;

/// Where the data is, as `--db` / `GATEHOUSE_DB` says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite file.
    File(PathBuf),
    /// A PostgreSQL database: `postgres://` or `postgresql://` URL.
    Postgres(String),
}

impl Location {
    pub fn parse(db: OsString) -> Location {
        match db.to_str() {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Location::Postgres(url.to_owned())
            }
            _ => Location::File(PathBuf::from(db)),
        }
    }

    /// As messages show it: a file's path, a URL without its password.
    pub fn shown(&self) -> String {
        match self {
            Location::File(path) => path.display().to_string(),
            Location::Postgres(url) => postgres::without_password(url),
        }
    }
}

/// The LIKE pattern (with `\` as its escape, both engines' default) for
/// text that contains `text`: its `%`, `_` and `\` are the characters
/// themselves, not wildcards.
pub(crate) fn like_contains(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// How a store with a server keeps its connections.
#[derive(Debug, Clone)]
pub struct PoolSettings {
    /// At most this many connections to the database server.
    pub size: u32,
    /// How long to wait for a connection before the request answers 503.
    pub connect_timeout: Duration,
}

/// A hold on a database that says it is in use; let go when dropped.
pub enum Claim {
    /// SQLite: the lock on `<db>.lock`, one holder at a time.
    File(ServerLock),
    /// PostgreSQL: an advisory lock, shared by servers.
    Server(Box<PgClaim>),
}

/// A handle on the database, cheap to clone.
#[derive(Clone)]
pub struct Store {
    engine: Engine,
    /// How many write transactions this process has ended through this
    /// store (any clone of it): what it keeps in memory from before a
    /// write is not trusted after it (`changes`).
    writes: Arc<AtomicU64>,
}

#[derive(Clone)]
enum Engine {
    Sqlite(SqliteStore),
    Postgres(Box<PgStore>),
}

impl Store {
    /// Opens (creating if needed) the SQLite file at `path` and migrates it;
    /// with `create_folder`, a missing parent folder is created. The error
    /// is worded for the person who started gatehouse.
    pub fn open_sqlite(path: &Path, create_folder: bool) -> Result<Store, sqlite::OpenError> {
        Ok(Store {
            engine: Engine::Sqlite(SqliteStore::open(path, create_folder)?),
            writes: Arc::default(),
        })
    }

    /// Connects to the PostgreSQL database at `url` and creates or migrates
    /// gatehouse's tables; the error is worded for the person.
    pub fn open_postgres(url: &str, pool: &PoolSettings) -> Result<Store, String> {
        Ok(Store {
            engine: Engine::Postgres(Box::new(PgStore::open(url, pool)?)),
            writes: Arc::default(),
        })
    }

    /// Opens the store at `location`: see `open_sqlite` and `open_postgres`.
    /// Users written without a sort key (before the key was kept) get theirs.
    pub fn open(location: &Location, create_folder: bool, pool: &PoolSettings) -> Result<Store, String> {
        let store = match location {
            Location::File(path) => Store::open_sqlite(path, create_folder).map_err(|e| e.to_string())?,
            Location::Postgres(url) => Store::open_postgres(url, pool)?,
        };
        // Ten thousand at a time, each batch its own transaction: a million
        // names loaded by a script take seconds, and little memory.
        let mut after = 0;
        while let Some(last) = store
            .write_blocking(|repo| repo.fill_sort_keys(crate::domain::sort_key, after, 10_000))
            .map_err(|e| format!("cannot sort the names in {}: {e}", store.describe()))?
        {
            after = last;
        }
        Ok(store)
    }

    /// A claim for work that must be alone (a copy): refused while a server uses the database.
    pub fn claim_alone(&self) -> Result<Claim, String> {
        match &self.engine {
            Engine::Sqlite(db) => ServerLock::acquire(db.path())
                .map(Claim::File)
                .map_err(|e| e.to_string()),
            Engine::Postgres(db) => db.claim(true).map(|c| Claim::Server(Box::new(c))),
        }
    }

    /// A serving instance's claim: on PostgreSQL shared with the others;
    /// on SQLite the file's lock, one server at a time.
    pub fn claim_serving(&self) -> Result<Claim, String> {
        match &self.engine {
            Engine::Sqlite(_) => self.claim_alone(),
            Engine::Postgres(db) => db.claim(false).map(|c| Claim::Server(Box::new(c))),
        }
    }

    /// The SQLite file, for what only a file has (its lock, its backups).
    pub fn file(&self) -> Option<&Path> {
        match &self.engine {
            Engine::Sqlite(db) => Some(db.path()),
            Engine::Postgres(_) => None,
        }
    }

    /// Where the data is, as messages name it (never a password).
    pub fn describe(&self) -> String {
        match &self.engine {
            Engine::Sqlite(db) => db.path().display().to_string(),
            Engine::Postgres(db) => db.shown().to_owned(),
        }
    }

    /// Runs `f` on the calling thread (the command line); see `read`.
    pub fn read_blocking<T, E>(&self, f: impl FnOnce(&mut dyn ReadRepo) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        // A note's handle, seen through the reads alone.
        self.note_blocking(|repo| f(repo))
    }

    /// Runs `f` on the calling thread with each statement its own
    /// transaction; see `note`.
    pub fn note_blocking<T, E>(&self, f: impl FnOnce(&mut dyn Repo) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        match &self.engine {
            Engine::Sqlite(db) => db.with_repo(false, |repo| f(repo)),
            Engine::Postgres(db) => db.with_repo(false, |repo| f(repo)),
        }
    }

    /// Runs `f` on the calling thread (the command line); see `write`.
    pub fn write_blocking<T, E>(&self, f: impl FnOnce(&mut dyn Repo) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let answer = match &self.engine {
            Engine::Sqlite(db) => db.with_repo(true, |repo| f(repo)),
            Engine::Postgres(db) => db.with_repo(true, |repo| f(repo)),
        };
        // Counted once the transaction has ended, committed or not.
        self.writes.fetch_add(1, Ordering::SeqCst);
        answer
    }

    /// How many write transactions this process has ended here so far. A
    /// value read before a read and equal after means none of this
    /// process's writes came between (another process's may have).
    pub fn changes(&self) -> u64 {
        self.writes.load(Ordering::SeqCst)
    }

    /// A read of a few indexed rows, asked on every request (a session, the
    /// directory's state): on SQLite it runs at once on the calling thread,
    /// where it takes microseconds, less than handing it to another thread
    /// and back; on PostgreSQL, where every statement is a round trip on the
    /// network, off the workers as `read`. Never for writes: one can wait
    /// for the write lock.
    pub async fn read_small<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut dyn ReadRepo) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        match &self.engine {
            Engine::Sqlite(db) => db.with_repo(false, |repo| f(repo)),
            Engine::Postgres(_) => self.read(f).await,
        }
    }

    /// Runs `f` on the blocking thread pool, each statement on its own: for
    /// reads, which it cannot mix with writes (`ReadRepo`).
    pub async fn read<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut dyn ReadRepo) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let store = self.clone();
        off_the_workers(move || store.read_blocking(f)).await
    }

    /// Runs `f` on the blocking thread pool, each statement its own
    /// transaction: for writes that stand on their own and may be lost
    /// without harm (a session's last activity, the health check's row).
    pub async fn note<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut dyn Repo) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let store = self.clone();
        off_the_workers(move || store.note_blocking(f)).await
    }

    /// Runs `f` on the blocking thread pool in one write transaction,
    /// committed when `f` succeeds and rolled back when it fails.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut dyn Repo) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let store = self.clone();
        off_the_workers(move || store.write_blocking(f)).await
    }
}

/// Runs blocking store work on tokio's blocking pool.
async fn off_the_workers<T, E>(work: impl FnOnce() -> Result<T, E> + Send + 'static) -> Result<T, E>
where
    T: Send + 'static,
    E: From<StoreError> + Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| E::from(StoreError::other(format!("a database task stopped unexpectedly: {e}"))))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(like_contains("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn file_paths_and_urls_are_told_apart() {
        assert_eq!(Location::parse("office.db".into()), Location::File("office.db".into()));
        let url = "postgresql://ann:secret@db/gate";
        assert_eq!(Location::parse(url.into()), Location::Postgres(url.into()));
        assert_eq!(Location::parse(url.into()).shown(), "postgresql://ann@db/gate");
    }
}
