//! PostgreSQL's errors as the store's: a lost or refused connection, a
//! server shutting down or out of room is `Unavailable`; a unique violation
//! is a `Conflict` naming its constraint.

use postgres::error::SqlState;

use crate::store::error::{Constraint, StoreError};

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        if e.code() == Some(&SqlState::UNIQUE_VIOLATION) {
            let name = e.as_db_error().and_then(|d| d.constraint()).unwrap_or("").to_owned();
            return StoreError::Conflict(match name.as_str() {
                "users_email_key" => Constraint::UserEmail,
                "user_groups_name_key_key" => Constraint::GroupName,
                "apps_name_key_key" => Constraint::AppName,
                "apps_place" => Constraint::AppPlace,
                _ => Constraint::Other(name),
            });
        }
        if is_unavailable(&e) {
            StoreError::unavailable(e)
        } else {
            StoreError::other(e)
        }
    }
}

/// The server cannot serve now: no connection, shutting down, out of room.
fn is_unavailable(e: &postgres::Error) -> bool {
    let Some(code) = e.code() else {
        // No SQLSTATE: the connection itself failed (closed, refused, timed out).
        return e.is_closed() || e.as_db_error().is_none();
    };
    let class = &code.code()[..2];
    // 08: connection exception; 53: insufficient resources; 57: operator
    // intervention (shutdown, cannot connect now); 58: system error.
    matches!(class, "08" | "53" | "57" | "58") || *code == SqlState::READ_ONLY_SQL_TRANSACTION
}

/// Why the first connection failed, for the person who started gatehouse.
pub(super) fn describe_connect_failure(shown: &str, e: &postgres::Error) -> String {
    let db = e.as_db_error();
    match e.code() {
        Some(c) if *c == SqlState::INVALID_PASSWORD || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION => format!(
            "PostgreSQL refused the user or password of {shown} ({}); check the URL, or the password in PGPASSWORD",
            db.map_or("", |d| d.message())
        ),
        Some(c) if *c == SqlState::INVALID_CATALOG_NAME => format!(
            "the database of {shown} does not exist ({}); create it first (createdb -O USER DATABASE) or fix the URL",
            db.map_or("", |d| d.message())
        ),
        Some(c) if *c == SqlState::INSUFFICIENT_PRIVILEGE => format!(
            "PostgreSQL does not let this user connect to {shown} ({}); grant CONNECT, or use the database's owner",
            db.map_or("", |d| d.message())
        ),
        Some(_) => format!("PostgreSQL refused {shown}: {e}"),
        None => format!(
            "cannot reach PostgreSQL at {shown} ({e}); check that it is running and the host and port are right"
        ),
    }
}
