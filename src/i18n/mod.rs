//! The words people read, chosen at the edge: the text of every domain
//! message id and of every error status. English today; the languages issue
//! puts these in a catalogue beside a Spanish one.

use crate::domain::Problem;

/// What a person is told for `problem`.
pub fn problem(problem: Problem) -> &'static str {
    match problem {
        Problem::EmailMissing => "Enter an email address.",
        Problem::EmailTooLong => "An email address can be at most 254 characters long.",
        Problem::EmailHasSpaces => "An email address cannot contain spaces.",
        Problem::EmailShape => "Enter an email address like name@example.com.",
        Problem::EmailTaken => "Someone already has this email address. Use another one.",
        Problem::NameMissing => "Enter a name.",
        Problem::NameTooLong => "A name can be at most 80 characters long.",
        Problem::NameHasControls => "A name cannot contain control characters such as tabs or line breaks.",
        Problem::PasswordTooShort => "Choose a password of at least 8 characters.",
        Problem::PasswordCommon => "This password is one of the most common ones and would be guessed quickly. Choose another: a few unrelated words make a good one.",
        Problem::PasswordTooLong => "A password can be at most 72 bytes long (72 letters, fewer with accents or symbols). Choose a shorter one.",
        Problem::PasswordsDiffer => "The two passwords are not the same. Type the same password twice.",
        Problem::PasswordUnchanged => "Choose a password different from the current one.",
        Problem::CurrentPasswordWrong => "That is not your current password. Type it again.",
        Problem::RoleUnknown => "Choose a role: admin or member.",
        Problem::LastAdmin => "This is the last active administrator. Make someone else an administrator first, so that someone can still manage users.",
        Problem::OwnPassword => "To change your own password, use Your account: it asks for your current password first.",
        Problem::NotYourself => "You cannot remove your own administrator rights or disable your own account. Ask another administrator.",
        Problem::DeleteYourself => "You cannot delete your own account. Ask another administrator.",
        Problem::PageNumber => "The page number must be a whole number from 1.",
    }
}

/// `problem` as the rest of a command line's `error:` line: "--email:
/// enter an email address".
pub fn problem_for_flag(flag: &str, problem: Problem) -> String {
    let text = self::problem(problem);
    let mut chars = text.chars();
    let lowered: String = chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default();
    let lowered = lowered.trim_end_matches('.');
    match flag {
        "" => lowered.to_owned(),
        flag => format!("{flag}: {lowered}"),
    }
}

/// The heading of an error page, in plain words.
pub fn status_title(code: u16) -> &'static str {
    match code {
        400 | 415 | 422 => "The request could not be read",
        403 => "Not allowed",
        404 => "Page not found",
        405 => "Not available this way",
        413 => "Too much to send",
        421 => "Wrong address",
        429 => "Too many attempts",
        503 => "Not available just now",
        _ => "Something went wrong",
    }
}

/// What a person is told for each status.
pub fn status_message(code: u16) -> &'static str {
    match code {
        400 => "The request could not be read. Go back, reload the page and try again.",
        403 => "You are not allowed to do this. If you were filling in a form, it may have expired: go back, reload the page and try again.",
        404 => "There is nothing at this address. Check the link, or go back to the start page.",
        405 => "This page cannot be used that way. Go back to the start page.",
        413 => "What you sent is too large. Shorten it and try again.",
        415 => "This page expects a form. Go back, reload the page and try again.",
        421 => "This server does not answer to that address. Open gatehouse by the address it printed when it started. An administrator can allow other names with the allowed_hosts setting.",
        422 => "Some of the form was missing or could not be read. Go back, reload the page and try again.",
        429 => "Too many attempts. Wait a little and try again.",
        503 => "The database cannot be reached just now (the disk may be full or read-only). Try again in a moment; if this goes on, tell whoever runs gatehouse.",
        _ => "Something went wrong on our side. Try again; if this goes on, tell whoever runs gatehouse.",
    }
}

/// What a member is told when they reach a page for administrators.
pub const ADMINS_ONLY: &str = "This page is for administrators, and you are signed in as a member. \
     If something here needs changing, ask an administrator.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_messages_read_as_the_rest_of_a_line() {
        assert_eq!(
            problem_for_flag("--email", Problem::EmailMissing),
            "--email: enter an email address"
        );
        assert_eq!(
            problem_for_flag("", Problem::PasswordTooShort),
            "choose a password of at least 8 characters"
        );
    }
}
