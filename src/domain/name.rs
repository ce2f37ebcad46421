//! A person's display name: trimmed, 1 to 80 characters, no control characters.

use super::Problem;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserName(String);

impl UserName {
    pub const MAX_CHARS: usize = 80;

    pub fn parse(input: &str) -> Result<UserName, Problem> {
        let name = input.trim();
        if name.is_empty() {
            return Err(Problem::NameMissing);
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(Problem::NameTooLong);
        }
        if name.chars().any(char::is_control) {
            return Err(Problem::NameHasControls);
        }
        Ok(UserName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_is_trimmed_and_limited() {
        assert_eq!(UserName::parse("  Ann Lee ").unwrap().as_str(), "Ann Lee");
        assert_eq!(UserName::parse("   "), Err(Problem::NameMissing));
        assert!(UserName::parse(&"é".repeat(80)).is_ok());
        assert_eq!(UserName::parse(&"é".repeat(81)), Err(Problem::NameTooLong));
        assert_eq!(UserName::parse("Ann\nLee"), Err(Problem::NameHasControls));
        assert!(UserName::parse("Ann\u{7f}").is_err());
    }
}
