//! `gatehouse user create | set-password | list`: the same use cases as the
//! web, for whoever runs gatehouse on this computer.

use crate::domain::{Email, NewUser, Role, User, UserName};
use crate::i18n;
use crate::service::{users, App, Caller, ServiceError};

use super::location::block_on;
use super::prompt::read_password;

fn parse_arg<T>(parsed: Result<T, crate::domain::Problem>, flag: &str) -> Result<T, String> {
    parsed.map_err(|problem| i18n::problem_for_flag(flag, problem))
}

pub fn create(app: &App, email: &str, name: &str, admin: bool, password_stdin: bool) -> Result<(), String> {
    let email = parse_arg(Email::parse(email), "--email")?;
    let name = parse_arg(UserName::parse(name), "--name")?;
    let role = if admin { Role::Admin } else { Role::Member };
    let taken = || format!("a user with the email {email} already exists");
    // Refuse a taken email before asking for a password.
    if block_on(users::find_by_email(app, &email))?
        .map_err(|e| e.to_string())?
        .is_some()
    {
        return Err(taken());
    }
    let password = read_password(password_stdin)?;
    let new = NewUser {
        name,
        email: email.clone(),
        password,
        role,
    };
    let user = block_on(users::create(app, &Caller::command_line(), new, false))?.map_err(|e| match e {
        ServiceError::Refused(_) => taken(),
        other => other.to_string(),
    })?;
    println!(
        "Created {} {} <{}> in {}.",
        user.role.as_str(),
        user.name,
        user.email,
        app.store.describe()
    );
    Ok(())
}

pub fn set_password(app: &App, email: &str, password_stdin: bool) -> Result<(), String> {
    let email = parse_arg(Email::parse(email), "--email")?;
    let not_found = || {
        format!(
            "no user has the email {email} in {}; see `gatehouse user list`",
            app.store.describe()
        )
    };
    if block_on(users::find_by_email(app, &email))?
        .map_err(|e| e.to_string())?
        .is_none()
    {
        return Err(not_found());
    }
    let password = read_password(password_stdin)?;
    let (user, ended) =
        block_on(users::set_password(app, &Caller::command_line(), &email, password))?.map_err(|e| match e {
            ServiceError::NotFound => not_found(),
            other => other.to_string(),
        })?;
    println!(
        "Changed the password of {} <{}> in {}; {ended} session(s) signed out.",
        user.name,
        user.email,
        app.store.describe()
    );
    Ok(())
}

pub fn list(app: &App, json: bool) -> Result<(), String> {
    let all = block_on(users::all(app))?.map_err(|e| e.to_string())?;
    if json {
        let text = serde_json::to_string_pretty(&all).map_err(|e| e.to_string())?;
        println!("{text}");
        return Ok(());
    }
    if all.is_empty() {
        println!(
            "No users yet in {}. Create the first admin with: gatehouse user create --admin --email … --name …",
            app.store.describe()
        );
        return Ok(());
    }
    let width = |f: &dyn Fn(&User) -> usize, title: usize| all.iter().map(f).max().unwrap_or(0).max(title);
    let (wid, wemail, wname) = (
        width(&|u| u.id.to_string().len(), 2),
        width(&|u| u.email.chars().count(), 5),
        width(&|u| u.name.chars().count(), 4),
    );
    println!(
        "{:<wid$}  {:<wemail$}  {:<wname$}  {:<6}  STATUS",
        "ID", "EMAIL", "NAME", "ROLE"
    );
    for u in &all {
        let status = if u.active { "active" } else { "disabled" };
        println!(
            "{:<wid$}  {:<wemail$}  {:<wname$}  {:<6}  {status}",
            u.id,
            u.email,
            u.name,
            u.role.as_str()
        );
    }
    Ok(())
}
