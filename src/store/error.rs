//! What can go wrong in the store, whatever the engine: it cannot serve now,
//! a unique constraint refused a write (and which one), a row is missing, or
//! anything else. The engine's own error is kept as the cause, for the log.

use std::error::Error;
use std::fmt;

/// A unique constraint, by what it keeps unique.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Constraint {
    /// Two users cannot share an email address (whatever its letter case).
    UserEmail,
    /// Two groups cannot share a name (whatever its letter case).
    GroupName,
    /// Two apps cannot share a name (whatever its letter case).
    AppName,
    /// Two apps behind the proxy cannot share a host and path prefix.
    AppPlace,
    /// Any other, as the engine names it.
    Other(String),
}

type Cause = Box<dyn Error + Send + Sync + 'static>;

#[derive(Debug)]
pub enum StoreError {
    /// The database cannot serve now (unreachable, disk full, read-only,
    /// busy): the person should try again, their input was not wrong.
    Unavailable(Cause),
    /// A write would break a unique constraint.
    Conflict(Constraint),
    /// The row asked for does not exist.
    NotFound,
    /// Anything else: a fault of ours or of the database.
    Other(Cause),
}

impl StoreError {
    pub fn unavailable(cause: impl Into<Cause>) -> StoreError {
        StoreError::Unavailable(cause.into())
    }

    pub fn other(cause: impl Into<Cause>) -> StoreError {
        StoreError::Other(cause.into())
    }

    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::Unavailable(_))
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Unavailable(cause) => write!(f, "the database cannot serve now: {cause}"),
            StoreError::Conflict(Constraint::UserEmail) => f.write_str("a user with this email address already exists"),
            StoreError::Conflict(Constraint::GroupName) => f.write_str("a group with this name already exists"),
            StoreError::Conflict(Constraint::AppName) => f.write_str("an app with this name already exists"),
            StoreError::Conflict(Constraint::AppPlace) => {
                f.write_str("an app with this host and path prefix already exists")
            }
            StoreError::Conflict(Constraint::Other(name)) => write!(f, "a unique constraint refused the write: {name}"),
            StoreError::NotFound => f.write_str("no such row"),
            StoreError::Other(cause) => write!(f, "database error: {cause}"),
        }
    }
}

impl Error for StoreError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            StoreError::Unavailable(cause) | StoreError::Other(cause) => Some(cause.as_ref()),
            _ => None,
        }
    }
}

/// No connection from the pool in time: the database is away or overloaded.
impl From<r2d2::Error> for StoreError {
    fn from(e: r2d2::Error) -> Self {
        StoreError::unavailable(e)
    }
}
