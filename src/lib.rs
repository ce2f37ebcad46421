//! gatehouse: a sign-in page and user management for a small office, in one
//! binary on one SQLite file. Dependencies point one way: the two faces
//! (`cli`, `web`) call the use cases (`service`), which use the store's
//! interface (`store`), the security primitives (`security`) and the domain
//! types (`domain`). `rocket(…)` is the one factory, used by `main` and by
//! the tests.

mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod i18n;
pub mod mail;
pub mod security;
pub mod service;
pub mod store;
pub mod web;

pub use app::rocket;
