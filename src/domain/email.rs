//! An email address: trimmed, lower-cased, one `@` with text on both sides.

use std::fmt;

use super::Problem;

/// An email address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Email, Problem> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err(Problem::EmailMissing);
        }
        if email.chars().count() > Self::MAX_LEN {
            return Err(Problem::EmailTooLong);
        }
        if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Problem::EmailHasSpaces);
        }
        match email.split_once('@') {
            Some((local, domain)) if !local.is_empty() && !domain.is_empty() && !domain.contains('@') => {
                Ok(Email(email))
            }
            _ => Err(Problem::EmailShape),
        }
    }

    /// The key sign-in failures are counted under: what was typed, trimmed
    /// and lower-cased (and cut just past the longest address), whether or
    /// not it is a valid address. It is stored and shown in the security
    /// log, so control characters (a NUL, which no database text holds, a
    /// line break) become U+FFFD.
    pub fn throttle_key(typed: &str) -> String {
        typed
            .trim()
            .to_lowercase()
            .chars()
            .take(Self::MAX_LEN + 1)
            .map(|c| if c.is_control() { char::REPLACEMENT_CHARACTER } else { c })
            .collect()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_trimmed_and_lowercased() {
        assert_eq!(Email::parse("  Ann@Example.COM ").unwrap().as_str(), "ann@example.com");
    }

    #[test]
    fn email_needs_one_at_with_text_on_both_sides() {
        for bad in [
            "",
            "   ",
            "ann",
            "@example.com",
            "ann@",
            "a@b@c",
            "ann @example.com",
            "ann@exa\tmple.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(Email::parse("a@b").is_ok());
    }

    #[test]
    fn email_length_limit_is_254() {
        let ok = format!("{}@example.com", "a".repeat(254 - 12));
        assert_eq!(ok.len(), 254);
        assert!(Email::parse(&ok).is_ok());
        assert_eq!(Email::parse(&format!("a{ok}")), Err(Problem::EmailTooLong));
    }

    #[test]
    fn the_throttle_key_is_storable_text() {
        assert_eq!(Email::throttle_key(" Ann@X.org "), "ann@x.org");
        assert_eq!(Email::throttle_key("a\0b\nc"), "a\u{fffd}b\u{fffd}c");
        assert_eq!(Email::throttle_key(&"x".repeat(300)).chars().count(), 255);
    }

    #[test]
    fn each_mistake_has_its_own_message() {
        assert_eq!(Email::parse(" "), Err(Problem::EmailMissing));
        assert_eq!(Email::parse("a b@c"), Err(Problem::EmailHasSpaces));
        assert_eq!(Email::parse("ann"), Err(Problem::EmailShape));
    }
}
