//! gatehouse's integration tests: through HTTP with `TestApp`, and through
//! the real binary for the command line and the server's start.

#[path = "../common/banner.rs"]
mod banner;
mod helpers;
#[path = "../common/http.rs"]
mod http;

mod account;
mod apps;
mod assets_and_errors;
mod backup;
mod bad_input;
#[cfg(unix)]
mod browser;
mod cli;
mod compression;
mod copy;
mod crash;
mod csrf;
mod directory;
#[cfg(target_os = "linux")]
mod disk_full;
mod gate;
mod groups;
mod import_flask;
mod instances;
mod languages;
mod links;
mod logs;
mod mail;
mod oidc;
mod oidc_client;
mod page_cache;
mod passkey_checks;
mod postgres_outage;
mod postgres_tls;
mod protection;
mod proxies;
mod relying_party;
mod server;
mod sessions;
mod setup;
mod sign_in;
mod smtp;
mod soak;
mod spreadsheets;
mod tls;
mod two_factor;
mod user_admin;
