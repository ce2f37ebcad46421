//! The PostgreSQL engine: a pool of connections to one database (the
//! synchronous `postgres` client, pure Rust), the schema migrated on open
//! under an advisory lock, and `PgRepo`, the repository over one connection
//! or transaction. Its statements are store/sql/'s, over this engine's `Db`
//! (db.rs); the files beside this one hold only what PostgreSQL does its own
//! way (the lookup by email and the directory, TLS, check, transfers).

pub mod check;
mod db;
mod error;
mod migrate;
mod pool;
mod tls;
mod transfer;
mod users;

use std::str::FromStr;
use std::sync::Arc;

use postgres::types::{ToSql, Type};
use postgres::{Client, Row, Statement, Transaction};

use super::{PoolSettings, StoreError};
use pool::{Manager, Statements};

/// A handle on the database: a pool of connections.
#[derive(Clone)]
pub struct PgStore {
    pool: Arc<Pool>,
    config: postgres::Config,
    tls: tls::Tls,
    shown: String,
}

/// The advisory lock every write transaction takes first, held until it
/// ends: writes follow one another, as SQLite's do, so that a rule that
/// reads and then writes (the last administrator, the sign-in throttle)
/// holds across instances too.
const WRITE_LOCK: i64 = 0x6761_7465_7772_6974;

/// The advisory lock that says who uses the database: every serving
/// instance holds it shared; maintenance that must be alone, exclusively.
const IN_USE_LOCK: i64 = 0x6761_7465_6875_7365;

/// A connection holding `IN_USE_LOCK`, let go (on a thread of its own, as
/// the pool is) when dropped; the server lets go if the process dies.
pub struct PgClaim(Option<Client>);

impl Drop for PgClaim {
    fn drop(&mut self) {
        if let Some(client) = self.0.take() {
            let _ = std::thread::spawn(move || drop(client)).join();
        }
    }
}

/// The pool, closed on a thread of its own: a `postgres::Client` runs a
/// small runtime to say goodbye to the server, which panics on a thread
/// that drives async tasks, and the last handle may be let go there (when
/// Rocket drops its state at shutdown, or a test's client goes).
struct Pool(Option<r2d2::Pool<Manager>>);

impl Drop for Pool {
    fn drop(&mut self) {
        if let Some(pool) = self.0.take() {
            let _ = std::thread::spawn(move || drop(pool)).join();
        }
    }
}

/// The repository over one connection, or a transaction on it.
pub struct PgRepo<'c> {
    conn: Conn<'c>,
    statements: &'c mut Statements,
}

