//! Reading domain types out of PostgreSQL rows.

use postgres::Row;

use crate::domain::{Role, User};
use crate::store::error::StoreError;

/// The columns `user_from_row` reads, in its order.
pub const USER_COLUMNS: &str =
    "users.id, users.name, users.email, users.role, users.active, users.must_change_password, users.created_at, users.updated_at, users.language, users.password_hash = '', users.totp_secret <> ''";

/// How many columns `USER_COLUMNS` names: the first column after them.
pub const USER_COLUMN_COUNT: usize = 11;

/// A user from `USER_COLUMNS`, starting at column `first`.
pub fn user_from_row(row: &Row, first: usize) -> Result<User, StoreError> {
    let role: &str = row.try_get(first + 3)?;
    Ok(User {
        id: row.try_get(first)?,
        name: row.try_get(first + 1)?,
        email: row.try_get(first + 2)?,
        role: Role::parse(role).map_err(|_| StoreError::other(format!("a user has the unknown role {role:?}")))?,
        active: row.try_get(first + 4)?,
        must_change_password: row.try_get(first + 5)?,
        created_at: row.try_get(first + 6)?,
        updated_at: row.try_get(first + 7)?,
        language: Some(row.try_get::<_, String>(first + 8)?).filter(|code| !code.is_empty()),
        invited: row.try_get(first + 9)?,
        two_factor: row.try_get(first + 10)?,
    })
}
