//! Passwords at the command line: never an argument; one line from standard
//! input with `--password-stdin`, else asked twice on the terminal without echo.

use std::io::{BufRead, IsTerminal};

use crate::domain::Password;
use crate::i18n;

use super::{text, text_with};

fn unreadable(e: std::io::Error) -> String {
    text_with("cli-password-unreadable", &[("reason", e.to_string().into())])
}

/// A new password: one line from standard input, or asked twice on the terminal.
pub fn read_password(from_stdin: bool) -> Result<Password, String> {
    let typed = if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| text_with("cli-password-stdin-unreadable", &[("reason", e.to_string().into())]))?;
        let line = line.strip_suffix('\n').unwrap_or(&line);
        line.strip_suffix('\r').unwrap_or(line).to_owned()
    } else {
        if !std::io::stdin().is_terminal() {
            return Err(text("cli-no-terminal"));
        }
        let first = rpassword::prompt_password(format!("{} ", text("cli-password-prompt"))).map_err(unreadable)?;
        let second = rpassword::prompt_password(format!("{} ", text("cli-password-again"))).map_err(unreadable)?;
        if first != second {
            return Err(text("cli-passwords-differ"));
        }
        first
    };
    Password::parse(&typed).map_err(|problem| i18n::problem_for_flag(*super::LANGUAGE, "", problem))
}
