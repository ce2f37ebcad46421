//! `gatehouse app create | list | delete | new-secret`: the apps behind
//! the proxy and those that sign in through gatehouse, as /apps manages
//! them. An OpenID app's client id and secret are printed one a line
//! (`client_id: …`, `client_secret: …`), or as one JSON object.

use crate::domain::{
    Access, AppKind, AppName, AppSpec, Consent, GroupName, HostPattern, OidcSettings, PathPrefix, Place, Problem,
    RedirectUris, Secret,
};
use crate::service::{apps, groups, App, Caller, ServiceError};

use super::AppCreateArgs;

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

/// Where the app is: behind the proxy at `--host`, or signing in through
/// gatehouse with its redirect URIs.
fn place(args: &AppCreateArgs) -> Result<Place, String> {
    match &args.host {
        Some(host) => Ok(Place::Proxy {
            host: parse_arg(HostPattern::parse(host), "--host")?,
            prefix: parse_arg(PathPrefix::parse(&args.path), "--path")?,
        }),
        None => Ok(Place::Oidc(OidcSettings::new(
            parse_arg(
                RedirectUris::parse(args.redirect_uris.iter().map(String::as_str)),
                "--redirect-uri",
            )?,
            args.public,
            !args.no_pkce,
            args.refresh,
            parse_arg(Consent::parse(&args.consent), "--consent")?,
        ))),
    }
}

/// An OpenID app's keys, as the contract prints them.
fn print_client(client_id: &str, secret: Option<&Secret>, json: bool) -> Result<(), String> {
    if json {
        let mut object = serde_json::json!({ "client_id": client_id });
        if let Some(secret) = secret {
            object["client_secret"] = secret.expose().into();
        }
        println!("{object}");
    } else {
        println!("client_id: {client_id}");
        if let Some(secret) = secret {
            println!("client_secret: {}", secret.expose());
        }
    }
    Ok(())
}

pub fn create(app: &App, args: &AppCreateArgs) -> Result<(), String> {
    let spec = AppSpec {
        name: parse_arg(AppName::parse(&args.name), "--name")?,
        place: place(args)?,
        access: access(app, &args.allow)?,
        two_factor: args.two_factor,
    };
    let created =
        block_on(apps::create(app, &Caller::command_line(), spec))?.map_err(|e| refused_or_failed(app, "", e))?;
    let info = created.info;
    if info.kind == AppKind::Oidc {
        eprintln!("{}", text_with("cli-oidc-app-created", &[("name", info.name.into())]));
        return print_client(&info.client_id, created.secret.as_ref(), args.json);
    }
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

pub fn new_secret(app: &App, name: &str, json: bool) -> Result<(), String> {
    let name = parse_arg(AppName::parse(name), "--name")?;
    let info = block_on(apps::find_by_name(app, &name))?.map_err(|e| refused_or_failed(app, "--name", e))?;
    let secret = block_on(apps::new_secret(app, &Caller::command_line(), info.id))?
        .map_err(|e| refused_or_failed(app, "--name", e))?;
    eprintln!("{}", text_with("cli-app-new-secret", &[("name", info.name.into())]));
    print_client(&info.client_id, Some(&secret), json)
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
        let place = match info.kind {
            AppKind::Proxy => format!("{}{}", info.host, info.path_prefix),
            AppKind::Oidc => format!("OpenID {}", info.client_id),
        };
        println!("{}  {place}  {who}{two_step}", info.name);
    }
    Ok(())
}
