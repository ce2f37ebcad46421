//! A person's passkeys: adding one (a ceremony started, its state kept in
//! the database, finished by any instance once), naming, listing and
//! removing them (confirmed with the password or with one of their
//! passkeys). A known person's passkey checked (`start_known`,
//! `check_known`) serves that confirmation and the second step of a
//! sign-in, in `sign_in/passkey.rs`.

use serde::Serialize;
use serde_json::Value;

use crate::domain::{Detail, Entry, Event, Party, PasskeyName, Problem, Proof, Secret, SignedIn, User};
use crate::security::passkeys::{user_handle, PasskeyError, RelyingParty};
use crate::security::tokens::random_token;
use crate::store::repo::{CeremonyKind, NewCeremony, StoredPasskey};
use crate::store::{Repo, StoreError};

use super::audit::record;
use super::{found, App, Caller, Result, ServiceError};

/// How long a ceremony waits for the browser's answer (WebAuthn's own
/// timeout is five minutes).
pub const CEREMONY_SECONDS: i64 = 5 * 60;

/// Where the ceremonies run: the relying party id and the page's origin;
/// and the client address a ceremony is started from, as it is counted
/// (`domain::counted_address`: an IPv6 one by its /64).
#[derive(Debug, Clone)]
pub struct Site {
    pub rp_id: String,
    pub origin: String,
    pub address: String,
}

impl Site {
    pub(super) fn relying_party(&self) -> Result<RelyingParty> {
        RelyingParty::new(&self.rp_id, &self.origin).map_err(|_| ServiceError::Passkey(PasskeyError::Setup))
    }
}

/// A ceremony started: its id (sent back with the answer) and the options
/// for the browser (`{"publicKey": …}`).
#[derive(Debug, Clone, Serialize)]
pub struct Ceremony {
    pub ceremony: String,
    #[serde(flatten)]
    pub options: Value,
}

/// Why a ceremony's answer was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No such ceremony waits (finished already, expired, another's).
    Gone,
    /// The answer does not verify (or is not one).
    Rejected,
    /// This passkey is someone's already.
    Taken,
}

/// A passkey as its person's page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct PasskeyInfo {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

impl From<StoredPasskey> for PasskeyInfo {
    fn from(p: StoredPasskey) -> PasskeyInfo {
        PasskeyInfo {
            id: p.id,
            name: p.name,
            created_at: p.created_at,
            last_used_at: p.last_used_at,
        }
    }
}

/// Keeps a ceremony's state, under a new id, for `CEREMONY_SECONDS`.
pub(super) fn keep_ceremony(
    repo: &mut dyn Repo,
    (site, at): (&Site, i64),
    kind: CeremonyKind,
    user_id: Option<i64>,
    (options, state): (Value, String),
) -> std::result::Result<Ceremony, StoreError> {
    let id = random_token();
    repo.insert_ceremony(&NewCeremony {
        id: &id,
        user_id,
        kind,
        address: &site.address,
        state: &state,
        created_at: at,
        expires_at: at + CEREMONY_SECONDS,
    })?;
    Ok(Ceremony { ceremony: id, options })
}

/// Starts a ceremony of `kind` for one of `user_id`'s passkeys, in the
/// caller's transaction; `None` when they have none.
pub(super) fn start_known(
    repo: &mut dyn Repo,
    (site, rp): (&Site, &RelyingParty),
    (at, kind): (i64, CeremonyKind),
    user_id: i64,
) -> Result<Option<Ceremony>> {
    let credentials: Vec<String> = repo.passkeys_of(user_id)?.into_iter().map(|p| p.credential).collect();
    if credentials.is_empty() {
        return Ok(None);
    }
    let started = rp.start_authentication(&credentials).map_err(ServiceError::Passkey)?;
    Ok(Some(keep_ceremony(repo, (site, at), kind, Some(user_id), started)?))
}

/// What became of a known person's passkey answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Known {
    /// It is theirs and it verifies; its counter is kept.
    Confirmed,
    /// No such ceremony of theirs waits (used, expired, someone else's).
    Gone,
    /// It does not verify.
    Failed(PasskeyError),
}

