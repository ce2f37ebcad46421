//! Groups of people: created, renamed and deleted by administrators (and the
//! command line), and who is in each, set from a group's page, a person's
//! edit page or `gatehouse user groups`. Every change is one transaction
//! with its security-log rows.

use crate::domain::{Detail, Email, Entry, Event, Group, GroupName, Problem, User};
use crate::store::{Repo, StoreError};

use super::audit::record;
use super::{found, App, Caller, Result, ServiceError};

/// Every group, by name, with how many people are in each.
pub async fn all(app: &App) -> Result<Vec<Group>> {
    Ok(app.store.read(|repo| repo.all_groups()).await?)
}

pub async fn find(app: &App, id: i64) -> Result<Group> {
    found(app.store.read(move |repo| repo.group(id)).await?)
}

/// The group with this name, in any case; `GroupUnknown` when there is none.
pub async fn find_by_name(app: &App, name: &GroupName) -> Result<Group> {
    let key = name.key();
    app.store
        .read(move |repo| repo.group_by_key(&key))
        .await?
        .ok_or(ServiceError::Refused(Problem::GroupUnknown))
}

/// A group and the people in it, by name.
pub async fn with_members(app: &App, id: i64) -> Result<(Group, Vec<User>)> {
    app.store
        .read(move |repo| {
            let group = found(repo.group(id)?)?;
            Ok((group, repo.group_members(id)?))
        })
        .await
}

/// The groups a person is in, by name.
pub async fn of(app: &App, user_id: i64) -> Result<Vec<Group>> {
    Ok(app.store.read(move |repo| repo.groups_of(user_id)).await?)
}

pub async fn create(app: &App, caller: &Caller, name: GroupName) -> Result<Group> {
    let (caller, at) = (caller.clone(), app.clock.now());
    app.store
        .write(move |repo| Ok(insert_recorded(repo, at, &caller, &name)?))
        .await
}

/// Inside the caller's transaction: a new group, and its line in the security log.
pub(super) fn insert_recorded(
    repo: &mut dyn Repo,
    at: i64,
    caller: &Caller,
    name: &GroupName,
) -> std::result::Result<Group, StoreError> {
    let group = repo.insert_group(name, at)?;
    let entry = Entry::new(
        Event::GroupCreated,
        caller.party.clone(),
        group_party(&group),
        &caller.address,
    );
    record(repo, at, &entry)?;
    Ok(group)
}

pub async fn rename(app: &App, caller: &Caller, id: i64, name: GroupName) -> Result<Group> {
    let (caller, at) = (caller.clone(), app.clock.now());
    app.store
        .write(move |repo| {
            let before = found(repo.group(id)?)?;
            if before.name == name.as_str() {
                return Ok(before);
            }
            repo.rename_group(id, &name)?;
            let after = found(repo.group(id)?)?;
            let entry = Entry::new(
                Event::GroupRenamed,
                caller.party.clone(),
                group_party(&after),
                &caller.address,
            )
            .detail(Detail::GroupRenamed {
                from: before.name,
                to: after.name.clone(),
            });
            record(repo, at, &entry)?;
            Ok(after)
        })
        .await
}

/// Deletes a group; its people stay, out of it.
pub async fn delete(app: &App, caller: &Caller, id: i64) -> Result<Group> {
    let (caller, at) = (caller.clone(), app.clock.now());
    app.store
        .write(move |repo| {
            let group = found(repo.group(id)?)?;
            repo.delete_group(id)?;
            let entry = Entry::new(
                Event::GroupDeleted,
                caller.party.clone(),
                group_party(&group),
                &caller.address,
            );
            record(repo, at, &entry)?;
            Ok(group)
        })
        .await
}

/// Puts the person with this email in the group; `PersonUnknown` when no
/// one has it. Adding someone who is in already changes nothing.
pub async fn add_member(app: &App, caller: &Caller, group_id: i64, email: &Email) -> Result<User> {
    let (caller, at, email) = (caller.clone(), app.clock.now(), email.clone());
    app.store
        .write(move |repo| {
            let group = found(repo.group(group_id)?)?;
            let (user, _) = repo
                .user_by_email(&email)?
                .ok_or(ServiceError::Refused(Problem::PersonUnknown))?;
            put_in(repo, at, &caller, &group, &user)?;
            Ok(user)
        })
        .await
}

