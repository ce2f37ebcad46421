//! `gatehouse oidc rotate-key`: a new key signs ID tokens from now on, on
//! every instance (they read the keys from the database); the old ones stay
//! in the JWKS until what they signed has expired.

use crate::service::{oidc, App, Caller};

use super::location::block_on;
use super::text_with;
use super::users::failed;

pub fn rotate_key(app: &App) -> Result<(), String> {
    let key = block_on(oidc::keys::rotate(app, &Caller::command_line()))?.map_err(|e| failed(app, e))?;
    let minutes = (app.settings.oidc_access_lifetime.seconds() + 59) / 60;
    println!(
        "{}",
        text_with(
            "cli-oidc-key-rotated",
            &[("kid", key.kid.into()), ("minutes", minutes.into())]
        )
    );
    Ok(())
}
