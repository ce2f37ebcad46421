//! The `links` table in SQLite: invitations and password resets.

use rusqlite::{OptionalExtension, Row};

use crate::domain::StoredLink;
use crate::store::repo::{Links, NewLink, Result};

use super::SqliteRepo;

fn link_from_row(r: &Row<'_>) -> rusqlite::Result<StoredLink> {
    Ok(StoredLink {
        id: r.get(0)?,
        user_id: r.get(1)?,
        kind: r.get(2)?,
        expires_at: r.get(3)?,
        used_at: r.get(4)?,
        replaced_at: r.get(5)?,
    })
}

impl Links for SqliteRepo<'_> {
    fn insert_link(&mut self, link: &NewLink<'_>) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE links SET replaced_at = ?3
                 WHERE user_id = ?1 AND kind = ?2 AND used_at IS NULL AND replaced_at IS NULL",
            )?
            .execute((link.user_id, link.kind.as_str(), link.created_at))?;
        self.conn
            .prepare_cached(
                "INSERT INTO links (token_hash, user_id, kind, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute((
                link.token_hash,
                link.user_id,
                link.kind.as_str(),
                link.created_at,
                link.expires_at,
            ))?;
        Ok(())
    }

    fn link_by_token(&mut self, token_hash: &[u8]) -> Result<Option<StoredLink>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, user_id, kind, expires_at, used_at, replaced_at FROM links WHERE token_hash = ?1",
            )?
            .query_row([token_hash], link_from_row)
            .optional()?)
    }

    fn use_link(&mut self, id: i64, at: i64) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached("UPDATE links SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL AND replaced_at IS NULL")?
            .execute((id, at))?;
        Ok(changed > 0)
    }

    fn note_link_refusal(&mut self, id: i64, at: i64) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached("UPDATE links SET refusal_recorded_at = ?2 WHERE id = ?1 AND refusal_recorded_at IS NULL")?
            .execute((id, at))?;
        Ok(changed > 0)
    }

    fn delete_links_of(&mut self, user_id: i64, keep: Option<i64>) -> Result<usize> {
        Ok(self
            .conn
            .prepare_cached("DELETE FROM links WHERE user_id = ?1 AND id IS NOT ?2")?
            .execute((user_id, keep))?)
    }
}
