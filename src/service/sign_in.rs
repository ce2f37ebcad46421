//! Signing in and out: checking credentials (the same work and the same
//! answer for every kind of failure, throttled by email and by address),
//! starting a session with a new token, ending it, and a password change
//! that starts the browser a new session while it ends all the others.

use crate::config::Settings;
use crate::domain::{Client, Detail, Email, Entry, Event, Party, Password, PasswordHash, SignedIn, Started, User};
use crate::security::throttle::{self, Verdict};
use crate::security::tokens::{hash_token, random_token};
use crate::store::repo::{FailureKey, NewSession};
use crate::store::{Repo, StoreError};

use super::audit::record;
use super::sessions::liveness;
use super::{App, Result};

/// How a sign-in attempt ended.
#[derive(Debug)]
pub enum Attempt {
    Success(User),
    /// The password is right and the user signs in in two steps: a code is
    /// asked for next. The attempt stays counted as a failure until then.
    NeedsCode(User),
    /// Any failure: unknown email, wrong password, disabled account.
    Failed,
    /// Too many failures for this email or address: refused until then (Unix time).
    Throttled {
        until: i64,
    },
}

/// A sign-in attempt: throttled first (and counted as a failure before the
/// password is checked, so that attempts made in parallel cannot slip past
/// the limit); then the credentials; then the failure kept, or the
/// account's failures forgotten; the event recorded.
pub async fn attempt(app: &App, email: &str, password: String, address: &str) -> Result<Attempt> {
    let key = Email::throttle_key(email);
    let at = app.clock.now();
    let (check_key, check_address) = (key.clone(), address.to_owned());
    let verdict = app
        .store
        .write(move |repo| begin_attempt(repo, at, &check_key, &check_address))
        .await?;
    if let Verdict::Locked { until } = verdict {
        return Ok(Attempt::Throttled { until });
    }
    let user = check_credentials(app, email, password).await?;
    let at = app.clock.now();
    let address = address.to_owned();
    match user {
        Some(user) if user.two_factor => Ok(Attempt::NeedsCode(user)),
        Some(user) => {
            let entry = Entry::new(Event::SignedIn, &user, &user, &address);
            app.store
                .write(move |repo| {
                    repo.clear_failures(&key)?;
                    record(repo, at, &entry)
                })
                .await?;
            Ok(Attempt::Success(user))
        }
        None => {
            app.store
                .write(move |repo| {
                    let failures = repo.count_failures(&key, throttle::window_start(at))?;
                    let failed = Entry::new(Event::SignInFailed, Party::default(), Party::named(&key), &address);
                    record(repo, at, &failed)?;
                    if failures == throttle::ACCOUNT_LIMIT {
                        let detail = Detail::Locked {
                            failures: throttle::ACCOUNT_LIMIT as u32,
                            minutes: (throttle::WINDOW / 60) as u32,
                        };
                        let locked = Entry::new(Event::AccountLocked, Party::default(), Party::named(&key), &address);
                        record(repo, at, &locked.detail(detail))?;
                    }
                    Ok::<_, StoreError>(())
                })
                .await?;
            Ok(Attempt::Failed)
        }
    }
}

/// In one write transaction: refused while locked, else counted as a failure now.
fn begin_attempt(repo: &mut dyn Repo, at: i64, email: &str, address: &str) -> std::result::Result<Verdict, StoreError> {
    count_attempt(repo, at, email, address, throttle::ACCOUNT_LIMIT)
}

/// The throttle's verdict on one more attempt keyed by `key` (an email, or
/// another key such as a reset request's) from `address`, at most `limit`
/// for the key in the window; an allowed attempt is counted.
pub(super) fn count_attempt(
    repo: &mut dyn Repo,
    at: i64,
    key: &str,
    address: &str,
    limit: i64,
) -> std::result::Result<Verdict, StoreError> {
    let (email, since) = (key, throttle::window_start(at));
    repo.prune_failures(at - throttle::KEPT)?;
    let account = repo.nth_failure(FailureKey::Email(email), since, limit)?;
    let client = match address.is_empty() {
        true => None,
        false => repo.nth_failure(FailureKey::Address(address), since, throttle::ADDRESS_LIMIT)?,
    };
    let verdict = Verdict::from_nth_failures(account, client);
    if verdict == Verdict::Allowed {
        repo.insert_failure(at, email, address)?;
    }
    Ok(verdict)
}

/// The active user these credentials belong to, or `None` for any failure:
/// unknown email, wrong password, disabled account, password too long.
async fn check_credentials(app: &App, email: &str, password: String) -> Result<Option<User>> {
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
    let matches = app.hasher.verify(password.clone(), hash).await;
    let Some(user) = user.filter(|u| matches && u.active) else {
        return Ok(None);
    };
    if stored_cost != Some(app.hasher.cost()) {
        upgrade_hash(app, &user, &password).await?;
    }
    Ok(Some(user))
}

