//! Reading domain types out of SQLite rows.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
use rusqlite::Row;

use crate::domain::{LinkKind, Role, User};

impl FromSql for Role {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Role::parse(value.as_str()?).map_err(|_| FromSqlError::InvalidType)
    }
}

impl FromSql for LinkKind {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        LinkKind::parse(value.as_str()?).ok_or(FromSqlError::InvalidType)
    }
}

/// The columns `user_from_row` reads, in its order.
pub const USER_COLUMNS: &str =
    "users.id, users.name, users.email, users.role, users.active, users.must_change_password, users.created_at, users.updated_at, users.language, users.password_hash = '', users.totp_secret <> ''";

/// How many columns `USER_COLUMNS` names: the first column after them.
pub const USER_COLUMN_COUNT: usize = 11;

/// A user from `USER_COLUMNS`, starting at column `first`.
pub fn user_from_row(row: &Row<'_>, first: usize) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(first)?,
        name: row.get(first + 1)?,
        email: row.get(first + 2)?,
        role: row.get(first + 3)?,
        active: row.get(first + 4)?,
        must_change_password: row.get(first + 5)?,
        created_at: row.get(first + 6)?,
        updated_at: row.get(first + 7)?,
        language: Some(row.get::<_, String>(first + 8)?).filter(|code| !code.is_empty()),
        invited: row.get(first + 9)?,
        two_factor: row.get(first + 10)?,
    })
}
