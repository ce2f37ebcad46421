//! Two-step sign-in with an authenticator app: setting it up (a secret,
//! confirmed by a code before it is on), ten recovery codes shown once
//! (hashed in the store, each used once), turning it off with the password,
//! an administrator turning it off for someone, and the second step of
//! signing in: a sign-in waiting for its code (in the database, so that any
//! instance can finish it), a code accepted once per step on every instance,
//! wrong codes counted in the sign-in throttle.

use rand::Rng;

use crate::domain::{Detail, Email, Entry, Event, Party, Problem, Proof, SignedIn, User};
use crate::i18n::Language;
use crate::mail::messages;
use crate::security::throttle::{self, ThrottleKey, Verdict};
use crate::security::tokens::hash_token;
use crate::security::totp;
use crate::store::repo::FailureKey;
use crate::store::{Repo, StoreError};

use super::audit::record;
use super::sign_in::count_attempt;
use super::{found, App, Caller, Result, ServiceError};

/// Recovery codes made at a time.
pub const RECOVERY_CODES: usize = 10;

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
/// sign-in is on, and the recovery codes to show once are given. This
/// session counts the code from now on; the person's other sessions opened
/// with the password alone end. The log says when the office's policy
/// required it.
pub async fn confirm(app: &App, signed_in: &SignedIn, caller: &Caller, code: &str) -> Result<Vec<String>> {
    let me = &signed_in.user;
    let required = app.settings.two_factor.requires(me);
    let (id, session_id, at) = (me.id, signed_in.session_id, app.clock.now());
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
            repo.second_step_set_up(id, session_id, Proof::PasswordAndCode.as_amr())?;
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
/// also remove their passkeys and end their sessions (the person may have
/// lost their phone or laptop to someone).
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
                false => {
                    repo.delete_passkeys_of(id)?;
                    repo.delete_sessions_of(id, None)?
                }
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
    if !user.second_step() {
        return Err(ServiceError::Refused(Problem::TwoFactorOff));
    }
    let ended = turn_off(app, caller, &user).await?;
    Ok((user, ended))
}

/// Before a code of `user`'s is checked: refused while the day's cap on
/// wrong codes is reached, else the sign-in throttle's verdict (this
/// attempt counted in it).
pub(in crate::service) async fn code_attempt(app: &App, user: &User, address: &str) -> Result<Verdict> {
    let (email, address, at) = (user.email.clone(), address.to_owned(), app.clock.now());
    Ok(app
        .store
        .write(move |repo| {
            let day = repo.nth_failure(
                FailureKey::Email(&ThrottleKey::codes(&email).stored()),
                at - throttle::DAY,
                throttle::CODE_DAY_LIMIT,
            )?;
            match day {
                Some(nth) => Ok(Verdict::Locked {
                    until: nth + throttle::DAY,
                }),
                None => count_attempt(
                    repo,
                    at,
                    &ThrottleKey::sign_in(&email),
                    &address,
                    throttle::ACCOUNT_LIMIT,
                ),
            }
        })
        .await?)
}

/// What `check_code` found.
pub(in crate::service) enum Checked {
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
pub(in crate::service) fn check_code(
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
    let (key, code_key) = (
        ThrottleKey::sign_in(&user.email).stored(),
        ThrottleKey::codes(&user.email).stored(),
    );
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
pub(in crate::service) async fn tell_of_wrong_codes(app: &App, user: &User) {
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
        let me = SignedIn {
            user: user.clone(),
            session_id: 0,
            csrf_token: String::new(),
            persistent: false,
            signed_in_at: now,
            amr: "pwd".into(),
        };
        let wrong = t.run(confirm(&t.app, &me, &caller, "000000"));
        assert!(
            matches!(wrong, Err(ServiceError::Refused(Problem::CodeWrong)))
                || totp::code_at(&enrolment.secret, now) == "000000"
        );
        let codes = t
            .run(confirm(&t.app, &me, &caller, &totp::code_at(&enrolment.secret, now)))
            .unwrap();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert_eq!(t.run(codes_left(&t.app, &user)).unwrap(), 10);
    }
}