/// Re-hashes a password that was hashed at another cost than the configured
/// one, now that it is known to be right, so that every hash (and so every
/// sign-in, failed or not) costs the same.
async fn upgrade_hash(app: &App, user: &User, typed: &str) -> Result<()> {
    let Ok(password) = Password::parse(typed) else {
        return Ok(());
    };
    let hash = app.hasher.hash(&password).await?;
    let (id, temporary, at) = (user.id, user.must_change_password, app.clock.now());
    app.store
        .write(move |repo| repo.set_password(id, &hash, temporary, at))
        .await?;
    Ok(())
}

/// Writes a new session for `user_id` (a new token every time).
pub(crate) fn start_session(
    repo: &mut dyn Repo,
    settings: &Settings,
    at: i64,
    user_id: i64,
    remember: bool,
    client: &Client,
) -> std::result::Result<Started, StoreError> {
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
    })?;
    Ok(Started {
        token,
        persistent: remember,
    })
}

/// Starts a new session for `user`; `replacing` is a session the browser
/// held before, which ends. Sessions that can no longer be used are cleared.
pub async fn start(app: &App, user: &User, remember: bool, client: Client, replacing: Option<i64>) -> Result<Started> {
    let (user_id, at, settings) = (user.id, app.clock.now(), app.settings.clone());
    Ok(app
        .store
        .write(move |repo| {
            if let Some(old) = replacing {
                repo.delete_session(old)?;
            }
            repo.purge_sessions(liveness(&settings, at))?;
            start_session(repo, &settings, at, user_id, remember, &client)
        })
        .await?)
}

/// Ends `me`'s session on the server.
pub async fn sign_out(app: &App, me: &SignedIn, address: &str) -> Result<()> {
    let (session_id, at) = (me.session_id, app.clock.now());
    let entry = Entry::new(Event::SignedOut, &me.user, &me.user, address);
    Ok(app
        .store
        .write(move |repo| {
            repo.delete_session(session_id)?;
            record(repo, at, &entry)
        })
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use crate::service::testing::{TestApp, PASSWORD};

    #[test]
    fn ten_failures_lock_one_email_only_until_the_window_moves_on() {
        let t = TestApp::new();
        let ann = t.user("ann@x.org", Role::Member);
        for _ in 0..throttle::ACCOUNT_LIMIT {
            let attempt = t.run(attempt(&t.app, "ann@x.org", "wrong password".into(), "1.1.1.1"));
            assert!(matches!(attempt, Ok(Attempt::Failed)));
        }
        let now = t.app.clock.now();
        let locked = t.run(attempt(&t.app, "ann@x.org", PASSWORD.into(), "2.2.2.2")).unwrap();
        assert!(
            matches!(locked, Attempt::Throttled { until } if until == now + throttle::WINDOW),
            "{locked:?}"
        );
        t.user("bo@x.org", Role::Member);
        let other = t.run(attempt(&t.app, "bo@x.org", PASSWORD.into(), "1.1.1.1")).unwrap();
        assert!(matches!(other, Attempt::Success(_)));
        t.app.clock.advance(throttle::WINDOW);
        let later = t.run(attempt(&t.app, "ann@x.org", PASSWORD.into(), "1.1.1.1")).unwrap();
        assert!(matches!(later, Attempt::Success(u) if u.id == ann.id));
    }

    #[test]
    fn many_emails_from_one_address_lock_the_address() {
        let t = TestApp::new();
        for i in 0..throttle::ADDRESS_LIMIT {
            t.run(attempt(
                &t.app,
                &format!("user{i}@x"),
                "wrong password".into(),
                "6.6.6.6",
            ))
            .unwrap();
        }
        let from_there = t
            .run(attempt(&t.app, "new@x", "wrong password".into(), "6.6.6.6"))
            .unwrap();
        assert!(matches!(from_there, Attempt::Throttled { .. }));
        let elsewhere = t
            .run(attempt(&t.app, "new@x", "wrong password".into(), "7.7.7.7"))
            .unwrap();
        assert!(matches!(elsewhere, Attempt::Failed));
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
                        .write_blocking(|repo| begin_attempt(repo, app.clock.now(), "ann@x", "1.1.1.1"))
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
    fn a_session_lasts_until_idle_then_ends() {
        let t = TestApp::new();
        let ann = t.user("ann@x.org", Role::Member);
        let started = t.run(start(&t.app, &ann, false, Client::default(), None)).unwrap();
        let found = t
            .run(super::super::sessions::find(&t.app, started.token.clone()))
            .unwrap();
        assert_eq!(found.map(|s| s.user.id), Some(ann.id));
        t.app.clock.advance(t.app.settings.idle_seconds());
        let found = t.run(super::super::sessions::find(&t.app, started.token)).unwrap();
        assert!(found.is_none(), "idle too long");
    }
}
