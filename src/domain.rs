//! Domain types parsed once at the boundary: what a form or the command line
//! says becomes an `Email`, a `UserName`, a `Password`, a `Role` or a
//! `LocalPath`, or a message that tells the person what to fix.

use std::fmt;

/// A message for the person who typed the value, in plain words.
pub type Problem = &'static str;

/// Said when an email address is already someone's.
pub const DUPLICATE_EMAIL: Problem = "Someone already has this email address. Use another one.";

/// An email address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Email, Problem> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err("Enter an email address.");
        }
        if email.chars().count() > Self::MAX_LEN {
            return Err("An email address can be at most 254 characters long.");
        }
        if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("An email address cannot contain spaces.");
        }
        match email.split_once('@') {
            Some((local, domain)) if !local.is_empty() && !domain.is_empty() && !domain.contains('@') => {
                Ok(Email(email))
            }
            _ => Err("Enter an email address like name@example.com."),
        }
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

/// A person's display name: trimmed, 1 to 80 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserName(String);

impl UserName {
    pub const MAX_CHARS: usize = 80;

    pub fn parse(input: &str) -> Result<UserName, Problem> {
        let name = input.trim();
        if name.is_empty() {
            return Err("Enter a name.");
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err("A name can be at most 80 characters long.");
        }
        if name.chars().any(char::is_control) {
            return Err("A name cannot contain control characters such as tabs or line breaks.");
        }
        Ok(UserName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password as typed: at least 8 characters and at most 72 bytes
/// (bcrypt reads no further than byte 72, so a longer one is refused rather
/// than silently cut). It never prints itself.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 8;
    pub const MAX_BYTES: usize = 72;

    pub fn parse(input: &str) -> Result<Password, Problem> {
        if input.chars().count() < Self::MIN_CHARS {
            return Err("Choose a password of at least 8 characters.");
        }
        if is_common_password(input) {
            return Err("This password is one of the most common ones and would be guessed quickly. Choose another: a few unrelated words make a good one.");
        }
        if input.len() > Self::MAX_BYTES {
            return Err("A password can be at most 72 bytes long (72 letters, fewer with accents or symbols). Choose a shorter one.");
        }
        Ok(Password(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
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

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(********)")
    }
}

/// What a user may do: an admin manages users; a member sees the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Member,
}

impl Role {
    pub fn parse(input: &str) -> Result<Role, Problem> {
        match input.trim() {
            "admin" => Ok(Role::Admin),
            "member" => Ok(Role::Member),
            _ => Err("Choose a role: admin or member."),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }
}

/// A user about to be created, every field already parsed.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub name: UserName,
    pub email: Email,
    pub password: Password,
    pub role: Role,
}

/// An admin's changes to a user, every field parsed.
#[derive(Debug, Clone)]
pub struct UserChanges {
    pub name: UserName,
    pub email: Email,
    pub role: Role,
    pub active: bool,
    /// A new (temporary) password, or `None` to keep the current one.
    pub password: Option<Password>,
}

/// A path on this site to return to after signing in (`next`): it starts with
/// one `/`, and neither as typed nor once percent-decoded could a browser read
/// it as another host (`//`, `/\`, a backslash, a control character).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPath(String);

impl LocalPath {
    pub fn parse(input: &str) -> Option<LocalPath> {
        if rocket::http::uri::Origin::parse(input).is_err() {
            return None;
        }
        let mut layer = input.to_owned();
        // Check the text as typed and every percent-decoded layer of it.
        for _ in 0..4 {
            if !Self::is_plain_local(&layer) {
                return None;
            }
            let decoded = rocket::http::RawStr::new(&layer).percent_decode_lossy().into_owned();
            if decoded == layer {
                return Some(LocalPath(input.to_owned()));
            }
            layer = decoded;
        }
        None
    }

    fn is_plain_local(path: &str) -> bool {
        let mut chars = path.chars();
        chars.next() == Some('/')
            && !matches!(chars.next(), Some('/') | Some('\\'))
            && !path.chars().any(|c| c == '\\' || c.is_control())
    }

    pub fn as_str(&self) -> &str {
        &self.0
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
        assert!(Email::parse(&format!("a{ok}")).is_err());
    }

    #[test]
    fn name_is_trimmed_and_limited() {
        assert_eq!(UserName::parse("  Ann Lee ").unwrap().as_str(), "Ann Lee");
        assert!(UserName::parse("   ").is_err());
        assert!(UserName::parse(&"é".repeat(80)).is_ok());
        assert!(UserName::parse(&"é".repeat(81)).is_err());
        assert!(UserName::parse("Ann\nLee").is_err());
        assert!(UserName::parse("Ann\u{7f}").is_err());
    }

    #[test]
    fn password_is_8_to_72_bytes() {
        assert!(Password::parse("1234567").is_err());
        assert!(Password::parse("8 chars!").is_ok());
        // Eight bytes, but four characters: too short.
        assert!(Password::parse("éèêë").is_err());
        assert!(Password::parse(&"x".repeat(72)).is_ok());
        assert!(Password::parse(&"x".repeat(73)).is_err());
        // 36 two-byte characters are 72 bytes; one more is too long.
        assert!(Password::parse(&"é".repeat(36)).is_ok());
        assert!(Password::parse(&"é".repeat(37)).is_err());
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert_eq!(COMMON_PASSWORDS.lines().count(), 19_646);
        for common in ["12345678", "password", "PassWord", " iloveyou ", "qwertyuiop"] {
            let problem = Password::parse(common).unwrap_err();
            assert!(problem.contains("most common"), "{common}");
        }
        assert!(Password::parse("correct horse battery").is_ok());
    }

    #[test]
    fn password_does_not_print_itself() {
        let p = Password::parse("hunter2hunter2").unwrap();
        assert!(!format!("{p:?}").contains("hunter2"));
    }

    #[test]
    fn role_parses_only_the_two_roles() {
        assert_eq!(Role::parse("admin"), Ok(Role::Admin));
        assert_eq!(Role::parse("member"), Ok(Role::Member));
        assert!(Role::parse("root").is_err());
        assert!(Role::parse("Admin").is_err());
    }

    #[test]
    fn local_paths_are_accepted() {
        for ok in ["/", "/users", "/users?q=ann&page=2", "/users/5/edit", "/a%20b"] {
            assert_eq!(LocalPath::parse(ok).map(|p| p.0), Some(ok.to_owned()), "{ok}");
        }
    }

    #[test]
    fn other_hosts_are_refused() {
        for bad in [
            "",
            "users",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "/%2Fevil.example",
            "/%5Cevil.example",
            "%2F%2Fevil.example",
            "/%252Fevil.example",
            "/\t/evil.example",
            "/%09/evil.example",
            "/users\\..\\",
            "/ /evil",
        ] {
            assert_eq!(LocalPath::parse(bad), None, "{bad:?} should be refused");
        }
    }
}
