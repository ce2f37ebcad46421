//! The apps a person stays signed in to (they hold refresh tokens), as
//! /account lists them, and ending an app's access: its grants end, and
//! with them every token it holds.

use crate::domain::{Entry, Event, Party, SignedIn};

use super::super::audit::record;
use super::super::{App, Caller, Result};

/// An app a person stays signed in to.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SignedInApp {
    pub id: i64,
    pub name: String,
    /// When they last signed in to it.
    pub since: i64,
}

pub async fn apps_of(app: &App, me: &SignedIn) -> Result<Vec<SignedInApp>> {
    let (id, now) = (me.user.id, app.clock.now());
    let rows = app.store.read(move |repo| repo.apps_signed_in(id, now)).await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, since)| SignedInApp { id, name, since })
        .collect())
}

/// Ends `me`'s access from the app `app_id`; false when there was none.
pub async fn end(app: &App, me: &SignedIn, caller: &Caller, app_id: i64) -> Result<bool> {
    let (user_id, at) = (me.user.id, app.clock.now());
    let party = caller.party.clone();
    let address = caller.address.clone();
    app.store
        .write(move |repo| {
            let Some(info) = repo.app(app_id)? else {
                return Ok(false);
            };
            let ended = repo.revoke_grants_of(user_id, app_id, at)? > 0;
            if ended {
                let entry = Entry::new(Event::AppAccessEnded, party, Party::named(info.name), &address);
                record(repo, at, &entry)?;
            }
            Ok::<_, crate::service::ServiceError>(ended)
        })
        .await
}
