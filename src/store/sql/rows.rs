//! Reading domain types out of rows, whatever the engine.

use crate::domain::{Role, User};
use crate::store::error::StoreError;
use crate::store::repo::Result;

use super::Row;

/// The columns `user_from_row` reads, in its order, as a literal that
/// `concat!` can join into a statement.
macro_rules! user_columns {
    () => {
        "users.id, users.name, users.email, users.role, users.active, users.must_change_password, \
         users.created_at, users.updated_at, users.language, users.password_hash = '', users.totp_secret <> ''"
    };
}
pub(crate) use user_columns;

/// `user_columns!` for statements an engine builds (its directory's search).
pub const USER_COLUMNS: &str = user_columns!();

/// How many columns `user_columns!` names: the first column after them.
pub const USER_COLUMN_COUNT: usize = 11;

/// A user from `user_columns!`, starting at column `first`.
pub fn user_from_row(row: &dyn Row, first: usize) -> Result<User> {
    let role = row.text(first + 3)?;
    Ok(User {
        id: row.int(first)?,
        name: row.text(first + 1)?,
        email: row.text(first + 2)?,
        role: Role::parse(&role).map_err(|_| StoreError::other(format!("a user has the unknown role {role:?}")))?,
        active: row.bool(first + 4)?,
        must_change_password: row.bool(first + 5)?,
        created_at: row.int(first + 6)?,
        updated_at: row.int(first + 7)?,
        language: Some(row.text(first + 8)?).filter(|code| !code.is_empty()),
        invited: row.bool(first + 9)?,
        two_factor: row.bool(first + 10)?,
    })
}
