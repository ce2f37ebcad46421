//! The one factory: the Rocket instance serving a store, configured by a
//! figment, on a clock. Used by `gatehouse serve` and by the tests.

use rocket::config::SecretKey;
use rocket::figment::Figment;
use rocket::{Build, Rocket};

use crate::clock::Clock;
use crate::config::{self, Settings};
use crate::service::{self, App};
use crate::store::Store;

/// Fails with a message for the person when the configuration or the
/// database is unusable.
pub fn rocket(store: Store, figment: Figment, clock: Clock) -> Result<Rocket<Build>, String> {
    let settings = Settings::from_figment(&figment)?;
    let app = App::new(store, settings, clock);
    let figment = with_secret_key(&app, figment)?;
    app.hasher.prepare_in_background();
    // Before `custom`, which would otherwise install Rocket's own logger.
    crate::logging::bridge_rocket();
    crate::web::mount(rocket::custom(config::for_rocket(figment)), app)
}

/// `figment` with a private-cookie key: the configured one if there is one
/// (Rocket.toml or `ROCKET_SECRET_KEY`), else the store's, made on first
/// start, so that sessions survive a restart.
fn with_secret_key(app: &App, figment: Figment) -> Result<Figment, String> {
    let configured = figment
        .extract_inner::<SecretKey>("secret_key")
        .is_ok_and(|key| !key.is_zero());
    if configured {
        return Ok(figment);
    }
    let key = service::setup::cookie_key(app)
        .map_err(|e| format!("cannot read or store the cookie key in {}: {e}", app.store.describe()))?;
    Ok(figment.merge(("secret_key", key)))
}
