//! The first step by password: throttled by email and by address (the
//! attempt counted as a failure before the password is checked, so that
//! attempts made in parallel cannot slip past the limit), then the
//! credentials (the same work and the same answer for every kind of
//! failure), then, in one transaction with its audit rows, a failure kept,
//! or the person let in, or a sign-in made to wait for its code.

use crate::domain::Proof;
use crate::domain::{ContinueTo, Detail, Email, Entry, Event, Party, Password, PasswordHash, Secret, User};
use crate::security::throttle::{self, ThrottleKey, Verdict};
use crate::store::repo::FailureKey;
use crate::store::{Repo, StoreError};

use super::super::audit::record;
use super::super::{App, Result};
use super::flow::{enter, wait, Entered, Entering, Outcome, Refusal, Then};

/// A sign-in by email and password, from the first form: on to `to`.
pub async fn attempt(app: &App, email: &str, password: Secret, to: ContinueTo, how: Entering) -> Result<Outcome> {
    let key = ThrottleKey::sign_in(email);
    let at = app.clock.now();
    let (check_key, check_address) = (key.clone(), how.client.address.clone());
    let verdict = app
        .store
        .write(move |repo| begin_attempt(repo, at, &check_key, &check_address))
        .await?;
    if let Verdict::Locked { until } = verdict {
        return Ok(Outcome::Refused(Refusal::Throttled { until }));
    }
    let user = check_credentials(app, email, password).await?;
    let (at, settings) = (app.clock.now(), app.settings.clone());
    let address = how.client.address.clone();
    match user {
        Some(user) => Ok(app
            .store
            .write(move |repo| {
                // Read again with the write: a second step set up while the
                // password was being checked is asked for too.
                let user = repo.user(user.id)?.unwrap_or(user);
                if user.second_step() {
                    // The attempt stays counted as a failure until the code is right.
                    return Ok(Outcome::CodeNext(wait(repo, (at, &user), how.remember, &to, None)?));
                }
                repo.clear_failures(&key.stored())?;
                let started = enter(repo, &settings, at, &user, &how, Proof::Password)?;
                let then = Then::after(&user, &settings, to);
                Ok::<_, StoreError>(Outcome::SignedIn(Entered {
                    user,
                    started,
                    then,
                    codes_left: None,
                }))
            })
            .await?),
        None => {
            app.store
                .write(move |repo| {
                    let failures = repo.count_failures(&key.stored(), throttle::window_start(at))?;
                    let failed = Entry::new(
                        Event::SignInFailed,
                        Party::default(),
                        Party::named(key.email()),
                        &address,
                    );
                    record(repo, at, &failed)?;
                    if failures == throttle::ACCOUNT_LIMIT {
                        let detail = Detail::Locked {
                            failures: throttle::ACCOUNT_LIMIT as u32,
                            minutes: (throttle::WINDOW / 60) as u32,
                        };
                        let locked = Entry::new(
                            Event::AccountLocked,
                            Party::default(),
                            Party::named(key.email()),
                            &address,
                        );
                        record(repo, at, &locked.detail(detail))?;
                    }
                    Ok::<_, StoreError>(())
                })
                .await?;
            Ok(Outcome::Refused(Refusal::Failed))
        }
    }
}

/// In one write transaction: refused while locked, else counted as a failure now.
fn begin_attempt(
    repo: &mut dyn Repo,
    at: i64,
    key: &ThrottleKey,
    address: &str,
) -> std::result::Result<Verdict, StoreError> {
    count_attempt(repo, at, key, address, throttle::ACCOUNT_LIMIT)
}

/// The throttle's verdict on one more attempt counted under `key` from
/// `address`, at most `limit` for the key in the window; an allowed
/// attempt is counted.
pub(in crate::service) fn count_attempt(
    repo: &mut dyn Repo,
    at: i64,
    key: &ThrottleKey,
    address: &str,
    limit: i64,
) -> std::result::Result<Verdict, StoreError> {
    let (stored, since) = (key.stored(), throttle::window_start(at));
    repo.prune_failures(at - throttle::KEPT)?;
    let account = repo.nth_failure(FailureKey::Email(&stored), since, limit)?;
    let client = match address.is_empty() {
        true => None,
        false => repo.nth_failure(FailureKey::Address(address), since, throttle::ADDRESS_LIMIT)?,
    };
    let verdict = Verdict::from_nth_failures(account, client);
    if verdict == Verdict::Allowed {
        repo.insert_failure(at, &stored, address)?;
    }
    Ok(verdict)
}

/// The active user these credentials belong to, or `None` for any failure:
/// unknown email, wrong password, disabled account, password too long.
async fn check_credentials(app: &App, email: &str, password: Secret) -> Result<Option<User>> {
    let found = match Email::parse(email) {
        Ok(email) => app.store.read(move |repo| repo.user_by_email(&email)).await?,
        Err(_) => None,
    };
    let (user, hash): (Option<User>, Option<PasswordHash>) = match found {
        // An invited user has no password yet: checked like an unknown email.
        Some((user, hash)) => (Some(user), Some(hash).filter(PasswordHash::is_set)),
        None => (None, None),
    };
    let stored_cost = hash.as_ref().and_then(PasswordHash::cost);
    // An unknown email still costs one bcrypt check (against a dummy hash).
    let matches = app.hasher.verify(password.expose().to_owned(), hash).await;
    let Some(user) = user.filter(|u| matches && u.active) else {
        return Ok(None);
    };
    if stored_cost != Some(app.hasher.cost()) {
        return Ok(Some(upgrade_hash(app, user, password.expose()).await?));
    }
    Ok(Some(user))
}

