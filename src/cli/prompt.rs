//! Passwords at the command line: never an argument; one line from standard
//! input with `--password-stdin`, else asked twice on the terminal without echo.

use std::io::{BufRead, IsTerminal};

use crate::domain::Password;
use crate::i18n;

/// A new password: one line from standard input, or asked twice on the terminal.
pub fn read_password(from_stdin: bool) -> Result<Password, String> {
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
    Password::parse(&typed).map_err(|problem| i18n::problem_for_flag("", problem))
}
