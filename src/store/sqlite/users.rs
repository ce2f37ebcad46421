//! The reads of `users` that are SQLite's own: by email (the column is
//! `COLLATE NOCASE`), sort keys filled a row at a time, the directory
//! (directory.rs) and its state.

use crate::domain::{DirectoryPage, DirectoryState, Email, PageStart, PasswordHash, SearchQuery, User};
use crate::store::repo::{Directory, DirectoryWrites, Result, Throttle};
use crate::store::sql::{user_from_row, USER_COLUMNS, USER_COLUMN_COUNT};

use super::db::SqliteRow;
use super::SqliteRepo;

impl Directory for SqliteRepo<'_> {
    fn user_by_email(&mut self, email: &Email) -> Result<Option<(User, PasswordHash)>> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {USER_COLUMNS}, password_hash FROM users WHERE email = ?1"
            ))?
            .query([email.as_str()])?
            .next()?
            .map(|r| {
                Ok((
                    user_from_row(&SqliteRow(r), 0)?,
                    PasswordHash::from_stored(r.get(USER_COLUMN_COUNT)?),
                ))
            })
            .transpose()
    }

    fn directory(&mut self, query: &SearchQuery, start: PageStart) -> Result<DirectoryPage> {
        super::directory::page(self.conn, query, start)
    }

    fn directory_state(&mut self, locked_since: i64, limit: i64) -> Result<DirectoryState> {
        let generation = self
            .conn
            .prepare_cached("SELECT value FROM counts WHERE name = 'users_generation'")?
            .query_row([], |r| r.get(0))?;
        let mut locked: Vec<String> = self.locked_emails(locked_since, limit)?.into_iter().collect();
        locked.sort_unstable();
        Ok(DirectoryState { generation, locked })
    }

    fn group_names_of(&mut self, user_ids: &[i64]) -> Result<Vec<(i64, String)>> {
        // The ids as one JSON array: SQLite binds no lists.
        let ids = format!(
            "[{}]",
            user_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        );
        let mut statement = self.conn.prepare_cached(
            "SELECT m.user_id, g.name FROM group_members m JOIN user_groups g ON g.id = m.group_id
             WHERE m.user_id IN (SELECT value FROM json_each(?1)) ORDER BY g.name_key, g.id",
        )?;
        let pairs = statement
            .query_map([ids], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(pairs)
    }
}

impl DirectoryWrites for SqliteRepo<'_> {
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
}
