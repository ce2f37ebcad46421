//! The users repository: every read and write of the `users` table, over a
//! connection, taking only parsed domain types. The web and the command line
//! both call these functions.

use std::fmt;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
use rusqlite::{Connection, ErrorCode, OptionalExtension, Row, TransactionBehavior};
use serde::Serialize;

use crate::db::{now, DbError};
use crate::domain::{Email, NewUser, Role, UserChanges, UserName};
use crate::password::PasswordHash;

/// Users shown on one page of the directory.
pub const PAGE_SIZE: u32 = 50;

/// A user as the rest of the program sees one; the password hash stays here.
#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub active: bool,
    pub must_change_password: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl User {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// What can go wrong with a users query, beyond the database itself.
#[derive(Debug)]
pub enum UserError {
    DuplicateEmail,
    NotFound,
    /// The first admin was already created (setup is closed).
    AdminExists,
    /// The change would leave no active admin.
    LastAdmin,
    Db(DbError),
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UserError::DuplicateEmail => f.write_str("a user with this email address already exists"),
            UserError::NotFound => f.write_str("no such user"),
            UserError::AdminExists => f.write_str("an administrator already exists"),
            UserError::LastAdmin => f.write_str("this is the last active administrator"),
            UserError::Db(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for UserError {}

impl From<DbError> for UserError {
    fn from(e: DbError) -> Self {
        UserError::Db(e)
    }
}

impl From<rusqlite::Error> for UserError {
    fn from(e: rusqlite::Error) -> Self {
        let unique = matches!(
            &e,
            rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::ConstraintViolation
                && f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
        );
        if unique {
            UserError::DuplicateEmail
        } else {
            UserError::Db(DbError::Sql(e))
        }
    }
}

impl FromSql for Role {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Role::parse(value.as_str()?).map_err(|_| FromSqlError::InvalidType)
    }
}

/// The columns `from_row` reads, in its order.
pub(crate) const COLUMNS: &str =
    "users.id, users.name, users.email, users.role, users.active, users.must_change_password, users.created_at, users.updated_at";

pub(crate) fn from_row(row: &Row<'_>, first: usize) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(first)?,
        name: row.get(first + 1)?,
        email: row.get(first + 2)?,
        role: row.get(first + 3)?,
        active: row.get(first + 4)?,
        must_change_password: row.get(first + 5)?,
        created_at: row.get(first + 6)?,
        updated_at: row.get(first + 7)?,
    })
}

/// Writes a new user with an already computed hash; `temporary` when an
/// admin chose the password on the web, so the user must replace it.
pub fn create(conn: &Connection, new: &NewUser, hash: &PasswordHash, temporary: bool) -> Result<User, UserError> {
    let at = now();
    let id = conn
        .prepare_cached(
            "INSERT INTO users (name, email, password_hash, role, must_change_password, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id",
        )?
        .query_row(
            (
                new.name.as_str(),
                new.email.as_str(),
                hash.as_str(),
                new.role.as_str(),
                temporary,
                at,
            ),
            |r| r.get(0),
        )?;
    find(conn, id)
}

/// The setting that holds the one-time setup token.
pub const SETUP_TOKEN: &str = "setup_token";

/// The setup token while no admin exists (made on first call), else `None`
/// (and a token left from before is forgotten).
pub fn setup_token(conn: &Connection) -> Result<Option<String>, UserError> {
    if admin_exists(conn)? {
        conn.execute("DELETE FROM settings WHERE key = ?1", [SETUP_TOKEN])?;
        return Ok(None);
    }
    Ok(Some(crate::db::setting_or_insert(
        conn,
        SETUP_TOKEN,
        crate::tokens::random_token,
    )?))
}

/// Creates the first admin, unless an admin exists by the time the write lock is held.
pub fn create_first_admin(conn: &mut Connection, new: &NewUser, hash: &PasswordHash) -> Result<User, UserError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if admin_exists(&tx)? {
        return Err(UserError::AdminExists);
    }
    let user = create(&tx, new, hash, false)?;
    tx.execute("DELETE FROM settings WHERE key = ?1", [SETUP_TOKEN])?;
    tx.commit()?;
    Ok(user)
}

pub fn find(conn: &Connection, id: i64) -> Result<User, UserError> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM users WHERE id = ?1"))?
        .query_row([id], |r| from_row(r, 0))
        .optional()?
        .ok_or(UserError::NotFound)
}

pub fn find_by_email(conn: &Connection, email: &Email) -> Result<User, UserError> {
    find_credentials(conn, email)?
        .map(|(u, _)| u)
        .ok_or(UserError::NotFound)
}

