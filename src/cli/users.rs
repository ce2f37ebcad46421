//! `gatehouse user create | invite | reset-link | set-password | list`: the
//! same use cases as the web, for whoever runs gatehouse on this computer.

use std::net::IpAddr;

use crate::config;
use crate::domain::admin_command::create_admin_command_with;
use crate::domain::{Email, LinkKind, NewUser, Role, User, UserName};
use crate::i18n;
use crate::service::links::{self, Issued};
use crate::service::{two_factor, users, App, Caller, ServiceError};
use crate::store::sqlite::lock::{self, LockError, ServerLock};

use super::location::block_on;
use super::prompt::read_password;
use super::{text, text_with};

/// A use case that failed on the database's side: which database, in this
/// computer's language, before the engine's own words.
pub(super) fn failed(app: &App, e: ServiceError) -> String {
    text_with(
        "cli-database-failed",
        &[
            ("database", app.store.describe().into()),
            ("reason", e.to_string().into()),
        ],
    )
}

pub(super) fn parse_arg<T>(parsed: Result<T, crate::domain::Problem>, flag: &str) -> Result<T, String> {
    parsed.map_err(|problem| i18n::problem_for_flag(*super::LANGUAGE, flag, problem))
}

pub fn create(app: &App, email: &str, name: &str, admin: bool, password_stdin: bool) -> Result<(), String> {
    let email = parse_arg(Email::parse(email), "--email")?;
    let name = parse_arg(UserName::parse(name), "--name")?;
    let role = if admin { Role::Admin } else { Role::Member };
    let taken = || text_with("cli-email-taken", &[("email", email.to_string().into())]);
    // Refuse a taken email before asking for a password.
    if block_on(users::find_by_email(app, &email))?
        .map_err(|e| failed(app, e))?
        .is_some()
    {
        return Err(taken());
    }
    let password = read_password(password_stdin)?;
    let new = NewUser {
        name,
        email: email.clone(),
        role,
    };
    let user = block_on(users::create(app, &Caller::command_line(), new, password, false))?.map_err(|e| match e {
        ServiceError::Refused(_) => taken(),
        other => failed(app, other),
    })?;
    println!(
        "{}",
        text_with(
            "cli-user-created",
            &[
                ("role", user.role.as_str().into()),
                ("name", user.name.clone().into()),
                ("email", user.email.clone().into()),
                ("database", app.store.describe().into()),
            ],
        )
    );
    Ok(())
}

/// Where printed links start: `public_url`, else the address of the server
/// running on this database (which it notes beside a SQLite file), else the
/// address `serve` would listen on (GATEHOUSE_ADDRESS / GATEHOUSE_PORT,
/// Rocket.toml, 127.0.0.1:8000).
fn link_base(app: &App) -> String {
    if app.settings.public_url.is_some() {
        return app.settings.link_base("");
    }
    // The address a server noted, while it holds the database: one that
    // stopped without removing its note (a crash) is not there any more.
    let serving = |db: &&std::path::Path| matches!(ServerLock::acquire(db), Err(LockError::InUse(_)));
    if let Some(running) = app.store.file().filter(serving).and_then(lock::running_at) {
        return app.settings.link_base(&running);
    }
    let figment = config::figment();
    let address = std::env::var("GATEHOUSE_ADDRESS")
        .ok()
        .and_then(|a| a.parse::<IpAddr>().ok())
        .or_else(|| figment.extract_inner::<IpAddr>("address").ok())
        .unwrap_or(IpAddr::from([127, 0, 0, 1]));
    let port = std::env::var("GATEHOUSE_PORT")
        .ok()
        .and_then(|p| p.parse::<u16>().ok())
        .or_else(|| figment.extract_inner::<u16>("port").ok())
        .unwrap_or(8000);
    app.settings.link_base(&super::serve::base_url(address, port, false))
}

/// The host of `url` when it names this computer only (a loopback address
/// or `localhost`), which colleagues cannot open.
fn loopback_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = match authority.strip_prefix('[') {
        Some(v6) => &authority[..v6.find(']').map_or(authority.len(), |end| end + 2)],
        None => authority.split(':').next().unwrap_or(authority),
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = bare.eq_ignore_ascii_case("localhost") || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    loopback.then_some(host)
}

/// Prints a link just made: what it is for and until when, then the link
/// alone on the last line (for a script to take). A link only this
/// computer can open comes after a line that says what to do for a colleague.
pub(super) fn print_link(app: &App, issued: &Issued) -> Result<(), String> {
    let zone = app
        .settings
        .zone()
        .map_err(|reason| text_with("cli-settings-invalid", &[("reason", reason.into())]))?;
    let key = match issued.kind {
        LinkKind::Invite => "cli-invite-made",
        LinkKind::Reset => "cli-reset-made",
    };
    let url = issued.url(&link_base(app));
    if let Some(host) = loopback_host(&url) {
        println!(
            "{}",
            text_with("cli-link-this-computer-only", &[("host", host.to_owned().into())])
        );
    }
    println!(
        "{}",
        text_with(
            key,
            &[
                ("name", issued.user.name.clone().into()),
                ("email", issued.user.email.clone().into()),
                ("until", zone.datetime_long(*super::LANGUAGE, issued.expires_at).into()),
            ],
        )
    );
    println!("{url}");
    Ok(())
}

