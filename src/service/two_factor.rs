//! Two-step sign-in with an authenticator app: setting it up (a secret,
//! confirmed by a code before it is on), ten recovery codes shown once
//! (hashed in the store, each used once), turning it off with the password,
//! an administrator turning it off for someone, and the second step of
//! signing in: a sign-in waiting for its code (in the database, so that any
//! instance can finish it), a code accepted once per step on every instance,
//! wrong codes counted in the sign-in throttle.

use rand::Rng;

use crate::domain::{Client, Detail, Email, Entry, Event, Party, Problem, Started, User};
use crate::i18n::Language;
use crate::mail::messages;
use crate::security::throttle::{self, Verdict};
use crate::security::tokens::{hash_token, random_token};
use crate::security::totp;
use crate::store::repo::{FailureKey, NewPendingSignIn};
use crate::store::{Repo, StoreError};

use super::audit::record;
use super::sign_in::{count_attempt, start_session};
use super::{found, App, Caller, Result, ServiceError};

/// Recovery codes made at a time.
pub const RECOVERY_CODES: usize = 10;

/// How long a sign-in waits for its code.
pub const PENDING_SECONDS: i64 = 5 * 60;

/// A secret being set up, as the page shows it.
pub struct Enrolment {
    /// Base32, for typing into the app.
    pub secret: String,
    /// The `otpauth://` address the QR code holds.
    pub url: String,
}

fn enrolment(user: &User, secret: String) -> Enrolment {
    let url = totp::otpauth_url(&secret, &user.email).unwrap_or_default();
    Enrolment { secret, url }
}

/// Starts setting up: a new secret, kept until a code confirms it.
pub async fn start(app: &App, user: &User) -> Result<Enrolment> {
    let (secret, id) = (totp::new_secret(), user.id);
    let kept = secret.clone();
    let stored = app.store.write(move |repo| repo.set_totp_pending(id, &kept)).await?;
    if !stored {
        return Err(ServiceError::NotFound);
    }
    Ok(enrolment(user, secret))
}

/// The secret being set up, to show again after a wrong code.
pub async fn pending(app: &App, user: &User) -> Result<Option<Enrolment>> {
    let id = user.id;
    let state = found(app.store.read(move |repo| repo.totp_state(id)).await?)?;
    Ok((!state.pending.is_empty()).then(|| enrolment(user, state.pending)))
}

/// Ten new recovery codes ("abcde-fghij"), and their hashes to store.
fn new_recovery_codes() -> (Vec<String>, Vec<Vec<u8>>) {
    const LETTERS: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    let codes: Vec<String> = (0..RECOVERY_CODES)
        .map(|_| {
            let mut code: String = (0..10)
                .map(|_| LETTERS[rng.gen_range(0..LETTERS.len())] as char)
                .collect();
            code.insert(5, '-');
            code
        })
        .collect();
    let hashes = codes.iter().map(|c| hash_token(&normalized_recovery_code(c))).collect();
    (codes, hashes)
}

/// A recovery code as typed, compared without case, spaces or dashes.
fn normalized_recovery_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Confirms the secret being set up with a code from the app: two-step
/// sign-in is on, and the recovery codes to show once are given. The log
/// says when the office's policy required it.
pub async fn confirm(app: &App, me: &User, caller: &Caller, code: &str) -> Result<Vec<String>> {
    let required = app.settings.two_factor.requires(me);
    let (id, at) = (me.id, app.clock.now());
    let state = found(app.store.read(move |repo| repo.totp_state(id)).await?)?;
    let Some(step) = totp::matching_step(&state.pending, code, at).filter(|_| !state.pending.is_empty()) else {
        return Err(ServiceError::Refused(Problem::CodeWrong));
    };
    let (codes, hashes) = new_recovery_codes();
    let entry = Entry::new(Event::TwoFactorOn, me, me, &caller.address);
    let entry = if required {
        entry.detail(Detail::Required)
    } else {
        entry
    };
    app.store
        .write(move |repo| {
            if !repo.enable_totp(id, step)? {
                return Err(ServiceError::Refused(Problem::CodeWrong));
            }
            repo.replace_recovery_codes(id, &hashes)?;
            record(repo, at, &entry)?;
            Ok(())
        })
        .await?;
    Ok(codes)
}

