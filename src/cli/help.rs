//! clap's command tree in this computer's language: every command's and
//! option's description and value name from the catalogue (cli.ftl), the
//! headings and placeholders that clap would write in English, and our own
//! `-h/--help` and `-V/--version` in place of clap's.

use clap::{Arg, ArgAction, Command, CommandFactory};

use crate::i18n::Language;

use super::Cli;

/// Each command, by its path below `gatehouse`, and the message that describes it.
const ABOUT: &[(&str, &str)] = &[
    ("", "cli-about"),
    ("serve", "cli-about-serve"),
    ("user", "cli-about-user"),
    ("user create", "cli-about-user-create"),
    ("user set-password", "cli-about-user-set-password"),
    ("user invite", "cli-about-user-invite"),
    ("user reset-link", "cli-about-user-reset-link"),
    ("user reset-two-factor", "cli-about-user-reset-two-factor"),
    ("user list", "cli-about-user-list"),
    ("user groups", "cli-about-user-groups"),
    ("user import", "cli-about-user-import"),
    ("user export", "cli-about-user-export"),
    ("group", "cli-about-group"),
    ("group create", "cli-about-group-create"),
    ("group rename", "cli-about-group-rename"),
    ("group delete", "cli-about-group-delete"),
    ("group list", "cli-about-group-list"),
    ("app", "cli-about-app"),
    ("app create", "cli-about-app-create"),
    ("app list", "cli-about-app-list"),
    ("app delete", "cli-about-app-delete"),
    ("app new-secret", "cli-about-app-new-secret"),
    ("import", "cli-about-import"),
    ("import flask", "cli-about-import-flask"),
    ("oidc", "cli-about-oidc"),
    ("oidc rotate-key", "cli-about-oidc-rotate-key"),
    ("backup", "cli-about-backup"),
    ("restore", "cli-about-restore"),
    ("check", "cli-about-check"),
    ("mail", "cli-about-mail"),
    ("mail test", "cli-about-mail-test"),
    ("copy", "cli-about-copy"),
];

