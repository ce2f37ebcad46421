//! The `links` table: invitations and password resets, kept as the hashes of
//! their tokens.

use crate::domain::{LinkKind, StoredLink};
use crate::store::error::StoreError;
use crate::store::repo::{LinkWrites, Links, NewLink, Result};

use super::{params, Db, Query, Row};
use crate::store::tables::{Kind, Table};

/// The `links` table, as `copy` reads and writes it.
pub const TABLE: Table = Table {
    name: "links",
    shown: "invitation and reset links",
    columns: &[
        ("id", Kind::Int),
        ("token_hash", Kind::Bytes),
        ("user_id", Kind::Int),
        ("kind", Kind::Text),
        ("created_at", Kind::Int),
        ("expires_at", Kind::Int),
        ("used_at", Kind::OptInt),
        ("replaced_at", Kind::OptInt),
        ("refusal_recorded_at", Kind::OptInt),
    ],
};

fn link_from_row(r: &dyn Row) -> Result<StoredLink> {
    let kind = r.text(2)?;
    Ok(StoredLink {
        id: r.int(0)?,
        user_id: r.int(1)?,
        kind: LinkKind::parse(&kind)
            .ok_or_else(|| StoreError::other(format!("a link has the unknown kind {kind:?}")))?,
        expires_at: r.int(3)?,
        used_at: r.opt_int(4)?,
        replaced_at: r.opt_int(5)?,
    })
}

impl<D: Db> Links for D {
    fn link_by_token(&mut self, token_hash: &[u8]) -> Result<Option<StoredLink>> {
        self.query_opt(
            "SELECT id, user_id, kind, expires_at, used_at, replaced_at FROM links WHERE token_hash = $1",
            params![token_hash],
            link_from_row,
        )
    }
}

impl<D: Db> LinkWrites for D {
    fn insert_link(&mut self, link: &NewLink<'_>) -> Result<()> {
        self.execute(
            "UPDATE links SET replaced_at = $3
             WHERE user_id = $1 AND kind = $2 AND used_at IS NULL AND replaced_at IS NULL",
            params![link.user_id, link.kind.as_str(), link.created_at],
        )?;
        self.execute(
            "INSERT INTO links (token_hash, user_id, kind, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            params![
                link.token_hash,
                link.user_id,
                link.kind.as_str(),
                link.created_at,
                link.expires_at
            ],
        )?;
        Ok(())
    }

    fn use_link(&mut self, id: i64, at: i64) -> Result<bool> {
        Ok(self.execute(
            "UPDATE links SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND replaced_at IS NULL",
            params![id, at],
        )? > 0)
    }

    fn note_link_refusal(&mut self, id: i64, at: i64) -> Result<bool> {
        Ok(self.execute(
            "UPDATE links SET refusal_recorded_at = $2 WHERE id = $1 AND refusal_recorded_at IS NULL",
            params![id, at],
        )? > 0)
    }

    fn delete_links_of(&mut self, user_id: i64, keep: Option<i64>) -> Result<usize> {
        Ok(self.execute(
            "DELETE FROM links WHERE user_id = $1 AND id IS DISTINCT FROM $2",
            params![user_id, keep],
        )? as usize)
    }
}
