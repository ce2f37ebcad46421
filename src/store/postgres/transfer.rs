//! Whole tables in PostgreSQL, for copying a database (`store::transfer`).

use postgres::types::ToSql;
use postgres::Row;

use crate::store::repo::{Result, Transfer, TransferWrites};
use crate::store::tables::{Kind, Table, Value};

use super::PgRepo;

/// A value as a query parameter of its column's type.
fn parameter(value: &Value) -> Box<dyn ToSql + Sync> {
    match value {
        Value::Int(n) => Box::new(*n),
        Value::Null => Box::new(None::<i64>),
        Value::Text(t) => Box::new(t.clone()),
        Value::Bytes(b) => Box::new(b.clone()),
        Value::Bool(b) => Box::new(*b),
    }
}

fn value(row: &Row, i: usize, kind: Kind) -> Result<Value> {
    Ok(match kind {
        Kind::Int => Value::Int(row.try_get(i)?),
        Kind::OptInt => row.try_get::<_, Option<i64>>(i)?.map_or(Value::Null, Value::Int),
        Kind::Text => Value::Text(row.try_get(i)?),
        Kind::Bytes => Value::Bytes(row.try_get(i)?),
        Kind::Bool => Value::Bool(row.try_get(i)?),
    })
}

impl Transfer for PgRepo<'_> {
    fn read_rows(&mut self, table: &Table, after: &Value, limit: u32) -> Result<Vec<Vec<Value>>> {
        // Text keys in byte order, as SQLite orders them (and the same
        // order for the comparison as for the sort).
        let key = match table.columns[0].1 {
            Kind::Text => format!("{} COLLATE \"C\"", table.key()),
            _ => table.key().to_owned(),
        };
        let sql = format!(
            "SELECT {} FROM {} WHERE {key} > $1 ORDER BY {key} LIMIT $2",
            table.column_list(),
            table.name,
        );
        let after = parameter(after);
        let rows = self.query(&sql, &[after.as_ref(), &i64::from(limit)])?;
        rows.iter()
            .map(|row| {
                table
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, (_, kind))| value(row, i, *kind))
                    .collect()
            })
            .collect()
    }

    fn count_rows(&mut self, table: &Table) -> Result<i64> {
        Ok(self
            .query_one(&format!("SELECT count(*) FROM {}", table.name), &[])?
            .try_get(0)?)
    }
}

impl TransferWrites for PgRepo<'_> {
    /// Many rows a statement (each statement moves the user count once).
    fn write_rows(&mut self, table: &Table, rows: &[Vec<Value>]) -> Result<()> {
        let width = table.columns.len();
        // PostgreSQL takes at most 65,535 parameters a statement.
        for chunk in rows.chunks(60_000 / width) {
            let places: Vec<String> = (0..chunk.len())
                .map(|r| {
                    let row: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
                    format!("({})", row.join(", "))
                })
                .collect();
            let sql = format!(
                "INSERT INTO {} ({}) VALUES {}",
                table.name,
                table.column_list(),
                places.join(", ")
            );
            let owned: Vec<Box<dyn ToSql + Sync>> = chunk.iter().flatten().map(parameter).collect();
            let params: Vec<&(dyn ToSql + Sync)> = owned.iter().map(|p| p.as_ref()).collect();
            self.execute(&sql, &params)?;
        }
        Ok(())
    }

    fn follow_keys(&mut self, table: &Table) -> Result<()> {
        let (name, key) = (table.name, table.key());
        self.query_one(
            &format!(
                "SELECT setval(pg_get_serial_sequence('{name}', '{key}'), coalesce((SELECT max({key}) FROM {name}), 1), (SELECT count(*) > 0 FROM {name}))"
            ),
            &[],
        )?;
        Ok(())
    }
}
