//! Managing users: create, change, delete, unlock, set a password from the
//! command line, and the directory. Each change is one transaction with its
//! audit rows, and ends the sessions it must in that same transaction.
//! There is always an active administrator: a change that would leave none
//! is refused, under the write lock, so two admins acting at once cannot
//! both remove the last one.

use std::collections::HashMap;
use std::sync::OnceLock;

use tokio::sync::Semaphore;

use crate::domain::{
    page_offset, Detail, DirectoryPage, DirectoryState, Email, Entry, Event, NewUser, PageStart, Password, Problem,
    Role, SearchQuery, User, UserChanges, PAGE_SIZE,
};
use crate::security::throttle::{self, ThrottleKey};
use crate::store::Repo;

use super::audit::record;
use super::{found, App, Caller, Result};

/// Creates a user; `temporary` when an administrator chose the password on
/// the web, so that the user must replace it at first sign-in.
pub async fn create(app: &App, caller: &Caller, new: NewUser, password: Password, temporary: bool) -> Result<User> {
    let hash = app.hasher.hash(&password).await?;
    let (actor, address, at) = (caller.party.clone(), caller.address.clone(), app.clock.now());
    app.store
        .write(move |repo| {
            let user = repo.insert_user(&new, &hash, temporary, at)?;
            let entry = Entry::new(Event::UserCreated, actor, &user, &address).detail(Detail::Role {
                role: user.role.as_str().to_owned(),
            });
            record(repo, at, &entry)?;
            Ok(user)
        })
        .await
}

pub async fn find(app: &App, id: i64) -> Result<User> {
    found(app.store.read(move |repo| repo.user(id)).await?)
}

pub async fn find_by_email(app: &App, email: &Email) -> Result<Option<User>> {
    let email = email.clone();
    Ok(app
        .store
        .read(move |repo| repo.user_by_email(&email))
        .await?
        .map(|(user, _)| user))
}

/// Every user, by name.
pub async fn all(app: &App) -> Result<Vec<User>> {
    Ok(app.store.read(|repo| repo.all_users()).await?)
}

/// Refuses to take away the last active admin.
fn keep_an_admin(repo: &mut dyn Repo, before: &User, still_admin: bool) -> Result<()> {
    if before.is_admin() && before.active && !still_admin && repo.active_admins()? <= 1 {
        return Err(Problem::LastAdmin.into());
    }
    Ok(())
}

/// A user after an administrator's changes, and how many of their sessions ended.
#[derive(Debug)]
pub struct Updated {
    pub user: User,
    pub sessions_ended: usize,
}

/// An administrator's changes to user `id`. An administrator cannot demote
/// or disable themselves, nor set their own password here. A new password is
/// temporary; disabling a user or setting their password ends their sessions.
pub async fn update(app: &App, caller: &Caller, id: i64, changes: UserChanges) -> Result<Updated> {
    let yourself = caller.user_id() == Some(id);
    if yourself && (changes.role != Role::Admin || !changes.active) {
        return Err(Problem::NotYourself.into());
    }
    if yourself && changes.password.is_some() {
        return Err(Problem::OwnPassword.into());
    }
    let hash = match &changes.password {
        Some(password) => Some(app.hasher.hash(password).await?),
        None => None,
    };
    let (caller, at) = (caller.clone(), app.clock.now());
    app.store
        .write(move |repo| {
            let before = found(repo.user(id)?)?;
            keep_an_admin(repo, &before, changes.role == Role::Admin && changes.active)?;
            repo.update_user(id, &changes, at)?;
            if let Some(hash) = &hash {
                repo.set_password(id, hash, true, at)?;
            }
            // Disabling, or a new password, ends the user's sessions and links;
            // a new email ends their links (one sent to a mistyped address
            // must not let whoever got it in as this person).
            if changes.email.as_str() != before.email {
                repo.delete_links_of(id, None)?;
            }
            let sessions_ended = match !changes.active || hash.is_some() {
                true => {
                    repo.delete_links_of(id, None)?;
                    repo.delete_sessions_of(id, caller.session_id.filter(|_| yourself))?
                }
                false => 0,
            };
            for entry in change_entries(&caller, &before, &changes) {
                record(repo, at, &entry)?;
            }
            if let Some(groups) = &changes.groups {
                super::groups::set_groups(repo, at, &caller, &before, groups)?;
            }
            let user = found(repo.user(id)?)?;
            if sessions_ended > 0 {
                let entry = Entry::new(Event::SessionsEnded, caller.party.clone(), &user, &caller.address);
                record(
                    repo,
                    at,
                    &entry.detail(Detail::Sessions {
                        count: sessions_ended as u64,
                    }),
                )?;
            }
            Ok(Updated { user, sessions_ended })
        })
        .await
}

