//! The directory's questions and answers: a search as typed, where a page
//! starts, and one page of users.

use serde::Serialize;

use super::User;

/// Users shown on one page of the directory.
pub const PAGE_SIZE: u32 = 50;

/// Searches count their matches up to this many; beyond, "more than".
pub const COUNT_CAP: i64 = 1000;

/// A search with at most this many matches is answered from the trigram
/// index, its matches sorted by name; one with more walks the name order,
/// where matches so common come quickly. (At 1,000,000 users a common given
/// name matches about 9,000: walking to where they are took up to 2 s.)
pub const SORT_CAP: i64 = 50_000;

/// What the directory is searched for: trimmed, at most 200 characters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchQuery(String);

impl SearchQuery {
    pub const MAX_CHARS: usize = 200;

    pub fn parse(input: &str) -> SearchQuery {
        SearchQuery(input.trim().chars().take(Self::MAX_CHARS).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Names and emails hold no control characters, so a search with one
    /// (a NUL byte, a tab) matches nobody, and need not be asked.
    pub fn can_match(&self) -> bool {
        !self.0.chars().any(char::is_control)
    }
}

/// Where a page of the directory starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStart {
    /// Page number, from 1.
    Number(u32),
    /// Just after the user with this id, in the directory's order: how the
    /// "next" links go, without stepping over every earlier row.
    After(i64),
}

/// One page of the directory.
#[derive(Debug, Serialize)]
pub struct DirectoryPage {
    pub users: Vec<User>,
    /// How many users match in all (for a search, at most `COUNT_CAP + 1`).
    pub total: i64,
    /// The search matches more than `COUNT_CAP` users.
    pub more_than_cap: bool,
}

impl DirectoryPage {
    pub fn empty() -> DirectoryPage {
        DirectoryPage {
            users: Vec::new(),
            total: 0,
            more_than_cap: false,
        }
    }
}

/// What every page of the directory depends on besides its address and
/// its viewer: the users generation and who is locked out now.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DirectoryState {
    pub generation: i64,
    /// The emails locked out by failed sign-ins, sorted.
    pub locked: Vec<String>,
}

impl DirectoryState {
    pub fn is_locked(&self, email: &str) -> bool {
        self.locked.binary_search_by(|e| e.as_str().cmp(email)).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_is_trimmed_and_capped() {
        assert_eq!(SearchQuery::parse("  ann ").as_str(), "ann");
        assert_eq!(SearchQuery::parse(&"é".repeat(300)).as_str().chars().count(), 200);
        assert!(SearchQuery::parse("   ").is_empty());
    }

    #[test]
    fn a_search_with_a_control_character_matches_nobody() {
        assert!(SearchQuery::parse("ann").can_match());
        assert!(!SearchQuery::parse("ab\0c").can_match());
        assert!(!SearchQuery::parse("a\tb").can_match());
    }
}
