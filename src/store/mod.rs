//! The store: where everything that must survive is kept, behind the
//! repository interface (`repo`). `Store` is a handle on one database; a
//! use case runs in `read` (each statement on its own) or `write` (one
//! transaction, committed only when the use case succeeds), off the async
//! workers. Only the engine's folder (`sqlite/`) knows its SQL and crates.

pub mod error;
pub mod repo;
pub mod sqlite;

use std::path::Path;

pub use error::{Constraint, StoreError};
pub use repo::Repo;

use self::sqlite::SqliteStore;

/// A handle on the database, cheap to clone.
#[derive(Clone)]
pub struct Store {
    engine: Engine,
}

#[derive(Clone)]
enum Engine {
    Sqlite(SqliteStore),
}

impl Store {
    /// Opens (creating if needed) the SQLite file at `path` and migrates it;
    /// with `create_folder`, a missing parent folder is created. The error
    /// is worded for the person who started gatehouse.
    pub fn open_sqlite(path: &Path, create_folder: bool) -> Result<Store, sqlite::OpenError> {
        Ok(Store {
            engine: Engine::Sqlite(SqliteStore::open(path, create_folder)?),
        })
    }

    /// The SQLite file, for what only a file has (its lock, its backups).
    pub fn file(&self) -> Option<&Path> {
        match &self.engine {
            Engine::Sqlite(db) => Some(db.path()),
        }
    }

    /// Where the data is, as messages name it.
    pub fn describe(&self) -> String {
        match &self.engine {
            Engine::Sqlite(db) => db.path().display().to_string(),
        }
    }

    /// Runs `f` on the calling thread (the command line); see `read`.
    pub fn read_blocking<T, E>(&self, f: impl FnOnce(&mut dyn Repo) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        match &self.engine {
            Engine::Sqlite(db) => db.with_repo(false, |repo| f(repo)),
        }
    }

    /// Runs `f` on the calling thread (the command line); see `write`.
    pub fn write_blocking<T, E>(&self, f: impl FnOnce(&mut dyn Repo) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        match &self.engine {
            Engine::Sqlite(db) => db.with_repo(true, |repo| f(repo)),
        }
    }

    /// Runs `f` on the blocking thread pool, each statement on its own: for
    /// reads, and best-effort notes such as a session's last activity.
    pub async fn read<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut dyn Repo) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let store = self.clone();
        off_the_workers(move || store.read_blocking(f)).await
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
