//! The words people read, in their language: the Fluent catalogues in
//! `locales/<code>/` (compiled into the binary), the languages they make,
//! and the text of a message id with its arguments. A language is one more
//! folder of `.ftl` files there: nothing here names one but English, the
//! fallback for a message a catalogue lacks.

pub mod negotiate;
pub mod time;

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::loader::LanguageIdentifier;
use fluent_templates::Loader;

use crate::domain::Problem;

fluent_templates::static_loader! {
    static CATALOGUE = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: they would be
        // invisible characters in pages, mail and terminals.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// One argument of a message: a text or a number (numbers choose plurals).
pub type Arg = FluentValue<'static>;

struct Known {
    id: &'static LanguageIdentifier,
    code: String,
}

/// Every language the catalogues hold, English first, then by code.
static LANGUAGES: LazyLock<Vec<Known>> = LazyLock::new(|| {
    let mut all: Vec<Known> = CATALOGUE
        .locales()
        .map(|id| Known {
            id,
            code: id.to_string(),
        })
        .collect();
    all.sort_by(|a, b| (a.code != "en", &a.code).cmp(&(b.code != "en", &b.code)));
    all
});

/// A language gatehouse has a catalogue for.
#[derive(Clone, Copy)]
pub struct Language(&'static Known);

impl PartialEq for Language {
    fn eq(&self, other: &Language) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Language {}

impl fmt::Debug for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Language({})", self.0.code)
    }
}

impl Language {
    /// Every language there is a catalogue for, English first.
    pub fn all() -> impl Iterator<Item = Language> {
        LANGUAGES.iter().map(Language)
    }

    /// English, the fallback.
    pub fn english() -> Language {
        Language::find("en").expect("the English catalogue is compiled in")
    }

    /// The language with this code (`es`, `pt-BR`; any case), if there is a catalogue for it.
    pub fn find(code: &str) -> Option<Language> {
        Language::all().find(|l| l.0.code.eq_ignore_ascii_case(code.trim()))
    }

    /// The code, as `<html lang>`, the cookie and the database keep it.
    pub fn code(self) -> &'static str {
        &self.0.code
    }

    /// The language's own name ("Español").
    pub fn name(self) -> String {
        self.text("language-name")
    }

    /// The text of message `key`.
    pub fn text(self, key: &str) -> String {
        self.text_with(key, &[])
    }

    /// The text of message `key` with its arguments. A message this
    /// catalogue lacks comes from English; one no catalogue has shows its
    /// key (the catalogue tests keep that from happening).
    pub fn text_with(self, key: &str, args: &[(&str, Arg)]) -> String {
        let args: HashMap<&str, Arg> = args.iter().cloned().collect();
        let args = (!args.is_empty()).then_some(&args);
        CATALOGUE
            .lookup_single_language(self.0.id, key, args)
            .or_else(|_| CATALOGUE.lookup_single_language(Language::english().0.id, key, args))
            .unwrap_or_else(|e| {
                tracing::warn!(key, "no text for this message: {e}");
                key.to_owned()
            })
    }

    /// What a person is told for `problem`.
    pub fn problem(self, problem: Problem) -> String {
        self.text(&format!("problem-{}", problem.id()))
    }

    /// The language of this computer, for the banner and the command line:
    /// the system locale's when there is a catalogue for it, else English.
    pub fn of_this_computer() -> Language {
        sys_locale::get_locales()
            .find_map(|tag| negotiate::best_of(std::iter::once(tag.as_str())))
            .unwrap_or_else(Language::english)
    }
}

/// Every message key of a catalogue file's text, in order (for the tests of
/// the catalogues and of the templates that use them).
pub fn keys_of(ftl: &str) -> Vec<&str> {
    ftl.lines()
        .filter(|line| line.starts_with(|c: char| c.is_ascii_lowercase()))
        .filter_map(|line| line.split_once(" ="))
        .map(|(key, _)| key)
        .collect()
}

/// `problem` as the rest of a command line's `error:` line: "--email:
/// enter an email address".
pub fn problem_for_flag(language: Language, flag: &str, problem: Problem) -> String {
    let text = language.problem(problem);
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

/// The message keys of an error page for `status`: its title and its text.
pub fn status_keys(code: u16) -> (&'static str, &'static str) {
    match code {
        400 => ("error-title-400", "error-400"),
        403 => ("error-title-403", "error-403"),
        404 => ("error-title-404", "error-404"),
        405 => ("error-title-405", "error-405"),
        413 => ("error-title-413", "error-413"),
        415 => ("error-title-400", "error-415"),
        421 => ("error-title-421", "error-421"),
        422 => ("error-title-422", "error-422"),
        429 => ("error-title-429", "error-429"),
        503 => ("error-title-503", "error-503"),
        _ => ("error-title-500", "error-500"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_messages_read_as_the_rest_of_a_line() {
        let en = Language::english();
        assert_eq!(
            problem_for_flag(en, "--email", Problem::EmailMissing),
            "--email: enter an email address"
        );
        assert_eq!(
            problem_for_flag(en, "", Problem::PasswordTooShort),
            "choose a password of at least 8 characters"
        );
    }

    #[test]
    fn english_comes_first_and_spanish_is_there() {
        let codes: Vec<_> = Language::all().map(Language::code).collect();
        assert_eq!(codes.first(), Some(&"en"));
        assert!(codes.contains(&"es"));
        assert_eq!(Language::find("ES").map(Language::code), Some("es"));
        assert_eq!(Language::find("xx"), None);
    }

    #[test]
    fn arguments_carry_no_isolation_marks() {
        let text = Language::english().text_with("user-saved", &[("name", "Ana".into())]);
        assert_eq!(text, "Ana was saved.");
    }

    #[test]
    fn plurals_come_from_the_catalogue() {
        let count = |language: Language, n: i64| language.text_with("sessions-ended", &[("count", n.into())]);
        let (en, es) = (Language::english(), Language::find("es").unwrap());
        assert_eq!(count(en, 0), "There was no other session to sign out.");
        assert_eq!(count(en, 1), "Signed out one other session.");
        assert_eq!(count(en, 3), "Signed out 3 other sessions.");
        for n in [0, 1, 3] {
            assert_ne!(count(es, n), count(en, n));
        }
        assert_ne!(count(es, 1), count(es, 3));
    }

    #[test]
    fn a_missing_message_falls_back_to_its_key() {
        assert_eq!(Language::english().text("no-such-message"), "no-such-message");
    }
}
