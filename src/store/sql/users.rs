//! The `users` table: a person's account, written and read by id. The reads
//! whose best plan differs by engine (by email, the directory) are the
//! engines' own (`repo::Directory`).

use crate::domain::{NewUser, PasswordHash, User, UserChanges, UserName};
use crate::store::repo::{Result, UserWrites, Users};

use super::rows::{user_columns, user_from_row};
use super::{params, Db, Query};

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

    fn delete_user(&mut self, id: i64) -> Result<bool> {
        Ok(self.execute("DELETE FROM users WHERE id = $1", params![id])? > 0)
    }
}
