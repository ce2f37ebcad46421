//! The `sign_in_failures` table in SQLite: the failures the throttle counts.

use std::collections::HashSet;

use rusqlite::OptionalExtension;

use crate::store::repo::{FailureKey, Result, Throttle};

use super::SqliteRepo;

impl Throttle for SqliteRepo<'_> {
    fn insert_failure(&mut self, at: i64, email: &str, address: &str) -> Result<()> {
        self.conn
            .prepare_cached("INSERT INTO sign_in_failures (at, email, address) VALUES (?1, ?2, ?3)")?
            .execute((at, email, address))?;
        Ok(())
    }

    fn nth_failure(&mut self, key: FailureKey<'_>, since: i64, n: i64) -> Result<Option<i64>> {
        let (sql, value) = match key {
            FailureKey::Email(email) => (
                "SELECT at FROM sign_in_failures WHERE email = ?1 AND at > ?2 ORDER BY at DESC LIMIT 1 OFFSET ?3",
                email,
            ),
            FailureKey::Address(address) => (
                "SELECT at FROM sign_in_failures WHERE address = ?1 AND at > ?2 ORDER BY at DESC LIMIT 1 OFFSET ?3",
                address,
            ),
        };
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_row((value, since, n - 1), |r| r.get(0))
            .optional()?)
    }

    fn count_failures(&mut self, email: &str, since: i64) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM sign_in_failures WHERE email = ?1 AND at > ?2")?
            .query_row((email, since), |r| r.get(0))?)
    }

    fn prune_failures(&mut self, before: i64) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM sign_in_failures WHERE at <= ?1")?
            .execute([before])?;
        Ok(())
    }

    fn clear_failures(&mut self, email: &str) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM sign_in_failures WHERE email = ?1")?
            .execute([email])?;
        Ok(())
    }

    fn locked_emails(&mut self, since: i64, limit: i64) -> Result<HashSet<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT email FROM sign_in_failures WHERE at > ?1 GROUP BY email HAVING count(*) >= ?2")?
            .query_map((since, limit), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }
}
