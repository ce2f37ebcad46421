//! gatehouse: a sign-in page and user management for a small office, in one
//! binary over one SQLite file or a PostgreSQL database. Dependencies point
//! one way: the two faces (`cli`, `web`) call the use cases (`service`),
//! which use the store's interface (`store`: each statement once in
//! `store/sql/`, an engine's own work in `store/sqlite/` and
//! `store/postgres/`), the security primitives (`security`), the words
//! (`i18n`), mail (`mail`) and the domain types (`domain`). `config` reads
//! the settings, `logging` writes the log, `progress` is how long work says
//! how far it has got; `rocket(…)` is the one factory, used by `main` and by
//! the tests.

mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod i18n;
pub mod logging;
pub mod mail;
pub mod progress;
pub mod security;
pub mod service;
pub mod store;
pub mod web;

pub use app::rocket;
