//! How long a throttled request must wait: in whole minutes for the page's
//! message, in seconds for `Retry-After`. Sign-in, its code step and
//! "Forgot your password?" all say it the same way.

use rocket::http::Header;

use crate::i18n::Language;

pub struct Wait {
    /// Rounded up: "try again in 1 minute" never means sooner.
    pub minutes: i64,
    pub retry_after: Header<'static>,
}

impl Wait {
    /// What a throttled sign-in (by password, code or passkey) says.
    pub fn sign_in_message(&self, language: Language) -> String {
        language.text_with("login-throttled", &[("minutes", self.minutes.into())])
    }
}

/// The wait from `now` until `until` (at least a second).
pub fn until(until: i64, now: i64) -> Wait {
    let seconds = (until - now).max(1);
    Wait {
        minutes: (seconds + 59) / 60,
        retry_after: Header::new("Retry-After", seconds.to_string()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn minutes_round_up_and_seconds_are_never_zero() {
        let wait = super::until(1_000, 1_000);
        assert_eq!(wait.minutes, 1);
        assert_eq!(wait.retry_after.value(), "1");
        let wait = super::until(1_061, 1_000);
        assert_eq!((wait.minutes, wait.retry_after.value()), (2, "61"));
    }
}
