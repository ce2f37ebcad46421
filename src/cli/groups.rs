//! `gatehouse group create | rename | delete | list` and `gatehouse user
//! groups`: the same use cases as /groups and a person's edit page.

use serde::Serialize;

use crate::domain::spreadsheet::split_groups;
use crate::domain::{Email, GroupName};
use crate::service::{groups, users, App, Caller, ServiceError};

use super::location::block_on;
use super::users::{failed, parse_arg};
use super::{text, text_with};

/// A use case's refusal in this computer's language, or the database's failure.
fn refused_or_failed(app: &App, e: ServiceError) -> String {
    match e {
        ServiceError::Refused(problem) => crate::i18n::problem_for_flag(*super::LANGUAGE, "", problem),
        other => failed(app, other),
    }
}

fn group_named(app: &App, name: &str, flag: &str) -> Result<crate::domain::Group, String> {
    let name = parse_arg(GroupName::parse(name), flag)?;
    block_on(groups::find_by_name(app, &name))?.map_err(|e| match e {
        ServiceError::Refused(problem) => crate::i18n::problem_for_flag(*super::LANGUAGE, flag, problem),
        other => failed(app, other),
    })
}

pub fn create(app: &App, name: &str) -> Result<(), String> {
    let name = parse_arg(GroupName::parse(name), "--name")?;
    let group = block_on(groups::create(app, &Caller::command_line(), name))?.map_err(|e| refused_or_failed(app, e))?;
    println!("{}", text_with("cli-group-created", &[("name", group.name.into())]));
    Ok(())
}

pub fn rename(app: &App, name: &str, to: &str) -> Result<(), String> {
    let group = group_named(app, name, "--name")?;
    let to = parse_arg(GroupName::parse(to), "--to")?;
    let renamed =
        block_on(groups::rename(app, &Caller::command_line(), group.id, to))?.map_err(|e| refused_or_failed(app, e))?;
    println!(
        "{}",
        text_with(
            "cli-group-renamed",
            &[("from", group.name.into()), ("to", renamed.name.into())]
        )
    );
    Ok(())
}

pub fn delete(app: &App, name: &str) -> Result<(), String> {
    let group = group_named(app, name, "--name")?;
    let deleted =
        block_on(groups::delete(app, &Caller::command_line(), group.id))?.map_err(|e| refused_or_failed(app, e))?;
    println!(
        "{}",
        text_with(
            "cli-group-deleted",
            &[("name", deleted.name.into()), ("count", deleted.members.into())]
        )
    );
    Ok(())
}

/// A group as `--json` prints it.
#[derive(Serialize)]
struct Listed {
    id: i64,
    name: String,
    members: Vec<String>,
}

pub fn list(app: &App, json: bool) -> Result<(), String> {
    let all = block_on(groups::all(app))?.map_err(|e| failed(app, e))?;
    let mut listed = Vec::with_capacity(all.len());
    for group in all {
        let (_, people) = block_on(groups::with_members(app, group.id))?.map_err(|e| failed(app, e))?;
        listed.push(Listed {
            id: group.id,
            name: group.name,
            members: people.into_iter().map(|p| p.email).collect(),
        });
    }
    if json {
        let text = serde_json::to_string_pretty(&listed)
            .map_err(|e| text_with("cli-json-failed", &[("reason", e.to_string().into())]))?;
        println!("{text}");
        return Ok(());
    }
    if listed.is_empty() {
        println!("{}", text("cli-no-groups-yet"));
        return Ok(());
    }
    for group in listed {
        let count = group.members.len() as i64;
        println!(
            "{}",
            text_with(
                "cli-group-line",
                &[("name", group.name.into()), ("count", count.into())]
            )
        );
        for email in group.members {
            println!("  {email}");
        }
    }
    Ok(())
}

/// `user groups --email E --set "A,B"`: exactly these groups (an empty
/// list: none), read as the spreadsheets write them (`,` or `;` between
/// names; `\,`, `\;`, `\\` inside one). Every name must be a group's; nothing changes otherwise.
pub fn set_of_user(app: &App, email: &str, set: &str) -> Result<(), String> {
    let email = parse_arg(Email::parse(email), "--email")?;
    let user = block_on(users::find_by_email(app, &email))?
        .map_err(|e| failed(app, e))?
        .ok_or_else(|| {
            crate::i18n::problem_for_flag(*super::LANGUAGE, "--email", crate::domain::Problem::PersonUnknown)
        })?;
    let mut ids = Vec::new();
    for name in split_groups(set) {
        let group = group_named(app, &name, &format!("--set “{name}”"))?;
        ids.push(group.id);
    }
    let now = block_on(groups::set_of(app, &Caller::command_line(), user.id, ids))?.map_err(|e| failed(app, e))?;
    let names: Vec<String> = now.into_iter().map(|g| g.name).collect();
    let key = match names.is_empty() {
        true => "cli-user-groups-none",
        false => "cli-user-groups-set",
    };
    println!(
        "{}",
        text_with(
            key,
            &[("email", user.email.into()), ("groups", names.join(", ").into())]
        )
    );
    Ok(())
}