/// A use case's failure about the user with `email`, as one line: nobody
/// has it, or the rule that refused.
fn about_someone(app: &App, email: &Email, e: ServiceError) -> String {
    match e {
        ServiceError::NotFound => text_with(
            "cli-no-such-user",
            &[
                ("email", email.to_string().into()),
                ("database", app.store.describe().into()),
            ],
        ),
        ServiceError::Refused(problem) => i18n::problem_for_flag(*super::LANGUAGE, "", problem),
        other => failed(app, other),
    }
}

pub fn invite(app: &App, email: &str, name: &str, admin: bool) -> Result<(), String> {
    let email = parse_arg(Email::parse(email), "--email")?;
    let name = parse_arg(UserName::parse(name), "--name")?;
    let role = if admin { Role::Admin } else { Role::Member };
    let new = NewUser {
        name,
        email: email.clone(),
        role,
    };
    let issued = block_on(links::invite(app, &Caller::command_line(), new))?.map_err(|e| match e {
        ServiceError::Refused(_) => text_with("cli-email-taken", &[("email", email.to_string().into())]),
        other => failed(app, other),
    })?;
    print_link(app, &issued)
}

pub fn reset_link(app: &App, email: &str) -> Result<(), String> {
    let email = parse_arg(Email::parse(email), "--email")?;
    let issued = block_on(links::reissue_by_email(
        app,
        &Caller::command_line(),
        &email,
        LinkKind::Reset,
    ))?
    .map_err(|e| about_someone(app, &email, e))?;
    print_link(app, &issued)
}

pub fn reset_two_factor(app: &App, email: &str) -> Result<(), String> {
    let email = parse_arg(Email::parse(email), "--email")?;
    let (user, ended) = block_on(two_factor::reset_by_email(app, &Caller::command_line(), &email))?
        .map_err(|e| about_someone(app, &email, e))?;
    println!(
        "{}",
        text_with(
            "cli-two-factor-reset",
            &[
                ("name", user.name.clone().into()),
                ("email", user.email.clone().into()),
                ("count", (ended as i64).into()),
            ],
        )
    );
    Ok(())
}

pub fn set_password(app: &App, email: &str, password_stdin: bool) -> Result<(), String> {
    let email = parse_arg(Email::parse(email), "--email")?;
    let not_found = || {
        text_with(
            "cli-no-such-user",
            &[
                ("email", email.to_string().into()),
                ("database", app.store.describe().into()),
            ],
        )
    };
    if block_on(users::find_by_email(app, &email))?
        .map_err(|e| failed(app, e))?
        .is_none()
    {
        return Err(not_found());
    }
    let password = read_password(password_stdin)?;
    let (user, ended) =
        block_on(users::set_password(app, &Caller::command_line(), &email, password))?.map_err(|e| match e {
            ServiceError::NotFound => not_found(),
            other => failed(app, other),
        })?;
    println!(
        "{}",
        text_with(
            "cli-password-set",
            &[
                ("name", user.name.clone().into()),
                ("email", user.email.clone().into()),
                ("database", app.store.describe().into()),
                ("count", (ended as i64).into()),
            ],
        )
    );
    Ok(())
}

/// `default_db`: the database is the default one, which a command names without `--db`.
pub fn list(app: &App, json: bool, default_db: bool) -> Result<(), String> {
    let all = block_on(users::all(app))?.map_err(|e| failed(app, e))?;
    if json {
        let text = serde_json::to_string_pretty(&all)
            .map_err(|e| text_with("cli-json-failed", &[("reason", e.to_string().into())]))?;
        println!("{text}");
        return Ok(());
    }
    if all.is_empty() {
        let shown = app.store.describe();
        println!(
            "{}",
            text_with("cli-no-users-yet", &[("database", shown.clone().into())])
        );
        let db = (!default_db).then_some(shown.as_str());
        let (email, name) = (text("cli-example-email"), text("cli-example-name"));
        println!("  {}", create_admin_command_with(db, &email, &name));
        return Ok(());
    }
    let role = |u: &User| text(&format!("role-{}", u.role.as_str()));
    // Someone who has not accepted their invitation is "invited", not "active".
    let status = |u: &User| {
        text(match (u.active, u.invited) {
            (true, true) => "status-invited",
            (true, false) => "status-active",
            (false, _) => "status-disabled",
        })
    };
    let titles = [
        "cli-list-id",
        "cli-list-email",
        "cli-list-name",
        "cli-list-role",
        "cli-list-status",
    ]
    .map(text);
    let rows: Vec<[String; 5]> = all
        .iter()
        .map(|u| [u.id.to_string(), u.email.clone(), u.name.clone(), role(u), status(u)])
        .collect();
    let mut widths = titles.clone().map(|t| t.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&titles).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        println!("{}", cells.join("  ").trim_end());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::loopback_host;

    #[test]
    fn links_to_this_computer_only_are_recognised() {
        assert_eq!(loopback_host("http://127.0.0.1:8000/invite/x"), Some("127.0.0.1"));
        assert_eq!(loopback_host("http://localhost:8000/"), Some("localhost"));
        assert_eq!(loopback_host("https://[::1]:8443/reset/x"), Some("[::1]"));
        assert_eq!(loopback_host("http://127.0.1.1/"), Some("127.0.1.1"));
        assert_eq!(loopback_host("http://192.168.1.20:8000/invite/x"), None);
        assert_eq!(loopback_host("https://gatehouse.office.example/invite/x"), None);
        assert_eq!(loopback_host("http://[fe80::1]:8000/"), None);
    }
}
