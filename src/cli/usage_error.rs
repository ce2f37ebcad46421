//! clap's usage errors in this computer's language: the same lines clap
//! writes (`error: …`, a `tip:` with a similar name, the usage, where to
//! find more), each from the catalogue, built from what clap found
//! (`ContextKind`), never from its English text.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::Error;

use crate::i18n::{Arg, Language};

/// `error` as clap would print it, in `language`.
pub fn render(language: Language, error: &Error) -> String {
    let text = |key: &str, args: &[(&str, Arg)]| language.text_with(key, args);
    let quoted = |s: &str| text("cli-quoted", &[("text", s.to_owned().into())]);
    let list = |items: &[String]| items.iter().map(|s| quoted(s)).collect::<Vec<_>>().join(", ");
    let string = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.as_str()),
        _ => None,
    };
    let strings = |kind| match error.get(kind) {
        Some(ContextValue::Strings(s)) => Some(s.as_slice()),
        Some(ContextValue::String(s)) => Some(std::slice::from_ref(s)),
        _ => None,
    };
    let arg = string(ContextKind::InvalidArg).unwrap_or_default();
    let value = string(ContextKind::InvalidValue).unwrap_or_default();
    let with = |pairs: &[(&'static str, &str)]| -> Vec<(&'static str, Arg)> {
        pairs.iter().map(|(k, v)| (*k, Arg::from((*v).to_owned()))).collect()
    };

    let mut message = match error.kind() {
        ErrorKind::UnknownArgument => text("cli-error-unknown-argument", &with(&[("arg", arg)])),
        ErrorKind::InvalidSubcommand => text(
            "cli-error-unknown-command",
            &with(&[("command", string(ContextKind::InvalidSubcommand).unwrap_or_default())]),
        ),
        ErrorKind::InvalidValue if value.is_empty() => text("cli-error-value-missing", &with(&[("arg", arg)])),
        ErrorKind::InvalidValue => text("cli-error-invalid-value", &with(&[("arg", arg), ("value", value)])),
        ErrorKind::ValueValidation => {
            // What a port and an address must be, in the language; another
            // value's reason is the system's own.
            let reason = if arg.starts_with("--port") {
                Some(text("cli-reason-port", &[]))
            } else if arg.starts_with("--address") {
                Some(text("cli-reason-address", &[]))
            } else {
                std::error::Error::source(error).map(|e| e.to_string())
            };
            match reason {
                Some(reason) => text(
                    "cli-error-invalid-value-because",
                    &with(&[("arg", arg), ("value", value), ("reason", &reason)]),
                ),
                None => text("cli-error-invalid-value", &with(&[("arg", arg), ("value", value)])),
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let mut m = text("cli-error-required", &[]);
            for missing in strings(ContextKind::InvalidArg).unwrap_or_default() {
                m.push_str(&format!("\n  {missing}"));
            }
            m
        }
        ErrorKind::MissingSubcommand => text(
            "cli-error-command-required",
            &with(&[("command", string(ContextKind::InvalidSubcommand).unwrap_or_default())]),
        ),
        ErrorKind::ArgumentConflict => conflict(language, error, &quoted, &list),
        ErrorKind::NoEquals => text("cli-error-no-equals", &with(&[("arg", arg)])),
        ErrorKind::TooManyValues => text("cli-error-too-many-values", &with(&[("arg", arg), ("value", value)])),
        ErrorKind::InvalidUtf8 => text("cli-error-not-utf8", &[]),
        _ => text("cli-error-other", &[]),
    };
    if let Some(values) = strings(ContextKind::ValidValue).filter(|v| !v.is_empty()) {
        let values = values.iter().map(String::as_str).collect::<Vec<_>>().join(", ");
        message.push_str(&format!(
            "\n  {}",
            text("cli-error-possible-values", &with(&[("values", &values)]))
        ));
    }
    if let Some(commands) = strings(ContextKind::ValidSubcommand).filter(|v| !v.is_empty()) {
        let commands = commands.iter().map(String::as_str).collect::<Vec<_>>().join(", ");
        message.push_str(&format!(
            "\n  {}",
            text("cli-error-commands", &with(&[("commands", &commands)]))
        ));
    }

    let mut tips = Vec::new();
    for (kind, key) in [
        (ContextKind::SuggestedSubcommand, "cli-tip-similar-command"),
        (ContextKind::SuggestedArg, "cli-tip-similar-argument"),
        (ContextKind::SuggestedValue, "cli-tip-similar-value"),
    ] {
        if let Some(similar) = strings(kind) {
            tips.push(text(
                key,
                &[
                    ("names", list(similar).into()),
                    ("count", (similar.len() as i64).into()),
                ],
            ));
        }
    }
    // clap's other tip: an unknown `--x` before a positional argument.
    if error.kind() == ErrorKind::UnknownArgument && error.get(ContextKind::Suggested).is_some() {
        tips.push(text("cli-tip-as-value", &with(&[("arg", arg)])));
    }

    let mut out = format!("error: {message}\n");
    if !tips.is_empty() {
        out.push('\n');
        for tip in tips {
            out.push_str(&format!("  {}: {tip}\n", text("cli-tip", &[])));
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.split_once(": ").map_or(usage.as_str(), |(_, rest)| rest);
        out.push_str(&format!("\n{}: {usage}\n", text("cli-heading-usage", &[])));
    }
    out.push_str(&format!(
        "\n{}\n",
        text("cli-more-information", &with(&[("flag", "--help")]))
    ));
    out
}

/// "the argument '--x' cannot be used with '--y'", and its kin.
fn conflict(
    language: Language,
    error: &Error,
    quoted: &dyn Fn(&str) -> String,
    list: &dyn Fn(&[String]) -> String,
) -> String {
    let text = |key: &str, args: Vec<(&str, Arg)>| language.text_with(key, &args);
    let prior: Vec<String> = match error.get(ContextKind::PriorArg) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(s)) => s.clone(),
        _ => Vec::new(),
    };
    match (
        error.get(ContextKind::InvalidArg),
        error.get(ContextKind::InvalidSubcommand),
    ) {
        (Some(ContextValue::String(arg)), _) if prior.is_empty() || prior == [arg.clone()] => {
            text("cli-error-repeated", vec![("arg", quoted(arg).into())])
        }
        (Some(ContextValue::String(arg)), _) => text(
            "cli-error-conflict",
            vec![("arg", quoted(arg).into()), ("others", list(&prior).into())],
        ),
        (_, Some(ContextValue::String(command))) => text(
            "cli-error-command-conflict",
            vec![("command", quoted(command).into()), ("others", list(&prior).into())],
        ),
        _ => text("cli-error-other", Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(language: Language, args: &[&str]) -> String {
        let error = super::super::help::command(language)
            .try_get_matches_from(std::iter::once("gatehouse").chain(args.iter().copied()))
            .unwrap_err();
        render(language, &error)
    }

    #[test]
    fn english_errors_read_as_clap_s() {
        let en = Language::english();
        assert_eq!(
            error_of(en, &["--no-opn"]),
            "error: unexpected argument '--no-opn' found\n\n  tip: a similar argument exists: '--no-open'\n\nUsage: gatehouse [OPTIONS] [COMMAND]\n\nFor more information, try '--help'.\n"
        );
        assert!(error_of(en, &["chek"])
            .starts_with("error: unrecognized subcommand 'chek'\n\n  tip: a similar subcommand exists: 'check'\n"));
        let missing = error_of(en, &["user", "create", "--email", "a@b"]);
        assert!(
            missing.starts_with("error: the following required arguments were not provided:\n  --name <NAME>\n"),
            "{missing}"
        );
        let port = error_of(en, &["serve", "--port", "http"]);
        assert!(
            port.starts_with("error: invalid value 'http' for '--port <PORT>': write a number from 0 to 65535\n"),
            "{port}"
        );
    }

    #[test]
    fn spanish_errors_keep_clap_s_shape_in_spanish() {
        let es = Language::find("es").unwrap();
        let said = error_of(es, &["--no-opn"]);
        assert!(
            said.starts_with("error: no se esperaba el argumento «--no-opn»\n"),
            "{said}"
        );
        assert!(
            said.contains("«--no-open»") && said.contains("Uso: gatehouse [OPCIONES] [COMANDO]"),
            "{said}"
        );
        for english in ["Usage", "tip:", "For more", "found", "similar"] {
            assert!(!said.contains(english), "{english} in {said}");
        }
        let twice = error_of(es, &["user", "list", "--json", "--json"]);
        assert!(
            twice.starts_with("error: el argumento «--json» no se puede usar más de una vez"),
            "{twice}"
        );
    }
}
