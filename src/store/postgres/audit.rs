//! The `audit` table in PostgreSQL.

use crate::domain::{AuditRow, Entry};
use crate::store::repo::{Audit, Result};

use super::PgRepo;

impl Audit for PgRepo<'_> {
    fn insert_audit(&mut self, at: i64, entry: &Entry) -> Result<()> {
        self.execute(
            "INSERT INTO audit (at, event, actor_id, actor, target_id, target, address, detail)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                &at,
                &entry.event.as_str(),
                &entry.actor.id,
                &entry.actor.label,
                &entry.target.id,
                &entry.target.label,
                &entry.address,
                &entry.detail,
            ],
        )?;
        Ok(())
    }

    fn audit_page(&mut self, limit: u32, offset: i64) -> Result<(Vec<AuditRow>, i64)> {
        let total: i64 = self.query_one("SELECT count(*) FROM audit", &[])?.try_get(0)?;
        let rows = self.query(
            "SELECT at, event, actor, target, address, detail FROM audit ORDER BY id DESC LIMIT $1 OFFSET $2",
            &[&i64::from(limit), &offset],
        )?;
        let rows = rows
            .iter()
            .map(|r| {
                Ok(AuditRow {
                    at: r.try_get(0)?,
                    event: r.try_get(1)?,
                    actor: r.try_get(2)?,
                    target: r.try_get(3)?,
                    address: r.try_get(4)?,
                    detail: r.try_get(5)?,
                })
            })
            .collect::<Result<_>>()?;
        Ok((rows, total))
    }
}
