//! The command line: clap's definition of every command, the password
//! prompts, and the `user` and `check` commands, which call the same domain
//! and repository code as the web. `serve` lives in `serve.rs`.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::audit::{self, Entry, Event, Party};
use crate::backup;
use crate::config::{self, Settings};
use crate::db::{self, Db};
use crate::domain::{Email, NewUser, Password, Role, UserName};
use crate::password::Hasher;
use crate::session;
use crate::users::{self, UserError};

#[derive(Debug, Parser)]
#[command(
    name = "gatehouse",
    version,
    about = "A sign-in page and user management for a small office, on one SQLite file."
)]
pub struct Cli {
    /// The database file [default: gatehouse.db in this computer's data folder for gatehouse]
    #[arg(long, global = true, env = "GATEHOUSE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the sign-in page and user management (what runs with no command)
    Serve(ServeArgs),
    /// Manage users from the command line
    #[command(subcommand)]
    User(UserCommand),
    /// Copy the database to DEST while it is in use (a complete file or none)
    Backup {
        /// The backup file to write
        dest: PathBuf,
    },
    /// Replace the database with the backup SRC (stop the server first)
    Restore {
        /// The backup file to restore
        src: PathBuf,
    },
    /// Check the database's integrity; exit 0 only when it is sound
    Check,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// The address to listen on; 0.0.0.0 lets other computers on the network connect
    #[arg(long, env = "GATEHOUSE_ADDRESS", default_value = "127.0.0.1")]
    pub address: std::net::IpAddr,
    /// The port to listen on
    #[arg(long, env = "GATEHOUSE_PORT", default_value_t = 8000)]
    pub port: u16,
    /// Open the browser once the server is ready [default when started with no arguments]
    #[arg(long, overrides_with = "no_open")]
    pub open: bool,
    /// Do not open the browser
    #[arg(long, overrides_with = "open")]
    pub no_open: bool,
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key (PEM) of --tls-cert
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create a user; the password is asked for (or read with --password-stdin)
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Make the user an administrator
        #[arg(long)]
        admin: bool,
        /// Read the password from the first line of standard input
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a user's password and end their sessions
    SetPassword {
        #[arg(long)]
        email: String,
        /// Read the password from the first line of standard input
        #[arg(long)]
        password_stdin: bool,
    },
    /// List every user with role and status
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
}

/// Parses the command line, runs the command, and turns a failure into one
/// `error:` line and exit status 1 (clap itself exits 2 on usage errors).
pub fn main() -> ExitCode {
    let started_bare = std::env::args_os().len() == 1;
    let mut cli = Cli::parse();
    if cli.command.is_none() {
        // No command is `serve` with its defaults, GATEHOUSE_ADDRESS and
        // GATEHOUSE_PORT included: parsed again as such.
        cli = Cli::parse_from(std::env::args_os().chain(["serve".into()]));
    }
    match run(cli, started_bare) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            if started_bare {
                keep_window_open();
            }
            ExitCode::FAILURE
        }
    }
}

/// A double-clicked program on Windows gets a console window that closes when
/// it exits: wait for Enter so that the error can be read.
#[cfg(windows)]
fn keep_window_open() {
    eprintln!("Press Enter to close this window.");
    let _ = std::io::stdin().read_line(&mut String::new());
}

#[cfg(not(windows))]
fn keep_window_open() {}

fn run(cli: Cli, started_bare: bool) -> Result<(), String> {
    match cli.command {
        None => unreachable!("main makes no command into `serve`"),
        Some(Command::Serve(args)) => crate::serve::serve(cli.db, args, started_bare),
        Some(Command::User(command)) => {
            let db = open_db(cli.db)?;
            match command {
                UserCommand::Create {
                    email,
                    name,
                    admin,
                    password_stdin,
                } => create_user(&db, &email, &name, admin, password_stdin),
                UserCommand::SetPassword { email, password_stdin } => set_password(&db, &email, password_stdin),
                UserCommand::List { json } => list_users(&db, json),
            }
        }
        Some(Command::Check) => check(cli.db),
        Some(Command::Backup { dest }) => {
            let (path, _) = db_path(cli.db)?;
            backup::backup(&path, &dest).map_err(|e| e.to_string())?;
            println!("Backed up {} to {}.", path.display(), dest.display());
            Ok(())
        }
        Some(Command::Restore { src }) => {
            let (path, create_folder) = db_path(cli.db)?;
            if create_folder {
                // The default database's folder, made as `serve` would.
                drop(Db::open(&path, true).map_err(|e| e.to_string())?);
            }
            let kept = backup::restore(&path, &src).map_err(|e| e.to_string())?;
            println!("Restored {} from {}.", path.display(), src.display());
            if let Some(kept) = kept {
                println!("The database it replaced is kept as {}.", kept.display());
            }
            Ok(())
        }
    }
}

/// The database file to use: `--db` / `GATEHOUSE_DB`, else the default, and
/// whether its folder may be created (only the default's).
pub fn db_path(db: Option<PathBuf>) -> Result<(PathBuf, bool), String> {
    if let Some(path) = db {
        return Ok((path, false));
    }
    let dirs = directories::ProjectDirs::from("", "", "gatehouse")
        .ok_or("cannot find this computer's data folder (no home folder?); choose a file with --db")?;
    Ok((dirs.data_dir().join("gatehouse.db"), true))
}

pub fn open_db(db: Option<PathBuf>) -> Result<Db, String> {
    let (path, create_folder) = db_path(db)?;
    Db::open(&path, create_folder).map_err(|e| e.to_string())
}

