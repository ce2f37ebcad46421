//! Security events: what happened, who did it to whom, from where. The
//! store keeps them, and the log writes them as fields (service/audit.rs);
//! an entry never holds a password, code or token.

use serde::{Deserialize, Serialize};

use super::User;

/// Events shown on one page of /audit.
pub const PAGE_SIZE: u32 = 50;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    SignedIn,
    SignInFailed,
    AccountLocked,
    AccountUnlocked,
    SignedOut,
    SetupCompleted,
    UserCreated,
    UserChanged,
    UserDisabled,
    UserEnabled,
    UserDeleted,
    PasswordChanged,
    PasswordReset,
    SessionsEnded,
    /// A signed-in user asked for what their role does not allow.
    AccessDenied,
    /// A form came without its token, or from another site.
    FormRefused,
    /// An invitation or reset link was made.
    LinkCreated,
    /// A link was mailed to its person.
    LinkMailed,
    /// Mailing a link failed (the administrator was shown the link).
    LinkMailFailed,
    /// A link was used: its person chose a password.
    LinkUsed,
    /// A link was opened or sent that cannot be used.
    LinkRefused,
    /// Two-step sign-in turned on by its user.
    TwoFactorOn,
    /// Two-step sign-in turned off by its user.
    TwoFactorOff,
    /// Two-step sign-in turned off for a user by an administrator or the command line.
    TwoFactorReset,
    /// A recovery code was used to sign in.
    RecoveryCodeUsed,
    /// New recovery codes replaced the old ones.
    RecoveryCodesMade,
    /// A wrong (or replayed) code at the second step of signing in.
    CodeWrong,
    GroupCreated,
    GroupRenamed,
    GroupDeleted,
    /// A person was put in a group (the detail names it).
    GroupMemberAdded,
    /// A person was taken out of a group.
    GroupMemberRemoved,
    AppCreated,
    AppChanged,
    AppDeleted,
    /// The gate refused a request to an app (at most once a minute per person and app).
    AppRefused,
    /// A new key signs ID tokens from now on (`gatehouse oidc rotate-key`).
    OidcKeyRotated,
    /// An OpenID app was given a new secret (the old one ended).
    AppSecretMade,
    /// A person signed in to an OpenID app (it was given a code).
    AppSignedIn,
    /// A code was presented twice: what the first use gave was ended.
    AppCodeReused,
    /// A refresh token was presented again after its use: its grant ended.
    AppRefreshReused,
    /// A refresh was refused because the person may no longer use the app.
    AppRefreshRefused,
    /// A person ended an app's access to their account (at /account).
    AppAccessEnded,
    /// People were brought in (from a Flask app or a spreadsheet): the
    /// detail says from where and how many.
    UsersImported,
    /// The directory was taken out as a spreadsheet.
    UsersExported,
    /// A person added a passkey (the detail names it).
    PasskeyAdded,
    /// A passkey was removed, by its person or an administrator.
    PasskeyRemoved,
    /// A passkey that did not verify, or whose signature counter went
    /// backwards (the detail says which).
    PasskeyRefused,
}

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Event::SignedIn => "signed_in",
            Event::SignInFailed => "sign_in_failed",
            Event::AccountLocked => "account_locked",
            Event::AccountUnlocked => "account_unlocked",
            Event::SignedOut => "signed_out",
            Event::SetupCompleted => "setup_completed",
            Event::UserCreated => "user_created",
            Event::UserChanged => "user_changed",
            Event::UserDisabled => "user_disabled",
            Event::UserEnabled => "user_enabled",
            Event::UserDeleted => "user_deleted",
            Event::PasswordChanged => "password_changed",
            Event::PasswordReset => "password_reset",
            Event::SessionsEnded => "sessions_ended",
            Event::AccessDenied => "access_denied",
            Event::FormRefused => "form_refused",
            Event::LinkCreated => "link_created",
            Event::LinkMailed => "link_mailed",
            Event::LinkMailFailed => "link_mail_failed",
            Event::LinkUsed => "link_used",
            Event::LinkRefused => "link_refused",
            Event::TwoFactorOn => "two_factor_on",
            Event::TwoFactorOff => "two_factor_off",
            Event::TwoFactorReset => "two_factor_reset",
            Event::RecoveryCodeUsed => "recovery_code_used",
            Event::RecoveryCodesMade => "recovery_codes_made",
            Event::CodeWrong => "code_wrong",
            Event::GroupCreated => "group_created",
            Event::GroupRenamed => "group_renamed",
            Event::GroupDeleted => "group_deleted",
            Event::GroupMemberAdded => "group_member_added",
            Event::GroupMemberRemoved => "group_member_removed",
            Event::AppCreated => "app_created",
            Event::AppChanged => "app_changed",
            Event::AppDeleted => "app_deleted",
            Event::AppRefused => "app_refused",
            Event::OidcKeyRotated => "oidc_key_rotated",
            Event::AppSecretMade => "app_secret_made",
            Event::AppSignedIn => "app_signed_in",
            Event::AppCodeReused => "app_code_reused",
            Event::AppRefreshReused => "app_refresh_reused",
            Event::AppRefreshRefused => "app_refresh_refused",
            Event::AppAccessEnded => "app_access_ended",
            Event::UsersImported => "users_imported",
            Event::UsersExported => "users_exported",
            Event::PasskeyAdded => "passkey_added",
            Event::PasskeyRemoved => "passkey_removed",
            Event::PasskeyRefused => "passkey_refused",
        }
    }
}

