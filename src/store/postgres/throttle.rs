//! The `sign_in_failures` table in PostgreSQL: the failures the throttle counts.

use std::collections::HashSet;

use crate::store::repo::{FailureKey, Result, Throttle};

use super::PgRepo;

impl Throttle for PgRepo<'_> {
    fn insert_failure(&mut self, at: i64, email: &str, address: &str) -> Result<()> {
        self.execute(
            "INSERT INTO sign_in_failures (at, email, address) VALUES ($1, $2, $3)",
            &[&at, &email, &address],
        )?;
        Ok(())
    }

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
        Ok(self
            .query_opt(sql, &[&value, &since, &(n - 1)])?
            .map(|r| r.try_get(0))
            .transpose()?)
    }

    fn count_failures(&mut self, email: &str, since: i64) -> Result<i64> {
        Ok(self
            .query_one(
                "SELECT count(*) FROM sign_in_failures WHERE email = $1 AND at > $2",
                &[&email, &since],
            )?
            .try_get(0)?)
    }

    fn prune_failures(&mut self, before: i64) -> Result<()> {
        self.execute("DELETE FROM sign_in_failures WHERE at <= $1", &[&before])?;
        Ok(())
    }

    fn clear_failures(&mut self, email: &str) -> Result<()> {
        self.execute("DELETE FROM sign_in_failures WHERE email = $1", &[&email])?;
        Ok(())
    }

    fn locked_emails(&mut self, since: i64, limit: i64) -> Result<HashSet<String>> {
        self.query(
            "SELECT email FROM sign_in_failures WHERE at > $1 GROUP BY email HAVING count(*) >= $2",
            &[&since, &limit],
        )?
        .iter()
        .map(|r| Ok(r.try_get(0)?))
        .collect()
    }
}
