//! Signing in with a passkey: alone, instead of the password (any passkey
//! of this site, its person found from it: a discoverable credential), or
//! as the second step after the password (one of the waiting person's
//! passkeys). Either way the ceremony is used once, by whichever instance
//! finishes it; the answer must come from this site's origin, for its
//! relying party, signed by the passkey stored for the person it names,
//! with a counter that does not go backwards, and the person must be
//! active. Failures count in the throttle of the address they come from
//! and are in the security log; a passkey alone counts as two factors.

use crate::domain::{ContinueTo, Party, Proof, Secret, User};
use crate::security::passkeys::user_handle;
use crate::security::throttle::{self, ThrottleKey, Verdict};
use crate::security::tokens::hash_token;
use crate::store::repo::CeremonyKind;
use crate::store::Repo;

use super::super::passkeys::{check_known, keep_ceremony, record_refused, refusal, start_known, Ceremony, Known, Site};
use super::super::{App, Result, ServiceError};
use super::flow::{enter, Entered, Entering, Outcome, Refusal, Then};
use super::link::settle;
use super::password::count_attempt;

/// Sign-ins with a passkey alone that may wait at once from one address (an
/// IPv6 one by its /64; anyone may start one: the sign-in page's autofill
/// does at every visit),
/// and in all; each waits `CEREMONY_SECONDS` at most. Past either, a new
/// one is refused until some are used or expire: the database does not
/// grow at a stranger's pace, and the password still works.
pub const WAITING_FROM_ONE_ADDRESS: i64 = 100;
pub const WAITING_IN_ALL: i64 = 50_000;

/// Starts a sign-in with any passkey of this site; `None` when too many
/// wait already (`WAITING_FROM_ONE_ADDRESS`, `WAITING_IN_ALL`).
pub async fn start(app: &App, site: &Site) -> Result<Option<Ceremony>> {
    let rp = site.relying_party()?;
    let started = rp.start_discovery().map_err(ServiceError::Passkey)?;
    let (site, at) = (site.clone(), app.clock.now());
    app.store
        .write(move |repo| {
            let (from_here, in_all) = repo.ceremonies_waiting(CeremonyKind::Discover, &site.address, at)?;
            if from_here >= WAITING_FROM_ONE_ADDRESS || in_all >= WAITING_IN_ALL {
                return Ok(None);
            }
            Ok(Some(keep_ceremony(
                repo,
                (&site, at),
                CeremonyKind::Discover,
                None,
                started,
            )?))
        })
        .await
}

/// Starts the second step of the sign-in waiting under `token` with one of
/// its person's passkeys; `None` when no sign-in waits or they have none.
pub async fn start_second_step(app: &App, site: &Site, token: &Secret) -> Result<Option<Ceremony>> {
    let rp = site.relying_party()?;
    let (site, hash, at) = (site.clone(), hash_token(token.expose()), app.clock.now());
    app.store
        .write(move |repo| match repo.pending_sign_in(&hash, at)? {
            Some(pending) => start_known(repo, (&site, &rp), (at, CeremonyKind::Authenticate), pending.user.id),
            None => Ok(None),
        })
        .await
}

/// The failure kept and said: one attempt counted (already), one log line.
fn refuse(repo: &mut dyn Repo, at: i64, who: Party, address: &str, reason: &str) -> Result<Outcome> {
    record_refused(repo, at, (Party::default(), who, address), reason)?;
    Ok(Outcome::Refused(Refusal::Failed))
}

/// Counts an attempt from this address: refused while it is locked.
async fn begin(app: &App, address: &str) -> Result<Option<Outcome>> {
    let (key, at, address) = (ThrottleKey::passkey(address), app.clock.now(), address.to_owned());
    let verdict = app
        .store
        .write(move |repo| count_attempt(repo, at, &key, &address, throttle::ACCOUNT_LIMIT))
        .await?;
    Ok(match verdict {
        Verdict::Locked { until } => Some(Outcome::Refused(Refusal::Throttled { until })),
        Verdict::Allowed => None,
    })
}

