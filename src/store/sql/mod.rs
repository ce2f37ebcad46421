//! The repository, once for both engines: each statement written one time,
//! in SQL that SQLite and PostgreSQL both read, over the `Db` an engine
//! gives (db.rs). What truly differs stays in the engine's folder (search,
//! migrations, pools, backups, locks).

mod audit;
mod db;
mod links;
mod rows;
mod sessions;
mod settings;
mod throttle;
mod two_factor;
mod users;

pub(crate) use db::params;
pub use db::{numbered_placeholders, Db, Param, Query, Row};
pub use rows::{user_from_row, USER_COLUMNS, USER_COLUMN_COUNT};
