//! The `sign_in_failures` table: the failures the throttle counts.

use std::collections::HashSet;

use crate::store::repo::{FailureKey, Result, Throttle, ThrottleWrites};

use super::{params, Db, Query};
use crate::store::tables::{Kind, Table};

/// The `sign_in_failures` table, as `copy` reads and writes it.
pub const TABLE: Table = Table {
    name: "sign_in_failures",
    shown: "failed sign-ins (the throttle's counts)",
    columns: &[
        ("id", Kind::Int),
        ("at", Kind::Int),
        ("email", Kind::Text),
        ("address", Kind::Text),
    ],
};

impl<D: Db> Throttle for D {
    fn nth_failure(&mut self, key: FailureKey<'_>, since: i64, n: i64) -> Result<Option<i64>> {
        let (sql, value) = match key {
            FailureKey::Email(email) => (
                "SELECT at FROM sign_in_failures WHERE email = $1 AND at > $2 ORDER BY at DESC LIMIT 1 OFFSET $3",
                email,
            ),
            FailureKey::Address(address) => (
                "SELECT at FROM sign_in_failures WHERE address = $1 AND at > $2 ORDER BY at DESC LIMIT 1 OFFSET $3",
                address,
            ),
        };
        self.query_opt(sql, params![value, since, n - 1], |r| r.int(0))
    }

    fn count_failures(&mut self, email: &str, since: i64) -> Result<i64> {
        self.query_one(
            "SELECT count(*) FROM sign_in_failures WHERE email = $1 AND at > $2",
            params![email, since],
            |r| r.int(0),
        )
    }

    fn locked_emails(&mut self, since: i64, limit: i64) -> Result<HashSet<String>> {
        let emails = self.query_all(
            "SELECT email FROM sign_in_failures WHERE at > $1 GROUP BY email HAVING count(*) >= $2",
            params![since, limit],
            |r| r.text(0),
        )?;
        Ok(emails.into_iter().collect())
    }
}

impl<D: Db> ThrottleWrites for D {
    fn insert_failure(&mut self, at: i64, email: &str, address: &str) -> Result<()> {
        self.execute(
            "INSERT INTO sign_in_failures (at, email, address) VALUES ($1, $2, $3)",
            params![at, email, address],
        )?;
        Ok(())
    }

    fn prune_failures(&mut self, before: i64) -> Result<()> {
        self.execute("DELETE FROM sign_in_failures WHERE at <= $1", params![before])?;
        Ok(())
    }

    fn clear_failures(&mut self, email: &str) -> Result<()> {
        self.execute("DELETE FROM sign_in_failures WHERE email = $1", params![email])?;
        Ok(())
    }
}
