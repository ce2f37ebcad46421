//! The `settings` table in PostgreSQL: the server's own values (cookie key,
//! setup token, the health check's row), shared by every instance.

use crate::store::repo::{Result, Settings};

use super::PgRepo;

impl Settings for PgRepo<'_> {
    fn setting(&mut self, key: &str) -> Result<Option<String>> {
        Ok(self
            .query_opt("SELECT value FROM settings WHERE key = $1", &[&key])?
            .map(|r| r.try_get(0))
            .transpose()?)
    }

    fn setting_or_insert(&mut self, key: &str, value: &str) -> Result<String> {
        // Read first: a value that exists needs no write.
        if let Some(stored) = self.setting(key)? {
            return Ok(stored);
        }
        self.execute(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            &[&key, &value],
        )?;
        Ok(self
            .query_one("SELECT value FROM settings WHERE key = $1", &[&key])?
            .try_get(0)?)
    }

    fn put_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.execute(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&key, &value],
        )?;
        Ok(())
    }

    fn delete_setting(&mut self, key: &str) -> Result<()> {
        self.execute("DELETE FROM settings WHERE key = $1", &[&key])?;
        Ok(())
    }

    fn ping(&mut self) -> Result<()> {
        self.query_one("SELECT 1", &[])?;
        Ok(())
    }
}
