//! Sessions as the rest of the program sees them: the signed-in user a
//! request proves, where a request came from, and a session as its owner
//! sees it listed.

use serde::Serialize;

use super::{Secret, User};

/// The signed-in user and the session the request proved.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: User,
    pub session_id: i64,
    pub csrf_token: String,
    /// The session was started with "remember me".
    pub persistent: bool,
    /// When they signed in.
    pub signed_in_at: i64,
    /// How they proved who they are: OpenID's `amr` values, space-separated.
    pub amr: String,
}

/// Where a request came from, kept to show the user their sessions.
#[derive(Debug, Clone, Default)]
pub struct Client {
    pub user_agent: String,
    pub address: String,
}

/// A session just started: the token goes into the cookie, never the store.
#[derive(Debug)]
pub struct Started {
    pub token: Secret,
    pub persistent: bool,
}

/// A session as its owner sees it listed.
#[derive(Debug, Clone, Serialize)]
pub struct SessionInfo {
    pub id: i64,
    /// From the User-Agent: Firefox on Windows (the page writes it).
    #[serde(skip)]
    pub device: Device,
    pub address: String,
    pub persistent: bool,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// The browser and system a User-Agent names, as far as they can be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub browser: Option<&'static str>,
    pub system: Option<&'static str>,
    /// The start of a User-Agent that names neither.
    pub other: String,
}

/// What the User-Agent names: "Firefox" on "Windows".
pub fn describe_device(user_agent: &str) -> Device {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
    ]
    .iter()
    .find(|(mark, _)| user_agent.contains(mark))
    .map(|(_, name)| *name);
    let system = [
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(mark, _)| user_agent.contains(mark))
    .map(|(_, name)| *name);
    let other = match (browser, system) {
        (None, None) => user_agent.chars().take(40).collect(),
        _ => String::new(),
    };
    Device { browser, system, other }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_named_from_the_user_agent() {
        let firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
        let chrome = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0";
        let named = |ua| {
            let d = describe_device(ua);
            (d.browser, d.system)
        };
        assert_eq!(named(firefox), (Some("Firefox"), Some("Windows")));
        assert_eq!(named(chrome), (Some("Chrome"), Some("macOS")));
        assert_eq!(named(safari), (Some("Safari"), Some("iPhone")));
        assert_eq!(named(edge), (Some("Edge"), Some("Windows")));
        assert_eq!(describe_device("").other, "");
        assert_eq!(named("curl/8.5.0"), (Some("curl"), None));
        assert_eq!(describe_device("SomeBot/1.0").other, "SomeBot/1.0");
    }
}

/// How a session's person proved who they are, as OpenID's `amr` says it
/// (RFC 8176): a password (or a link that set one), or a password and a
/// code from their authenticator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proof {
    Password,
    PasswordAndCode,
    /// A passkey alone: something held, unlocked by a fingerprint or a PIN.
    Passkey,
    /// The password, then a passkey.
    PasswordAndPasskey,
}

impl Proof {
    /// What a session's stored `amr` says was proved (the password alone
    /// for anything else).
    pub fn of_amr(amr: &str) -> Proof {
        [Proof::PasswordAndCode, Proof::Passkey, Proof::PasswordAndPasskey]
            .into_iter()
            .find(|p| p.as_amr() == amr)
            .unwrap_or(Proof::Password)
    }

    /// The stored form, the `amr` values separated by spaces.
    pub fn as_amr(self) -> &'static str {
        match self {
            Proof::Password => "pwd",
            Proof::PasswordAndCode => "pwd otp",
            Proof::Passkey => "hwk mfa",
            Proof::PasswordAndPasskey => "pwd hwk",
        }
    }
}
