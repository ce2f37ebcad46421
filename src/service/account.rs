//! One's own account: changing one's name and language, and one's password (which ends
//! every other session and starts this browser a new one).

use crate::domain::Proof;
use crate::domain::{Client, Detail, Entry, Event, Password, SignedIn, Started, User, UserName};
use crate::store::StoreError;

use super::audit::record;
use super::sign_in::new_session;
use super::{found, App, Caller, Result};

pub async fn rename(app: &App, me: &SignedIn, caller: &Caller, name: UserName) -> Result<User> {
    let (id, at) = (me.user.id, app.clock.now());
    let entry = Entry::new(Event::UserChanged, &me.user, &me.user, &caller.address).detail(Detail::NameChanged);
    app.store
        .write(move |repo| {
            if !repo.set_name(id, &name, at)? {
                return Err(StoreError::NotFound.into());
            }
            record(repo, at, &entry)?;
            found(repo.user(id)?)
        })
        .await
}

/// Keeps `me`'s choice of language for the pages (`None`: the browser's).
pub async fn set_language(app: &App, me: &SignedIn, language: Option<String>) -> Result<()> {
    let id = me.user.id;
    app.store
        .write(move |repo| match repo.set_language(id, language.as_deref())? {
            true => Ok(()),
            false => Err(StoreError::NotFound.into()),
        })
        .await
}

/// Whether `typed` is `me`'s current password.
pub async fn is_current_password(app: &App, me: &SignedIn, typed: String) -> Result<bool> {
    let id = me.user.id;
    let stored = found(app.store.read(move |repo| repo.password_hash(id)).await?)?;
    Ok(app.hasher.verify(typed, Some(stored)).await)
}

/// A password change: the new session for this browser, and how many other
/// sessions ended.
pub struct PasswordChanged {
    pub started: Started,
    pub others_ended: usize,
}

/// Sets `me`'s own new password (no longer temporary), ends every session
/// of theirs and starts a new one for this browser (a new token), in one
/// transaction with its audit rows. The caller has checked the current password.
pub async fn change_password(app: &App, me: &SignedIn, client: Client, new: Password) -> Result<PasswordChanged> {
    let hash = app.hasher.hash(&new).await?;
    let (user, remember, at, settings) = (me.user.clone(), me.persistent, app.clock.now(), app.settings.clone());
    // The new session proves what this one did (a passkey or a code too).
    let proof = Proof::of_amr(&me.amr);
    app.store
        .write(move |repo| {
            if !repo.set_password(user.id, &hash, false, at)? {
                return Err(StoreError::NotFound.into());
            }
            // The session this browser had is among those ended; the others are counted.
            let others_ended = repo.delete_sessions_of(user.id, None)?.saturating_sub(1);
            // A link that would set the password again ends with the change.
            repo.delete_links_of(user.id, None)?;
            let started = new_session(repo, &settings, at, user.id, remember, &client, proof)?;
            record(
                repo,
                at,
                &Entry::new(Event::PasswordChanged, &user, &user, &client.address),
            )?;
            if others_ended > 0 {
                let entry = Entry::new(Event::SessionsEnded, &user, &user, &client.address);
                record(
                    repo,
                    at,
                    &entry.detail(Detail::OtherSessions {
                        count: others_ended as u64,
                    }),
                )?;
            }
            Ok(PasswordChanged { started, others_ended })
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use crate::service::testing::{TestApp, PASSWORD};
    use crate::service::{sessions, sign_in};

    #[test]
    fn a_new_password_ends_the_other_sessions_and_keeps_this_browser_in() {
        let t = TestApp::new();
        let ann = t.user("ann@x.org", Role::Member);
        let here = t
            .run(sign_in::start(&t.app, &ann, false, Client::default(), None))
            .unwrap();
        let there = t
            .run(sign_in::start(&t.app, &ann, true, Client::default(), None))
            .unwrap();
        let me = t.run(sessions::find(&t.app, here.token.clone())).unwrap().unwrap();
        assert!(t.run(is_current_password(&t.app, &me, PASSWORD.into())).unwrap());
        assert!(!t.run(is_current_password(&t.app, &me, "not it at all".into())).unwrap());
        let new = Password::parse("a brand new secret").unwrap();
        let changed = t.run(change_password(&t.app, &me, Client::default(), new)).unwrap();
        assert_eq!(changed.others_ended, 1);
        for old in [here.token, there.token] {
            assert!(t.run(sessions::find(&t.app, old)).unwrap().is_none());
        }
        assert!(t.run(sessions::find(&t.app, changed.started.token)).unwrap().is_some());
    }
}
