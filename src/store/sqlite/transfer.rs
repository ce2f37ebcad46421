//! Whole tables in SQLite, for copying a database (`store::transfer`).

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::ToSql;

use crate::store::error::StoreError;
use crate::store::repo::{Result, Transfer, TransferWrites};
use crate::store::tables::{Kind, Table, Value};

use super::SqliteRepo;

impl ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Int(n) => ToSqlOutput::from(*n),
            Value::Null => ToSqlOutput::from(rusqlite::types::Null),
            Value::Text(t) => ToSqlOutput::from(t.as_str()),
            Value::Bytes(b) => ToSqlOutput::from(b.as_slice()),
            Value::Bool(b) => ToSqlOutput::from(*b),
        })
    }
}

/// A column of a row as `kind` says it is.
fn value(raw: ValueRef<'_>, kind: Kind) -> Result<Value> {
    let wrong = || StoreError::other(format!("a column holds {raw:?} where {kind:?} belongs"));
    Ok(match (kind, raw) {
        (Kind::OptInt, ValueRef::Null) => Value::Null,
        (Kind::Int | Kind::OptInt, ValueRef::Integer(n)) => Value::Int(n),
        (Kind::Bool, ValueRef::Integer(n)) => Value::Bool(n != 0),
        (Kind::Text, ValueRef::Text(t)) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        (Kind::Bytes, ValueRef::Blob(b)) => Value::Bytes(b.to_vec()),
        _ => return Err(wrong()),
    })
}

impl Transfer for SqliteRepo<'_> {
    fn read_rows(&mut self, table: &Table, after: &Value, limit: u32) -> Result<Vec<Vec<Value>>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE {key} > ?1 ORDER BY {key} LIMIT ?2",
            table.column_list(),
            table.name,
            key = table.key()
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut rows = statement.query((after, limit))?;
        let mut read = Vec::new();
        while let Some(row) = rows.next()? {
            let values = table
                .columns
                .iter()
                .enumerate()
                .map(|(i, (_, kind))| value(row.get_ref(i)?, *kind))
                .collect::<Result<Vec<_>>>()?;
            read.push(values);
        }
        Ok(read)
    }

    fn count_rows(&mut self, table: &Table) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT count(*) FROM {}", table.name))?
            .query_row([], |r| r.get(0))?)
    }
}

impl TransferWrites for SqliteRepo<'_> {
    fn write_rows(&mut self, table: &Table, rows: &[Vec<Value>]) -> Result<()> {
        let places: Vec<String> = (1..=table.columns.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            table.name,
            table.column_list(),
            places.join(", ")
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        for row in rows {
            statement.execute(rusqlite::params_from_iter(row.iter()))?;
        }
        Ok(())
    }

    /// An INTEGER PRIMARY KEY always goes on from the largest: nothing to do.
    fn follow_keys(&mut self, _table: &Table) -> Result<()> {
        Ok(())
    }
}
