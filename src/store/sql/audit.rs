//! The `audit` table: the security log, newest first.

use crate::domain::{AuditRow, Entry};
use crate::store::repo::{Audit, AuditWrites, Result};

use super::{params, Db, Query};
use crate::store::tables::{Kind, Table};

/// The `audit` table, as `copy` reads and writes it.
pub const TABLE: Table = Table {
    name: "audit",
    shown: "security log entries",
    columns: &[
        ("id", Kind::Int),
        ("at", Kind::Int),
        ("event", Kind::Text),
        ("actor_id", Kind::OptInt),
        ("actor", Kind::Text),
        ("target_id", Kind::OptInt),
        ("target", Kind::Text),
        ("address", Kind::Text),
        ("detail", Kind::Text),
    ],
};

impl<D: Db> Audit for D {
    fn audit_page(&mut self, limit: u32, offset: i64) -> Result<(Vec<AuditRow>, i64)> {
        let total = self.query_one("SELECT count(*) FROM audit", params![], |r| r.int(0))?;
        let rows = self.query_all(
            "SELECT at, event, actor, target, address, detail FROM audit ORDER BY id DESC LIMIT $1 OFFSET $2",
            params![i64::from(limit), offset],
            |r| {
                Ok(AuditRow {
                    at: r.int(0)?,
                    event: r.text(1)?,
                    actor: r.text(2)?,
                    target: r.text(3)?,
                    address: r.text(4)?,
                    detail: r.text(5)?,
                })
            },
        )?;
        Ok((rows, total))
    }

    fn recently_recorded(&mut self, event: &str, actor: &str, target: &str, address: &str, since: i64) -> Result<bool> {
        Ok(self
            .query_opt(
                "SELECT 1 FROM audit WHERE event = $1 AND at > $5 AND actor = $2 AND target = $3 AND address = $4 LIMIT 1",
                params![event, actor, target, address, since],
                |_| Ok(()),
            )?
            .is_some())
    }
}

impl<D: Db> AuditWrites for D {
    fn insert_audit(&mut self, at: i64, entry: &Entry) -> Result<()> {
        self.execute(
            "INSERT INTO audit (at, event, actor_id, actor, target_id, target, address, detail)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            params![
                at,
                entry.event.as_str(),
                entry.actor.id,
                &entry.actor.label,
                entry.target.id,
                &entry.target.label,
                &entry.address,
                &entry.detail
            ],
        )?;
        Ok(())
    }
}
