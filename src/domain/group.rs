//! Groups of people: flat and named, they say who may open which app (the
//! administrator/member role says who administers gatehouse). A name is
//! trimmed, 1 to 64 characters, without control characters, and unique
//! without regard to case.

use serde::Serialize;

use super::Problem;

/// A group's name, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupName(String);

impl GroupName {
    pub const MAX_CHARS: usize = 64;

    pub fn parse(input: &str) -> Result<GroupName, Problem> {
        let name = input.trim();
        if name.is_empty() {
            return Err(Problem::GroupNameMissing);
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(Problem::GroupNameTooLong);
        }
        if name.chars().any(char::is_control) {
            return Err(Problem::NameHasControls);
        }
        Ok(GroupName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What two names that differ only in case share: the name in lower case.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A group as its pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub id: i64,
    pub name: String,
    /// How many people are in it.
    pub members: i64,
}

/// Group names as one header value: comma-separated, a comma or a
/// backslash inside a name escaped with a backslash.
pub fn joined_names<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|name| name.replace('\\', "\\\\").replace(',', "\\,"))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_bounded_and_compared_without_case() {
        let name = GroupName::parse("  Contabilidad ").unwrap();
        assert_eq!(name.as_str(), "Contabilidad");
        assert_eq!(name.key(), GroupName::parse("CONTABILIDAD").unwrap().key());
        assert_eq!(GroupName::parse("Ñandú").unwrap().key(), "ñandú");
        assert_eq!(GroupName::parse("   "), Err(Problem::GroupNameMissing));
        assert_eq!(GroupName::parse(&"x".repeat(64)).map(|n| n.0.len()), Ok(64));
        assert_eq!(GroupName::parse(&"x".repeat(65)), Err(Problem::GroupNameTooLong));
        assert_eq!(GroupName::parse("a\tb"), Err(Problem::NameHasControls));
    }

    #[test]
    fn joined_names_escape_their_separator() {
        assert_eq!(
            joined_names(["Ventas", "I+D, Madrid", "a\\b"]),
            r"Ventas,I+D\, Madrid,a\\b"
        );
        assert_eq!(joined_names([]), "");
    }
}