/// A user and their password hash, for signing in.
pub fn find_credentials(conn: &Connection, email: &Email) -> Result<Option<(User, PasswordHash)>, UserError> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS}, password_hash FROM users WHERE email = ?1"))?
        .query_row([email.as_str()], |r| {
            Ok((from_row(r, 0)?, PasswordHash::from_stored(r.get(8)?)))
        })
        .optional()?)
}

pub fn admin_exists(conn: &Connection) -> Result<bool, UserError> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin' AND active = 1)")?
        .query_row([], |r| r.get(0))?)
}

fn active_admins(conn: &Connection) -> Result<i64, UserError> {
    Ok(conn
        .prepare_cached("SELECT count(*) FROM users WHERE role = 'admin' AND active = 1")?
        .query_row([], |r| r.get(0))?)
}

/// Refuses to take away the last active admin.
fn keep_an_admin(conn: &Connection, before: &User, still_admin: bool) -> Result<(), UserError> {
    if before.is_admin() && before.active && !still_admin && active_admins(conn)? <= 1 {
        return Err(UserError::LastAdmin);
    }
    Ok(())
}

/// A user after an admin's changes, and how many of their sessions ended.
#[derive(Debug)]
pub struct Updated {
    pub user: User,
    pub sessions_ended: usize,
}

/// Applies an admin's changes in one write transaction, so that two admins
/// acting at once cannot both remove the last admin. A new password (already
/// hashed) is `temporary` unless the admin set their own. Disabling a user or
/// setting their password ends their sessions, but `keep_session`.
pub fn update(
    conn: &mut Connection,
    id: i64,
    changes: &UserChanges,
    password: Option<(&PasswordHash, bool)>,
    keep_session: Option<i64>,
) -> Result<Updated, UserError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let before = find(&tx, id)?;
    keep_an_admin(&tx, &before, changes.role == Role::Admin && changes.active)?;
    tx.prepare_cached("UPDATE users SET name = ?2, email = ?3, role = ?4, active = ?5, updated_at = ?6 WHERE id = ?1")?
        .execute((
            id,
            changes.name.as_str(),
            changes.email.as_str(),
            changes.role.as_str(),
            changes.active,
            now(),
        ))?;
    if let Some((hash, temporary)) = password {
        set_password(&tx, id, hash, temporary)?;
    }
    let sessions_ended = if !changes.active || password.is_some() {
        crate::session::end_all_for_user(&tx, id, keep_session)?
    } else {
        0
    };
    let user = find(&tx, id)?;
    tx.commit()?;
    Ok(Updated { user, sessions_ended })
}

/// Deletes a user (their sessions go with them), unless they are the last active admin.
pub fn delete(conn: &mut Connection, id: i64) -> Result<User, UserError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let before = find(&tx, id)?;
    keep_an_admin(&tx, &before, false)?;
    tx.prepare_cached("DELETE FROM users WHERE id = ?1")?.execute([id])?;
    tx.commit()?;
    Ok(before)
}

