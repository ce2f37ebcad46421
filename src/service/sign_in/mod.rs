//! Signing in, as one flow: every way in (a password, an invitation or
//! reset link; a passkey in the third wave) goes through the steps of
//! `flow.rs`, each step one store transaction with its audit rows, each
//! answer a typed `Outcome` that the handlers only render. Signing out
//! is here too.

mod code;
mod flow;
mod link;
mod passkey;
mod password;

pub use code::{abandon, finish, waiting};
pub(in crate::service) use flow::new_session;
pub use flow::{Entered, Entering, Outcome, Refusal, Then, WAITING_SECONDS};
pub use link::{accept, Chosen};
pub use passkey::{finish as finish_with_passkey, finish_second_step as second_step_with_passkey};
pub use passkey::{start as start_with_passkey, start_second_step as start_second_step_with_passkey};
pub use password::attempt;
pub(in crate::service) use password::count_attempt;

use crate::domain::Proof;
use crate::domain::{Client, Entry, Event, SignedIn, Started, User};

use super::audit::record;
use super::{App, Result};

/// Lets in a person who has just proved who they are some other way (the
/// first administrator, who chose their password on the setup page).
pub async fn start(app: &App, user: &User, remember: bool, client: Client, replacing: Option<i64>) -> Result<Started> {
    let (user, at, settings) = (user.clone(), app.clock.now(), app.settings.clone());
    let how = Entering {
        remember,
        client,
        replacing,
    };
    Ok(app
        .store
        .write(move |repo| flow::enter(repo, &settings, at, &user, &how, Proof::Password))
        .await?)
}

/// Ends `me`'s session on the server.
pub async fn sign_out(app: &App, me: &SignedIn, address: &str) -> Result<()> {
    let (session_id, at) = (me.session_id, app.clock.now());
    let entry = Entry::new(Event::SignedOut, &me.user, &me.user, address);
    Ok(app
        .store
        .write(move |repo| {
            repo.delete_session(session_id)?;
            record(repo, at, &entry)
        })
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use crate::service::testing::TestApp;

    #[test]
    fn a_session_lasts_until_idle_then_ends() {
        let t = TestApp::new();
        let ann = t.user("ann@x.org", Role::Member);
        let started = t.run(start(&t.app, &ann, false, Client::default(), None)).unwrap();
        let found = t
            .run(super::super::sessions::find(&t.app, started.token.clone()))
            .unwrap();
        assert_eq!(found.map(|s| s.user.id), Some(ann.id));
        t.app.clock.advance(t.app.settings.idle_seconds());
        let found = t.run(super::super::sessions::find(&t.app, started.token)).unwrap();
        assert!(found.is_none(), "idle too long");
    }
}
