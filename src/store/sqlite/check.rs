//! `gatehouse check` on a SQLite file: the schema version, SQLite's
//! integrity check and the foreign keys, read-only; never creates a file.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::migrate::{known_version, schema_version};

/// What is wrong with a database file, in plain words; empty when it is sound.
pub fn problems(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let known = known_version();
    let mut problems = Vec::new();
    let version = schema_version(conn)?;
    if version != known {
        problems.push(format!(
            "the schema version is {version}, this gatehouse expects {known}{}",
            if version < known {
                " (start gatehouse once to upgrade it)"
            } else {
                " (written by a newer gatehouse)"
            }
        ));
    }
    let mut integrity = conn.prepare("PRAGMA integrity_check")?;
    for line in integrity.query_map([], |r| r.get::<_, String>(0))? {
        let line = line?;
        if line != "ok" {
            problems.push(format!("integrity: {line}"));
        }
    }
    let mut foreign = conn.prepare("PRAGMA foreign_key_check")?;
    for row in foreign.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (table, rowid, parent) = row?;
        problems.push(format!(
            "row {} of {table} refers to a missing row of {parent}",
            rowid.map_or("?".to_owned(), |r| r.to_string())
        ));
    }
    Ok(problems)
}

/// Checks the file at `path`: its schema version when it is sound, else
/// what is wrong and what to do.
pub fn check_file(path: &Path) -> Result<i64, String> {
    let known = known_version();
    if !path.is_file() {
        return Err(format!("there is no database at {}", path.display()));
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let problems = problems(&conn).map_err(|e| format!("cannot check {}: {e}", path.display()))?;
    if problems.is_empty() {
        Ok(known)
    } else if problems
        .iter()
        .all(|p| p.contains("start gatehouse once to upgrade it"))
    {
        Err(format!("{}: {}", path.display(), problems.join("; ")))
    } else {
        Err(format!(
            "{} is not sound: {}; restore a backup",
            path.display(),
            problems.join("; ")
        ))
    }
}
