//! Another app's database, only read: a Flask app's SQLite file or
//! PostgreSQL database, to bring its people in. Its tables and their
//! columns as it lists them, and the text of chosen columns of one table
//! (names checked against that listing and quoted, never pasted in).

use std::path::Path;

use rusqlite::OpenFlags;

use super::Location;

/// At most this many rows are read from a source table.
pub const MAX_ROWS: usize = 100_000;

pub enum Foreign {
    Sqlite(rusqlite::Connection),
    Postgres(postgres::Client),
}

/// An identifier in double quotes, its own quotes doubled (both engines read it so).
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl Foreign {
    /// Opens `source` to read; the error is worded for the person.
    pub fn open(source: &Location) -> Result<Foreign, String> {
        match source {
            Location::File(path) => open_file(path),
            Location::Postgres(url) => Ok(Foreign::Postgres(super::postgres::connect_to_read(url)?)),
        }
    }

    /// Every table and its columns, in the source's order.
    pub fn tables(&mut self) -> Result<Vec<(String, Vec<String>)>, String> {
        match self {
            Foreign::Sqlite(conn) => {
                let mut statement = conn
                    .prepare(
                        "SELECT m.name, p.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
                         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid",
                    )
                    .map_err(|e| e.to_string())?;
                let rows = statement
                    .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                    .map_err(|e| e.to_string())?;
                let mut pairs = Vec::new();
                for row in rows {
                    pairs.push(row.map_err(|e| e.to_string())?);
                }
                Ok(grouped(pairs))
            }
            Foreign::Postgres(client) => {
                let rows = client
                    .query(
                        "SELECT table_name::text, column_name::text FROM information_schema.columns
                         WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
                        &[],
                    )
                    .map_err(|e| e.to_string())?;
                Ok(grouped(rows.iter().map(|r| (r.get(0), r.get(1))).collect()))
            }
        }
    }

    /// The text of `columns` of `table` (each as the database writes it as
    /// text; NULL as `None`), at most `MAX_ROWS` rows, in the table's key order.
    pub fn rows(&mut self, table: &str, columns: &[&str]) -> Result<Vec<Vec<Option<String>>>, String> {
        let list = columns
            .iter()
            .map(|c| format!("CAST({} AS TEXT)", quoted(c)))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("SELECT {list} FROM {} LIMIT {}", quoted(table), MAX_ROWS + 1);
        let rows = match self {
            Foreign::Sqlite(conn) => {
                let mut statement = conn.prepare(&sql).map_err(|e| e.to_string())?;
                let width = columns.len();
                let rows = statement
                    .query_map([], |r| (0..width).map(|i| r.get::<_, Option<String>>(i)).collect())
                    .map_err(|e| e.to_string())?;
                rows.collect::<Result<Vec<_>, _>>().map_err(|e| e.to_string())?
            }
            Foreign::Postgres(client) => client
                .query(&sql, &[])
                .map_err(|e| e.to_string())?
                .iter()
                .map(|r| (0..columns.len()).map(|i| r.get::<_, Option<String>>(i)).collect())
                .collect(),
        };
        match rows.len() > MAX_ROWS {
            true => Err(format!("the table {table} has more than {MAX_ROWS} rows")),
            false => Ok(rows),
        }
    }
}

/// A SQLite file, opened only to read (never created).
fn open_file(path: &Path) -> Result<Foreign, String> {
    if !path.is_file() {
        return Err(format!("{} is not a file", path.display()));
    }
    let conn =
        rusqlite::Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| e.to_string())?;
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(|e| e.to_string())?;
    // A file that is not SQLite's says so at its first read.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
        .map_err(|e| e.to_string())?;
    Ok(Foreign::Sqlite(conn))
}

/// (table, column) pairs in order, as one entry per table.
fn grouped(pairs: Vec<(String, String)>) -> Vec<(String, Vec<String>)> {
    let mut tables: Vec<(String, Vec<String>)> = Vec::new();
    for (table, column) in pairs {
        match tables.last_mut() {
            Some((last, columns)) if *last == table => columns.push(column),
            _ => tables.push((table, vec![column])),
        }
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_sqlite_files_tables_and_chosen_columns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.db");
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE \"user\" (id INTEGER PRIMARY KEY, email TEXT, password_hash TEXT, active BOOLEAN);
             INSERT INTO \"user\" (email, password_hash, active) VALUES ('a@x', 'scrypt:1$s$h', 1), (NULL, 'x', 0);
             CREATE TABLE \"odd \"\"name\" (x TEXT);",
        )
        .unwrap();
        drop(conn);
        let mut source = Foreign::open(&Location::File(path.clone())).unwrap();
        let tables = source.tables().unwrap();
        assert_eq!(tables[1].0, "user");
        assert_eq!(tables[1].1, ["id", "email", "password_hash", "active"]);
        let rows = source.rows("user", &["email", "active"]).unwrap();
        assert_eq!(rows[0], [Some("a@x".to_owned()), Some("1".to_owned())]);
        assert_eq!(rows[1][0], None);
        assert!(
            source.rows("odd \"name", &["x"]).unwrap().is_empty(),
            "quoted, not pasted"
        );
        assert!(Foreign::open(&Location::File(dir.path().join("missing.db"))).is_err());
        std::fs::write(dir.path().join("text.db"), "not a database at all, just some words").unwrap();
        assert!(Foreign::open(&Location::File(dir.path().join("text.db"))).is_err());
    }
}
