//! `gatehouse app create | list | delete`: the apps behind the proxy, as
//! /apps manages them.

use crate::domain::{Access, AppName, AppSpec, GroupName, HostPattern, PathPrefix, Problem};
use crate::service::{apps, groups, App, Caller, ServiceError};

use super::location::block_on;
use super::users::{failed, parse_arg};
use super::{text, text_with};

fn refused_or_failed(app: &App, flag: &str, e: ServiceError) -> String {
    match e {
        ServiceError::Refused(problem) => crate::i18n::problem_for_flag(*super::LANGUAGE, flag, problem),
        other => failed(app, other),
    }
}

/// `--allow`'s values as an app's access: one of everyone, admins,
/// anyone, or one or more `group:NAME` (each a group that exists).
fn access(app: &App, allow: &[String]) -> Result<Access, String> {
    let flag = "--allow";
    let (groups, words): (Vec<&String>, Vec<&String>) = allow.iter().partition(|a| a.starts_with("group:"));
    match (words.as_slice(), groups.is_empty()) {
        ([], true) => Ok(Access::Everyone),
        ([word], true) if word.as_str() != "groups" => parse_arg(Access::parse(word, Vec::new()), flag),
        ([], false) => {
            let mut ids = Vec::new();
            for entry in groups {
                let name = &entry["group:".len()..];
                let name = parse_arg(GroupName::parse(name), &format!("{flag} {entry}"))?;
                let group = block_on(groups::find_by_name(app, &name))?
                    .map_err(|e| refused_or_failed(app, &format!("{flag} {entry}"), e))?;
                ids.push(group.id);
            }
            parse_arg(Access::parse("groups", ids), flag)
        }
        _ => Err(crate::i18n::problem_for_flag(
            *super::LANGUAGE,
            flag,
            Problem::AccessUnknown,
        )),
    }
}

pub fn create(app: &App, name: &str, host: &str, path: &str, allow: &[String], two_factor: bool) -> Result<(), String> {
    let spec = AppSpec {
        name: parse_arg(AppName::parse(name), "--name")?,
        host: parse_arg(HostPattern::parse(host), "--host")?,
        prefix: parse_arg(PathPrefix::parse(path), "--path")?,
        access: access(app, allow)?,
        two_factor,
    };
    let info =
        block_on(apps::create(app, &Caller::command_line(), spec))?.map_err(|e| refused_or_failed(app, "", e))?;
    println!(
        "{}",
        text_with(
            "cli-app-created",
            &[
                ("name", info.name.into()),
                ("host", format!("{}{}", info.host, info.path_prefix).into())
            ]
        )
    );
    Ok(())
}

pub fn delete(app: &App, name: &str) -> Result<(), String> {
    let name = parse_arg(AppName::parse(name), "--name")?;
    let info = block_on(apps::find_by_name(app, &name))?.map_err(|e| refused_or_failed(app, "--name", e))?;
    block_on(apps::delete(app, &Caller::command_line(), info.id))?.map_err(|e| failed(app, e))?;
    println!("{}", text_with("cli-app-deleted", &[("name", info.name.into())]));
    Ok(())
}

pub fn list(app: &App, json: bool) -> Result<(), String> {
    let all = block_on(apps::all(app))?.map_err(|e| failed(app, e))?;
    if json {
        let text = serde_json::to_string_pretty(&all)
            .map_err(|e| text_with("cli-json-failed", &[("reason", e.to_string().into())]))?;
        println!("{text}");
        return Ok(());
    }
    if all.is_empty() {
        println!("{}", text("cli-no-apps-yet"));
        return Ok(());
    }
    for info in all {
        let who = match &info.access {
            Access::Groups { .. } => format!("group:{}", info.group_names.join(",group:")),
            other => other.as_str().to_owned(),
        };
        let two_step = if info.two_factor { " two-step" } else { "" };
        println!("{}  {}{}  {who}{two_step}", info.name, info.host, info.path_prefix);
    }
    Ok(())
}