pub fn set_name(conn: &Connection, id: i64, name: &UserName) -> Result<User, UserError> {
    let changed = conn
        .prepare_cached("UPDATE users SET name = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute((id, name.as_str(), now()))?;
    if changed == 0 {
        return Err(UserError::NotFound);
    }
    find(conn, id)
}

pub fn password_hash(conn: &Connection, id: i64) -> Result<PasswordHash, UserError> {
    conn.prepare_cached("SELECT password_hash FROM users WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .map(PasswordHash::from_stored)
        .ok_or(UserError::NotFound)
}

/// Sets a user's password; `temporary` makes them choose another at next sign-in.
pub fn set_password(conn: &Connection, id: i64, hash: &PasswordHash, temporary: bool) -> Result<(), UserError> {
    let changed = conn
        .prepare_cached(
            "UPDATE users SET password_hash = ?2, must_change_password = ?3, updated_at = ?4 WHERE id = ?1",
        )?
        .execute((id, hash.as_str(), temporary, now()))?;
    if changed == 0 {
        return Err(UserError::NotFound);
    }
    Ok(())
}

/// Every user, by name (for the command line).
pub fn all(conn: &Connection) -> Result<Vec<User>, UserError> {
    Ok(conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM users ORDER BY name COLLATE NOCASE, id"))?
        .query_map([], |r| from_row(r, 0))?
        .collect::<Result<_, _>>()?)
}

/// Searches count their matches up to this many; beyond, "more than".
pub const COUNT_CAP: i64 = 1000;

/// One page of the directory.
#[derive(Debug, Serialize)]
pub struct DirectoryPage {
    pub users: Vec<User>,
    /// How many users match in all (for a search, at most `COUNT_CAP + 1`).
    pub total: i64,
    /// The search matches more than `COUNT_CAP` users.
    pub more_than_cap: bool,
}

/// Where a page of the directory starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStart {
    /// Page number, from 1.
    Number(u32),
    /// Just after the user with this id, in the directory's order: how the
    /// "next" links go, without stepping over every earlier row.
    After(i64),
}

/// Users whose name or email contains `query` (all when empty), by name,
/// `PAGE_SIZE` a page. Nothing here reads the whole table: the total comes
/// from a counter, a search uses the trigram index (and counts up to
/// `COUNT_CAP`), and "next" pages seek in the name index.
pub fn directory(conn: &Connection, query: &str, start: PageStart) -> Result<DirectoryPage, UserError> {
    let query = query.trim();
    // Where in the (name, id) order to start, and how many rows to skip there.
    let (after, offset) = match start {
        PageStart::Number(page) => (None, i64::from(page.max(1) - 1) * i64::from(PAGE_SIZE)),
        PageStart::After(id) => {
            let name: Option<String> = conn
                .prepare_cached("SELECT name FROM users WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?;
            match name {
                Some(name) => (Some((name, id)), 0),
                // The user is gone: start from the beginning rather than fail.
                None => (None, 0),
            }
        }
    };
    // With no `after`, ("", 0) comes before every user (names are not empty).
    let (after_name, after_id) = after.unwrap_or_default();
    let seek = "name COLLATE NOCASE >= :after_name AND (name COLLATE NOCASE > :after_name OR id > :after_id)";
    let order = "ORDER BY name COLLATE NOCASE, id LIMIT :limit OFFSET :offset";
    let page = |sql: &str, pattern: &str| -> Result<Vec<User>, UserError> {
        let mut statement = conn.prepare_cached(sql)?;
        let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = vec![
            (":after_name", &after_name),
            (":after_id", &after_id),
            (":limit", &PAGE_SIZE),
            (":offset", &offset),
        ];
        if !pattern.is_empty() {
            params.push((":pattern", &pattern));
        }
        let users = statement
            .query_map(params.as_slice(), |r| from_row(r, 0))?
            .collect::<Result<_, _>>()?;
        Ok(users)
    };

    if query.is_empty() {
        let total = conn
            .prepare_cached("SELECT value FROM counts WHERE name = 'users'")?
            .query_row([], |r| r.get(0))?;
        let users = page(&format!("SELECT {COLUMNS} FROM users WHERE {seek} {order}"), "")?;
        return Ok(DirectoryPage {
            users,
            total,
            more_than_cap: false,
        });
    }

    let pattern = format!("%{}%", escape_like(query));
    // Three characters or more: the trigram index finds the matches, read
    // once for the ids of up to COUNT_CAP + 1 of them.
    let matches: Option<Vec<i64>> = if query.chars().count() >= 3 {
        let phrase = format!("\"{}\"", query.replace('"', "\"\""));
        let ids = conn
            .prepare_cached("SELECT rowid FROM users_search WHERE users_search MATCH ?1 LIMIT ?2")?
            .query_map((&phrase, COUNT_CAP + 1), |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Some(ids)
    } else {
        None
    };
    let total: i64 = match &matches {
        Some(ids) => ids.len() as i64,
        None => conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT 1 FROM users WHERE name LIKE ?1 ESCAPE '\\' OR email LIKE ?1 ESCAPE '\\' LIMIT ?2)",
            )?
            .query_row((&pattern, COUNT_CAP + 1), |r| r.get(0))?,
    };
    let users = match matches {
        Some(ids) if total <= COUNT_CAP => {
            // Few matches: sort those by name and take the page.
            let ids = format!("[{}]", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
            let matching = "id IN (SELECT value FROM json_each(:pattern))";
            page(
                &format!("SELECT {COLUMNS} FROM users WHERE {matching} AND {seek} {order}"),
                &ids,
            )?
        }
        _ => {
            // Many matches (or a short query): walk the name order, which
            // finds a page of them quickly because they are common.
            let like = "(name LIKE :pattern ESCAPE '\\' OR email LIKE :pattern ESCAPE '\\')";
            page(
                &format!("SELECT {COLUMNS} FROM users WHERE {like} AND {seek} {order}"),
                &pattern,
            )?
        }
    };
    Ok(DirectoryPage {
        users,
        total: total.min(COUNT_CAP + 1),
        more_than_cap: total > COUNT_CAP,
    })
}

/// `%`, `_` and `\` in a search are the characters themselves, not wildcards.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(escape_like("50%_a\\b"), "50\\%\\_a\\\\b");
    }
}