/// One argument's words: its id, the message that describes it, and for one
/// that takes a value, the message that names the value.
type Words = (&'static str, &'static str, Option<&'static str>);

/// `serve`'s options, which `gatehouse` alone takes too.
const SERVE: &[Words] = &[
    ("address", "cli-arg-address", Some("cli-value-address")),
    ("port", "cli-arg-port", Some("cli-value-port")),
    ("open", "cli-arg-open", None),
    ("no_open", "cli-arg-no-open", None),
    ("tls_cert", "cli-arg-tls-cert", Some("cli-value-pem")),
    ("tls_key", "cli-arg-tls-key", Some("cli-value-pem")),
];

const EMAIL: Words = ("email", "cli-arg-email", Some("cli-value-email"));
const NAME: Words = ("name", "cli-arg-name", Some("cli-value-name"));
const ADMIN: Words = ("admin", "cli-arg-admin", None);
const GROUP_NAME: Words = ("name", "cli-arg-group-name", Some("cli-value-group"));
const PASSWORD_STDIN: Words = ("password_stdin", "cli-arg-password-stdin", None);

/// Every other command's arguments (`--db` is the top level's, for every command).
const ARGS: &[(&str, &[Words])] = &[
    ("", &[("db", "cli-arg-db", Some("cli-value-db"))]),
    ("user create", &[EMAIL, NAME, ADMIN, PASSWORD_STDIN]),
    ("user set-password", &[EMAIL, PASSWORD_STDIN]),
    ("user invite", &[EMAIL, NAME, ADMIN]),
    ("user reset-link", &[EMAIL]),
    ("user reset-two-factor", &[EMAIL]),
    ("user list", &[("json", "cli-arg-json", None)]),
    (
        "user groups",
        &[EMAIL, ("set", "cli-arg-groups-set", Some("cli-value-groups"))],
    ),
    (
        "user import",
        &[
            ("file", "cli-arg-sheet-file", Some("cli-value-csv")),
            ("apply", "cli-arg-sheet-apply", None),
        ],
    ),
    (
        "user export",
        &[("output", "cli-arg-sheet-output", Some("cli-value-csv"))],
    ),
    ("group create", &[GROUP_NAME]),
    (
        "group rename",
        &[GROUP_NAME, ("to", "cli-arg-group-to", Some("cli-value-group"))],
    ),
    ("group delete", &[GROUP_NAME]),
    ("group list", &[("json", "cli-arg-json", None)]),
    (
        "app create",
        &[
            ("name", "cli-arg-app-name", Some("cli-value-app")),
            ("host", "cli-arg-app-host", Some("cli-value-host")),
            ("path", "cli-arg-app-path", Some("cli-value-path")),
            ("allow", "cli-arg-app-allow", Some("cli-value-allow")),
            ("two_factor", "cli-arg-app-two-factor", None),
            ("oidc", "cli-arg-app-oidc", None),
            ("redirect_uris", "cli-arg-app-redirect-uri", Some("cli-value-url")),
            ("public", "cli-arg-app-public", None),
            ("no_pkce", "cli-arg-app-no-pkce", None),
            ("refresh", "cli-arg-app-refresh", None),
            ("consent", "cli-arg-app-consent", Some("cli-value-consent")),
            ("json", "cli-arg-json", None),
        ],
    ),
    ("app list", &[("json", "cli-arg-json", None)]),
    ("app delete", &[("name", "cli-arg-app-name", Some("cli-value-app"))]),
    (
        "app new-secret",
        &[
            ("name", "cli-arg-app-name", Some("cli-value-app")),
            ("json", "cli-arg-json", None),
        ],
    ),
    (
        "import flask",
        &[
            ("from", "cli-arg-import-from", Some("cli-value-source")),
            ("table", "cli-arg-import-table", Some("cli-value-table")),
            ("columns", "cli-arg-import-columns", Some("cli-value-columns")),
            ("apply", "cli-arg-import-apply", None),
        ],
    ),
    ("backup", &[("dest", "cli-arg-backup-dest", Some("cli-value-dest"))]),
    ("restore", &[("src", "cli-arg-restore-src", Some("cli-value-src"))]),
    ("mail test", &[("to", "cli-arg-mail-to", Some("cli-value-email"))]),
    ("copy", &[("to", "cli-arg-copy-to", Some("cli-value-db"))]),
];

/// The words of argument `id` of the command at `path`.
fn words(path: &str, id: &str) -> Option<Words> {
    let serve = matches!(path, "" | "serve").then_some(SERVE).into_iter();
    let others = ARGS.iter().filter(|(p, _)| *p == path).map(|(_, args)| *args);
    serve.chain(others).flatten().find(|(i, _, _)| *i == id).copied()
}

/// The text of `key`, kept for the rest of the run: clap takes headings and
/// value names as `&'static str` (without its `string` feature), and the
/// command line is built once a run.
fn kept(language: Language, key: &str) -> &'static str {
    language.text(key).leak()
}

/// The whole command line, in `language`, ready to parse.
pub fn command(language: Language) -> Command {
    let options = kept(language, "cli-heading-options");
    let mut root = localized(Cli::command(), "", language)
        .disable_version_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .global(true)
                .help(language.text("cli-arg-help"))
                .help_heading(options),
        )
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(language.text("cli-arg-version"))
                .help_heading(options),
        );
    root.build();
    translate_built(&mut root, language, false);
    root
}

/// clap's layout of a help, with its heading in the language.
fn template(language: Language) -> String {
    format!(
        "{{before-help}}{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
        language.text("cli-heading-usage")
    )
}