/// Checks the browser's `answer` to ceremony `id` of `kind` (taken,
/// whatever the answer) against `user_id`'s passkeys, in the caller's
/// transaction.
pub(super) fn check_known(
    repo: &mut dyn Repo,
    rp: &RelyingParty,
    (at, kind): (i64, CeremonyKind),
    user_id: i64,
    (id, answer): (&str, &str),
) -> Result<Known> {
    let state = match repo.take_ceremony(id, kind, at)? {
        Some((Some(owner), state)) if owner == user_id => state,
        _ => return Ok(Known::Gone),
    };
    let stored = repo.passkeys_of(user_id)?;
    let credentials: Vec<String> = stored.iter().map(|p| p.credential.clone()).collect();
    let (used, credential) = match rp.finish_authentication(answer, &state, &credentials) {
        Ok(done) => done,
        Err(e) => return Ok(Known::Failed(e)),
    };
    if let Some(passkey) = stored.iter().find(|p| p.credential_id == used) {
        repo.used_passkey(passkey.id, &credential, at)?;
    }
    Ok(Known::Confirmed)
}

/// `me`'s passkeys, oldest first.
pub async fn list(app: &App, user_id: i64) -> Result<Vec<PasskeyInfo>> {
    let stored = app.store.read(move |repo| repo.passkeys_of(user_id)).await?;
    Ok(stored.into_iter().map(PasskeyInfo::from).collect())
}

/// Starts adding a passkey to `me`.
pub async fn start_adding(app: &App, site: &Site, me: &User) -> Result<Ceremony> {
    let rp = site.relying_party()?;
    let (id, email, name, at) = (me.id, me.email.clone(), me.name.clone(), app.clock.now());
    let site = site.clone();
    app.store
        .write(move |repo| {
            let subject = repo.subject_of(id)?.unwrap_or_default();
            let existing: Vec<String> = repo.passkeys_of(id)?.into_iter().map(|p| p.credential).collect();
            let started = rp
                .start_registration(user_handle(&subject), &email, &name, &existing)
                .map_err(ServiceError::Passkey)?;
            Ok(keep_ceremony(
                repo,
                (&site, at),
                CeremonyKind::Register,
                Some(id),
                started,
            )?)
        })
        .await
}

/// Finishes adding a passkey named `name` to `signed_in`'s person with the
/// browser's `answer`. This session counts it from now on; the person's
/// other sessions opened with the password alone end.
pub async fn finish_adding(
    app: &App,
    caller: &Caller,
    site: &Site,
    signed_in: &SignedIn,
    (ceremony, name, answer): (String, PasskeyName, String),
) -> Result<std::result::Result<PasskeyInfo, Refused>> {
    let rp = site.relying_party()?;
    let (me, session_id) = (signed_in.user.clone(), signed_in.session_id);
    let (caller, at) = (caller.clone(), app.clock.now());
    app.store
        .write(move |repo| {
            let state = match repo.take_ceremony(&ceremony, CeremonyKind::Register, at)? {
                Some((Some(owner), state)) if owner == me.id => state,
                _ => return Ok(Err(Refused::Gone)),
            };
            let Ok(made) = rp.finish_registration(&answer, &state) else {
                return Ok(Err(Refused::Rejected));
            };
            if repo.passkey_by_credential(&made.id)?.is_some() {
                return Ok(Err(Refused::Taken));
            }
            let mut stored = StoredPasskey {
                id: 0,
                user_id: me.id,
                credential_id: made.id,
                name: name.as_str().to_owned(),
                credential: made.credential,
                created_at: at,
                last_used_at: None,
            };
            stored.id = repo.insert_passkey(&stored)?;
            repo.second_step_set_up(me.id, session_id, Proof::PasswordAndPasskey.as_amr())?;
            let entry =
                Entry::new(Event::PasskeyAdded, caller.party.clone(), &me, &caller.address).detail(Detail::Passkey {
                    name: stored.name.clone(),
                });
            record(repo, at, &entry)?;
            Ok::<_, ServiceError>(Ok(PasskeyInfo::from(stored)))
        })
        .await
}

