//! The steps every way in goes through, and what an attempt ends in. A
//! person is first identified (a password: `password.rs`; an invitation or
//! reset link: `link.rs`; a passkey in the third wave), then gives a second
//! factor where they have one (a code: `code.rs`, whose waiting sign-in is
//! made in `wait` only), then is let in (`enter`: the session and its
//! `signed_in` row in one transaction), then goes on: to a step the office
//! requires first (a temporary password to replace, two-step sign-in to
//! set up) or to where they were going (`ContinueTo`, checked once where it
//! came in and carried through every step).

use crate::config::Settings;
use crate::domain::{Client, ContinueTo, Entry, Event, LinkRefusal, Proof, Secret, Started, User};
use crate::security::tokens::{hash_token, random_token};
use crate::store::repo::{NewPendingSignIn, NewSession, WaitingLink};
use crate::store::{Repo, StoreError};

use super::super::audit::record;
use super::super::sessions::liveness;

/// How long a sign-in waits for its code.
pub const WAITING_SECONDS: i64 = 5 * 60;

/// What an attempt at any step ends in; handlers only render it.
#[derive(Debug)]
pub enum Outcome {
    /// In: the session's token for the cookie, and where to go now.
    SignedIn(Entered),
    /// Identified; a code comes next. The waiting sign-in's token, for its cookie.
    CodeNext(Secret),
    /// Not in, and why; nothing was started.
    Refused(Refusal),
}

/// A person let in.
#[derive(Debug)]
pub struct Entered {
    pub user: User,
    pub started: Started,
    pub then: Then,
    /// Unused recovery codes left, when one was used.
    pub codes_left: Option<i64>,
}

/// Why an attempt did not let the person in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The one answer for every failed password: unknown email, wrong
    /// password, disabled account.
    Failed,
    /// Too many failures for this person or address: refused until then (Unix time).
    Throttled { until: i64 },
    /// A wrong, replayed or used code.
    CodeWrong,
    /// No sign-in is waiting for a code (expired, or never begun): start again.
    NoneWaiting,
    /// The link cannot be used.
    Link(LinkRefusal),
}

/// Where a person who is in goes next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Then {
    /// Their password is temporary: they choose their own first, then go on.
    ChooseOwnPassword(ContinueTo),
    /// The office requires two-step sign-in and they have not set it up.
    SetUpTwoFactor(ContinueTo),
    /// On to where they were going.
    ContinueTo(ContinueTo),
}

impl Then {
    /// The step the office requires of `user` first, if any, else on to `to`.
    pub fn after(user: &User, settings: &Settings, to: ContinueTo) -> Then {
        if user.must_change_password {
            Then::ChooseOwnPassword(to)
        } else if settings.two_factor.requires(user) {
            Then::SetUpTwoFactor(to)
        } else {
            Then::ContinueTo(to)
        }
    }
}

/// How a person is let in: for how long, from where, and which session of
/// this browser's the new one replaces.
#[derive(Debug, Clone)]
pub struct Entering {
    pub remember: bool,
    pub client: Client,
    pub replacing: Option<i64>,
}

/// A new session row for `user_id` (a new token every time): the one place
/// sessions are made.
pub(in crate::service) fn new_session(
    repo: &mut dyn Repo,
    settings: &Settings,
    at: i64,
    user_id: i64,
    remember: bool,
    client: &Client,
    proof: Proof,
) -> Result<Started, StoreError> {
    let token = random_token();
    let lifetime = match remember {
        true => settings.remember_seconds(),
        false => settings.absolute_seconds(),
    };
    repo.insert_session(&NewSession {
        token_hash: &hash_token(&token),
        user_id,
        csrf_token: &random_token(),
        persistent: remember,
        at,
        expires_at: at + lifetime,
        user_agent: &client.user_agent,
        address: &client.address,
        amr: proof.as_amr(),
    })?;
    Ok(Started {
        token: Secret::new(token),
        persistent: remember,
    })
}

/// The step that lets `user` in, inside the caller's transaction: the
/// browser's earlier session ends, sessions no longer usable are cleared,
/// a new one starts, and `signed_in` is recorded with it.
pub(super) fn enter(
    repo: &mut dyn Repo,
    settings: &Settings,
    at: i64,
    user: &User,
    how: &Entering,
    proof: Proof,
) -> Result<Started, StoreError> {
    if let Some(old) = how.replacing {
        repo.delete_session(old)?;
    }
    repo.purge_sessions(liveness(settings, at))?;
    let started = new_session(repo, settings, at, user.id, how.remember, &how.client, proof)?;
    repo.note_sign_in(user.id, at)?;
    record(repo, at, &Entry::new(Event::SignedIn, user, user, &how.client.address))?;
    Ok(started)
}

/// The step before a code or a passkey, inside the caller's transaction: a
/// sign-in waiting for it, whose token goes into a cookie; `remember`, `to`
/// and a password chosen with a link (`link`) are kept for when it is done.
/// The one place a waiting sign-in is made.
pub(super) fn wait(
    repo: &mut dyn Repo,
    (at, user): (i64, &User),
    remember: bool,
    to: &ContinueTo,
    link: Option<&WaitingLink>,
) -> Result<Secret, StoreError> {
    let token = random_token();
    repo.insert_pending_sign_in(&NewPendingSignIn {
        token_hash: &hash_token(&token),
        user_id: user.id,
        persistent: remember,
        next: to.as_str(),
        created_at: at,
        expires_at: at + WAITING_SECONDS,
        link,
    })?;
    Ok(Secret::new(token))
}