/// Someone an event names: a user, or a label alone (an email typed at
/// sign-in, "command line").
#[derive(Debug, Clone, Default)]
pub struct Party {
    pub id: Option<i64>,
    pub label: String,
}

impl From<&User> for Party {
    fn from(user: &User) -> Party {
        Party {
            id: Some(user.id),
            label: user.email.clone(),
        }
    }
}

impl Party {
    pub fn named(label: impl Into<String>) -> Party {
        Party {
            id: None,
            label: label.into(),
        }
    }

    /// Whoever ran a command on this computer.
    pub fn command_line() -> Party {
        Party::named("command line")
    }
}

/// What more an event says, as data: the reader's language writes it.
/// Stored as a small JSON object; rows from before it was data hold plain
/// English text, shown as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Detail {
    /// Sessions of the target that were ended.
    Sessions { count: u64 },
    /// Sessions ended other than the one the actor is using.
    OtherSessions { count: u64 },
    /// The role a new user was given.
    Role { role: String },
    /// The fields an administrator changed, and the role after.
    Changed { fields: Vec<String>, role: String },
    /// A user changed their own name.
    NameChanged,
    /// The throttle's limit that was reached.
    Locked { failures: u32, minutes: u32 },
    /// A refused request: method and path, and why (`needs-admin`,
    /// `other-site`, `form-token`).
    Refused { request: String, why: String },
    /// A link of this kind (`invite`, `reset`), and when it stops working
    /// (when it was made).
    Link { link: String, expires_at: Option<i64> },
    /// A link refused, and why (`unknown`, `expired`, `used`, `replaced`, `disabled`).
    LinkRefused { link: String, why: String },
    /// Mail that could not be sent, and the server's answer.
    MailFailed { reason: String },
    /// Done because the office's `two_factor` policy required it.
    Required,
    /// The group an event is about.
    Group { group: String },
    /// A group's name before and after.
    GroupRenamed { from: String, to: String },
    /// People brought in: from where, how many new and how many changed.
    Imported { from: String, created: u64, changed: u64 },
    /// The directory taken out: how many people.
    Exported { count: u64 },
    /// A passkey, by the name its person gave it.
    Passkey { name: String },
    /// A passkey refused, and why (`rejected`, `counter`, `unknown`,
    /// `disabled`, `gone`: its ceremony expired or used already).
    PasskeyRefused { why: String },
    /// An app's rule: where (host and prefix), who may enter, the groups
    /// of `groups`, and whether two-step sign-in is required.
    App {
        host: String,
        access: String,
        groups: Vec<String>,
        two_factor: bool,
    },
}

impl Detail {
    /// The stored form.
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The detail a stored text holds, if it is one.
    pub fn decode(stored: &str) -> Option<Detail> {
        serde_json::from_str(stored).ok()
    }
}

/// One event to record.
#[derive(Debug, Clone)]
pub struct Entry {
    pub event: Event,
    pub actor: Party,
    pub target: Party,
    pub address: String,
    /// The stored form of a `Detail`, or empty.
    pub detail: String,
}

impl Entry {
    pub fn new(event: Event, actor: impl Into<Party>, target: impl Into<Party>, address: &str) -> Entry {
        Entry {
            event,
            actor: actor.into(),
            target: target.into(),
            address: address.to_owned(),
            detail: String::new(),
        }
    }

    pub fn detail(mut self, detail: Detail) -> Entry {
        self.detail = detail.encode();
        self
    }
}

/// An event as /audit shows it.
#[derive(Debug, Serialize)]
pub struct AuditRow {
    pub at: i64,
    pub event: String,
    pub actor: String,
    pub target: String,
    pub address: String,
    pub detail: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_are_kept_as_data() {
        let detail = Detail::Changed {
            fields: vec!["name".into(), "role".into()],
            role: "admin".into(),
        };
        assert_eq!(Detail::decode(&detail.encode()), Some(detail));
        assert_eq!(Detail::decode("3 session(s)"), None);
        assert_eq!(Detail::decode(""), None);
    }
}
