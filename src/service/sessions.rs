//! Sessions after sign-in: the one a request's token proves, the list its
//! owner sees, and ending one or all of them. Only a hash of each token is
//! stored, so a copied database cannot be used to sign in.

use crate::config::Settings;
use crate::domain::{Detail, Entry, Event, Secret, SessionInfo, SignedIn};
use crate::security::tokens::hash_token;
use crate::store::repo::{FoundSession, Liveness};

use super::audit::record;
use super::{App, Caller, Result};

/// How stale `last_seen_at` may get before a request writes it again.
const TOUCH_EVERY_SECONDS: i64 = 60;

/// When sessions stop being usable, at `now`.
pub(crate) fn liveness(settings: &Settings, now: i64) -> Liveness {
    Liveness {
        now,
        idle_since: now - settings.idle_seconds(),
    }
}

/// The live session for `token` and its active user, if there is one. Notes
/// the request as the session's last activity (at most once a minute, and
/// only as far as the database takes writes: reading goes on without).
pub async fn find(app: &App, token: Secret) -> Result<Option<SignedIn>> {
    let live = liveness(&app.settings, app.clock.now());
    let found = app
        .store
        .read_small(move |repo| repo.session_by_token(&hash_token(token.expose()), live))
        .await?;
    let Some(found) = found else { return Ok(None) };
    Ok(Some(used(app, found, live.now).await))
}

/// A session found live, as the signed-in person it proves. Notes the
/// request as its last activity, at most once a minute and as far as the
/// database takes writes (the session stands anyway).
pub(crate) async fn used(app: &App, found: FoundSession, now: i64) -> SignedIn {
    if now - found.last_seen_at >= TOUCH_EVERY_SECONDS {
        // A write, so off the workers.
        let id = found.id;
        let _ = app.store.note(move |repo| repo.touch_session(id, now)).await;
    }
    signed_in(found)
}

/// The signed-in person a live session proves.
pub(crate) fn signed_in(found: FoundSession) -> SignedIn {
    SignedIn {
        user: found.user,
        session_id: found.id,
        csrf_token: found.csrf_token,
        persistent: found.persistent,
        signed_in_at: found.created_at,
        amr: found.amr,
    }
}

/// A user's live sessions, most recently used first.
pub async fn list(app: &App, user_id: i64) -> Result<Vec<SessionInfo>> {
    let live = liveness(&app.settings, app.clock.now());
    Ok(app.store.read(move |repo| repo.sessions_of(user_id, live)).await?)
}

/// Ends one of `me`'s other sessions; false when they have no such session.
pub async fn end_one(app: &App, me: &SignedIn, caller: &Caller, session_id: i64) -> Result<bool> {
    let (user_id, at) = (me.user.id, app.clock.now());
    let entry =
        Entry::new(Event::SessionsEnded, &me.user, &me.user, &caller.address).detail(Detail::Sessions { count: 1 });
    app.store
        .write(move |repo| {
            let ended = repo.delete_own_session(user_id, session_id)?;
            if ended {
                record(repo, at, &entry)?;
            }
            Ok(ended)
        })
        .await
}

/// Ends every session of `me` but the one they act from; how many ended.
pub async fn end_others(app: &App, me: &SignedIn, caller: &Caller) -> Result<usize> {
    let (user_id, keep, at) = (me.user.id, me.session_id, app.clock.now());
    let entry = Entry::new(Event::SessionsEnded, &me.user, &me.user, &caller.address);
    app.store
        .write(move |repo| {
            let ended = repo.delete_sessions_of(user_id, Some(keep))?;
            record(repo, at, &entry.detail(Detail::OtherSessions { count: ended as u64 }))?;
            Ok(ended)
        })
        .await
}
