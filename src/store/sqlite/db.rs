//! `Db` over a SQLite connection or transaction: statements prepared once per
//! connection (rusqlite's cache), their `$n` numbered as `?n` once per
//! statement for the whole process, values bound as SQLite keeps them
//! (booleans as 0 and 1).

use std::collections::HashMap;
use std::sync::{LazyLock, RwLock};

use rusqlite::types::{ToSqlOutput, Value, ValueRef};

use crate::store::repo::Result;
use crate::store::sql::{numbered_placeholders, Db, Param, Row};

use super::SqliteRepo;

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match *self {
            Param::Int(v) => ToSqlOutput::Owned(Value::Integer(v)),
            Param::Text(v) => ToSqlOutput::Borrowed(ValueRef::Text(v.as_bytes())),
            Param::Bytes(v) => ToSqlOutput::Borrowed(ValueRef::Blob(v)),
            Param::Bool(v) => ToSqlOutput::Owned(Value::Integer(v.into())),
            Param::Null => ToSqlOutput::Owned(Value::Null),
        })
    }
}

/// Each statement's SQLite text, made once: statements are `'static`, so
/// the address of their text names them.
fn for_sqlite(sql: &'static str) -> &'static str {
    static MADE: LazyLock<RwLock<HashMap<usize, &'static str>>> = LazyLock::new(Default::default);
    let key = sql.as_ptr() as usize;
    if let Some(made) = MADE.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return made;
    }
    let made: &'static str = Box::leak(numbered_placeholders(sql).into_boxed_str());
    MADE.write().unwrap_or_else(|e| e.into_inner()).insert(key, made);
    made
}

/// A SQLite row read as the one repository reads rows.
pub(super) struct SqliteRow<'r, 's>(pub &'r rusqlite::Row<'s>);

impl Row for SqliteRow<'_, '_> {
    fn int(&self, column: usize) -> Result<i64> {
        Ok(self.0.get(column)?)
    }

    fn opt_int(&self, column: usize) -> Result<Option<i64>> {
        Ok(self.0.get(column)?)
    }

    fn text(&self, column: usize) -> Result<String> {
        Ok(self.0.get(column)?)
    }

    fn opt_text(&self, column: usize) -> Result<Option<String>> {
        Ok(self.0.get(column)?)
    }

    fn bytes(&self, column: usize) -> Result<Vec<u8>> {
        Ok(self.0.get(column)?)
    }

    fn bool(&self, column: usize) -> Result<bool> {
        Ok(self.0.get(column)?)
    }
}

impl Db for SqliteRepo<'_> {
    fn execute(&mut self, sql: &'static str, params: &[Param<'_>]) -> Result<u64> {
        let changed = self
            .conn
            .prepare_cached(for_sqlite(sql))?
            .execute(rusqlite::params_from_iter(params))?;
        Ok(changed as u64)
    }

    fn query_each(
        &mut self,
        sql: &'static str,
        params: &[Param<'_>],
        each: &mut dyn FnMut(&dyn Row) -> Result<bool>,
    ) -> Result<()> {
        let mut statement = self.conn.prepare_cached(for_sqlite(sql))?;
        let mut rows = statement.query(rusqlite::params_from_iter(params))?;
        while let Some(row) = rows.next()? {
            if !each(&SqliteRow(row))? {
                break;
            }
        }
        Ok(())
    }
}