/// Lets `user` in by passkey, in the caller's transaction.
fn let_in(
    repo: &mut dyn Repo,
    app: &App,
    (user, how, to): (User, &Entering, ContinueTo),
    proof: Proof,
) -> Result<Outcome> {
    let at = app.clock.now();
    repo.clear_failures(&ThrottleKey::passkey(&how.client.address).stored())?;
    let started = enter(repo, &app.settings, at, &user, how, proof)?;
    let then = Then::after(&user, &app.settings, to);
    Ok(Outcome::SignedIn(Entered {
        user,
        started,
        then,
        codes_left: None,
    }))
}

/// Finishes a sign-in with any passkey: the browser's `answer` to ceremony `id`.
pub async fn finish(
    app: &App,
    site: &Site,
    (id, answer): (String, String),
    to: ContinueTo,
    how: Entering,
) -> Result<Outcome> {
    if let Some(refused) = begin(app, &how.client.address).await? {
        return Ok(refused);
    }
    let rp = site.relying_party()?;
    let (at, this) = (app.clock.now(), app.clone());
    app.store
        .write(move |repo| {
            let address = how.client.address.clone();
            let Some((_, state)) = repo.take_ceremony(&id, CeremonyKind::Discover, at)? else {
                // Expired, or used already: a replayed answer, most likely.
                return refuse(repo, at, Party::default(), &address, "gone");
            };
            let presented = match rp.presented(&answer) {
                Ok(presented) => presented,
                Err(e) => return refuse(repo, at, Party::default(), &address, refusal(e)),
            };
            let Some(passkey) = repo.passkey_by_credential(&presented.credential_id)? else {
                return refuse(repo, at, Party::default(), &address, "unknown");
            };
            let Some(user) = repo.user(passkey.user_id)? else {
                return refuse(repo, at, Party::default(), &address, "unknown");
            };
            // The user handle it signed must be its own person's: a passkey
            // does not sign in as someone else.
            let subject = repo.subject_of(user.id)?.unwrap_or_default();
            if presented.user_handle != user_handle(&subject) {
                return refuse(repo, at, Party::from(&user), &address, "rejected");
            }
            let credential = match rp.finish_discovery(&answer, &state, &passkey.credential) {
                Ok(credential) => credential,
                Err(e) => return refuse(repo, at, Party::from(&user), &address, refusal(e)),
            };
            if !user.active {
                return refuse(repo, at, Party::from(&user), &address, "disabled");
            }
            repo.used_passkey(passkey.id, &credential, at)?;
            let_in(repo, &this, (user, &how, to), Proof::Passkey)
        })
        .await
}

/// Finishes the second step of the sign-in waiting under `token` with the
/// browser's `answer` to ceremony `id`.
pub async fn finish_second_step(
    app: &App,
    site: &Site,
    token: &Secret,
    (id, answer): (String, String),
    how: Entering,
) -> Result<Outcome> {
    if let Some(refused) = begin(app, &how.client.address).await? {
        return Ok(refused);
    }
    let rp = site.relying_party()?;
    let (hash, at, this) = (hash_token(token.expose()), app.clock.now(), app.clone());
    app.store
        .write(move |repo| {
            let Some(pending) = repo.pending_sign_in(&hash, at)? else {
                return Ok(Outcome::Refused(Refusal::NoneWaiting));
            };
            let address = how.client.address.clone();
            let user = pending.user.clone();
            match check_known(repo, &rp, (at, CeremonyKind::Authenticate), user.id, (&id, &answer))? {
                Known::Confirmed => {}
                Known::Gone => return refuse(repo, at, Party::from(&user), &address, "gone"),
                Known::Failed(e) => return refuse(repo, at, Party::from(&user), &address, refusal(e)),
            }
            // A password chosen with a link is set now.
            let user = match settle(repo, at, &pending, &address)? {
                Ok(user) => user,
                Err(why) => return Ok(Outcome::Refused(Refusal::Link(why))),
            };
            // The password's attempt stayed counted until this step was done.
            repo.clear_failures(&ThrottleKey::sign_in(&user.email).stored())?;
            let how = Entering {
                remember: pending.persistent,
                ..how
            };
            let to = ContinueTo::from_stored(&pending.next);
            let_in(repo, &this, (user, &how, to), Proof::PasswordAndPasskey)
        })
        .await
}
