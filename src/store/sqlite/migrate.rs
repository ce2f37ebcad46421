//! The SQLite schema: the migrations, one per version (`PRAGMA
//! user_version` says how many ran), each in its own write transaction, and
//! a copy of the file kept before an upgrade.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, ErrorCode, TransactionBehavior};

use super::file;

/// The migrations, one file per version.
#[derive(rust_embed::RustEmbed)]
#[folder = "src/store/sqlite/migrations/"]
struct Files;

/// The schema, one entry per version.
static MIGRATIONS: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(crate::store::migrations::in_order::<Files>);

/// The schema version this binary writes.
pub fn known_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// How many pre-migration snapshots are kept beside the database.
const SNAPSHOTS_KEPT: usize = 3;

/// The schema version a connection's file is at.
pub fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

#[derive(Debug)]
pub(super) enum MigrateError {
    Newer(i64),
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for MigrateError {
    fn from(e: rusqlite::Error) -> Self {
        MigrateError::Sql(e)
    }
}

/// Brings the file at `path` (open on `conn`) to the version this binary knows (`known_version`), keeping a
/// copy of an older one first; the error is worded for the person.
pub(super) fn upgrade(conn: &mut Connection, path: &Path) -> Result<(), String> {
    let known = known_version();
    let version = schema_version(conn).map_err(|e| describe_failure(path, e.into()))?;
    if version > 0 && version < known {
        let snapshot = snapshot_before_migration(conn, path, version).map_err(|e| {
            format!(
                "cannot keep a copy of {} before upgrading it ({e}); free some disk space and start again",
                path.display()
            )
        })?;
        // A warning, so that the default level shows where the old file is.
        tracing::warn!(
            file = %path.display(),
            from = version,
            to = known,
            kept_as = %snapshot.display(),
            "upgrading the database; the old one is kept"
        );
    }
    migrate(conn).map_err(|e| describe_failure(path, e))
}

/// Runs the migrations the file has not seen, each in its own transaction.
fn migrate(conn: &mut Connection) -> Result<(), MigrateError> {
    let known = known_version();
    let version = schema_version(conn)?;
    if version > known {
        return Err(MigrateError::Newer(version));
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        if schema_version(&tx)? > index as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

pub(super) fn describe_failure(path: &Path, e: MigrateError) -> String {
    let known = known_version();
    let shown = path.display();
    match e {
        MigrateError::Newer(v) => format!(
            "{shown} was written by a newer gatehouse (schema version {v}, this one knows {known}); run the newer gatehouse, or restore a backup made by this version"
        ),
        MigrateError::Sql(e) => match e.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => format!(
                "{shown} is not a gatehouse database or is damaged; restore a backup or choose another --db"
            ),
            Some(ErrorCode::ReadOnly) => format!(
                "{shown} is read-only; give gatehouse write permission on the file and its folder"
            ),
            Some(ErrorCode::CannotOpen) | Some(ErrorCode::PermissionDenied) => format!(
                "cannot open {shown}; check that the file and its folder exist and are readable and writable"
            ),
            Some(ErrorCode::DiskFull) => format!("the disk holding {shown} is full; free some space and start again"),
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => format!(
                "{shown} is locked by another program; close it and start again"
            ),
            _ => format!("cannot prepare the database {shown}: {e}"),
        },
    }
}

/// Before a migration from `version`: a copy beside the database, keeping
/// the last few.
fn snapshot_before_migration(conn: &Connection, db_path: &Path, version: i64) -> Result<PathBuf, file::FileError> {
    let stamp = crate::clock::Clock::system().now();
    let snapshot = file::sibling(db_path, &format!("v{version}-{stamp}"));
    file::copy_to_new_file(conn, &snapshot)?;
    prune_snapshots(db_path);
    Ok(snapshot)
}

/// Removes all but the newest `SNAPSHOTS_KEPT` pre-migration snapshots.
fn prune_snapshots(db_path: &Path) {
    let Some(name) = db_path.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let prefix = format!("{name}.v");
    let Ok(entries) = std::fs::read_dir(file::parent(db_path)) else {
        return;
    };
    let mut snapshots: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".bak"))
        })
        .collect();
    snapshots.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    let excess = snapshots.len().saturating_sub(SNAPSHOTS_KEPT);
    for old in &snapshots[..excess] {
        let _ = std::fs::remove_file(old);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_migrations_are_numbered_from_one_without_a_gap() {
        assert_eq!(crate::store::migrations::misnumbered::<Files>(), Vec::<String>::new());
        assert!(known_version() >= 9);
    }
}