enum Conn<'c> {
    Plain(&'c mut Client),
    Transaction(Transaction<'c>),
}

impl PgRepo<'_> {
    /// `sql` prepared on this connection, once.
    fn statement(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        let conn = &mut self.conn;
        self.statements.get(sql, |sql| match conn {
            Conn::Plain(c) => c.prepare(sql),
            Conn::Transaction(t) => t.prepare(sql),
        })
    }

    /// `run` with the statement for `sql`; a connection forgets its
    /// statements when the server says they are gone.
    fn on_statement<T>(
        &mut self,
        sql: &str,
        run: impl FnOnce(&mut Conn<'_>, &Statement) -> Result<T, postgres::Error>,
    ) -> Result<T, postgres::Error> {
        let statement = self.statement(sql)?;
        let answer = run(&mut self.conn, &statement);
        if let Err(e) = &answer {
            self.statements.forget_after(e);
        }
        answer
    }

    fn query(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, postgres::Error> {
        self.on_statement(sql, |conn, s| match conn {
            Conn::Plain(c) => c.query(s, params),
            Conn::Transaction(t) => t.query(s, params),
        })
    }

    fn query_opt(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>, postgres::Error> {
        self.on_statement(sql, |conn, s| match conn {
            Conn::Plain(c) => c.query_opt(s, params),
            Conn::Transaction(t) => t.query_opt(s, params),
        })
    }

    fn query_one(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row, postgres::Error> {
        self.on_statement(sql, |conn, s| match conn {
            Conn::Plain(c) => c.query_one(s, params),
            Conn::Transaction(t) => t.query_one(s, params),
        })
    }

    /// `sql` planned for these values each time (and in one round trip):
    /// for searches, whose best plan depends on the pattern, where a plan
    /// kept for any pattern could walk a million rows.
    fn query_planned(
        &mut self,
        sql: &str,
        params: &[(&(dyn ToSql + Sync), Type)],
    ) -> Result<Vec<Row>, postgres::Error> {
        match &mut self.conn {
            Conn::Plain(c) => c.query_typed(sql, params),
            Conn::Transaction(t) => t.query_typed(sql, params),
        }
    }

    fn execute(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, postgres::Error> {
        self.on_statement(sql, |conn, s| match conn {
            Conn::Plain(c) => c.execute(s, params),
            Conn::Transaction(t) => t.execute(s, params),
        })
    }
}

/// The URL with its password (in the user part or as a parameter) left out,
/// as every message shows it.
pub fn without_password(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let (authority, tail) = match rest.find('/') {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => format!("{}@{host}", user.split(':').next().unwrap_or("")),
        None => authority.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query.split('&').filter(|p| !p.starts_with("password=")).collect();
            match kept.is_empty() {
                true => path.to_owned(),
                false => format!("{path}?{}", kept.join("&")),
            }
        }
        None => tail.to_owned(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// The client configuration `url` describes, with the password from
/// `PGPASSWORD` when the URL has none; the error is worded for the person.
pub(super) fn config(url: &str) -> Result<postgres::Config, String> {
    let shown = without_password(url);
    let mut config = postgres::Config::from_str(url).map_err(|e| {
        format!(
            "{shown} is not a PostgreSQL URL gatehouse can use ({e}); write it as postgres://USER@HOST:PORT/DATABASE"
        )
    })?;
    if config.get_password().is_none() {
        if let Ok(password) = std::env::var("PGPASSWORD") {
            config.password(password);
        }
    }
    Ok(config)
}

/// A client to another database at `url` (a Flask app's, to bring its
/// people in), that only reads: no migration, no pool.
pub fn connect_to_read(url: &str) -> Result<postgres::Client, String> {
    let shown = without_password(url);
    let mut config = config(url)?;
    config.connect_timeout(std::time::Duration::from_secs(10));
    config.application_name("gatehouse import");
    config.options("-c default_transaction_read_only=on");
    config
        .connect(tls::connector()?)
        .map_err(|e| error::describe_connect_failure(&shown, &e))
}

impl PgStore {
    /// Connects to the database at `url` (the password may instead come from
    /// `PGPASSWORD`), creates or migrates gatehouse's tables, and keeps a pool.
    /// The error is worded for the person who started gatehouse.
    pub fn open(url: &str, pool: &PoolSettings) -> Result<PgStore, String> {
        let shown = without_password(url);
        let mut config = config(url)?;
        config.connect_timeout(pool.connect_timeout);
        config.application_name("gatehouse");
        let tls = tls::connector()?;
        let mut first = config
            .connect(tls.clone())
            .map_err(|e| error::describe_connect_failure(&shown, &e))?;
        migrate::upgrade(&mut first).map_err(|e| migrate::describe(&shown, e))?;
        drop(first);
        let manager = Manager::new(config.clone(), tls.clone());
        let pool = r2d2::Pool::builder()
            .max_size(pool.size)
            .min_idle(Some(1))
            .connection_timeout(pool.connect_timeout)
            .error_handler(Box::new(r2d2::NopErrorHandler))
            .build_unchecked(manager);
        Ok(PgStore {
            pool: Arc::new(Pool(Some(pool))),
            config,
            tls,
            shown,
        })
    }

    /// Holds `IN_USE_LOCK` on a connection of its own: `alone`, only while
    /// no server uses the database; else shared with the other servers,
    /// only while no maintenance holds it alone.
    pub fn claim(&self, alone: bool) -> Result<PgClaim, String> {
        let mut client = self
            .config
            .connect(self.tls.clone())
            .map_err(|e| error::describe_connect_failure(&self.shown, &e))?;
        let function = if alone {
            "pg_try_advisory_lock"
        } else {
            "pg_try_advisory_lock_shared"
        };
        let held: bool = client
            .query_one(&format!("SELECT {function}($1)"), &[&IN_USE_LOCK])
            .and_then(|r| r.try_get(0))
            .map_err(|e| format!("cannot use {}: {e}", self.shown))?;
        let claim = PgClaim(Some(client));
        match (held, alone) {
            (true, _) => Ok(claim),
            (false, true) => Err(format!(
                "a gatehouse server is using {}; stop every instance on it first",
                self.shown
            )),
            (false, false) => Err(format!(
                "{} is being copied by `gatehouse copy`; start again when it has finished",
                self.shown
            )),
        }
    }

    /// The URL without its password.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Runs `f` on a pooled connection, on the calling thread: with `write`,
    /// in one transaction (after every other write transaction: see
    /// `WRITE_LOCK`) committed when `f` succeeds; without, each statement on
    /// its own.
    pub fn with_repo<T, E>(&self, write: bool, f: impl FnOnce(&mut PgRepo<'_>) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        // The pool is taken out only when its last handle is dropped.
        let pool = self
            .pool
            .0
            .as_ref()
            .ok_or_else(|| StoreError::other("the pool is closed"))?;
        let mut conn = pool.get().map_err(StoreError::from)?;
        let pool::PgConnection { client, statements, .. } = &mut *conn;
        if !write {
            return f(&mut PgRepo {
                conn: Conn::Plain(client),
                statements,
            });
        }
        let tx = client.transaction().map_err(StoreError::from)?;
        let mut repo = PgRepo {
            conn: Conn::Transaction(tx),
            statements,
        };
        repo.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
            .map_err(StoreError::from)?;
        let answer = f(&mut repo)?;
        match repo.conn {
            Conn::Transaction(tx) => tx.commit().map_err(StoreError::from)?,
            Conn::Plain(_) => unreachable!("a write runs in a transaction"),
        }
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn the_password_is_never_shown() {
        assert_eq!(
            without_password("postgres://ann:s3cret@db.local:5432/gate?sslmode=disable"),
            "postgres://ann@db.local:5432/gate?sslmode=disable"
        );
        assert_eq!(
            without_password("postgresql://ann@/gate?host=/run/pg&password=s3cret"),
            "postgresql://ann@/gate?host=/run/pg"
        );
        assert_eq!(without_password("postgres://db/gate?password=x"), "postgres://db/gate");
        assert_eq!(without_password("postgres://ann:p@ss@db/g"), "postgres://ann@db/g");
    }
}