/// Takes a person out of a group; false when they were not in it.
pub async fn remove_member(app: &App, caller: &Caller, group_id: i64, user_id: i64) -> Result<(Group, User)> {
    let (caller, at) = (caller.clone(), app.clock.now());
    app.store
        .write(move |repo| {
            let group = found(repo.group(group_id)?)?;
            let user = found(repo.user(user_id)?)?;
            take_out(repo, at, &caller, &group, &user)?;
            Ok((group, user))
        })
        .await
}

/// Sets the groups a person is in to exactly `group_ids` (ids of groups
/// that no longer exist are left aside): each one added or taken out is
/// recorded. The groups they are in now.
pub async fn set_of(app: &App, caller: &Caller, user_id: i64, group_ids: Vec<i64>) -> Result<Vec<Group>> {
    let (caller, at) = (caller.clone(), app.clock.now());
    app.store
        .write(move |repo| {
            let user = found(repo.user(user_id)?)?;
            set_groups(repo, at, &caller, &user, &group_ids)?;
            Ok(repo.groups_of(user_id)?)
        })
        .await
}

/// Inside the caller's transaction: `user`'s groups made exactly `wanted`.
pub(super) fn set_groups(
    repo: &mut dyn Repo,
    at: i64,
    caller: &Caller,
    user: &User,
    wanted: &[i64],
) -> std::result::Result<(), StoreError> {
    let now = repo.groups_of(user.id)?;
    for group in now.iter().filter(|g| !wanted.contains(&g.id)) {
        take_out(repo, at, caller, group, user)?;
    }
    for id in wanted.iter().filter(|id| !now.iter().any(|g| g.id == **id)) {
        if let Some(group) = repo.group(*id)? {
            put_in(repo, at, caller, &group, user)?;
        }
    }
    Ok(())
}

/// Puts `user` in `group` (or takes them out), and records it when it changed anything.
fn change_membership(
    repo: &mut dyn Repo,
    (at, caller): (i64, &Caller),
    group: &Group,
    user: &User,
    put_in: bool,
) -> std::result::Result<(), StoreError> {
    let (changed, event) = match put_in {
        true => (repo.add_member(group.id, user.id)?, Event::GroupMemberAdded),
        false => (repo.remove_member(group.id, user.id)?, Event::GroupMemberRemoved),
    };
    if changed {
        let entry = Entry::new(event, caller.party.clone(), user, &caller.address).detail(Detail::Group {
            group: group.name.clone(),
        });
        record(repo, at, &entry)?;
    }
    Ok(())
}

fn put_in(
    repo: &mut dyn Repo,
    at: i64,
    caller: &Caller,
    group: &Group,
    user: &User,
) -> std::result::Result<(), StoreError> {
    change_membership(repo, (at, caller), group, user, true)
}

fn take_out(
    repo: &mut dyn Repo,
    at: i64,
    caller: &Caller,
    group: &Group,
    user: &User,
) -> std::result::Result<(), StoreError> {
    change_membership(repo, (at, caller), group, user, false)
}

/// A group as the security log names it.
pub(super) fn group_party(group: &Group) -> crate::domain::Party {
    crate::domain::Party::named(group.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;
    use crate::service::testing::TestApp;

    #[test]
    fn names_are_unique_in_any_case_and_membership_is_set_exactly() {
        let t = TestApp::new();
        let caller = Caller::command_line();
        let ana = t.user("ana@x.org", Role::Member);
        let ventas = t
            .run(create(&t.app, &caller, GroupName::parse("Ventas").unwrap()))
            .unwrap();
        let taken = t.run(create(&t.app, &caller, GroupName::parse("VENTAS").unwrap()));
        assert!(
            matches!(taken, Err(ServiceError::Refused(Problem::GroupNameTaken))),
            "{taken:?}"
        );
        let it = t.run(create(&t.app, &caller, GroupName::parse("IT").unwrap())).unwrap();
        let now = t
            .run(set_of(&t.app, &caller, ana.id, vec![ventas.id, it.id, 999]))
            .unwrap();
        assert_eq!(
            now.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(),
            ["IT", "Ventas"]
        );
        let now = t.run(set_of(&t.app, &caller, ana.id, vec![it.id])).unwrap();
        assert_eq!(now.iter().map(|g| g.id).collect::<Vec<_>>(), [it.id]);
        t.run(delete(&t.app, &caller, it.id)).unwrap();
        assert!(t.run(of(&t.app, ana.id)).unwrap().is_empty());
        let renamed = t.run(rename(&t.app, &caller, ventas.id, GroupName::parse("ventas").unwrap()));
        assert_eq!(
            renamed.unwrap().name,
            "ventas",
            "a group may change the case of its own name"
        );
    }
}
