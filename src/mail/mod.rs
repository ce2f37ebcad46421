//! Mail, where the office has it: the `[default.smtp]` settings, a mailer
//! built from them once, and sending off the async workers with a time
//! limit. Without smtp settings nothing here runs and nothing tries to send.

pub mod messages;

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};
use serde::Deserialize;

/// The variable that holds the SMTP password: never in a file.
pub const PASSWORD_VARIABLE: &str = "GATEHOUSE_SMTP_PASSWORD";

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain connection, upgraded with STARTTLS (required): port 587.
    Starttls,
    /// TLS from the first byte: port 465.
    Tls,
    /// No encryption (a relay on this computer or a trusted network): port 25.
    None,
}

/// `[default.smtp]` in Rocket.toml. A name it does not know is refused
/// (a misspelt `host` or `from` would otherwise read as missing).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    pub host: String,
    /// By default the usual port of `security`.
    #[serde(default)]
    pub port: Option<u16>,
    /// The sender, as `address` or `Name <address>`.
    pub from: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default = "default_security")]
    pub security: Security,
    /// Seconds to wait for the mail server before giving up.
    #[serde(default = "default_timeout")]
    pub timeout: u64,
}

fn default_security() -> Security {
    Security::Starttls
}

fn default_timeout() -> u64 {
    10
}

impl SmtpSettings {
    /// What is wrong with these settings, in words that say what to write.
    pub fn check(&self) -> Result<(), String> {
        self.sender()?;
        if self.host.trim().is_empty() {
            return Err("smtp.host is empty; write the mail server's name, like \"smtp.example.org\"".into());
        }
        if self.timeout == 0 || self.timeout > 300 {
            return Err("smtp.timeout must be between 1 and 300 seconds".into());
        }
        Ok(())
    }

    fn sender(&self) -> Result<Mailbox, String> {
        self.from.parse::<Mailbox>().map_err(|_| {
            format!(
                "smtp.from = {:?} is not a mail address; write it like \"gatehouse@example.org\" or \"Office <gatehouse@example.org>\"",
                self.from
            )
        })
    }

    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.security {
            Security::Starttls => 587,
            Security::Tls => 465,
            Security::None => 25,
        })
    }
}

/// A mail server to send through.
#[derive(Clone)]
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
    timeout: Duration,
    /// "smtp.example.org:587", for messages.
    pub server: String,
}

impl Mailer {
    /// The mailer for `settings`, with the password from
    /// `GATEHOUSE_SMTP_PASSWORD` when a username is set.
    pub fn new(settings: &SmtpSettings) -> Result<Mailer, String> {
        settings.check()?;
        let host = settings.host.trim();
        let tls = |wrap: fn(TlsParameters) -> Tls| {
            TlsParameters::new(host.to_owned())
                .map(wrap)
                .map_err(|e| format!("cannot prepare TLS for {host}: {e}"))
        };
        let tls = match settings.security {
            Security::Starttls => tls(Tls::Required)?,
            Security::Tls => tls(Tls::Wrapper)?,
            Security::None => Tls::None,
        };
        let timeout = Duration::from_secs(settings.timeout);
        let mut builder = SmtpTransport::builder_dangerous(host)
            .port(settings.port())
            .tls(tls)
            .timeout(Some(timeout));
        if let Some(username) = settings.username.as_deref().filter(|u| !u.is_empty()) {
            let password = std::env::var(PASSWORD_VARIABLE).unwrap_or_default();
            builder = builder.credentials(Credentials::new(username.to_owned(), password));
        }
        Ok(Mailer {
            transport: builder.build(),
            from: settings.sender()?,
            timeout,
            server: format!("{host}:{}", settings.port()),
        })
    }

    /// The sender of every message.
    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    /// Sends `message` on a blocking thread, never longer than the timeout
    /// (and a second): the server's answer, or why it was not sent.
    pub async fn send(&self, message: Message) -> Result<String, String> {
        let transport = self.transport.clone();
        let sending = tokio::task::spawn_blocking(move || transport.send(&message));
        let silent = || {
            format!(
                "the mail server did not answer within {} seconds",
                self.timeout.as_secs()
            )
        };
        match tokio::time::timeout(self.timeout + Duration::from_secs(1), sending).await {
            Ok(Ok(Ok(response))) => Ok(response.message().collect::<Vec<_>>().join(" ")),
            Ok(Ok(Err(e))) if timed_out(&e) => Err(silent()),
            Ok(Ok(Err(e))) => Err(describe(&e)),
            Ok(Err(e)) => Err(format!("the sending task stopped: {e}")),
            Err(_) => Err(silent()),
        }
    }
}

/// Whether the server stayed silent past the timeout (a read or connect
/// that timed out shows as an I/O error of its own kind).
fn timed_out(e: &lettre::transport::smtp::Error) -> bool {
    use std::error::Error as _;
    let io_timeout = e
        .source()
        .and_then(|s| s.downcast_ref::<std::io::Error>())
        .is_some_and(|io| matches!(io.kind(), std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock));
    e.is_timeout() || io_timeout
}

/// A sending error in one line, with the server's answer when it gave one.
fn describe(e: &lettre::transport::smtp::Error) -> String {
    use std::error::Error as _;
    let mut text = e.to_string();
    if let Some(source) = e.source().map(|s| s.to_string()).filter(|s| !text.contains(s.as_str())) {
        text = format!("{text}: {source}");
    }
    text.lines().next().unwrap_or_default().chars().take(300).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(from: &str, security: Security) -> SmtpSettings {
        SmtpSettings {
            host: "smtp.example.org".into(),
            port: None,
            from: from.into(),
            username: None,
            security,
            timeout: 10,
        }
    }

    #[test]
    fn settings_are_checked_and_ports_follow_security() {
        assert!(settings("gatehouse@example.org", Security::Starttls).check().is_ok());
        assert!(settings("Office <gatehouse@example.org>", Security::Tls)
            .check()
            .is_ok());
        let wrong = settings("not an address", Security::None).check().unwrap_err();
        assert!(
            wrong.contains("smtp.from") && wrong.contains("gatehouse@example.org"),
            "{wrong}"
        );
        assert_eq!(settings("a@b.c", Security::Starttls).port(), 587);
        assert_eq!(settings("a@b.c", Security::Tls).port(), 465);
        assert_eq!(settings("a@b.c", Security::None).port(), 25);
    }
}
