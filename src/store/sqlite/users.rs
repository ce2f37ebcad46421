//! The `users` table in SQLite.

use rusqlite::OptionalExtension;

use crate::domain::{DirectoryPage, Email, NewUser, PageStart, PasswordHash, SearchQuery, User, UserChanges, UserName};
use crate::store::error::StoreError;
use crate::store::repo::{Result, Throttle, Users};

use super::rows::{user_from_row, USER_COLUMNS, USER_COLUMN_COUNT};
use super::SqliteRepo;

impl Users for SqliteRepo<'_> {
    fn insert_user(&mut self, new: &NewUser, hash: &PasswordHash, temporary: bool, at: i64) -> Result<User> {
        let id: i64 = self
            .conn
            .prepare_cached(
                "INSERT INTO users (name, email, password_hash, role, must_change_password, created_at, updated_at, sort_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7) RETURNING id",
            )?
            .query_row(
                (
                    new.name.as_str(),
                    new.email.as_str(),
                    hash.as_str(),
                    new.role.as_str(),
                    temporary,
                    at,
                    new.name.sort_key(),
                ),
                |r| r.get(0),
            )?;
        self.user(id)?.ok_or(StoreError::NotFound)
    }

    fn user(&mut self, id: i64) -> Result<Option<User>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"))?
            .query_row([id], |r| user_from_row(r, 0))
            .optional()?)
    }

    fn user_by_email(&mut self, email: &Email) -> Result<Option<(User, PasswordHash)>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {USER_COLUMNS}, password_hash FROM users WHERE email = ?1"
            ))?
            .query_row([email.as_str()], |r| {
                Ok((
                    user_from_row(r, 0)?,
                    PasswordHash::from_stored(r.get(USER_COLUMN_COUNT)?),
                ))
            })
            .optional()?)
    }

    fn password_hash(&mut self, id: i64) -> Result<Option<PasswordHash>> {
        Ok(self
            .conn
            .prepare_cached("SELECT password_hash FROM users WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .map(PasswordHash::from_stored))
    }

    fn active_admins(&mut self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM users WHERE role = 'admin' AND active = 1")?
            .query_row([], |r| r.get(0))?)
    }

    fn update_user(&mut self, id: i64, changes: &UserChanges, at: i64) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE users SET name = ?2, email = ?3, role = ?4, active = ?5, updated_at = ?6, sort_key = ?7 WHERE id = ?1",
            )?
            .execute((
                id,
                changes.name.as_str(),
                changes.email.as_str(),
                changes.role.as_str(),
                changes.active,
                at,
                changes.name.sort_key(),
            ))?;
        Ok(changed > 0)
    }

    fn set_name(&mut self, id: i64, name: &UserName, at: i64) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached("UPDATE users SET name = ?2, updated_at = ?3, sort_key = ?4 WHERE id = ?1")?
            .execute((id, name.as_str(), at, name.sort_key()))?;
        Ok(changed > 0)
    }

    fn fill_sort_keys(&mut self, key: fn(&str) -> String, after: i64, limit: i64) -> Result<Option<i64>> {
        let missing: Vec<(i64, String)> = self
            .conn
            .prepare_cached("SELECT id, name FROM users WHERE sort_key = '' AND id > ?1 ORDER BY id LIMIT ?2")?
            .query_map((after, limit), |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut update = self
            .conn
            .prepare_cached("UPDATE users SET sort_key = ?2 WHERE id = ?1")?;
        for (id, name) in &missing {
            update.execute((id, key(name)))?;
        }
        Ok(missing.last().map(|(id, _)| *id))
    }

    fn set_language(&mut self, id: i64, language: Option<&str>) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached("UPDATE users SET language = ?2 WHERE id = ?1")?
            .execute((id, language.unwrap_or_default()))?;
        Ok(changed > 0)
    }

    fn set_password(&mut self, id: i64, hash: &PasswordHash, temporary: bool, at: i64) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE users SET password_hash = ?2, must_change_password = ?3, updated_at = ?4 WHERE id = ?1",
            )?
            .execute((id, hash.as_str(), temporary, at))?;
        Ok(changed > 0)
    }

    fn delete_user(&mut self, id: i64) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("DELETE FROM users WHERE id = ?1")?
            .execute([id])?
            > 0)
    }

    fn all_users(&mut self) -> Result<Vec<User>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY sort_key, id"))?
            .query_map([], |r| user_from_row(r, 0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    fn directory(&mut self, query: &SearchQuery, start: PageStart) -> Result<DirectoryPage> {
        super::directory::page(self.conn, query, start)
    }

    fn directory_state(&mut self, locked_since: i64, limit: i64) -> Result<(i64, Vec<String>)> {
        let generation = self
            .conn
            .prepare_cached("SELECT value FROM counts WHERE name = 'users_generation'")?
            .query_row([], |r| r.get(0))?;
        let mut locked: Vec<String> = self.locked_emails(locked_since, limit)?.into_iter().collect();
        locked.sort_unstable();
        Ok((generation, locked))
    }
}
