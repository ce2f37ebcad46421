//! The second step: the code from the person's app (this step or one
//! either side, not accepted before) or an unused recovery code, for the
//! sign-in that `flow::wait` made to wait for it. Counted in the sign-in
//! throttle like a password, and in a day's cap on wrong codes; a right
//! one lets the person in, as the first step asked.

use crate::domain::Proof;
use crate::domain::{ContinueTo, Entry, Event, Secret, User};
use crate::security::throttle::Verdict;
use crate::security::tokens::hash_token;
use crate::store::StoreError;

use super::super::audit::record;
use super::super::two_factor::{check_code, code_attempt, tell_of_wrong_codes, Checked};
use super::super::{App, Result};
use super::flow::{enter, Entered, Entering, Outcome, Refusal, Then};
use super::link::settle;

/// The person a waiting sign-in is for, if it has not expired.
pub async fn waiting(app: &App, token: &Secret) -> Result<Option<User>> {
    let (hash, now) = (hash_token(token.expose()), app.clock.now());
    let found = app.store.read(move |repo| repo.pending_sign_in(&hash, now)).await?;
    Ok(found.map(|p| p.user))
}

/// Ends a sign-in that waited for its code (the person went back to the
/// first step): on the server, so its cookie is no use any more.
pub async fn abandon(app: &App, token: &Secret) -> Result<()> {
    let (hash, now) = (hash_token(token.expose()), app.clock.now());
    Ok(app
        .store
        .write(move |repo| match repo.pending_sign_in(&hash, now)? {
            Some(pending) => repo.delete_pending_sign_in(pending.id),
            None => Ok(()),
        })
        .await?)
}

/// The code for the waiting sign-in `token`; `how.remember` is what the
/// first step asked for, whatever is given here.
pub async fn finish(app: &App, token: &Secret, code: &str, how: Entering) -> Result<Outcome> {
    let (hash, at, settings) = (hash_token(token.expose()), app.clock.now(), app.settings.clone());
    let Some(pending) = app
        .store
        .read({
            let hash = hash.clone();
            move |repo| repo.pending_sign_in(&hash, at)
        })
        .await?
    else {
        return Ok(Outcome::Refused(Refusal::NoneWaiting));
    };
    let user = pending.user.clone();
    if let Verdict::Locked { until } = code_attempt(app, &user, &how.client.address).await? {
        return Ok(Outcome::Refused(Refusal::Throttled { until }));
    }
    let code = code.to_owned();
    let how = Entering {
        remember: pending.persistent,
        ..how
    };
    let (outcome, day_cap_reached) = app
        .store
        .write(move |repo| {
            let address = &how.client.address;
            let recovery = match check_code(repo, &pending.user, &code, at, address)? {
                Checked::Wrong { day_cap_reached } => {
                    return Ok::<_, StoreError>((Outcome::Refused(Refusal::CodeWrong), day_cap_reached))
                }
                Checked::Code => false,
                Checked::Recovery => true,
            };
            // A password chosen with a link is set now.
            let user = match settle(repo, at, &pending, address)? {
                Ok(user) => user,
                Err(why) => return Ok((Outcome::Refused(Refusal::Link(why)), false)),
            };
            let codes_left = match recovery {
                true => {
                    record(repo, at, &Entry::new(Event::RecoveryCodeUsed, &user, &user, address))?;
                    Some(repo.recovery_codes_left(user.id)?)
                }
                false => None,
            };
            let started = enter(repo, &settings, at, &user, &how, Proof::PasswordAndCode)?;
            let then = Then::after(&user, &settings, ContinueTo::from_stored(&pending.next));
            let entered = Entered {
                user,
                started,
                then,
                codes_left,
            };
            Ok((Outcome::SignedIn(entered), false))
        })
        .await?;
    if day_cap_reached {
        tell_of_wrong_codes(app, &user).await;
    }
    Ok(outcome)
}
