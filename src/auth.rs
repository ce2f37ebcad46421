//! Signing in and out: checking credentials (the same work and the same
//! answer for every kind of failure), starting a session with a new token,
//! and ending it on the server as well as in the browser.

use rocket::http::CookieJar;

use crate::audit::{self, Entry, Event, Party};
use crate::config::Settings;
use crate::db::{Db, DbError};
use crate::domain::{Email, Password};
use crate::error::AppError;
use crate::guards::CurrentUser;
use crate::password::{Hasher, PasswordHash};
use crate::session::{self, Client};
use crate::throttle;
use crate::users::{self, User, UserError};

/// How a sign-in attempt ended.
#[derive(Debug)]
pub enum Attempt {
    Success(User),
    /// Any failure: unknown email, wrong password, disabled account.
    Failed,
    /// Too many failures for this email or address: refused until then (Unix time).
    Throttled {
        until: i64,
    },
}

/// A sign-in attempt: throttled first, then the credentials checked; the
/// failure counted, or the account's failures forgotten; the event recorded.
pub async fn attempt(
    db: &Db,
    hasher: &Hasher,
    email: &str,
    password: String,
    address: &str,
) -> Result<Attempt, AppError> {
    // The key the failures are counted under: the email as typed, normalised.
    let key: String = email.trim().to_lowercase().chars().take(Email::MAX_LEN + 1).collect();
    let (check_key, check_address) = (key.clone(), address.to_owned());
    let verdict = db
        .run(move |c| -> Result<_, DbError> { Ok(throttle::begin(c, &check_key, &check_address)?) })
        .await?;
    if let throttle::Verdict::Locked { until } = verdict {
        return Ok(Attempt::Throttled { until });
    }
    let user = check_credentials(db, hasher, email, password).await?;
    let address = address.to_owned();
    match user {
        Some(user) => {
            let entry = Entry::new(Event::SignedIn, &user, &user, &address);
            db.run(move |c| -> Result<_, DbError> {
                throttle::clear(c, &key)?;
                Ok(audit::record(c, &entry)?)
            })
            .await?;
            Ok(Attempt::Success(user))
        }
        None => {
            db.run(move |c| -> Result<_, DbError> {
                let locked = throttle::now_locked(c, &key)?;
                audit::record(
                    c,
                    &Entry::new(Event::SignInFailed, Party::default(), Party::named(&key), &address),
                )?;
                if locked {
                    let detail = format!(
                        "{} failures in {} minutes",
                        throttle::ACCOUNT_LIMIT,
                        throttle::WINDOW / 60
                    );
                    let entry = Entry::new(Event::AccountLocked, Party::default(), Party::named(&key), &address);
                    audit::record(c, &entry.detail(detail))?;
                }
                Ok(())
            })
            .await?;
            Ok(Attempt::Failed)
        }
    }
}

/// The active user these credentials belong to, or `None` for any failure:
/// unknown email, wrong password, disabled account, password too long.
async fn check_credentials(db: &Db, hasher: &Hasher, email: &str, password: String) -> Result<Option<User>, AppError> {
    let found = match Email::parse(email) {
        Ok(email) => db.run(move |c| users::find_credentials(c, &email)).await?,
        Err(_) => None,
    };
    let (user, hash): (Option<User>, Option<PasswordHash>) = match found {
        Some((user, hash)) => (Some(user), Some(hash)),
        None => (None, None),
    };
    let stored_cost = hash.as_ref().and_then(PasswordHash::cost);
    // An unknown email still costs one bcrypt check (against a dummy hash).
    let matches = hasher.verify(password.clone(), hash).await;
    let Some(user) = user.filter(|u| matches && u.active) else {
        return Ok(None);
    };
    if stored_cost != Some(hasher.cost()) {
        upgrade_hash(db, hasher, &user, &password).await?;
    }
    Ok(Some(user))
}

/// Re-hashes a password that was hashed at another cost than the configured
/// one, now that it is known to be right, so that every hash (and so every
/// sign-in, failed or not) costs the same.
async fn upgrade_hash(db: &Db, hasher: &Hasher, user: &User, typed: &str) -> Result<(), AppError> {
    let Ok(password) = Password::parse(typed) else {
        return Ok(());
    };
    let hash = hasher.hash(&password).await?;
    let (id, temporary) = (user.id, user.must_change_password);
    db.run(move |c| users::set_password(c, id, &hash, temporary)).await?;
    Ok(())
}

/// Starts a new session for `user` (a new token every time) and sets its
/// cookie; `replacing` is a session the browser held before, which ends.
pub async fn sign_in(
    db: &Db,
    settings: &Settings,
    jar: &CookieJar<'_>,
    user: &User,
    remember: bool,
    client: Client,
    replacing: Option<i64>,
) -> Result<(), AppError> {
    let (user_id, settings_for_db) = (user.id, settings.clone());
    let started = db
        .run(move |c| -> Result<_, DbError> {
            if let Some(old) = replacing {
                session::end(c, old)?;
            }
            session::purge_expired(c, &settings_for_db)?;
            Ok(session::start(c, user_id, remember, &client, &settings_for_db)?)
        })
        .await?;
    jar.add_private(session::cookie(&started, settings));
    Ok(())
}

/// After a password change: sets the new hash, ends every session of the
/// user, and starts a new one for this browser (a new token), in one transaction.
pub async fn change_password_and_sign_in(
    db: &Db,
    settings: &Settings,
    jar: &CookieJar<'_>,
    current: &CurrentUser,
    hash: PasswordHash,
    client: Client,
) -> Result<usize, AppError> {
    let (user_id, remember, settings_for_db) = (current.user.id, current.persistent, settings.clone());
    let (started, ended) = db
        .run(move |c| -> Result<_, UserError> {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            users::set_password(&tx, user_id, &hash, false)?;
            let ended = session::end_all_for_user(&tx, user_id, None)?;
            let started = session::start(&tx, user_id, remember, &client, &settings_for_db)?;
            tx.commit()?;
            Ok((started, ended))
        })
        .await?;
    jar.add_private(session::cookie(&started, settings));
    // The session this browser had is among those ended; the others are counted.
    Ok(ended.saturating_sub(1))
}

/// Ends the session on the server and removes its cookie.
pub async fn sign_out(db: &Db, jar: &CookieJar<'_>, me: &CurrentUser, address: &str) -> Result<(), AppError> {
    let (session_id, entry) = (me.session_id, Entry::new(Event::SignedOut, &me.user, &me.user, address));
    db.run(move |c| -> Result<_, DbError> {
        session::end(c, session_id)?;
        Ok(audit::record(c, &entry)?)
    })
    .await?;
    jar.remove_private(session::COOKIE);
    Ok(())
}
