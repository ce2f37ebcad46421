//! The pool's connections: a `postgres::Client` and the statements it has
//! prepared. The client keeps no statement cache of its own, so without
//! this every query costs two round trips (prepare, then run); with it, one.
//! A connection is checked with an empty query when it comes out of the
//! pool after a rest, or after another connection was found broken (the
//! server may have restarted: then every connection is checked once), not
//! on every request.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use postgres::error::SqlState;
use postgres::{Client, Config, Error, Statement};
use r2d2::ManageConnection;

use super::tls::Tls;

/// How many statements one connection keeps prepared: more than gatehouse
/// has, so only text made on the fly (none today) is prepared each time.
const MAX_STATEMENTS: usize = 128;

/// Statements longer than this are not kept (`copy`'s inserts of many
/// rows): each is used once.
const MAX_KEPT_SQL: usize = 4096;

/// A connection back in use within this long is not checked again: it was
/// working a moment ago, and one broken since is told by the failed query.
const CHECK_AFTER_REST: Duration = Duration::from_secs(2);

/// A connection of the pool.
pub struct PgConnection {
    pub(super) client: Client,
    pub(super) statements: Statements,
    returned_at: Instant,
    /// How many broken connections the pool had seen when this one was
    /// last checked.
    checked_at_break: u64,
}

/// The statements prepared on one connection, by their text.
#[derive(Default)]
pub struct Statements(HashMap<String, Statement>);

impl Statements {
    /// The statement for `sql`, prepared by `prepare` the first time.
    pub fn get(
        &mut self,
        sql: &str,
        prepare: impl FnOnce(&str) -> Result<Statement, Error>,
    ) -> Result<Statement, Error> {
        if let Some(statement) = self.0.get(sql) {
            return Ok(statement.clone());
        }
        let statement = prepare(sql)?;
        if self.0.len() < MAX_STATEMENTS && sql.len() <= MAX_KEPT_SQL {
            self.0.insert(sql.to_owned(), statement.clone());
        }
        Ok(statement)
    }

    /// Forgets every statement when `error` says the server no longer has
    /// them as they were (they were deallocated, or a table they read was
    /// changed by a newer gatehouse): prepared again on next use.
    pub fn forget_after(&mut self, error: &Error) {
        let stale = [SqlState::INVALID_SQL_STATEMENT_NAME, SqlState::FEATURE_NOT_SUPPORTED];
        if error.code().is_some_and(|code| stale.contains(code)) {
            self.0.clear();
        }
    }
}

/// Makes and checks the pool's connections.
pub struct Manager {
    config: Config,
    tls: Tls,
    /// How many connections were found broken so far.
    breaks: Arc<AtomicU64>,
}

impl Manager {
    pub fn new(config: Config, tls: Tls) -> Manager {
        Manager {
            config,
            tls,
            breaks: Arc::default(),
        }
    }
}

impl ManageConnection for Manager {
    type Connection = PgConnection;
    type Error = Error;

    fn connect(&self) -> Result<PgConnection, Error> {
        Ok(PgConnection {
            client: self.config.connect(self.tls.clone())?,
            statements: Statements::default(),
            returned_at: Instant::now(),
            checked_at_break: self.breaks.load(Ordering::Relaxed),
        })
    }

    fn is_valid(&self, conn: &mut PgConnection) -> Result<(), Error> {
        let breaks = self.breaks.load(Ordering::Relaxed);
        if conn.returned_at.elapsed() < CHECK_AFTER_REST && conn.checked_at_break == breaks {
            return Ok(());
        }
        conn.checked_at_break = breaks;
        conn.client.simple_query("").map(|_| ())
    }

    /// Asked as each connection goes back to the pool.
    fn has_broken(&self, conn: &mut PgConnection) -> bool {
        conn.returned_at = Instant::now();
        let broken = conn.client.is_closed();
        if broken {
            self.breaks.fetch_add(1, Ordering::Relaxed);
        }
        broken
    }
}