/// Unused recovery codes left.
pub async fn codes_left(app: &App, user: &User) -> Result<i64> {
    let id = user.id;
    Ok(app.store.read(move |repo| repo.recovery_codes_left(id)).await?)
}

/// New recovery codes in place of the old ones (the password checked by the caller).
pub async fn regenerate(app: &App, me: &User, caller: &Caller) -> Result<Vec<String>> {
    let (id, at) = (me.id, app.clock.now());
    let (codes, hashes) = new_recovery_codes();
    let entry = Entry::new(Event::RecoveryCodesMade, me, me, &caller.address);
    app.store
        .write(move |repo| {
            repo.replace_recovery_codes(id, &hashes)?;
            record(repo, at, &entry)
        })
        .await?;
    Ok(codes)
}

/// Turns two-step sign-in off for `user`: by themselves (their password
/// checked by the caller), or by an administrator or the command line, who
/// also end the user's sessions (the person may have lost their phone to
/// someone).
pub async fn turn_off(app: &App, caller: &Caller, user: &User) -> Result<usize> {
    let (id, at) = (user.id, app.clock.now());
    let yourself = caller.party.id == Some(user.id);
    let entry = Entry::new(
        if yourself {
            Event::TwoFactorOff
        } else {
            Event::TwoFactorReset
        },
        caller.party.clone(),
        user,
        &caller.address,
    );
    app.store
        .write(move |repo| {
            if !repo.disable_totp(id)? {
                return Err(ServiceError::NotFound);
            }
            let ended = match yourself {
                true => 0,
                false => repo.delete_sessions_of(id, None)?,
            };
            let entry = match ended {
                0 => entry,
                n => entry.detail(Detail::Sessions { count: n as u64 }),
            };
            record(repo, at, &entry)?;
            Ok(ended)
        })
        .await
}

/// The same, for the user with this email (the command line).
pub async fn reset_by_email(app: &App, caller: &Caller, email: &Email) -> Result<(User, usize)> {
    let email = email.clone();
    let (user, _) = found(app.store.read(move |repo| repo.user_by_email(&email)).await?)?;
    if !user.two_factor {
        return Err(ServiceError::Refused(Problem::TwoFactorOff));
    }
    let ended = turn_off(app, caller, &user).await?;
    Ok((user, ended))
}

/// After the right password: a sign-in waiting for its code, whose token
/// goes into a cookie. `remember` and `next` are kept for when it is done.
pub async fn begin(app: &App, user: &User, remember: bool, next: &str) -> Result<String> {
    let token = random_token();
    let (hash, id, next, at) = (hash_token(&token), user.id, next.to_owned(), app.clock.now());
    app.store
        .write(move |repo| {
            repo.insert_pending_sign_in(&NewPendingSignIn {
                token_hash: &hash,
                user_id: id,
                persistent: remember,
                next: &next,
                created_at: at,
                expires_at: at + PENDING_SECONDS,
            })
        })
        .await?;
    Ok(token)
}

/// The user a waiting sign-in is for, if it has not expired.
pub async fn waiting(app: &App, token: &str) -> Result<Option<User>> {
    let (hash, now) = (hash_token(token), app.clock.now());
    let found = app.store.read(move |repo| repo.pending_sign_in(&hash, now)).await?;
    Ok(found.map(|p| p.user))
}

/// Ends a sign-in that waited for its code (the person went back to the
/// first step): on the server, so its cookie is no use any more.
pub async fn abandon(app: &App, token: &str) -> Result<()> {
    let (hash, now) = (hash_token(token), app.clock.now());
    Ok(app
        .store
        .write(move |repo| match repo.pending_sign_in(&hash, now)? {
            Some(pending) => repo.delete_pending_sign_in(pending.id),
            None => Ok(()),
        })
        .await?)
}

