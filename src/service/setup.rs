//! The server's own setup: the private-cookie key kept in the store, and the
//! first administrator, made with a one-time token that works until an
//! administrator exists.

use crate::domain::{Entry, Event, NewUser, Password, User};
use crate::security::tokens::{random_token, same_secret};

use super::audit::record;
use super::{App, Caller, Result, ServiceError};

/// The setting under which the generated cookie key is kept.
const COOKIE_KEY: &str = "secret_key";

/// The setting that holds the one-time setup token.
const SETUP_TOKEN: &str = "setup_token";

/// The key for private cookies: made from the OS's random source on first
/// start and kept, so that sessions survive a restart and every instance on
/// the same database shares it. At start-up, on the calling thread; each
/// statement on its own, so that a key already kept needs no write.
pub fn cookie_key(app: &App) -> Result<String> {
    let fresh = random_token();
    Ok(app
        .store
        .note_blocking(|repo| repo.setting_or_insert(COOKIE_KEY, &fresh))?)
}

pub async fn admin_exists(app: &App) -> Result<bool> {
    Ok(app.store.read(|repo| repo.active_admins()).await? > 0)
}

/// The setup token while no admin exists (made on first call), else `None`
/// (and a token left from before is forgotten). At start-up, on the calling
/// thread.
pub fn token(app: &App) -> Result<Option<String>> {
    let fresh = random_token();
    Ok(app.store.write_blocking(|repo| {
        if repo.active_admins()? > 0 {
            repo.delete_setting(SETUP_TOKEN)?;
            return Ok(None);
        }
        repo.setting_or_insert(SETUP_TOKEN, &fresh).map(Some)
    })?)
}

/// Whether setup is open to the holder of `token`.
#[derive(Debug, PartialEq, Eq)]
pub enum Gate {
    Open,
    WrongToken,
    Closed,
}

pub async fn gate(app: &App, token: &str) -> Result<Gate> {
    let token = token.to_owned();
    app.store
        .read(move |repo| {
            if repo.active_admins()? > 0 {
                return Ok(Gate::Closed);
            }
            Ok(match repo.setting(SETUP_TOKEN)? {
                Some(expected) if same_secret(&expected, &token) => Gate::Open,
                _ => Gate::WrongToken,
            })
        })
        .await
}

/// Creates the first administrator, unless one exists by the time the
/// write lock is held (`SetupClosed`); the token is used up.
pub async fn create_first_admin(app: &App, caller: &Caller, new: NewUser, password: Password) -> Result<User> {
    let hash = app.hasher.hash(&password).await?;
    let (address, at) = (caller.address.clone(), app.clock.now());
    app.store
        .write(move |repo| {
            if repo.active_admins()? > 0 {
                return Err(ServiceError::SetupClosed);
            }
            let admin = repo.insert_user(&new, &hash, false, at)?;
            repo.delete_setting(SETUP_TOKEN)?;
            record(repo, at, &Entry::new(Event::SetupCompleted, &admin, &admin, &address))?;
            Ok(admin)
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Email, Password, Role, UserName};
    use crate::service::testing::{TestApp, PASSWORD};

    #[test]
    fn setup_opens_with_its_token_and_closes_for_good() {
        let t = TestApp::new();
        let token = super::token(&t.app).unwrap().expect("open");
        assert_eq!(super::token(&t.app).unwrap().as_deref(), Some(token.as_str()), "stable");
        assert_eq!(t.run(gate(&t.app, &token)).unwrap(), Gate::Open);
        assert_eq!(t.run(gate(&t.app, "guess")).unwrap(), Gate::WrongToken);
        let new = || NewUser {
            name: UserName::parse("Ada").unwrap(),
            email: Email::parse("ada@x.org").unwrap(),
            role: Role::Admin,
        };
        let password = || Password::parse(PASSWORD).unwrap();
        let admin = t
            .run(create_first_admin(&t.app, &Caller::anonymous("::1"), new(), password()))
            .unwrap();
        assert!(admin.is_admin());
        assert_eq!(t.run(gate(&t.app, &token)).unwrap(), Gate::Closed);
        assert!(super::token(&t.app).unwrap().is_none());
        let again = t.run(create_first_admin(&t.app, &Caller::anonymous("::1"), new(), password()));
        assert!(matches!(again, Err(ServiceError::SetupClosed)));
    }

    #[test]
    fn the_cookie_key_is_made_once() {
        let t = TestApp::new();
        let key = cookie_key(&t.app).unwrap();
        assert_eq!(key.len(), 64);
        assert_eq!(cookie_key(&t.app).unwrap(), key);
    }
}
