//! The `settings` table: the server's own values (cookie key, setup token,
//! the health check's row), shared by every instance on PostgreSQL.

use crate::store::repo::{Result, SettingWrites, Settings};

use super::{params, Db, Query};
use crate::store::tables::{Kind, Table};

/// The `settings` table, as `copy` reads and writes it.
pub const TABLE: Table = Table {
    name: "settings",
    shown: "settings (the cookie key among them)",
    columns: &[("key", Kind::Text), ("value", Kind::Text)],
};

impl<D: Db> Settings for D {
    fn setting(&mut self, key: &str) -> Result<Option<String>> {
        self.query_opt("SELECT value FROM settings WHERE key = $1", params![key], |r| r.text(0))
    }

    fn ping(&mut self) -> Result<()> {
        self.query_one("SELECT 1", params![], |_| Ok(()))
    }
}

impl<D: Db> SettingWrites for D {
    fn setting_or_insert(&mut self, key: &str, value: &str) -> Result<String> {
        // Read first: a value that exists needs no write (a file may take none).
        if let Some(stored) = self.setting(key)? {
            return Ok(stored);
        }
        self.execute(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            params![key, value],
        )?;
        self.query_one("SELECT value FROM settings WHERE key = $1", params![key], |r| r.text(0))
    }

    fn put_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.execute(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    fn delete_setting(&mut self, key: &str) -> Result<()> {
        self.execute("DELETE FROM settings WHERE key = $1", params![key])?;
        Ok(())
    }
}