/// What a code answers.
pub enum CodeOutcome {
    SignedIn {
        user: User,
        started: Started,
        next: String,
        /// Unused recovery codes left, when one was used.
        codes_left: Option<i64>,
    },
    /// A wrong, replayed or used code.
    Wrong,
    Throttled {
        until: i64,
    },
    /// No sign-in is waiting (expired, or never begun): sign in again.
    Expired,
}

/// The second step: the code from the app (this step or one either side,
/// not accepted before) or an unused recovery code. Counted in the sign-in
/// throttle like a password, and in a day's cap on wrong codes; a right one
/// signs in, as the first step asked.
pub async fn finish(app: &App, token: &str, code: &str, client: Client, replacing: Option<i64>) -> Result<CodeOutcome> {
    let (hash, at, settings) = (hash_token(token), app.clock.now(), app.settings.clone());
    let Some(pending) = app
        .store
        .read({
            let hash = hash.clone();
            move |repo| repo.pending_sign_in(&hash, at)
        })
        .await?
    else {
        return Ok(CodeOutcome::Expired);
    };
    let address = client.address.clone();
    let user = pending.user.clone();
    if let Verdict::Locked { until } = code_attempt(app, &user, &address).await? {
        return Ok(CodeOutcome::Throttled { until });
    }
    let code = code.to_owned();
    let outcome = app
        .store
        .write(move |repo| {
            let user = &pending.user;
            let event = match check_code(repo, user, &code, at, &address)? {
                Checked::Wrong { day_cap_reached } => {
                    return Ok::<_, StoreError>((CodeOutcome::Wrong, day_cap_reached))
                }
                Checked::Code => None,
                Checked::Recovery => Some(Event::RecoveryCodeUsed),
            };
            repo.delete_pending_sign_in(pending.id)?;
            if let Some(old) = replacing {
                repo.delete_session(old)?;
            }
            let started = start_session(repo, &settings, at, user.id, pending.persistent, &client)?;
            let codes_left = match event {
                Some(event) => {
                    record(repo, at, &Entry::new(event, user, user, &address))?;
                    Some(repo.recovery_codes_left(user.id)?)
                }
                None => None,
            };
            record(repo, at, &Entry::new(Event::SignedIn, user, user, &address))?;
            let signed_in = CodeOutcome::SignedIn {
                user: user.clone(),
                started,
                next: pending.next.clone(),
                codes_left,
            };
            Ok((signed_in, false))
        })
        .await?;
    let (outcome, day_cap_reached) = outcome;
    if day_cap_reached {
        tell_of_wrong_codes(app, &user).await;
    }
    Ok(outcome)
}

/// Before a code of `user`'s is checked: refused while the day's cap on
/// wrong codes is reached, else the sign-in throttle's verdict (this
/// attempt counted in it).
pub(super) async fn code_attempt(app: &App, user: &User, address: &str) -> Result<Verdict> {
    let (key, address, at) = (Email::throttle_key(&user.email), address.to_owned(), app.clock.now());
    Ok(app
        .store
        .write(move |repo| {
            let day = repo.nth_failure(
                FailureKey::Email(&throttle::code_key(&key)),
                at - throttle::DAY,
                throttle::CODE_DAY_LIMIT,
            )?;
            match day {
                Some(nth) => Ok(Verdict::Locked {
                    until: nth + throttle::DAY,
                }),
                None => count_attempt(repo, at, &key, &address, throttle::ACCOUNT_LIMIT),
            }
        })
        .await?)
}

/// What `check_code` found.
pub(super) enum Checked {
    /// The app's code, accepted (and not accepted again).
    Code,
    /// An unused recovery code, now used.
    Recovery,
    /// Neither: recorded and counted; `day_cap_reached` the first time the
    /// day's wrong codes reach the cap.
    Wrong { day_cap_reached: bool },
}

