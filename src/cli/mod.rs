//! The command line: clap's definition of every command, in this computer's
//! language (help.rs sets its words from the catalogue, usage_error.rs
//! writes clap's errors), and dispatch to the files beside this one:
//! `serve`, the `user` commands, and the maintenance commands (backup,
//! restore, check, copy). They call the same use cases as the web.

mod apps;
#[cfg(windows)]
mod console_close;
mod groups;
mod heap;
mod help;
mod import;
mod location;
mod mail;
mod maintenance;
mod oidc;
mod progress;
mod prompt;
mod serve;
mod spreadsheets;
mod usage_error;
mod users;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::LazyLock;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::parser::ValueSource;
use clap::{FromArgMatches, Parser, Subcommand};

use crate::i18n::{Arg, Language};
use crate::{config, logging};

use self::serve::ServeArgs;

// The words of every command and option are in the catalogue (cli.ftl),
// set by help.rs: no doc comments here, which clap would show in English.
#[derive(Debug, Parser)]
#[command(name = "gatehouse", version)]
pub struct Cli {
    #[arg(long, global = true, env = "GATEHOUSE_DB", value_name = "PATH or URL")]
    pub db: Option<PathBuf>,

    // With no command, `gatehouse` is `gatehouse serve`, and takes its options.
    #[command(flatten)]
    pub serve: ServeArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Serve(ServeArgs),
    #[command(subcommand)]
    User(UserCommand),
    #[command(subcommand)]
    Group(GroupCommand),
    #[command(subcommand)]
    App(AppCommand),
    #[command(subcommand)]
    Oidc(OidcCommand),
    #[command(subcommand)]
    Import(ImportCommand),
    Backup {
        dest: PathBuf,
    },
    Restore {
        src: PathBuf,
    },
    Check,
    #[command(subcommand)]
    Mail(MailCommand),
    Copy {
        #[arg(long)]
        to: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    Test {
        #[arg(long)]
        to: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        admin: bool,
        #[arg(long)]
        password_stdin: bool,
    },
    SetPassword {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password_stdin: bool,
    },
    Invite {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        admin: bool,
    },
    ResetLink {
        #[arg(long)]
        email: String,
    },
    ResetTwoFactor {
        #[arg(long)]
        email: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    Groups {
        #[arg(long)]
        email: String,
        #[arg(long)]
        set: String,
    },
    Import {
        file: PathBuf,
        #[arg(long)]
        apply: bool,
    },
    Export {
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AppCommand {
    Create(AppCreateArgs),
    List {
        #[arg(long)]
        json: bool,
    },
    Delete {
        #[arg(long)]
        name: String,
    },
    NewSecret {
        #[arg(long)]
        name: String,
        #[arg(long)]
        json: bool,
    },
}

/// `app create`: behind the proxy (`--host`) or signing in through
/// gatehouse (`--oidc` and its redirect URIs).
#[derive(Debug, clap::Args)]
pub struct AppCreateArgs {
    #[arg(long)]
    pub name: String,
    #[arg(long, required_unless_present = "oidc", conflicts_with = "oidc")]
    pub host: Option<String>,
    #[arg(long, default_value = "", conflicts_with = "oidc")]
    pub path: String,
    #[arg(long, num_args = 1..)]
    pub allow: Vec<String>,
    #[arg(long)]
    pub two_factor: bool,
    #[arg(long)]
    pub oidc: bool,
    #[arg(long = "redirect-uri", conflicts_with = "host", required_if_eq("oidc", "true"))]
    pub redirect_uris: Vec<String>,
    #[arg(long, conflicts_with = "host")]
    pub public: bool,
    #[arg(long, conflicts_with = "host")]
    pub no_pkce: bool,
    #[arg(long, conflicts_with = "host")]
    pub refresh: bool,
    #[arg(long, conflicts_with = "host", default_value = "none")]
    pub consent: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    Create {
        #[arg(long)]
        name: String,
    },
    Rename {
        #[arg(long)]
        name: String,
        #[arg(long)]
        to: String,
    },
    Delete {
        #[arg(long)]
        name: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    Flask {
        #[arg(long)]
        from: PathBuf,
        #[arg(long)]
        table: Option<String>,
        #[arg(long)]
        columns: Option<String>,
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum OidcCommand {
    RotateKey,
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

/// Parses the command line, starts the log, runs the command, and turns a
/// failure (a wrong log setting too) into one `error:` line and exit status 1. A usage error is clap's (exit status 2),
/// in this computer's language, as are `--help` and `--version` (exit status 0).
pub fn main() -> ExitCode {
    heap::keep_memory_small();
    let started_bare = std::env::args_os().len() == 1;
    let cli = match parse(*LANGUAGE, std::env::args_os()) {
        Ok(cli) => cli,
        Err(error) => {
            match error.kind() {
                ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    let _ = error.print();
                }
                _ => eprint!("{}", usage_error::render(*LANGUAGE, &error)),
            }
            if started_bare {
                // A setting in the environment (GATEHOUSE_PORT) that clap refused.
                keep_window_open();
            }
            return ExitCode::from(error.exit_code().clamp(0, 255) as u8);
        }
    };
    match start_log().and_then(|()| run(cli)) {
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

/// The command line in `language`, or the usage error to show. `serve`'s
/// options given before a command other than `serve` are refused, as clap
/// refuses an option a command does not take.
fn parse<I, T>(language: Language, args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let mut command = help::command(language);
    let matches = command.try_get_matches_from_mut(args)?;
    let cli = Cli::from_arg_matches(&matches).map_err(|e| e.with_cmd(&command))?;
    if let Some((name, _)) = matches.subcommand().filter(|(name, _)| *name != "serve") {
        let given: Vec<String> = command
            .get_arguments()
            .filter(|arg| !arg.is_global_set() && arg.get_long().is_some())
            .filter(|arg| matches.value_source(arg.get_id().as_str()) == Some(ValueSource::CommandLine))
            .map(|arg| format!("--{}", arg.get_long().unwrap_or_default()))
            .collect();
        if !given.is_empty() {
            let mut error = clap::Error::new(ErrorKind::ArgumentConflict).with_cmd(&command);
            error.insert(ContextKind::InvalidSubcommand, ContextValue::String(name.to_owned()));
            error.insert(ContextKind::PriorArg, ContextValue::Strings(given));
            error.insert(ContextKind::Usage, ContextValue::StyledStr(command.render_usage()));
            return Err(error);
        }
    }
    Ok(cli)
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

/// The log for the whole run, as Rocket.toml's `log_level` and `log_format`
/// and `GATEHOUSE_LOG` set it (warnings and errors by default, so that a
/// command prints only what it has to say).
fn start_log() -> Result<(), String> {
    let figment = config::figment();
    let mut settings = config::log_settings(&figment, None, *LANGUAGE)
        .map_err(|reason| text_with("cli-settings-invalid", &[("reason", reason.into())]))?;
    if let Some(value) = std::env::var_os(config::LOG_VARIABLE) {
        settings = config::log_settings(&figment, Some(&value.to_string_lossy()), *LANGUAGE)?;
    }
    logging::install(&settings);
    Ok(())
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        // No command: the double-click's start, which opens the browser and
        // finds a server already running on the database.
        None => serve::serve(cli.db, cli.serve, true),
        Some(Command::Serve(args)) => serve::serve(cli.db, args.or(cli.serve), false),
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
                UserCommand::Groups { email, set } => groups::set_of_user(&app, &email, &set),
                UserCommand::Import { file, apply } => spreadsheets::import(&app, &file, apply),
                UserCommand::Export { output } => spreadsheets::export(&app, output.as_deref()),
            }
        }
        Some(Command::Group(command)) => {
            let app = location::open_app(cli.db)?;
            match command {
                GroupCommand::Create { name } => groups::create(&app, &name),
                GroupCommand::Rename { name, to } => groups::rename(&app, &name, &to),
                GroupCommand::Delete { name } => groups::delete(&app, &name),
                GroupCommand::List { json } => groups::list(&app, json),
            }
        }
        Some(Command::App(command)) => {
            let app = location::open_app(cli.db)?;
            match command {
                AppCommand::Create(args) => apps::create(&app, &args),
                AppCommand::List { json } => apps::list(&app, json),
                AppCommand::Delete { name } => apps::delete(&app, &name),
                AppCommand::NewSecret { name, json } => apps::new_secret(&app, &name, json),
            }
        }
        Some(Command::Import(ImportCommand::Flask {
            from,
            table,
            columns,
            apply,
        })) => import::flask(
            &location::open_app(cli.db)?,
            from.into_os_string(),
            table,
            columns,
            apply,
        ),
        Some(Command::Oidc(OidcCommand::RotateKey)) => oidc::rotate_key(&location::open_app(cli.db)?),
        Some(Command::Check) => maintenance::check(cli.db),
        Some(Command::Mail(MailCommand::Test { to })) => mail::test(&to),
        Some(Command::Backup { dest }) => maintenance::backup(cli.db, &dest),
        Some(Command::Restore { src }) => maintenance::restore(cli.db, &src),
        Some(Command::Copy { to }) => maintenance::copy(cli.db, to),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_s_options_may_come_before_serve_but_not_before_another_command() {
        let en = Language::english();
        let cli = parse(en, ["gatehouse", "--no-open", "--port", "1", "serve", "--port", "2"]).unwrap();
        let Some(Command::Serve(args)) = cli.command else {
            panic!("serve")
        };
        let args = args.or(cli.serve);
        assert_eq!((args.port, args.no_open, args.open), (Some(2), true, false));

        let bare = parse(en, ["gatehouse", "--no-open", "--port", "0"]).unwrap();
        assert!(bare.command.is_none() && bare.serve.no_open && bare.serve.port == Some(0));

        let refused = parse(en, ["gatehouse", "--port", "9", "user", "list"]).unwrap_err();
        assert_eq!(refused.kind(), ErrorKind::ArgumentConflict);
        assert!(parse(en, ["gatehouse", "--db", "x.db", "user", "list"]).is_ok());
    }
}
