//! gatehouse: a sign-in page and user management for a small office, in one
//! binary on one SQLite file. `rocket(…)` is the one factory, used by `main`
//! and by the tests.

pub mod assets;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod cli;
pub mod config;
pub mod csrf;
pub mod db;
pub mod domain;
pub mod error;
pub mod forms;
pub mod guards;
pub mod headers;
pub mod host;
pub mod lock;
pub mod password;
pub mod routes;
pub mod serve;
pub mod session;
pub mod throttle;
pub mod tokens;
pub mod users;
pub mod web;

use rocket::config::SecretKey;
use rocket::figment::Figment;
use rocket::{Build, Rocket};

use crate::config::Settings;
use crate::db::Db;
use crate::password::Hasher;
use crate::web::Web;

/// The setting under which the generated cookie key is kept.
const SECRET_KEY_SETTING: &str = "secret_key";

/// The Rocket instance serving `db`, configured by `figment`. Fails with a
/// message for the person when the configuration or the database is unusable.
pub fn rocket(db: Db, figment: Figment) -> Result<Rocket<Build>, String> {
    let settings = Settings::from_figment(&figment)?;
    let figment = with_secret_key(&db, figment)?;
    let assets = assets::Assets::load();
    let web = Web::load(&assets).map_err(|e| format!("a built-in template is broken: {e}"))?;
    let hasher = Hasher::new(settings.bcrypt_cost);
    hasher.prepare_in_background();
    Ok(rocket::custom(figment)
        .manage(hasher)
        .manage(settings)
        .manage(db)
        .manage(web)
        .manage(assets)
        .manage(routes::WriteCheck::default())
        .mount("/", routes::all())
        .mount("/", rocket::routes![host::refused])
        .register("/", error::catchers())
        .attach(host::HostCheck)
        .attach(headers::shield())
        .attach(headers::SecurityHeaders))
}

/// `figment` with a private-cookie key: the configured one if there is one
/// (Rocket.toml or `ROCKET_SECRET_KEY`), else the database's, made from the
/// OS's random source on first start, so sessions survive a restart.
fn with_secret_key(db: &Db, figment: Figment) -> Result<Figment, String> {
    let configured = figment
        .extract_inner::<SecretKey>("secret_key")
        .is_ok_and(|key| !key.is_zero());
    if configured {
        return Ok(figment);
    }
    let key = db
        .conn()
        .map_err(|e| e.to_string())
        .and_then(|c| db::setting_or_insert(&c, SECRET_KEY_SETTING, tokens::random_token).map_err(|e| e.to_string()))
        .map_err(|e| format!("cannot read or store the cookie key in {}: {e}", db.path().display()))?;
    Ok(figment.merge(("secret_key", key)))
}
