//! The sign-in throttle's rules: after 10 failures for one email in 15
//! minutes, or 50 from one client address, further attempts are refused
//! until the window has moved on, even with the right password. The store
//! keeps the failures (so the counts survive a restart and are shared by
//! every instance); these rules read them.

use crate::domain::Email;

/// Failures for one email within the window that lock it.
pub const ACCOUNT_LIMIT: i64 = 10;
/// Failures from one client address within the window that lock it out.
pub const ADDRESS_LIMIT: i64 = 50;
/// The window, in seconds.
pub const WINDOW: i64 = 15 * 60;
/// Wrong two-step codes for one person within a day: past this, codes are
/// refused until the day has moved on (the 15-minute window alone would
/// allow some 900 guesses a day to someone who has the password).
pub const CODE_DAY_LIMIT: i64 = 20;
/// The day that `CODE_DAY_LIMIT` counts over, in seconds.
pub const DAY: i64 = 24 * 60 * 60;
/// How long failures are kept: the longest span a rule counts over.
pub const KEPT: i64 = DAY;

/// What a count of failures is kept under: one person's failed sign-ins,
/// their wrong two-step codes, or the reset links asked for them. Each
/// holds the email as typed, trimmed and in lower case
/// (`Email::throttle_key`), so that every spelling of an address counts
/// once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThrottleKey {
    SignIn(String),
    Codes(String),
    Forgot(String),
    /// Passkeys that did not sign in, from one address (no email is typed).
    Passkey(String),
}

impl ThrottleKey {
    pub fn sign_in(email: &str) -> ThrottleKey {
        ThrottleKey::SignIn(Email::throttle_key(email))
    }

    pub fn codes(email: &str) -> ThrottleKey {
        ThrottleKey::Codes(Email::throttle_key(email))
    }

    pub fn forgot(email: &str) -> ThrottleKey {
        ThrottleKey::Forgot(Email::throttle_key(email))
    }

    pub fn passkey(address: &str) -> ThrottleKey {
        ThrottleKey::Passkey(address.to_owned())
    }

    /// The email it counts for, as the security log names the person.
    pub fn email(&self) -> &str {
        match self {
            ThrottleKey::SignIn(email) | ThrottleKey::Codes(email) | ThrottleKey::Forgot(email) => email,
            ThrottleKey::Passkey(_) => "",
        }
    }

    /// As the store keeps it: a failed sign-in under the email itself (the
    /// directory reads those to show who is locked), the others prefixed.
    pub fn stored(&self) -> String {
        match self {
            ThrottleKey::SignIn(email) => email.clone(),
            ThrottleKey::Codes(email) => format!("code:{email}"),
            ThrottleKey::Forgot(email) => format!("forgot:{email}"),
            ThrottleKey::Passkey(address) => format!("passkey:{address}"),
        }
    }
}

/// Reset links asked for one email (on /forgot) within the window: more
/// would fill a mailbox, not help anyone.
pub const FORGOT_LIMIT: i64 = 3;

/// May this sign-in be tried?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Refused until this Unix time.
    Locked {
        until: i64,
    },
}

impl Verdict {
    /// The verdict from the time of the `ACCOUNT_LIMIT`-th most recent
    /// failure for the email and of the `ADDRESS_LIMIT`-th for the address,
    /// where there are that many in the window: locked until the later of
    /// them leaves it.
    pub fn from_nth_failures(account: Option<i64>, address: Option<i64>) -> Verdict {
        match account.max(address) {
            Some(at) => Verdict::Locked { until: at + WINDOW },
            None => Verdict::Allowed,
        }
    }
}

/// The earliest failure time still inside the window at `now`.
pub fn window_start(now: i64) -> i64 {
    now - WINDOW
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_later_lock_wins() {
        assert_eq!(Verdict::from_nth_failures(None, None), Verdict::Allowed);
        assert_eq!(
            Verdict::from_nth_failures(Some(100), Some(50)),
            Verdict::Locked { until: 100 + WINDOW }
        );
        assert_eq!(
            Verdict::from_nth_failures(None, Some(50)),
            Verdict::Locked { until: 50 + WINDOW }
        );
    }
}

#[cfg(test)]
mod key_tests {
    use super::ThrottleKey;

    #[test]
    fn every_spelling_of_an_address_counts_once_and_each_kind_apart() {
        assert_eq!(ThrottleKey::sign_in(" Ann@X.org ").stored(), "ann@x.org");
        assert_eq!(ThrottleKey::codes("ANN@x.org").stored(), "code:ann@x.org");
        assert_eq!(ThrottleKey::forgot("ann@x.org").stored(), "forgot:ann@x.org");
        assert_eq!(ThrottleKey::forgot("Ann@x.org").email(), "ann@x.org");
    }
}
