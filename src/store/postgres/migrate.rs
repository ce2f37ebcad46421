//! The PostgreSQL schema: the same versions, with the same meaning, as
//! SQLite's, recorded in `gatehouse_schema`. Each migration runs in its own
//! transaction under an advisory lock, so that instances starting at once
//! migrate the database once. A database holding another application's
//! tables is refused rather than written into.

use postgres::Client;

/// The migrations, one file per version.
#[derive(rust_embed::RustEmbed)]
#[folder = "src/store/postgres/migrations/"]
struct Files;

/// The schema, one entry per version.
static MIGRATIONS: std::sync::LazyLock<Vec<String>> =
    std::sync::LazyLock::new(crate::store::migrations::in_order::<Files>);

/// The schema version this binary writes.
pub fn known_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The advisory lock every instance takes to migrate: "gatehouse" in ASCII.
const MIGRATION_LOCK: i64 = 0x6761_7465_686f_7573;

#[derive(Debug)]
pub(super) enum MigrateError {
    Newer(i64),
    /// The database holds tables of its own and no `gatehouse_schema`.
    NotOurs(Vec<String>),
    Sql(postgres::Error),
}

impl From<postgres::Error> for MigrateError {
    fn from(e: postgres::Error) -> Self {
        MigrateError::Sql(e)
    }
}

/// The schema version of the database on `client`, or `None` when it has
/// no gatehouse tables at all.
pub fn schema_version(client: &mut Client) -> Result<Option<i64>, postgres::Error> {
    let exists: bool = client
        .query_one("SELECT to_regclass('gatehouse_schema') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(None);
    }
    Ok(Some(
        client.query_one("SELECT version FROM gatehouse_schema", &[])?.get(0),
    ))
}

/// Creates or brings the schema to the version this binary knows (`known_version`).
pub(super) fn upgrade(client: &mut Client) -> Result<(), MigrateError> {
    let known = known_version();
    {
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        let ours: bool = tx
            .query_one("SELECT to_regclass('gatehouse_schema') IS NOT NULL", &[])?
            .get(0);
        if !ours {
            let tables: Vec<String> = tx
                .query(
                    "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1 LIMIT 5",
                    &[],
                )?
                .iter()
                .map(|r| r.get(0))
                .collect();
            if !tables.is_empty() {
                return Err(MigrateError::NotOurs(tables));
            }
            tx.batch_execute(
                "CREATE TABLE gatehouse_schema (version BIGINT NOT NULL);
                 INSERT INTO gatehouse_schema (version) VALUES (0);",
            )?;
        }
        tx.commit()?;
    }
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
        let version: i64 = tx.query_one("SELECT version FROM gatehouse_schema", &[])?.get(0);
        if version > known {
            return Err(MigrateError::Newer(version));
        }
        // Already run, by this instance earlier or another one meanwhile.
        if version > index as i64 {
            continue;
        }
        tx.batch_execute(sql)?;
        tx.execute("UPDATE gatehouse_schema SET version = $1", &[&(index as i64 + 1)])?;
        tx.commit()?;
    }
    Ok(())
}

pub(super) fn describe(shown: &str, e: MigrateError) -> String {
    let known = known_version();
    match e {
        MigrateError::Newer(v) => format!(
            "{shown} was written by a newer gatehouse (schema version {v}, this one knows {known}); run the newer gatehouse"
        ),
        MigrateError::NotOurs(tables) => format!(
            "{shown} holds another application's tables ({}); give gatehouse an empty database of its own (createdb -O USER gatehouse)",
            tables.join(", ")
        ),
        MigrateError::Sql(e) => match e.code() {
            Some(c) if *c == postgres::error::SqlState::INSUFFICIENT_PRIVILEGE => format!(
                "the user of {shown} cannot create gatehouse's tables ({}); give gatehouse a database it owns",
                e.as_db_error().map_or("", |d| d.message())
            ),
            _ => format!("cannot prepare the database {shown}: {e}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same versions, with the same meaning, on both engines.
    #[test]
    fn the_migrations_are_numbered_from_one_without_a_gap_as_sqlite_s() {
        assert_eq!(crate::store::migrations::misnumbered::<Files>(), Vec::<String>::new());
        assert_eq!(known_version(), crate::store::sqlite::migrate::known_version());
    }
}