/// Re-hashes a password that was hashed another way (at another cost, or
/// by Werkzeug in an imported Flask app) now that it is known to be right,
/// so that every hash (and so every sign-in, failed or not) costs the same.
/// A kept password that gatehouse would not accept as a new one (too short,
/// too common, past bcrypt's 72 bytes) keeps its hash and is to be changed
/// at this sign-in, before any other page.
async fn upgrade_hash(app: &App, mut user: User, typed: &str) -> Result<User> {
    let (id, at) = (user.id, app.clock.now());
    match Password::parse(typed) {
        Ok(password) => {
            let hash = app.hasher.hash(&password).await?;
            let temporary = user.must_change_password;
            app.store
                .write(move |repo| repo.set_password(id, &hash, temporary, at))
                .await?;
        }
        Err(_) => {
            app.store
                .write(move |repo| {
                    let kept = repo.password_hash(id)?.unwrap_or_else(PasswordHash::unset);
                    repo.set_password(id, &kept, true, at)
                })
                .await?;
            user.must_change_password = true;
        }
    }
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Client, Role};
    use crate::service::testing::{TestApp, PASSWORD};

    fn try_password(t: &TestApp, email: &str, password: &str, address: &str) -> Outcome {
        let how = Entering {
            remember: false,
            client: Client {
                user_agent: String::new(),
                address: address.to_owned(),
            },
            replacing: None,
        };
        t.run(attempt(&t.app, email, Secret::new(password), ContinueTo::Home, how))
            .unwrap()
    }

    fn signed_in_as(outcome: &Outcome) -> Option<i64> {
        match outcome {
            Outcome::SignedIn(entered) => Some(entered.user.id),
            _ => None,
        }
    }

    #[test]
    fn ten_failures_lock_one_email_only_until_the_window_moves_on() {
        let t = TestApp::new();
        let ann = t.user("ann@x.org", Role::Member);
        for _ in 0..throttle::ACCOUNT_LIMIT {
            let attempt = try_password(&t, "ann@x.org", "wrong password", "1.1.1.1");
            assert!(matches!(attempt, Outcome::Refused(Refusal::Failed)), "{attempt:?}");
        }
        let now = t.app.clock.now();
        let locked = try_password(&t, "ann@x.org", PASSWORD, "2.2.2.2");
        assert!(
            matches!(locked, Outcome::Refused(Refusal::Throttled { until }) if until == now + throttle::WINDOW),
            "{locked:?}"
        );
        let bo = t.user("bo@x.org", Role::Member);
        assert_eq!(
            signed_in_as(&try_password(&t, "bo@x.org", PASSWORD, "1.1.1.1")),
            Some(bo.id)
        );
        t.app.clock.advance(throttle::WINDOW);
        assert_eq!(
            signed_in_as(&try_password(&t, "ann@x.org", PASSWORD, "1.1.1.1")),
            Some(ann.id)
        );
    }

    #[test]
    fn many_emails_from_one_address_lock_the_address() {
        let t = TestApp::new();
        for i in 0..throttle::ADDRESS_LIMIT {
            try_password(&t, &format!("user{i}@x"), "wrong password", "6.6.6.6");
        }
        let from_there = try_password(&t, "new@x", "wrong password", "6.6.6.6");
        assert!(matches!(from_there, Outcome::Refused(Refusal::Throttled { .. })));
        let elsewhere = try_password(&t, "new@x", "wrong password", "7.7.7.7");
        assert!(matches!(elsewhere, Outcome::Refused(Refusal::Failed)));
    }

    #[test]
    fn parallel_attempts_cannot_pass_the_limit() {
        let t = TestApp::new();
        let app = t.app.clone();
        let allowed: usize = (0..30)
            .map(|_| {
                let app = app.clone();
                std::thread::spawn(move || {
                    app.store
                        .write_blocking(|repo| {
                            begin_attempt(repo, app.clock.now(), &ThrottleKey::sign_in("ann@x"), "1.1.1.1")
                        })
                        .unwrap()
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().unwrap())
            .filter(|v| *v == Verdict::Allowed)
            .count();
        assert_eq!(allowed as i64, throttle::ACCOUNT_LIMIT);
    }

    #[test]
    fn a_temporary_password_is_replaced_before_going_on() {
        let t = TestApp::new();
        let ann = t.user("ann@x.org", Role::Member);
        t.app
            .store
            .write_blocking(|repo| {
                let hash = repo.password_hash(ann.id)?.unwrap();
                repo.set_password(ann.id, &hash, true, 0)
            })
            .unwrap();
        match try_password(&t, "ann@x.org", PASSWORD, "1.1.1.1") {
            Outcome::SignedIn(entered) => assert_eq!(entered.then, Then::ChooseOwnPassword(ContinueTo::Home)),
            other => panic!("{other:?}"),
        }
    }
}
