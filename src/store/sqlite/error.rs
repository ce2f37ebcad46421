//! SQLite's errors as the store's: a busy, full, read-only or missing file
//! is `Unavailable`; a unique constraint is a `Conflict` naming which.

use rusqlite::ErrorCode;

use crate::store::error::{Constraint, StoreError};

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        let code = e.sqlite_error_code();
        if let rusqlite::Error::SqliteFailure(failure, message) = &e {
            if failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE {
                // SQLite names the columns: "UNIQUE constraint failed: users.email".
                let columns = message
                    .as_deref()
                    .and_then(|m| m.rsplit_once(": "))
                    .map_or("", |(_, columns)| columns);
                return StoreError::Conflict(match columns {
                    "users.email" => Constraint::UserEmail,
                    "user_groups.name_key" => Constraint::GroupName,
                    "apps.name_key" => Constraint::AppName,
                    "apps.host, apps.path_prefix" => Constraint::AppPlace,
                    other => Constraint::Other(other.to_owned()),
                });
            }
        }
        let unavailable = matches!(
            code,
            Some(
                ErrorCode::DiskFull
                    | ErrorCode::ReadOnly
                    | ErrorCode::DatabaseBusy
                    | ErrorCode::DatabaseLocked
                    | ErrorCode::CannotOpen
                    | ErrorCode::SystemIoFailure
            )
        );
        if unavailable {
            StoreError::unavailable(e)
        } else {
            StoreError::other(e)
        }
    }
}