fn settings() -> Result<Settings, String> {
    Settings::from_figment(&config::figment())
}

/// A new password: one line from standard input, or asked twice on the terminal.
fn read_password(from_stdin: bool) -> Result<Password, String> {
    let typed = if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
        let line = line.strip_suffix('\n').unwrap_or(&line);
        line.strip_suffix('\r').unwrap_or(line).to_owned()
    } else {
        if !std::io::stdin().is_terminal() {
            return Err(
                "there is no terminal to ask for the password; send it on standard input with --password-stdin".into(),
            );
        }
        let first =
            rpassword::prompt_password("New password: ").map_err(|e| format!("cannot read the password: {e}"))?;
        let second = rpassword::prompt_password("The same password again: ")
            .map_err(|e| format!("cannot read the password: {e}"))?;
        if first != second {
            return Err("the two passwords are not the same; nothing was changed".into());
        }
        first
    };
    Password::parse(&typed).map_err(|problem| lower_first(problem).trim_end_matches('.').to_owned())
}

/// A domain message as the rest of an `error:` line.
fn lower_first(message: &str) -> String {
    let mut chars = message.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

fn parse_arg<T>(parsed: Result<T, &'static str>, flag: &str) -> Result<T, String> {
    parsed.map_err(|problem| format!("{flag}: {}", lower_first(problem).trim_end_matches('.')))
}

fn create_user(db: &Db, email: &str, name: &str, admin: bool, password_stdin: bool) -> Result<(), String> {
    let email = parse_arg(Email::parse(email), "--email")?;
    let name = parse_arg(UserName::parse(name), "--name")?;
    let role = if admin { Role::Admin } else { Role::Member };
    let settings = settings()?;
    let conn = db.conn().map_err(|e| e.to_string())?;
    // Refuse a taken email before asking for a password.
    if users::find_by_email(&conn, &email).is_ok() {
        return Err(format!("a user with the email {email} already exists"));
    }
    let password = read_password(password_stdin)?;
    let hash = Hasher::new(settings.bcrypt_cost)
        .hash_blocking(&password)
        .map_err(|e| format!("cannot hash the password: {e}"))?;
    let new = NewUser {
        name,
        email: email.clone(),
        password,
        role,
    };
    let user = users::create(&conn, &new, &hash, false).map_err(|e| match e {
        UserError::DuplicateEmail => format!("a user with the email {email} already exists"),
        other => other.to_string(),
    })?;
    let entry =
        Entry::new(Event::UserCreated, Party::command_line(), &user, "").detail(format!("role {}", user.role.as_str()));
    audit::record(&conn, &entry).map_err(|e| e.to_string())?;
    println!(
        "Created {} {} <{}> in {}.",
        user.role.as_str(),
        user.name,
        user.email,
        db.path().display()
    );
    Ok(())
}

fn set_password(db: &Db, email: &str, password_stdin: bool) -> Result<(), String> {
    let email = parse_arg(Email::parse(email), "--email")?;
    let settings = settings()?;
    let conn = db.conn().map_err(|e| e.to_string())?;
    let user = users::find_by_email(&conn, &email).map_err(|e| match e {
        UserError::NotFound => format!(
            "no user has the email {email} in {}; see `gatehouse user list`",
            db.path().display()
        ),
        other => other.to_string(),
    })?;
    let password = read_password(password_stdin)?;
    let hash = Hasher::new(settings.bcrypt_cost)
        .hash_blocking(&password)
        .map_err(|e| format!("cannot hash the password: {e}"))?;
    users::set_password(&conn, user.id, &hash, false).map_err(|e| e.to_string())?;
    let ended = session::end_all_for_user(&conn, user.id, None).map_err(|e| e.to_string())?;
    let entry =
        Entry::new(Event::PasswordReset, Party::command_line(), &user, "").detail(format!("{ended} session(s) ended"));
    audit::record(&conn, &entry).map_err(|e| e.to_string())?;
    println!(
        "Changed the password of {} <{}> in {}; {ended} session(s) signed out.",
        user.name,
        user.email,
        db.path().display()
    );
    Ok(())
}

fn list_users(db: &Db, json: bool) -> Result<(), String> {
    let conn = db.conn().map_err(|e| e.to_string())?;
    let all = users::all(&conn).map_err(|e| e.to_string())?;
    if json {
        let text = serde_json::to_string_pretty(&all).map_err(|e| e.to_string())?;
        println!("{text}");
        return Ok(());
    }
    if all.is_empty() {
        println!(
            "No users yet in {}. Create the first admin with: gatehouse user create --admin --email … --name …",
            db.path().display()
        );
        return Ok(());
    }
    let width = |f: &dyn Fn(&users::User) -> usize, title: usize| all.iter().map(f).max().unwrap_or(0).max(title);
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

/// Integrity, foreign keys and schema version, read-only; never creates a file.
fn check(db: Option<PathBuf>) -> Result<(), String> {
    let (path, _) = db_path(db)?;
    if !path.is_file() {
        return Err(format!("there is no database at {}", path.display()));
    }
    let conn = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let problems = db::check(&conn).map_err(|e| format!("cannot check {}: {e}", path.display()))?;
    if problems.is_empty() {
        println!("{} is sound (schema version {}).", path.display(), db::SCHEMA_VERSION);
        Ok(())
    } else if problems
        .iter()
        .all(|p| p.contains("start gatehouse once to upgrade it"))
    {
        Err(format!("{}: {}", path.display(), problems.join("; ")))
    } else {
        Err(format!(
            "{} is not sound: {}; restore a backup",
            path.display(),
            problems.join("; ")
        ))
    }
}
