//! Server-side sessions: the `sessions` table, which keeps only a hash of each
//! token, and the private cookie that carries the token itself.

use rocket::http::{Cookie, SameSite};
use rocket::time::Duration;
use rusqlite::{Connection, OptionalExtension};

use crate::config::Settings;
use crate::db::now;
use crate::tokens::{hash_token, random_token};
use crate::users::{self, User};

/// The name of the private cookie holding the session token.
pub const COOKIE: &str = "gatehouse_session";

/// How stale `last_seen_at` may get before a request writes it again.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// A session that a request proved it holds.
#[derive(Debug, Clone)]
pub struct Signed {
    pub session_id: i64,
    pub csrf_token: String,
    /// "Remember me" was ticked at sign-in.
    pub persistent: bool,
    pub user: User,
}

/// Where a sign-in came from, kept to show the user their sessions.
#[derive(Debug, Clone, Default)]
pub struct Client {
    pub user_agent: String,
    pub address: String,
}

/// A session just created: the token goes into the cookie, never the database.
pub struct Started {
    pub token: String,
    pub persistent: bool,
}

/// Starts a session for `user_id`; `persistent` is "remember me".
pub fn start(
    conn: &Connection,
    user_id: i64,
    persistent: bool,
    client: &Client,
    settings: &Settings,
) -> rusqlite::Result<Started> {
    let token = random_token();
    let at = now();
    let lifetime = if persistent {
        settings.remember_seconds()
    } else {
        settings.absolute_seconds()
    };
    conn.prepare_cached(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, persistent, created_at, last_seen_at, expires_at, user_agent, address)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8)",
    )?
    .execute((
        hash_token(&token),
        user_id,
        random_token(),
        persistent,
        at,
        at + lifetime,
        &client.user_agent,
        &client.address,
    ))?;
    Ok(Started { token, persistent })
}

/// The live session for `token` and its active user, if there is one. Notes
/// the request as the session's last activity (at most once a minute).
pub fn find(
    conn: &Connection,
    token: &str,
    settings: &Settings,
) -> rusqlite::Result<Option<Signed>> {
    let at = now();
    let found = conn
        .prepare_cached(&format!(
            "SELECT sessions.id, sessions.csrf_token, sessions.last_seen_at, sessions.persistent, {}
             FROM sessions JOIN users ON users.id = sessions.user_id
             WHERE sessions.token_hash = ?1 AND sessions.expires_at > ?2 AND users.active = 1
               AND (sessions.persistent = 1 OR sessions.last_seen_at > ?2 - ?3)",
            users::COLUMNS
        ))?
        .query_row((hash_token(token), at, settings.idle_seconds()), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, bool>(3)?,
                users::from_row(r, 4)?,
            ))
        })
        .optional()?;
    let Some((session_id, csrf_token, last_seen, persistent, user)) = found else {
        return Ok(None);
    };
    if at - last_seen >= TOUCH_EVERY_SECONDS {
        // Best effort: a database that cannot take writes still lets people read.
        let _ = conn
            .prepare_cached("UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1")
            .and_then(|mut s| s.execute((session_id, at)));
    }
    Ok(Some(Signed {
        session_id,
        csrf_token,
        persistent,
        user,
    }))
}

/// A session as its owner sees it listed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SessionInfo {
    pub id: i64,
    pub user_agent: String,
    pub address: String,
    pub persistent: bool,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// A user's live sessions, most recently used first.
pub fn list_for_user(conn: &Connection, user_id: i64) -> rusqlite::Result<Vec<SessionInfo>> {
    conn.prepare_cached(
        "SELECT id, user_agent, address, persistent, created_at, last_seen_at FROM sessions
         WHERE user_id = ?1 AND expires_at > ?2 ORDER BY last_seen_at DESC, id DESC",
    )?
    .query_map((user_id, now()), |r| {
        Ok(SessionInfo {
            id: r.get(0)?,
            user_agent: r.get(1)?,
            address: r.get(2)?,
            persistent: r.get(3)?,
            created_at: r.get(4)?,
            last_seen_at: r.get(5)?,
        })
    })?
    .collect()
}

/// Ends one session.
pub fn end(conn: &Connection, session_id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM sessions WHERE id = ?1")?
        .execute([session_id])?;
    Ok(())
}

/// Ends every session of a user but `keep`; returns how many ended.
pub fn end_all_for_user(
    conn: &Connection,
    user_id: i64,
    keep: Option<i64>,
) -> rusqlite::Result<usize> {
    conn.prepare_cached("DELETE FROM sessions WHERE user_id = ?1 AND id IS NOT ?2")?
        .execute((user_id, keep))
}

/// Deletes sessions that can no longer be used.
pub fn purge_expired(conn: &Connection, settings: &Settings) -> rusqlite::Result<usize> {
    let at = now();
    conn.prepare_cached(
        "DELETE FROM sessions WHERE expires_at <= ?1 OR (persistent = 0 AND last_seen_at <= ?1 - ?2)",
    )?
    .execute((at, settings.idle_seconds()))
}

/// The session cookie: HttpOnly, SameSite=Lax, Path=/ (Secure is added by
/// Rocket under TLS); a browser-session cookie unless "remember me".
pub fn cookie(started: &Started, settings: &Settings) -> Cookie<'static> {
    let builder = Cookie::build((COOKIE, started.token.clone()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/");
    if started.persistent {
        let lifetime = Duration::seconds(settings.remember_seconds());
        // Both attributes: Rocket would otherwise add its own one-week Expires.
        builder
            .max_age(lifetime)
            .expires(rocket::time::OffsetDateTime::now_utc() + lifetime)
            .build()
    } else {
        // No expiry date: the browser forgets the cookie when it closes.
        builder
            .expires(None::<rocket::time::OffsetDateTime>)
            .build()
    }
}
