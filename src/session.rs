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
pub fn find(conn: &Connection, token: &str, settings: &Settings) -> rusqlite::Result<Option<Signed>> {
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
    /// From the User-Agent: "Firefox on Windows".
    pub device: String,
    pub address: String,
    pub persistent: bool,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// A user's live sessions, most recently used first.
pub fn list_for_user(conn: &Connection, user_id: i64, settings: &Settings) -> rusqlite::Result<Vec<SessionInfo>> {
    conn.prepare_cached(
        "SELECT id, user_agent, address, persistent, created_at, last_seen_at FROM sessions
         WHERE user_id = ?1 AND expires_at > ?2 AND (persistent = 1 OR last_seen_at > ?2 - ?3)
         ORDER BY last_seen_at DESC, id DESC",
    )?
    .query_map((user_id, now(), settings.idle_seconds()), |r| {
        Ok(SessionInfo {
            id: r.get(0)?,
            device: describe_device(&r.get::<_, String>(1)?),
            address: r.get(2)?,
            persistent: r.get(3)?,
            created_at: r.get(4)?,
            last_seen_at: r.get(5)?,
        })
    })?
    .collect()
}

/// A short description of the browser and system a User-Agent names,
/// such as "Firefox on Windows".
pub fn describe_device(user_agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .iter()
    .find(|(mark, _)| user_agent.contains(mark))
    .map(|(_, name)| *name);
    let system = [
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(mark, _)| user_agent.contains(mark))
    .map(|(_, name)| *name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} on {s}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(s)) => format!("A browser on {s}"),
        (None, None) if user_agent.is_empty() => "Unknown browser".to_owned(),
        (None, None) => user_agent.chars().take(40).collect(),
    }
}

/// Ends one of a user's sessions; false when they have no such session.
pub fn end_own(conn: &Connection, user_id: i64, session_id: i64) -> rusqlite::Result<bool> {
    Ok(conn
        .prepare_cached("DELETE FROM sessions WHERE id = ?1 AND user_id = ?2")?
        .execute((session_id, user_id))?
        > 0)
}

/// Ends one session.
pub fn end(conn: &Connection, session_id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM sessions WHERE id = ?1")?
        .execute([session_id])?;
    Ok(())
}

/// Ends every session of a user but `keep`; returns how many ended.
pub fn end_all_for_user(conn: &Connection, user_id: i64, keep: Option<i64>) -> rusqlite::Result<usize> {
    conn.prepare_cached("DELETE FROM sessions WHERE user_id = ?1 AND id IS NOT ?2")?
        .execute((user_id, keep))
}

/// Deletes sessions that can no longer be used.
pub fn purge_expired(conn: &Connection, settings: &Settings) -> rusqlite::Result<usize> {
    let at = now();
    conn.prepare_cached("DELETE FROM sessions WHERE expires_at <= ?1 OR (persistent = 0 AND last_seen_at <= ?1 - ?2)")?
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
        builder.expires(None::<rocket::time::OffsetDateTime>).build()
    }
}

#[cfg(test)]
mod tests {
    use super::describe_device;

    #[test]
    fn devices_are_named_from_the_user_agent() {
        let firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
        let chrome = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0";
        assert_eq!(describe_device(firefox), "Firefox on Windows");
        assert_eq!(describe_device(chrome), "Chrome on macOS");
        assert_eq!(describe_device(safari), "Safari on iPhone");
        assert_eq!(describe_device(edge), "Edge on Windows");
        assert_eq!(describe_device(""), "Unknown browser");
        assert_eq!(describe_device("curl/8.5.0"), "curl");
    }
}