/// The events an edit makes: what changed, a disable or enable, a password reset.
pub(super) fn change_entries(caller: &Caller, before: &User, changes: &UserChanges) -> Vec<Entry> {
    let entry = |event| Entry::new(event, caller.party.clone(), before, &caller.address);
    let mut entries = Vec::new();
    let changed = changes.changed_fields(before);
    if !changed.is_empty() {
        let detail = Detail::Changed {
            fields: changed.iter().map(|f| f.to_string()).collect(),
            role: changes.role.as_str().to_owned(),
        };
        entries.push(entry(Event::UserChanged).detail(detail));
    }
    if changes.active != before.active {
        entries.push(entry(match changes.active {
            true => Event::UserEnabled,
            false => Event::UserDisabled,
        }));
    }
    if changes.password.is_some() {
        entries.push(entry(Event::PasswordReset));
    }
    entries
}

/// Deletes user `id` (their sessions go with them), unless it is the caller
/// or the last active administrator.
pub async fn delete(app: &App, caller: &Caller, id: i64) -> Result<User> {
    if caller.user_id() == Some(id) {
        return Err(Problem::DeleteYourself.into());
    }
    let (caller, at) = (caller.clone(), app.clock.now());
    app.store
        .write(move |repo| {
            let before = found(repo.user(id)?)?;
            keep_an_admin(repo, &before, false)?;
            repo.delete_user(id)?;
            record(
                repo,
                at,
                &Entry::new(Event::UserDeleted, caller.party, &before, &caller.address),
            )?;
            Ok(before)
        })
        .await
}

/// Forgets a user's failed sign-ins and wrong codes, so that they can sign
/// in again at once.
pub async fn unlock(app: &App, caller: &Caller, id: i64) -> Result<User> {
    let (caller, at) = (caller.clone(), app.clock.now());
    app.store
        .write(move |repo| {
            let user = found(repo.user(id)?)?;
            repo.clear_failures(&ThrottleKey::sign_in(&user.email).stored())?;
            repo.clear_failures(&ThrottleKey::codes(&user.email).stored())?;
            record(
                repo,
                at,
                &Entry::new(Event::AccountUnlocked, caller.party, &user, &caller.address),
            )?;
            Ok(user)
        })
        .await
}

/// Sets the password of the user with `email` from the command line (not
/// temporary) and ends their sessions; gives the user and how many ended.
pub async fn set_password(app: &App, caller: &Caller, email: &Email, password: Password) -> Result<(User, usize)> {
    let hash = app.hasher.hash(&password).await?;
    let (caller, email, at) = (caller.clone(), email.clone(), app.clock.now());
    app.store
        .write(move |repo| {
            let (user, _) = found(repo.user_by_email(&email)?)?;
            repo.set_password(user.id, &hash, false, at)?;
            let ended = repo.delete_sessions_of(user.id, None)?;
            repo.delete_links_of(user.id, None)?;
            let entry = Entry::new(Event::PasswordReset, caller.party, &user, &caller.address);
            record(repo, at, &entry.detail(Detail::Sessions { count: ended as u64 }))?;
            Ok((user, ended))
        })
        .await
}

/// Searches that run at once: one for every two cores. A search in a large
/// directory is CPU work that holds the index's lists of matches in memory
/// (megabytes at a million users); more at a time would take more memory and
/// the other cores, which the rest of the requests need, and finish no sooner.
fn search_turns() -> &'static Semaphore {
    static TURNS: OnceLock<Semaphore> = OnceLock::new();
    TURNS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Semaphore::new((cores / 2).max(1))
    })
}

/// The directory's state now. Read it before the page it stands for: a
/// page read after it is never older than it.
pub async fn directory_state(app: &App) -> Result<DirectoryState> {
    let since = throttle::window_start(app.clock.now());
    app.store
        .read_small(move |repo| Ok(repo.directory_state(since, throttle::ACCOUNT_LIMIT)?))
        .await
}

/// A page of the directory, and the groups of each person on it.
#[derive(Debug)]
pub struct Listed {
    pub page: DirectoryPage,
    /// Group names by person, each list by name.
    pub groups: HashMap<i64, Vec<String>>,
}

