//! The `user_imports` table: a spreadsheet an administrator uploaded, kept
//! between its preview and their confirmation, so that any instance can
//! apply it.

use crate::store::repo::{ImportWrites, Imports, Result, StoredImport};
use crate::store::tables::{Kind, Table};

use super::{params, Db, Query};

/// The `user_imports` table, as `copy` reads and writes it.
pub const TABLE: Table = Table {
    name: "user_imports",
    shown: "spreadsheets awaiting confirmation",
    columns: &[
        ("id", Kind::Text),
        ("created_by", Kind::Int),
        ("created_at", Kind::Int),
        ("file_name", Kind::Text),
        ("content", Kind::Text),
    ],
};

impl<D: Db> Imports for D {
    fn user_import(&mut self, id: &str) -> Result<Option<StoredImport>> {
        self.query_opt(
            "SELECT created_by, created_at, file_name, content FROM user_imports WHERE id = $1",
            params![id],
            |r| {
                Ok(StoredImport {
                    created_by: r.int(0)?,
                    created_at: r.int(1)?,
                    file_name: r.text(2)?,
                    content: r.text(3)?,
                })
            },
        )
    }
}

impl<D: Db> ImportWrites for D {
    fn insert_user_import(&mut self, id: &str, import: &StoredImport, stale: i64) -> Result<()> {
        // One waiting file an administrator, the newest: the table stays small.
        self.execute(
            "DELETE FROM user_imports WHERE created_at < $1 OR created_by = $2",
            params![stale, import.created_by],
        )?;
        self.execute(
            "INSERT INTO user_imports (id, created_by, created_at, file_name, content) VALUES ($1, $2, $3, $4, $5)",
            params![
                id,
                import.created_by,
                import.created_at,
                import.file_name.as_str(),
                import.content.as_str()
            ],
        )?;
        Ok(())
    }

    fn delete_user_import(&mut self, id: &str) -> Result<bool> {
        Ok(self.execute("DELETE FROM user_imports WHERE id = $1", params![id])? > 0)
    }
}
