//! The first step by an invitation or reset link: the person chooses their
//! password with it, and is let in. A person who signs in in two steps
//! gives their code on the same form, checked before anything changes; one
//! whose second step is a passkey only gives it next, as after a password,
//! and the password chosen is kept with the waiting sign-in and set (the
//! link used) only then (`settle`): a link alone (a mailbox) does not skip
//! the second step, nor change anything.

use crate::domain::Proof;
use crate::domain::{ContinueTo, Detail, Entry, Event, LinkKind, LinkRefusal, Password, PasswordHash, Secret, User};
use crate::security::throttle::Verdict;
use crate::security::tokens::hash_token;
use crate::store::repo::{PendingSignIn, WaitingLink};
use crate::store::{Repo, StoreError};

use super::super::audit::record;
use super::super::links::{check, record_refusal, Refused};
use super::super::two_factor::{check_code, code_attempt, tell_of_wrong_codes, Checked};
use super::super::{App, Caller, Result};
use super::flow::{enter, wait, Entered, Entering, Outcome, Refusal, Then};

/// What the link's form brings.
#[derive(Debug)]
pub struct Chosen<'a> {
    pub kind: LinkKind,
    pub token: &'a str,
    pub password: Password,
    /// The code, for a person who signs in in two steps (else empty).
    pub code: &'a str,
}

/// Uses the link to set the password, in one transaction (two browsers
/// racing with the same link: one wins, the other is told the link was
/// used): the password set, every other session and link of the person
/// ended, and this browser let in, in place of the session it had.
pub async fn accept(app: &App, chosen: Chosen<'_>, how: Entering) -> Result<Outcome> {
    let Chosen {
        kind,
        token,
        password,
        code,
    } = chosen;
    let (token_hash, settings) = (hash_token(token), app.settings.clone());
    let caller = Caller::anonymous(&how.client.address);
    let at = app.clock.now();
    let looked = {
        let token_hash = token_hash.clone();
        app.store.read(move |repo| check(repo, kind, &token_hash, at)).await?
    };
    let user = match looked {
        Ok((_, user)) => user,
        Err(refused) => return refuse(app, &caller, kind, refused).await,
    };
    if user.two_factor {
        if let Verdict::Locked { until } = code_attempt(app, &user, &how.client.address).await? {
            return Ok(Outcome::Refused(Refusal::Throttled { until }));
        }
    }
    let hash = app.hasher.hash(&password).await?;
    let (code, at) = (code.to_owned(), app.clock.now());
    let outcome = app
        .store
        .write(move |repo| {
            let (link_id, user) = match check(repo, kind, &token_hash, at)? {
                Ok(usable) => usable,
                Err(refused) => return Ok::<_, StoreError>(Used::Refused(refused)),
            };
            if user.two_factor {
                if let Checked::Wrong { day_cap_reached } = check_code(repo, &user, &code, at, &how.client.address)? {
                    return Ok(Used::CodeWrong { day_cap_reached });
                }
            } else if user.passkeys {
                // Their second step is a passkey, which a form cannot carry:
                // the sign-in waits for it, as after a password, with the
                // password chosen, which is set (the link used) only then.
                let link = WaitingLink {
                    token_hash: token_hash.clone(),
                    password_hash: hash.clone(),
                };
                let waiting = wait(repo, (at, &user), false, &ContinueTo::Home, Some(&link))?;
                return Ok(Used::Waiting(waiting));
            }
            let Some(user) = use_now(repo, at, (kind, link_id), &user, &hash, &how.client.address)? else {
                return Ok(Used::Refused(Refused {
                    why: LinkRefusal::Used,
                    link_id: Some(link_id),
                    user: Some(Box::new(user)),
                }));
            };
            // The code, when they have one, was checked on the same form.
            let proof = match user.two_factor {
                true => Proof::PasswordAndCode,
                false => Proof::Password,
            };
            let started = enter(repo, &settings, at, &user, &how, proof)?;
            let then = Then::after(&user, &settings, ContinueTo::Home);
            Ok(Used::In(Entered {
                user,
                started,
                then,
                codes_left: None,
            }))
        })
        .await?;
    match outcome {
        Used::In(entered) => Ok(Outcome::SignedIn(entered)),
        Used::Waiting(token) => Ok(Outcome::CodeNext(token)),
        Used::CodeWrong { day_cap_reached } => {
            if day_cap_reached {
                tell_of_wrong_codes(app, &user).await;
            }
            Ok(Outcome::Refused(Refusal::CodeWrong))
        }
        Used::Refused(refused) => refuse(app, &caller, kind, refused).await,
    }
}

/// Uses link `link_id` of `user` now, in the caller's transaction: the
/// password set, every session and other link of theirs ended, the use in
/// the security log. The person as they are now; `None` when the link was
/// used meanwhile (then nothing changed).
fn use_now(
    repo: &mut dyn Repo,
    at: i64,
    (kind, link_id): (LinkKind, i64),
    user: &User,
    hash: &PasswordHash,
    address: &str,
) -> std::result::Result<Option<User>, StoreError> {
    if !repo.use_link(link_id, at)? {
        return Ok(None);
    }
    repo.set_password(user.id, hash, false, at)?;
    repo.delete_sessions_of(user.id, None)?;
    repo.delete_links_of(user.id, Some(link_id))?;
    let user: User = repo.user(user.id)?.ok_or(StoreError::NotFound)?;
    let used = Entry::new(Event::LinkUsed, &user, &user, address).detail(Detail::Link {
        link: kind.as_str().to_owned(),
        expires_at: None,
    });
    record(repo, at, &used)?;
    Ok(Some(user))
}

/// Ends the sign-in `pending`, its second step given, in the caller's
/// transaction: a password chosen with a link is set now, the link used.
/// The person as they are now, or why the link cannot be used any more
/// (then the waiting sign-in is over, and nothing else changed).
pub(super) fn settle(
    repo: &mut dyn Repo,
    at: i64,
    pending: &PendingSignIn,
    address: &str,
) -> std::result::Result<std::result::Result<User, LinkRefusal>, StoreError> {
    repo.delete_pending_sign_in(pending.id)?;
    let Some(link) = &pending.link else {
        return Ok(Ok(pending.user.clone()));
    };
    let Some(kind) = repo.link_by_token(&link.token_hash)?.map(|l| l.kind) else {
        return Ok(Err(LinkRefusal::Unknown));
    };
    let (link_id, user) = match check(repo, kind, &link.token_hash, at)? {
        Ok((link_id, user)) if user.id == pending.user.id => (link_id, user),
        Ok(_) => return Ok(Err(LinkRefusal::Unknown)),
        Err(refused) => return Ok(Err(refused.why)),
    };
    let used = use_now(repo, at, (kind, link_id), &user, &link.password_hash, address)?;
    Ok(used.ok_or(LinkRefusal::Used))
}

/// A link that cannot be used: recorded (once), and said.
async fn refuse(app: &App, caller: &Caller, kind: LinkKind, refused: Refused) -> Result<Outcome> {
    let why = refused.why;
    record_refusal(app, caller, kind, refused).await?;
    Ok(Outcome::Refused(Refusal::Link(why)))
}

/// What `accept`'s transaction ends with.
enum Used {
    In(Entered),
    /// The sign-in waits for the person's passkey; then the password is set.
    Waiting(Secret),
    /// The person's code was wrong; nothing changed but the count of codes.
    CodeWrong {
        day_cap_reached: bool,
    },
    Refused(Refused),
}
