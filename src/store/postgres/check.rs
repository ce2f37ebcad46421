//! `gatehouse check` on PostgreSQL: the database answers, holds gatehouse's
//! schema at this version, and its tables can be read.

use super::migrate::{known_version, schema_version};
use super::without_password;

/// Checks the database at `url`: the sentence to print when it is sound,
/// else what is wrong and what to do.
pub fn check_url(url: &str) -> Result<i64, String> {
    let known = known_version();
    let shown = without_password(url);
    let mut client = super::config(url)?
        .connect(super::tls::connector()?)
        .map_err(|e| super::error::describe_connect_failure(&shown, &e))?;
    let version = schema_version(&mut client)
        .map_err(|e| format!("cannot check {shown}: {e}"))?
        .ok_or_else(|| format!("{shown} holds no gatehouse tables; start gatehouse once on it to create them"))?;
    if version < known {
        return Err(format!(
            "{shown}: the schema version is {version}, this gatehouse expects {known} (start gatehouse once to upgrade it)"
        ));
    }
    if version > known {
        return Err(format!(
            "{shown}: the schema version is {version}, written by a newer gatehouse"
        ));
    }
    for table in ["users", "sessions", "settings", "audit", "sign_in_failures", "counts"] {
        client
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .map_err(|e| format!("{shown} is not sound: the table {table} cannot be read ({e})"))?;
    }
    let counted: i64 = client
        .query_one("SELECT value FROM counts WHERE name = 'users'", &[])
        .and_then(|r| r.try_get(0))
        .map_err(|e| format!("{shown} is not sound: {e}"))?;
    let users: i64 = client
        .query_one("SELECT count(*) FROM users", &[])
        .and_then(|r| r.try_get(0))
        .map_err(|e| format!("{shown} is not sound: {e}"))?;
    if counted != users {
        return Err(format!(
            "{shown} is not sound: the user count says {counted}, the table holds {users}"
        ));
    }
    Ok(known)
}
