//! Passwords: a new password as typed (`Password`, which never prints
//! itself) and a stored bcrypt hash (`PasswordHash`).

use std::fmt;

use super::Problem;

/// A new password as typed: at least 8 characters and at most 72 bytes
/// (bcrypt reads no further than byte 72, so a longer one is refused rather
/// than silently cut), and not one of the most common passwords.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_BYTES: usize = 72;

    pub fn parse(input: &str) -> Result<Password, Problem> {
        if input.chars().count() < Self::MIN_CHARS {
            return Err(Problem::PasswordTooShort);
        }
        if is_common_password(input) {
            return Err(Problem::PasswordCommon);
        }
        if input.len() > Self::MAX_BYTES {
            return Err(Problem::PasswordTooLong);
        }
        Ok(Password(input.to_owned()))
    }

    /// A password typed twice on a form: `again`, when the form has the
    /// second field, must repeat it.
    pub fn parse_confirmed(input: &str, again: Option<&str>) -> Result<Password, Problem> {
        let password = Password::parse(input)?;
        match again {
            Some(again) if again != input => Err(Problem::PasswordsDiffer),
            _ => Ok(password),
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(********)")
    }
}

/// The 19,646 most common passwords, lower-cased: Django's
/// `common-passwords.txt` (from Royce Williams' list of leaked passwords).
const COMMON_PASSWORDS: &str = include_str!("common-passwords.txt");

/// Whether a password (ignoring letter case and surrounding spaces) is on the list.
fn is_common_password(password: &str) -> bool {
    static LIST: std::sync::OnceLock<std::collections::HashSet<&'static str>> = std::sync::OnceLock::new();
    let list = LIST.get_or_init(|| COMMON_PASSWORDS.lines().collect());
    list.contains(password.trim().to_lowercase().as_str())
}

/// A bcrypt hash as stored.
#[derive(Clone)]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn from_stored(hash: String) -> PasswordHash {
        PasswordHash(hash)
    }

    /// What an invited user has until they choose a password: nothing any
    /// password matches.
    pub fn unset() -> PasswordHash {
        PasswordHash(String::new())
    }

    /// Whether a password was ever chosen.
    pub fn is_set(&self) -> bool {
        !self.0.is_empty()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The cost the hash was made with, when it can be read.
    pub fn cost(&self) -> Option<u32> {
        self.0.split('$').nth(2)?.parse().ok()
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_is_8_to_72_bytes() {
        assert_eq!(Password::parse("1234567").unwrap_err(), Problem::PasswordTooShort);
        assert!(Password::parse("8 chars!").is_ok());
        // Eight bytes, but four characters: too short.
        assert!(Password::parse("éèêë").is_err());
        assert!(Password::parse(&"x".repeat(72)).is_ok());
        assert_eq!(Password::parse(&"x".repeat(73)).unwrap_err(), Problem::PasswordTooLong);
        // 36 two-byte characters are 72 bytes; one more is too long.
        assert!(Password::parse(&"é".repeat(36)).is_ok());
        assert!(Password::parse(&"é".repeat(37)).is_err());
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert_eq!(COMMON_PASSWORDS.lines().count(), 19_646);
        for common in ["12345678", "password", "PassWord", " iloveyou ", "qwertyuiop"] {
            assert_eq!(
                Password::parse(common).unwrap_err(),
                Problem::PasswordCommon,
                "{common}"
            );
        }
        assert!(Password::parse("correct horse battery").is_ok());
    }

    #[test]
    fn a_confirmation_must_repeat_the_password() {
        assert!(Password::parse_confirmed("long enough", None).is_ok());
        assert!(Password::parse_confirmed("long enough", Some("long enough")).is_ok());
        assert_eq!(
            Password::parse_confirmed("long enough", Some("other")).unwrap_err(),
            Problem::PasswordsDiffer
        );
        assert_eq!(
            Password::parse_confirmed("short", Some("short")).unwrap_err(),
            Problem::PasswordTooShort
        );
    }

    #[test]
    fn password_does_not_print_itself() {
        let p = Password::parse("hunter2hunter2").unwrap();
        assert!(!format!("{p:?}").contains("hunter2"));
        let h = PasswordHash::from_stored("$2b$04$secret".into());
        assert!(!format!("{h:?}").contains("secret"));
        assert_eq!(h.cost(), Some(4));
    }
}
