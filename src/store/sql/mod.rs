//! The repository, once for both engines: each statement written one time,
//! in SQL that SQLite and PostgreSQL both read, over the `Db` an engine
//! gives (db.rs). What truly differs stays in the engine's folder (search,
//! migrations, pools, backups, locks).

mod apps;
mod audit;
mod db;
mod groups;
mod imports;
mod links;
mod oidc;
mod passkeys;
mod sessions;
mod settings;
mod throttle;
mod two_factor;
mod users;

pub(crate) use db::params;
pub use db::{numbered_placeholders, Db, Param, Query, Row};
pub use users::{user_from_row, USER_COLUMNS, USER_COLUMN_COUNT};

use super::tables::Table;

/// Every table that holds data, parents before children, each described
/// beside its statements. (`counts` is kept by the engine itself as users
/// are written.)
pub const TABLES: &[Table] = &[
    users::TABLE,
    groups::GROUPS,
    groups::MEMBERS,
    apps::APPS,
    apps::APP_GROUPS,
    sessions::TABLE,
    links::TABLE,
    two_factor::RECOVERY_CODES,
    two_factor::PENDING_SIGN_INS,
    settings::TABLE,
    audit::TABLE,
    throttle::TABLE,
    oidc::KEYS,
    oidc::GRANTS,
    oidc::CODES,
    oidc::TOKENS,
    oidc::CONSENTS,
    imports::TABLE,
    passkeys::PASSKEYS,
    passkeys::CEREMONIES,
];