/// `cmd` (at `path`) and its subcommands with the catalogue's words.
fn localized(mut cmd: Command, path: &str, language: Language) -> Command {
    let about = ABOUT
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, key)| language.text(key));
    cmd = cmd
        .about(about.unwrap_or_default())
        .help_template(template(language))
        .disable_help_flag(true)
        .subcommand_help_heading(kept(language, "cli-heading-commands"))
        .subcommand_value_name(kept(language, "cli-placeholder-command"));
    let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        let found = words(path, &id);
        cmd = cmd.mut_arg(&id, |arg| {
            let heading = if arg.is_positional() {
                "cli-heading-arguments"
            } else {
                "cli-heading-options"
            };
            let arg = arg.hide_env(true).help_heading(kept(language, heading));
            match found {
                Some((_, help, value)) => {
                    let arg = arg.help(language.text(help));
                    match value {
                        Some(value) => arg.value_name(kept(language, value)),
                        None => arg,
                    }
                }
                None => arg,
            }
        });
    }
    let names: Vec<String> = cmd.get_subcommands().map(|c| c.get_name().to_owned()).collect();
    for name in names {
        let below = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |sub| localized(sub, &below, language));
    }
    cmd
}

/// What clap adds when it builds the tree, in the language: every command's
/// usage line (with its `[OPTIONS]`), and the `help` subcommands (with their
/// own subcommands, one for each command).
fn translate_built(cmd: &mut Command, language: Language, in_help: bool) {
    let in_help = in_help || cmd.get_name() == "help";
    if in_help {
        let mut help = std::mem::take(cmd)
            .help_template(template(language))
            .subcommand_help_heading(kept(language, "cli-heading-commands"))
            .subcommand_value_name(kept(language, "cli-placeholder-command"));
        if help.get_name() == "help" {
            help = help.about(language.text("cli-about-help"));
        }
        *cmd = help;
    }
    let usage = cmd.render_usage().to_string();
    let usage = usage.split_once(": ").map_or(usage.as_str(), |(_, rest)| rest);
    let placeholder = format!("[{}]", language.text("cli-placeholder-options"));
    let usage = usage.replace("[OPTIONS]", &placeholder);
    *cmd = std::mem::take(cmd).override_usage(usage);
    for sub in cmd.get_subcommands_mut() {
        translate_built(sub, language, in_help);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and argument, by path, as clap defines them.
    fn tree(cmd: &Command, path: &str, into: &mut Vec<(String, Option<String>)>) {
        into.push((path.to_owned(), None));
        for arg in cmd.get_arguments() {
            into.push((path.to_owned(), Some(arg.get_id().to_string())));
        }
        for sub in cmd.get_subcommands() {
            let below = if path.is_empty() {
                sub.get_name().to_owned()
            } else {
                format!("{path} {}", sub.get_name())
            };
            tree(sub, &below, into);
        }
    }

    #[test]
    fn every_command_and_argument_has_words() {
        let mut all = Vec::new();
        tree(&Cli::command(), "", &mut all);
        for (path, arg) in all {
            match arg {
                None => assert!(ABOUT.iter().any(|(p, _)| *p == path), "no about for {path:?}"),
                Some(id) => assert!(words(&path, &id).is_some(), "no help for {id} of {path:?}"),
            }
        }
    }

    #[test]
    fn the_help_speaks_the_language() {
        let spanish = Language::find("es").unwrap();
        let help = command(spanish).render_help().to_string();
        for english in ["Usage", "Options", "Commands", "Print", "OPTIONS", "COMMAND", "[env:"] {
            assert!(!help.contains(english), "{english} in {help}");
        }
        assert!(help.contains("Uso: gatehouse [OPCIONES] [COMANDO]"), "{help}");
        let mut cmd = command(spanish);
        let create = cmd
            .find_subcommand_mut("user")
            .and_then(|user| user.find_subcommand_mut("create"))
            .unwrap()
            .render_help()
            .to_string();
        assert!(
            create.contains("--email <CORREO>") && create.contains("--db <RUTA o URL>"),
            "{create}"
        );
        assert!(create.contains("Uso: gatehouse user create [OPCIONES]"), "{create}");
    }

    #[test]
    fn english_help_reads_as_clap_s() {
        let help = command(Language::english()).render_help().to_string();
        for words in [
            "Usage: gatehouse [OPTIONS] [COMMAND]",
            "Commands:\n  serve",
            "Options:\n",
            "-h, --help",
            "Print help",
            "-V, --version",
        ] {
            assert!(help.contains(words), "{words} not in {help}");
        }
    }
}
