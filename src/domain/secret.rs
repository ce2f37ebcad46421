//! A token, code or password as it travels through the program: its
//! `Debug` prints nothing of it and it has no `Display`, so no log line or
//! panic message can hold one by accident. The text is reached only by
//! naming `expose`.

use std::fmt;

/// Text that must never be logged.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Secret {
        Secret(text.into())
    }

    /// The text itself, for the one place that needs it (a cookie, a URL,
    /// a hash, a check).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl From<String> for Secret {
    fn from(text: String) -> Secret {
        Secret(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_nothing_of_the_secret() {
        let secret = Secret::new("s3cr3t-token");
        let shown = format!("{secret:?} {:?}", Some(&secret));
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert_eq!(secret.expose(), "s3cr3t-token");
    }
}
