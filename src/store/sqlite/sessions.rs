//! The `sessions` table in SQLite: only a hash of each token is kept.

use rusqlite::OptionalExtension;

use crate::domain::{describe_device, SessionInfo};
use crate::store::repo::{FoundSession, Liveness, NewSession, Result, Sessions};

use super::rows::{user_from_row, USER_COLUMNS};
use super::SqliteRepo;

impl Sessions for SqliteRepo<'_> {
    fn insert_session(&mut self, s: &NewSession<'_>) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(
                "INSERT INTO sessions (token_hash, user_id, csrf_token, persistent, created_at, last_seen_at, expires_at, user_agent, address)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8) RETURNING id",
            )?
            .query_row(
                (
                    s.token_hash,
                    s.user_id,
                    s.csrf_token,
                    s.persistent,
                    s.at,
                    s.expires_at,
                    s.user_agent,
                    s.address,
                ),
                |r| r.get(0),
            )?)
    }

    fn session_by_token(&mut self, token_hash: &[u8], live: Liveness) -> Result<Option<FoundSession>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT sessions.id, sessions.csrf_token, sessions.last_seen_at, sessions.persistent, {USER_COLUMNS}
                 FROM sessions JOIN users ON users.id = sessions.user_id
                 WHERE sessions.token_hash = ?1 AND sessions.expires_at > ?2 AND users.active = 1
                   AND (sessions.persistent = 1 OR sessions.last_seen_at > ?3)"
            ))?
            .query_row((token_hash, live.now, live.idle_since), |r| {
                Ok(FoundSession {
                    id: r.get(0)?,
                    csrf_token: r.get(1)?,
                    last_seen_at: r.get(2)?,
                    persistent: r.get(3)?,
                    user: user_from_row(r, 4)?,
                })
            })
            .optional()?)
    }

    fn touch_session(&mut self, id: i64, at: i64) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1")?
            .execute((id, at))?;
        Ok(())
    }

    fn sessions_of(&mut self, user_id: i64, live: Liveness) -> Result<Vec<SessionInfo>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, user_agent, address, persistent, created_at, last_seen_at FROM sessions
                 WHERE user_id = ?1 AND expires_at > ?2 AND (persistent = 1 OR last_seen_at > ?3)
                 ORDER BY last_seen_at DESC, id DESC",
            )?
            .query_map((user_id, live.now, live.idle_since), |r| {
                Ok(SessionInfo {
                    id: r.get(0)?,
                    device: describe_device(&r.get::<_, String>(1)?),
                    address: r.get(2)?,
                    persistent: r.get(3)?,
                    created_at: r.get(4)?,
                    last_seen_at: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn delete_session(&mut self, id: i64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("DELETE FROM sessions WHERE id = ?1")?
            .execute([id])?
            > 0)
    }

    fn delete_own_session(&mut self, user_id: i64, id: i64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("DELETE FROM sessions WHERE id = ?1 AND user_id = ?2")?
            .execute((id, user_id))?
            > 0)
    }

    fn delete_sessions_of(&mut self, user_id: i64, keep: Option<i64>) -> Result<usize> {
        self.conn
            .prepare_cached("DELETE FROM pending_sign_ins WHERE user_id = ?1")?
            .execute([user_id])?;
        Ok(self
            .conn
            .prepare_cached("DELETE FROM sessions WHERE user_id = ?1 AND id IS NOT ?2")?
            .execute((user_id, keep))?)
    }

    fn purge_sessions(&mut self, live: Liveness) -> Result<usize> {
        Ok(self
            .conn
            .prepare_cached("DELETE FROM sessions WHERE expires_at <= ?1 OR (persistent = 0 AND last_seen_at <= ?2)")?
            .execute((live.now, live.idle_since))?)
    }
}
