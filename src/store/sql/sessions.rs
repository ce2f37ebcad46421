//! The `sessions` table: only a hash of each token is kept.

use crate::domain::{describe_device, SessionInfo};
use crate::store::repo::{FoundSession, GateSession, Liveness, NewSession, Result, SessionWrites, Sessions};

use super::users::{user_columns, user_from_row, USER_COLUMN_COUNT};
use super::{params, Db, Query, Row};
use crate::store::tables::{Kind, Table};

/// The `sessions` table, as `copy` reads and writes it.
pub const TABLE: Table = Table {
    name: "sessions",
    shown: "sessions",
    columns: &[
        ("id", Kind::Int),
        ("token_hash", Kind::Bytes),
        ("user_id", Kind::Int),
        ("csrf_token", Kind::Text),
        ("persistent", Kind::Bool),
        ("created_at", Kind::Int),
        ("last_seen_at", Kind::Int),
        ("expires_at", Kind::Int),
        ("user_agent", Kind::Text),
        ("address", Kind::Text),
        ("amr", Kind::Text),
    ],
};

/// A live session's columns and its user's, read by `found_session`.
macro_rules! session_columns {
    () => {
        concat!(
            "sessions.id, sessions.csrf_token, sessions.last_seen_at, sessions.persistent, sessions.created_at, \
             sessions.amr, ",
            user_columns!()
        )
    };
}

/// The sessions and their users, for `live_session!`.
macro_rules! sessions_and_users {
    () => {
        " FROM sessions JOIN users ON users.id = sessions.user_id"
    };
}

/// The session whose token hash is `$1`, live at `$2` (idle since `$3`),
/// if its user is active.
macro_rules! live_session {
    () => {
        " WHERE sessions.token_hash = $1 AND sessions.expires_at > $2 AND users.active = TRUE
            AND (sessions.persistent = TRUE OR sessions.last_seen_at > $3)"
    };
}

/// How many of `session_columns!` are the session's own (the user's follow).
const SESSION_COLUMN_COUNT: usize = 6;

/// The session and user of a row that starts with `session_columns!`.
fn found_session(r: &dyn Row) -> Result<FoundSession> {
    Ok(FoundSession {
        id: r.int(0)?,
        csrf_token: r.text(1)?,
        last_seen_at: r.int(2)?,
        persistent: r.bool(3)?,
        created_at: r.int(4)?,
        amr: r.text(5)?,
        user: user_from_row(r, SESSION_COLUMN_COUNT)?,
    })
}

impl<D: Db> Sessions for D {
    fn session_by_token(&mut self, token_hash: &[u8], live: Liveness) -> Result<Option<FoundSession>> {
        self.query_opt(
            concat!("SELECT ", session_columns!(), sessions_and_users!(), live_session!()),
            params![token_hash, live.now, live.idle_since],
            found_session,
        )
    }

    fn session_for_gate(&mut self, token_hash: &[u8], live: Liveness) -> Result<Option<GateSession>> {
        // One row a group (one with no group when there is none); the
        // generation of the apps' rules with it, so that the gate asks
        // the database once.
        let mut found: Option<GateSession> = None;
        self.query_each(
            concat!(
                "SELECT ",
                session_columns!(),
                ", user_groups.id, user_groups.name,
                   (SELECT value FROM counts WHERE name = 'apps_generation')",
                sessions_and_users!(),
                " LEFT JOIN group_members ON group_members.user_id = users.id
                  LEFT JOIN user_groups ON user_groups.id = group_members.group_id",
                live_session!(),
                " ORDER BY user_groups.name_key"
            ),
            params![token_hash, live.now, live.idle_since],
            &mut |r| {
                let at = SESSION_COLUMN_COUNT + USER_COLUMN_COUNT;
                let gate = match &mut found {
                    Some(gate) => gate,
                    None => found.insert(GateSession {
                        session: found_session(r)?,
                        groups: Vec::new(),
                        apps_generation: r.int(at + 2)?,
                    }),
                };
                if let (Some(id), Some(name)) = (r.opt_int(at)?, r.opt_text(at + 1)?) {
                    gate.groups.push((id, name));
                }
                Ok(true)
            },
        )?;
        Ok(found)
    }

    fn sessions_of(&mut self, user_id: i64, live: Liveness) -> Result<Vec<SessionInfo>> {
        self.query_all(
            "SELECT id, user_agent, address, persistent, created_at, last_seen_at FROM sessions
             WHERE user_id = $1 AND expires_at > $2 AND (persistent = TRUE OR last_seen_at > $3)
             ORDER BY last_seen_at DESC, id DESC",
            params![user_id, live.now, live.idle_since],
            |r| {
                Ok(SessionInfo {
                    id: r.int(0)?,
                    device: describe_device(&r.text(1)?),
                    address: r.text(2)?,
                    persistent: r.bool(3)?,
                    created_at: r.int(4)?,
                    last_seen_at: r.int(5)?,
                })
            },
        )
    }
}

impl<D: Db> SessionWrites for D {
    fn insert_session(&mut self, s: &NewSession<'_>) -> Result<i64> {
        self.query_one(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, persistent, created_at, last_seen_at, expires_at,
                                   user_agent, address, amr)
             VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9) RETURNING id",
            params![
                s.token_hash,
                s.user_id,
                s.csrf_token,
                s.persistent,
                s.at,
                s.expires_at,
                s.user_agent,
                s.address,
                s.amr
            ],
            |r| r.int(0),
        )
    }

    fn touch_session(&mut self, id: i64, at: i64) -> Result<()> {
        self.execute("UPDATE sessions SET last_seen_at = $2 WHERE id = $1", params![id, at])?;
        Ok(())
    }

    fn delete_session(&mut self, id: i64) -> Result<bool> {
        Ok(self.execute("DELETE FROM sessions WHERE id = $1", params![id])? > 0)
    }

    fn delete_own_session(&mut self, user_id: i64, id: i64) -> Result<bool> {
        Ok(self.execute(
            "DELETE FROM sessions WHERE id = $1 AND user_id = $2",
            params![id, user_id],
        )? > 0)
    }

    fn second_step_set_up(&mut self, user_id: i64, session_id: i64, amr: &str) -> Result<usize> {
        self.execute(
            "UPDATE sessions SET amr = $3
             WHERE id = $2 AND user_id = $1 AND amr NOT LIKE '%otp%' AND amr NOT LIKE '%hwk%'",
            params![user_id, session_id, amr],
        )?;
        Ok(self.execute(
            "DELETE FROM sessions
             WHERE user_id = $1 AND id <> $2 AND amr NOT LIKE '%otp%' AND amr NOT LIKE '%hwk%'",
            params![user_id, session_id],
        )? as usize)
    }

    fn delete_sessions_of(&mut self, user_id: i64, keep: Option<i64>) -> Result<usize> {
        self.execute("DELETE FROM pending_sign_ins WHERE user_id = $1", params![user_id])?;
        Ok(self.execute(
            "DELETE FROM sessions WHERE user_id = $1 AND id IS DISTINCT FROM $2",
            params![user_id, keep],
        )? as usize)
    }

    fn purge_sessions(&mut self, live: Liveness) -> Result<usize> {
        Ok(self.execute(
            "DELETE FROM sessions WHERE expires_at <= $1 OR (persistent = FALSE AND last_seen_at <= $2)",
            params![live.now, live.idle_since],
        )? as usize)
    }
}
