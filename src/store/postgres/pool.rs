//! The pool's connections: a `postgres::Client` and the statements it has
//! prepared. The client keeps no statement cache of its own, so without
//! this every query costs two round trips (prepare, then run); with it, one.
//! A connection is checked with an empty query only when it comes out of
//! the pool after a rest, not on every request.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use postgres::{Client, Config, Error, Statement};
use r2d2::ManageConnection;

use super::tls::Tls;

/// How many statements one connection keeps prepared: more than gatehouse
/// has, so only text made on the fly (none today) is prepared each time.
const MAX_STATEMENTS: usize = 128;

/// A connection back in use within this long is not checked again: it was
/// working a moment ago, and one broken since is told by the failed query.
const CHECK_AFTER_REST: Duration = Duration::from_secs(2);

/// A connection of the pool.
pub struct PgConnection {
    pub(super) client: Client,
    pub(super) statements: Statements,
    used_at: Instant,
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
        if self.0.len() < MAX_STATEMENTS {
            self.0.insert(sql.to_owned(), statement.clone());
        }
        Ok(statement)
    }
}

/// Makes and checks the pool's connections.
pub struct Manager {
    config: Config,
    tls: Tls,
}

impl Manager {
    pub fn new(config: Config, tls: Tls) -> Manager {
        Manager { config, tls }
    }
}

impl ManageConnection for Manager {
    type Connection = PgConnection;
    type Error = Error;

    fn connect(&self) -> Result<PgConnection, Error> {
        Ok(PgConnection {
            client: self.config.connect(self.tls.clone())?,
            statements: Statements::default(),
            used_at: Instant::now(),
        })
    }

    fn is_valid(&self, conn: &mut PgConnection) -> Result<(), Error> {
        let rested = conn.used_at.elapsed() >= CHECK_AFTER_REST;
        conn.used_at = Instant::now();
        match rested {
            true => conn.client.simple_query("").map(|_| ()),
            false => Ok(()),
        }
    }

    fn has_broken(&self, conn: &mut PgConnection) -> bool {
        conn.client.is_closed()
    }
}
