//! One-time links: an invitation (a new person chooses their first
//! password) or a reset (someone chooses a new one). What a link is, how
//! long it lasts ("7d", "24h", "30m", "3s"), and why one is refused.

use serde::Deserialize;

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    Invite,
    Reset,
}

impl LinkKind {
    /// As the store keeps it and the path names it (`/invite/…`, `/reset/…`).
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Invite => "invite",
            LinkKind::Reset => "reset",
        }
    }

    pub fn parse(text: &str) -> Option<LinkKind> {
        match text {
            "invite" => Some(LinkKind::Invite),
            "reset" => Some(LinkKind::Reset),
            _ => None,
        }
    }
}

/// Why a link cannot be used: it says what the person is told, and the
/// security log keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRefusal {
    /// No such link (mistyped, or its user deleted, its links ended).
    Unknown,
    Expired,
    Used,
    /// A newer link of the same kind was made for the same person.
    Replaced,
    /// Its user is disabled.
    Disabled,
}

impl LinkRefusal {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkRefusal::Unknown => "unknown",
            LinkRefusal::Expired => "expired",
            LinkRefusal::Used => "used",
            LinkRefusal::Replaced => "replaced",
            LinkRefusal::Disabled => "disabled",
        }
    }
}

/// A stored link as the store finds it by its token's hash.
#[derive(Debug, Clone)]
pub struct StoredLink {
    pub id: i64,
    pub user_id: i64,
    pub kind: LinkKind,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    pub replaced_at: Option<i64>,
}

impl StoredLink {
    /// Whether the link can be used at `now` (its user's state aside).
    pub fn refusal(&self, now: i64) -> Option<LinkRefusal> {
        if self.used_at.is_some() {
            Some(LinkRefusal::Used)
        } else if self.replaced_at.is_some() {
            Some(LinkRefusal::Replaced)
        } else if now >= self.expires_at {
            Some(LinkRefusal::Expired)
        } else {
            None
        }
    }
}

/// A duration as the settings write it: a whole number and a unit, `d`,
/// `h`, `m` or `s` ("7d", "24h", "30m", "3s").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct Lifetime(i64);

impl TryFrom<String> for Lifetime {
    type Error = String;

    fn try_from(text: String) -> Result<Lifetime, String> {
        Lifetime::parse(&text)
    }
}

impl Lifetime {
    pub fn from_seconds(seconds: i64) -> Lifetime {
        Lifetime(seconds)
    }

    pub fn parse(text: &str) -> Result<Lifetime, String> {
        let text = text.trim();
        let wrong =
            || format!("{text:?} is not a duration; write a whole number and d, h, m or s, like \"7d\" or \"24h\"");
        let split = text.len().checked_sub(1).ok_or_else(wrong)?;
        let (number, unit) = text.split_at(split);
        let unit_seconds = match unit {
            "d" => 86_400,
            "h" => 3_600,
            "m" => 60,
            "s" => 1,
            _ => return Err(wrong()),
        };
        let number: i64 = number.parse().map_err(|_| wrong())?;
        match number.checked_mul(unit_seconds) {
            Some(seconds) if seconds > 0 && seconds <= 366 * 86_400 => Ok(Lifetime(seconds)),
            _ => Err(format!("{text:?} must be more than nothing and at most a year")),
        }
    }

    pub fn seconds(self) -> i64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_read_as_the_settings_write_them() {
        assert_eq!(Lifetime::parse("7d").unwrap().seconds(), 7 * 86_400);
        assert_eq!(Lifetime::parse("24h").unwrap().seconds(), 86_400);
        assert_eq!(Lifetime::parse(" 30m ").unwrap().seconds(), 1_800);
        assert_eq!(Lifetime::parse("3s").unwrap().seconds(), 3);
        for wrong in [
            "",
            "d",
            "7",
            "7w",
            "-1d",
            "0s",
            "1.5h",
            "9999999999999999999d",
            "400d",
            "7 d",
        ] {
            assert!(Lifetime::parse(wrong).is_err(), "{wrong:?}");
        }
        assert!(Lifetime::parse("7w").unwrap_err().contains("\"7d\""));
    }

    #[test]
    fn a_link_is_refused_once_used_replaced_or_expired() {
        let link = StoredLink {
            id: 1,
            user_id: 1,
            kind: LinkKind::Reset,
            expires_at: 100,
            used_at: None,
            replaced_at: None,
        };
        assert_eq!(link.refusal(99), None);
        assert_eq!(link.refusal(100), Some(LinkRefusal::Expired));
        let used = StoredLink {
            used_at: Some(50),
            ..link.clone()
        };
        assert_eq!(used.refusal(60), Some(LinkRefusal::Used));
        let replaced = StoredLink {
            replaced_at: Some(50),
            ..link
        };
        assert_eq!(replaced.refusal(60), Some(LinkRefusal::Replaced));
        assert_eq!(LinkKind::parse("invite"), Some(LinkKind::Invite));
        assert_eq!(LinkKind::parse("other"), None);
    }
}