/// One page of the directory: everyone, or one group's people.
pub async fn directory(app: &App, query: SearchQuery, start: PageStart, group: Option<i64>) -> Result<Listed> {
    // Never closed, so acquiring cannot fail; a plain listing needs no turn.
    let _turn = match query.is_empty() {
        true => None,
        false => search_turns().acquire().await.ok(),
    };
    app.store
        .read(move |repo| {
            let page = match (group, start) {
                (Some(group), PageStart::Number(number)) => {
                    repo.group_directory(group, &query, page_offset(number, PAGE_SIZE), i64::from(PAGE_SIZE))?
                }
                // A group's pages go by number (their links carry no `after`).
                (Some(group), PageStart::After(_)) => repo.group_directory(group, &query, 0, i64::from(PAGE_SIZE))?,
                (None, start) => repo.directory(&query, start)?,
            };
            let ids: Vec<i64> = page.users.iter().map(|u| u.id).collect();
            let mut groups: HashMap<i64, Vec<String>> = HashMap::new();
            for (id, name) in repo.group_names_of(&ids)? {
                groups.entry(id).or_default().push(name);
            }
            Ok(Listed { page, groups })
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UserName;
    use crate::service::testing::{TestApp, PASSWORD};
    use crate::service::ServiceError;

    fn changes(user: &User, role: Role, active: bool) -> UserChanges {
        UserChanges {
            name: UserName::parse(&user.name).unwrap(),
            email: Email::parse(&user.email).unwrap(),
            role,
            active,
            password: None,
            groups: None,
        }
    }

    #[test]
    fn the_last_admin_cannot_be_demoted_disabled_or_deleted() {
        let t = TestApp::new();
        let admin = t.user("ada@x.org", Role::Admin);
        let cli = Caller::command_line();
        for (role, active) in [(Role::Member, true), (Role::Admin, false)] {
            let refused = t.run(update(&t.app, &cli, admin.id, changes(&admin, role, active)));
            assert!(
                matches!(refused, Err(ServiceError::Refused(Problem::LastAdmin))),
                "{refused:?}"
            );
        }
        let refused = t.run(delete(&t.app, &cli, admin.id));
        assert!(matches!(refused, Err(ServiceError::Refused(Problem::LastAdmin))));
        let bo = t.user("bo@x.org", Role::Admin);
        assert!(t
            .run(update(&t.app, &cli, admin.id, changes(&admin, Role::Member, true)))
            .is_ok());
        assert!(t.run(delete(&t.app, &cli, bo.id)).is_err(), "now bo is the last one");
    }

    #[test]
    fn a_taken_email_is_a_refusal_and_adds_nobody() {
        let t = TestApp::new();
        t.user("ann@x.org", Role::Member);
        let twin = NewUser {
            name: UserName::parse("Ann Twin").unwrap(),
            email: Email::parse("ANN@x.org").unwrap(),
            role: Role::Member,
        };
        let password = Password::parse(PASSWORD).unwrap();
        let refused = t.run(create(&t.app, &Caller::command_line(), twin, password, true));
        assert!(
            matches!(refused, Err(ServiceError::Refused(Problem::EmailTaken))),
            "{refused:?}"
        );
        assert_eq!(t.run(all(&t.app)).unwrap().len(), 1);
    }

    #[test]
    fn disabling_a_user_ends_their_sessions() {
        let t = TestApp::new();
        t.user("ada@x.org", Role::Admin);
        let max = t.user("max@x.org", Role::Member);
        let started = t
            .run(super::super::sign_in::start(
                &t.app,
                &max,
                false,
                Default::default(),
                None,
            ))
            .unwrap();
        let updated = t
            .run(update(
                &t.app,
                &Caller::command_line(),
                max.id,
                changes(&max, Role::Member, false),
            ))
            .unwrap();
        assert_eq!(updated.sessions_ended, 1);
        assert!(!updated.user.active);
        assert!(t
            .run(super::super::sessions::find(&t.app, started.token))
            .unwrap()
            .is_none());
    }

    #[test]
    fn an_admin_cannot_remove_themselves() {
        let t = TestApp::new();
        let ada = t.user("ada@x.org", Role::Admin);
        t.user("bo@x.org", Role::Admin);
        let me = Caller {
            party: (&ada).into(),
            ..Caller::default()
        };
        let demoted = t.run(update(&t.app, &me, ada.id, changes(&ada, Role::Member, true)));
        assert!(matches!(demoted, Err(ServiceError::Refused(Problem::NotYourself))));
        let deleted = t.run(delete(&t.app, &me, ada.id));
        assert!(matches!(deleted, Err(ServiceError::Refused(Problem::DeleteYourself))));
    }
}