/// Renames `me`'s passkey `id`.
pub async fn rename(app: &App, me: &User, id: i64, name: PasskeyName) -> Result<()> {
    let user_id = me.id;
    match app
        .store
        .write(move |repo| repo.rename_passkey(user_id, id, name.as_str()))
        .await?
    {
        true => Ok(()),
        false => Err(ServiceError::NotFound),
    }
}

/// How a person confirms removing a passkey.
pub enum Confirmation {
    /// Their password.
    Password(Secret),
    /// One of their passkeys (this one or another): the browser's answer
    /// to a ceremony from `start_confirming`, at `Site`.
    Passkey(Site, String, String),
}

/// Starts confirming a change to `me`'s passkeys with one of them; `None`
/// when they have none.
pub async fn start_confirming(app: &App, site: &Site, me: &User) -> Result<Option<Ceremony>> {
    let rp = site.relying_party()?;
    let (site, user_id, at) = (site.clone(), me.id, app.clock.now());
    app.store
        .write(move |repo| start_known(repo, (&site, &rp), (at, CeremonyKind::Confirm), user_id))
        .await
}

/// Removes `me`'s passkey `id`, as `confirmation` allows. A wrong password
/// is `Problem::CurrentPasswordWrong`; a passkey answer that is not one of
/// theirs, or does not verify, is `Err(Refused)` and in the security log.
pub async fn remove(
    app: &App,
    caller: &Caller,
    me: &User,
    id: i64,
    confirmation: Confirmation,
) -> Result<std::result::Result<PasskeyInfo, Refused>> {
    let user_id = me.id;
    let passkey = match confirmation {
        Confirmation::Password(password) => {
            let hash = app.store.read(move |repo| repo.password_hash(user_id)).await?;
            let hash = hash.filter(|h| h.is_set());
            if !app.hasher.verify(password.expose().to_owned(), hash).await {
                return Err(Problem::CurrentPasswordWrong.into());
            }
            None
        }
        Confirmation::Passkey(site, ceremony, answer) => Some((site.relying_party()?, ceremony, answer)),
    };
    let (me, caller, at) = (me.clone(), caller.clone(), app.clock.now());
    app.store
        .write(move |repo| {
            let removed = found(repo.passkeys_of(me.id)?.into_iter().find(|p| p.id == id))?;
            if let Some((rp, ceremony, answer)) = passkey {
                let (refused, why) =
                    match check_known(repo, &rp, (at, CeremonyKind::Confirm), me.id, (&ceremony, &answer))? {
                        Known::Confirmed => (None, ""),
                        Known::Gone => (Some(Refused::Gone), "gone"),
                        Known::Failed(e) => (Some(Refused::Rejected), refusal(e)),
                    };
                if let Some(refused) = refused {
                    record_refused(repo, at, (caller.party.clone(), Party::from(&me), &caller.address), why)?;
                    return Ok(Err(refused));
                }
            }
            repo.delete_passkey(me.id, id)?;
            let entry =
                Entry::new(Event::PasskeyRemoved, caller.party.clone(), &me, &caller.address).detail(Detail::Passkey {
                    name: removed.name.clone(),
                });
            record(repo, at, &entry)?;
            Ok(Ok(PasskeyInfo::from(removed)))
        })
        .await
}

/// A passkey answer refused, in the security log: by whom (`actor`, nobody
/// for a sign-in), for whom (`target`, nobody when the passkey is unknown),
/// from where, and why (`refusal`'s words, or "gone", "unknown", "disabled").
pub(super) fn record_refused(
    repo: &mut dyn Repo,
    at: i64,
    (actor, target, address): (Party, Party, &str),
    why: &str,
) -> std::result::Result<(), StoreError> {
    let entry = Entry::new(Event::PasskeyRefused, actor, target, address)
        .detail(Detail::PasskeyRefused { why: why.to_owned() });
    record(repo, at, &entry)
}

/// Why an answer was refused, as the security log says it.
pub(super) fn refusal(e: PasskeyError) -> &'static str {
    match e {
        PasskeyError::Compromised => "counter",
        _ => "rejected",
    }
}
