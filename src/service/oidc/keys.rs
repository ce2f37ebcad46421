//! The keys ID tokens are signed with, kept in the database so that every
//! instance signs with the same one and a rotated key is used at once. The
//! newest key that has not been retired signs; one is made when there is
//! none (on a server's first start, or at the first need). `rotate` makes a
//! new one and retires the others, which the JWKS still lists until the
//! tokens they signed have expired.

use crate::domain::{Entry, Event, Party};
use crate::security::jwt::{Key, KeyError};
use crate::store::repo::StoredKey;

use super::super::audit::record;
use super::super::{App, Caller, Result};

fn key(stored: &StoredKey) -> Result<Key> {
    Ok(Key::from_pkcs8(stored.pkcs8.clone())?)
}

/// A new key, made off the workers (tens of milliseconds).
async fn generate() -> Result<Key> {
    let made = tokio::task::spawn_blocking(Key::generate)
        .await
        .map_err(|e| KeyError(format!("making a key stopped: {e}")))?;
    Ok(made?)
}

/// The key that signs now, made if there is none yet.
pub async fn signing_key(app: &App) -> Result<Key> {
    let keys = app.store.read(|repo| repo.signing_keys()).await?;
    if let Some(stored) = keys.iter().find(|k| k.retired_at.is_none()) {
        return key(stored);
    }
    let made = generate().await?;
    let (kid, pkcs8, at) = (made.kid.clone(), made.pkcs8.clone(), app.clock.now());
    // Another instance may have made one meanwhile: then that one signs.
    let signing = app
        .store
        .write(move |repo| {
            let keys = repo.signing_keys()?;
            if let Some(stored) = keys.into_iter().find(|k| k.retired_at.is_none()) {
                return Ok::<_, crate::store::StoreError>(stored);
            }
            repo.insert_signing_key(&kid, &pkcs8, at)?;
            Ok(StoredKey {
                kid,
                pkcs8,
                created_at: at,
                retired_at: None,
            })
        })
        .await?;
    key(&signing)
}

/// The keys the JWKS lists: the one that signs, and those retired less
/// than a token's lifetime ago (what they signed may still be presented).
pub async fn published(app: &App) -> Result<Vec<Key>> {
    let signing = signing_key(app).await?;
    let since = app.clock.now() - app.settings.oidc_access_lifetime.seconds();
    let keys = app.store.read(|repo| repo.signing_keys()).await?;
    let mut published = vec![signing];
    for stored in keys.iter().filter(|k| k.retired_at.is_some_and(|at| at > since)) {
        published.push(key(stored)?);
    }
    Ok(published)
}

/// Every key gatehouse has signed with, for reading back its own tokens
/// (an `id_token_hint` may be old).
pub async fn all(app: &App) -> Result<Vec<Key>> {
    let keys = app.store.read(|repo| repo.signing_keys()).await?;
    keys.iter().map(key).collect()
}

/// A new signing key, used at once by every instance; the others retired.
pub async fn rotate(app: &App, caller: &Caller) -> Result<Key> {
    let made = generate().await?;
    let (kid, pkcs8, at) = (made.kid.clone(), made.pkcs8.clone(), app.clock.now());
    let entry = Entry::new(
        Event::OidcKeyRotated,
        caller.party.clone(),
        Party::named(made.kid.clone()),
        &caller.address,
    );
    app.store
        .write(move |repo| {
            repo.insert_signing_key(&kid, &pkcs8, at)?;
            repo.retire_signing_keys(&kid, at)?;
            record(repo, at, &entry)
        })
        .await?;
    Ok(made)
}
