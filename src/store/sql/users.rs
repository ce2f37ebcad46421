//! The `users` table: a person's account, written and read by id; its
//! columns as a `User` reads them and as `copy` carries them. A new column
//! is added here (and in each engine's migrations). The reads whose best
//! plan differs by engine (by email, the directory) are the engines' own
//! (`repo::Directory`), over `USER_COLUMNS` and `user_from_row`.

use crate::domain::{NewUser, PasswordHash, Role, User, UserChanges, UserName};
use crate::store::error::StoreError;
use crate::store::repo::{Result, UserWrites, Users};

use super::{params, Db, Query, Row};
use crate::store::tables::{Kind, Table};

/// The `users` table, as `copy` reads and writes it.
pub const TABLE: Table = Table {
    name: "users",
    shown: "users",
    columns: &[
        ("id", Kind::Int),
        ("name", Kind::Text),
        ("email", Kind::Text),
        ("password_hash", Kind::Text),
        ("role", Kind::Text),
        ("active", Kind::Bool),
        ("must_change_password", Kind::Bool),
        ("created_at", Kind::Int),
        ("updated_at", Kind::Int),
        ("language", Kind::Text),
        ("totp_secret", Kind::Text),
        ("totp_pending", Kind::Text),
        ("totp_last_step", Kind::Int),
        ("sort_key", Kind::Text),
        ("subject", Kind::Text),
        ("last_sign_in_at", Kind::OptInt),
    ],
};

/// The columns `user_from_row` reads, in its order, as a literal that
/// `concat!` can join into a statement.
macro_rules! user_columns {
    () => {
        "users.id, users.name, users.email, users.role, users.active, users.must_change_password, \
         users.created_at, users.updated_at, users.language, users.password_hash = '', users.totp_secret <> '', \
         users.last_sign_in_at, EXISTS (SELECT 1 FROM passkeys WHERE passkeys.user_id = users.id)"
    };
}
pub(crate) use user_columns;

/// `user_columns!` for statements an engine builds (its directory's search).
pub const USER_COLUMNS: &str = user_columns!();

/// How many columns `user_columns!` names: the first column after them.
pub const USER_COLUMN_COUNT: usize = column_count(USER_COLUMNS);

/// The columns in a list: one more than its commas (none stands inside a column).
const fn column_count(list: &str) -> usize {
    let bytes = list.as_bytes();
    let (mut i, mut count) = (0, 1);
    while i < bytes.len() {
        if bytes[i] == b',' {
            count += 1;
        }
        i += 1;
    }
    count
}

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
        last_sign_in_at: row.opt_int(first + 11)?,
        passkeys: row.bool(first + 12)?,
    })
}

impl<D: Db> Users for D {
    fn user(&mut self, id: i64) -> Result<Option<User>> {
        self.query_opt(
            concat!("SELECT ", user_columns!(), " FROM users WHERE id = $1"),
            params![id],
            |r| user_from_row(r, 0),
        )
    }

    fn password_hash(&mut self, id: i64) -> Result<Option<PasswordHash>> {
        Ok(self
            .query_opt("SELECT password_hash FROM users WHERE id = $1", params![id], |r| {
                r.text(0)
            })?
            .map(PasswordHash::from_stored))
    }

    fn subject_of(&mut self, id: i64) -> Result<Option<String>> {
        self.query_opt("SELECT subject FROM users WHERE id = $1", params![id], |r| r.text(0))
    }

    fn active_admins(&mut self) -> Result<i64> {
        self.query_one(
            "SELECT count(*) FROM users WHERE role = 'admin' AND active = TRUE",
            params![],
            |r| r.int(0),
        )
    }

    fn all_users(&mut self) -> Result<Vec<User>> {
        self.query_all(
            concat!("SELECT ", user_columns!(), " FROM users ORDER BY sort_key, id"),
            params![],
            |r| user_from_row(r, 0),
        )
    }
}

impl<D: Db> UserWrites for D {
    fn insert_user(&mut self, new: &NewUser, hash: &PasswordHash, temporary: bool, at: i64) -> Result<User> {
        self.query_one(
            concat!(
                "INSERT INTO users (name, email, password_hash, role, must_change_password, created_at, updated_at, sort_key)
                 VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING ",
                user_columns!()
            ),
            params![
                new.name.as_str(),
                new.email.as_str(),
                hash.as_str(),
                new.role.as_str(),
                temporary,
                at,
                &new.name.sort_key()
            ],
            |r| user_from_row(r, 0),
        )
    }

    fn update_user(&mut self, id: i64, changes: &UserChanges, at: i64) -> Result<bool> {
        Ok(self.execute(
            "UPDATE users SET name = $2, email = $3, role = $4, active = $5, updated_at = $6, sort_key = $7 WHERE id = $1",
            params![
                id,
                changes.name.as_str(),
                changes.email.as_str(),
                changes.role.as_str(),
                changes.active,
                at,
                &changes.name.sort_key()
            ],
        )? > 0)
    }

    fn set_name(&mut self, id: i64, name: &UserName, at: i64) -> Result<bool> {
        Ok(self.execute(
            "UPDATE users SET name = $2, updated_at = $3, sort_key = $4 WHERE id = $1",
            params![id, name.as_str(), at, &name.sort_key()],
        )? > 0)
    }

    fn set_language(&mut self, id: i64, language: Option<&str>) -> Result<bool> {
        Ok(self.execute(
            "UPDATE users SET language = $2 WHERE id = $1",
            params![id, language.unwrap_or_default()],
        )? > 0)
    }

    fn set_password(&mut self, id: i64, hash: &PasswordHash, temporary: bool, at: i64) -> Result<bool> {
        Ok(self.execute(
            "UPDATE users SET password_hash = $2, must_change_password = $3, updated_at = $4 WHERE id = $1",
            params![id, hash.as_str(), temporary, at],
        )? > 0)
    }

    fn note_sign_in(&mut self, id: i64, at: i64) -> Result<()> {
        self.execute("UPDATE users SET last_sign_in_at = $2 WHERE id = $1", params![id, at])?;
        Ok(())
    }

    fn delete_user(&mut self, id: i64) -> Result<bool> {
        Ok(self.execute("DELETE FROM users WHERE id = $1", params![id])? > 0)
    }
}
