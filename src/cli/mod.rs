//! The command line: clap's definition of every command, and dispatch to
//! the files beside this one: `serve`, the `user` commands, and the
//! maintenance commands (backup, restore, check). They call the same use
//! cases as the web.

mod heap;
mod location;
mod mail;
mod maintenance;
mod prompt;
mod serve;
mod users;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::LazyLock;

use clap::{Parser, Subcommand};

use crate::i18n::{Arg, Language};

use self::serve::ServeArgs;

#[derive(Debug, Parser)]
#[command(
    name = "gatehouse",
    version,
    about = "A sign-in page and user management for a small office, on one SQLite file."
)]
pub struct Cli {
    /// The database: a SQLite file, or postgres://USER@HOST:PORT/DATABASE (the password may come from PGPASSWORD) [default: gatehouse.db in this computer's data folder for gatehouse]
    #[arg(long, global = true, env = "GATEHOUSE_DB", value_name = "PATH or URL")]
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
    /// Mail: check the [default.smtp] settings
    #[command(subcommand)]
    Mail(MailCommand),
    /// Copy the whole database into an empty one: a SQLite file or a postgres:// URL (stop the servers first)
    Copy {
        /// The database to copy into: a new file, or an empty PostgreSQL database
        #[arg(long, value_name = "PATH or URL")]
        to: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Send a test message and print the mail server's answer
    Test {
        /// The address to send it to
        #[arg(long)]
        to: String,
    },
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
    /// Add a user without a password and print their invitation link
    Invite {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Make the user an administrator
        #[arg(long)]
        admin: bool,
    },
    /// Print a link with which a user chooses a new password
    ResetLink {
        #[arg(long)]
        email: String,
    },
    /// Turn a user's two-step sign-in off (a lost phone) and end their sessions
    ResetTwoFactor {
        #[arg(long)]
        email: String,
    },
    /// List every user with role and status
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
}

/// The language of this computer, which the command line speaks.
static LANGUAGE: LazyLock<Language> = LazyLock::new(Language::of_this_computer);

/// The text of message `key` in this computer's language.
fn text(key: &str) -> String {
    LANGUAGE.text(key)
}

/// The text of message `key` with its arguments, in this computer's language.
fn text_with(key: &str, args: &[(&str, Arg)]) -> String {
    LANGUAGE.text_with(key, args)
}

/// Parses the command line, runs the command, and turns a failure into one
/// `error:` line and exit status 1 (clap itself exits 2 on usage errors).
pub fn main() -> ExitCode {
    heap::keep_memory_small();
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
    eprintln!("{}", text("cli-press-enter"));
    let _ = std::io::stdin().read_line(&mut String::new());
}

#[cfg(not(windows))]
fn keep_window_open() {}

fn run(cli: Cli, started_bare: bool) -> Result<(), String> {
    match cli.command {
        None => unreachable!("main makes no command into `serve`"),
        Some(Command::Serve(args)) => serve::serve(cli.db, args, started_bare),
        Some(Command::User(command)) => {
            let default_db = cli.db.is_none();
            let app = location::open_app(cli.db)?;
            match command {
                UserCommand::Create {
                    email,
                    name,
                    admin,
                    password_stdin,
                } => users::create(&app, &email, &name, admin, password_stdin),
                UserCommand::SetPassword { email, password_stdin } => users::set_password(&app, &email, password_stdin),
                UserCommand::Invite { email, name, admin } => users::invite(&app, &email, &name, admin),
                UserCommand::ResetLink { email } => users::reset_link(&app, &email),
                UserCommand::ResetTwoFactor { email } => users::reset_two_factor(&app, &email),
                UserCommand::List { json } => users::list(&app, json, default_db),
            }
        }
        Some(Command::Check) => maintenance::check(cli.db),
        Some(Command::Mail(MailCommand::Test { to })) => mail::test(&to),
        Some(Command::Backup { dest }) => maintenance::backup(cli.db, &dest),
        Some(Command::Restore { src }) => maintenance::restore(cli.db, &src),
        Some(Command::Copy { to }) => maintenance::copy(cli.db, to),
    }
}
