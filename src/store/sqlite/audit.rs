//! The `audit` table in SQLite.

use crate::domain::{AuditRow, Entry};
use crate::store::repo::{Audit, Result};

use super::SqliteRepo;

impl Audit for SqliteRepo<'_> {
    fn insert_audit(&mut self, at: i64, entry: &Entry) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO audit (at, event, actor_id, actor, target_id, target, address, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute((
                at,
                entry.event.as_str(),
                entry.actor.id,
                &entry.actor.label,
                entry.target.id,
                &entry.target.label,
                &entry.address,
                &entry.detail,
            ))?;
        Ok(())
    }

    fn audit_page(&mut self, limit: u32, offset: i64) -> Result<(Vec<AuditRow>, i64)> {
        let total = self
            .conn
            .prepare_cached("SELECT count(*) FROM audit")?
            .query_row([], |r| r.get(0))?;
        let rows = self
            .conn
            .prepare_cached(
                "SELECT at, event, actor, target, address, detail FROM audit ORDER BY id DESC LIMIT ?1 OFFSET ?2",
            )?
            .query_map((limit, offset), |r| {
                Ok(AuditRow {
                    at: r.get(0)?,
                    event: r.get(1)?,
                    actor: r.get(2)?,
                    target: r.get(3)?,
                    address: r.get(4)?,
                    detail: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok((rows, total))
    }
}