/// Checks `code` for `user` inside the caller's transaction: the app's
/// code (this step or one either side, not accepted before) or an unused
/// recovery code. A right one clears the person's failures; a wrong one is
/// recorded and counted towards the day's cap.
pub(super) fn check_code(
    repo: &mut dyn Repo,
    user: &User,
    code: &str,
    at: i64,
    address: &str,
) -> std::result::Result<Checked, StoreError> {
    let state = repo.totp_state(user.id)?.ok_or(StoreError::NotFound)?;
    let step = totp::matching_step(&state.secret, code, at).filter(|_| !state.secret.is_empty());
    let checked = match step {
        Some(step) => match repo.accept_step(user.id, step)? {
            true => Checked::Code,
            false => Checked::Wrong { day_cap_reached: false },
        },
        None => match repo.use_recovery_code(user.id, &hash_token(&normalized_recovery_code(code)), at)? {
            true => Checked::Recovery,
            false => Checked::Wrong { day_cap_reached: false },
        },
    };
    let key = Email::throttle_key(&user.email);
    let code_key = throttle::code_key(&key);
    if let Checked::Wrong { .. } = checked {
        repo.insert_failure(at, &code_key, "")?;
        let wrong = Entry::new(Event::CodeWrong, Party::default(), Party::from(user), address);
        record(repo, at, &wrong)?;
        let today = repo.count_failures(&code_key, at - throttle::DAY)?;
        if today == throttle::CODE_DAY_LIMIT {
            let detail = Detail::Locked {
                failures: throttle::CODE_DAY_LIMIT as u32,
                minutes: (throttle::DAY / 60) as u32,
            };
            let locked = Entry::new(Event::AccountLocked, Party::default(), Party::from(user), address);
            record(repo, at, &locked.detail(detail))?;
            return Ok(Checked::Wrong { day_cap_reached: true });
        }
        return Ok(checked);
    }
    repo.clear_failures(&key)?;
    repo.clear_failures(&code_key)?;
    Ok(checked)
}

/// Mails `user` (where mail is set up) that their password was used with
/// too many wrong codes today: someone else may have it.
pub(super) async fn tell_of_wrong_codes(app: &App, user: &User) {
    let Some(mailer) = &app.mailer else {
        return;
    };
    let language = user
        .language
        .as_deref()
        .and_then(Language::find)
        .unwrap_or_else(|| app.settings.language().unwrap_or_else(|_| Language::english()));
    let message = messages::codes_refused(
        mailer.from(),
        language,
        &user.name,
        &user.email,
        throttle::CODE_DAY_LIMIT,
    );
    let sent = match message {
        Ok(message) => mailer.send(message).await.map(drop),
        Err(e) => Err(e),
    };
    if let Err(e) = sent {
        tracing::error!(email = %user.email, "cannot mail the warning of wrong two-step codes: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use crate::service::testing::TestApp;

    #[test]
    fn recovery_codes_are_ten_distinct_and_read_without_case_or_dashes() {
        let (codes, hashes) = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert_eq!(hashes.len(), RECOVERY_CODES);
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(distinct.len(), RECOVERY_CODES);
        assert!(codes.iter().all(|c| c.len() == 11 && c.chars().nth(5) == Some('-')));
        assert_eq!(normalized_recovery_code(" ABCDE-fghij "), "abcdefghij");
    }

    #[test]
    fn a_code_is_accepted_once_and_confirms_the_secret() {
        let t = TestApp::new();
        let user = t.user("ana@x.org", Role::Member);
        let enrolment = t.run(start(&t.app, &user)).unwrap();
        let now = t.app.clock.now();
        let caller = Caller::command_line();
        let wrong = t.run(confirm(&t.app, &user, &caller, "000000"));
        assert!(
            matches!(wrong, Err(ServiceError::Refused(Problem::CodeWrong)))
                || totp::code_at(&enrolment.secret, now) == "000000"
        );
        let codes = t
            .run(confirm(&t.app, &user, &caller, &totp::code_at(&enrolment.secret, now)))
            .unwrap();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert_eq!(t.run(codes_left(&t.app, &user)).unwrap(), 10);
    }
}
