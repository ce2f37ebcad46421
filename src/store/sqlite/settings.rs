//! The `settings` table in SQLite: the server's own values (cookie key,
//! setup token, the health check's row).

use rusqlite::OptionalExtension;

use crate::store::repo::{Result, Settings};

use super::SqliteRepo;

impl Settings for SqliteRepo<'_> {
    fn setting(&mut self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    fn setting_or_insert(&mut self, key: &str, value: &str) -> Result<String> {
        // Read first: a value that exists needs no write (the file may take none).
        if let Some(stored) = self.setting(key)? {
            return Ok(stored);
        }
        self.conn
            .prepare_cached("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING")?
            .execute((key, value))?;
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([key], |r| r.get(0))?)
    }

    fn put_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute((key, value))?;
        Ok(())
    }

    fn delete_setting(&mut self, key: &str) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM settings WHERE key = ?1")?
            .execute([key])?;
        Ok(())
    }

    fn ping(&mut self) -> Result<()> {
        self.conn
            .prepare_cached("SELECT 1")?
            .query_row([], |r| r.get::<_, i64>(0))?;
        Ok(())
    }
}
