//! What is wrong with something a person typed or asked for, as a message
//! id. The words are chosen at the edge (`crate::i18n`), in the reader's
//! language; the domain only says which message applies.

use std::fmt;

/// One message a person may be shown about their input or request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Problem {
    EmailMissing,
    EmailTooLong,
    EmailHasSpaces,
    EmailShape,
    /// Someone already has this email address.
    EmailTaken,
    NameMissing,
    NameTooLong,
    NameHasControls,
    PasswordTooShort,
    PasswordCommon,
    PasswordTooLong,
    PasswordsDiffer,
    /// A new password the same as the current one.
    PasswordUnchanged,
    /// The current password typed to confirm a change is wrong.
    CurrentPasswordWrong,
    RoleUnknown,
    /// The change would leave no active administrator.
    LastAdmin,
    /// An administrator setting their own password on the edit form.
    OwnPassword,
    /// An administrator demoting or disabling themselves.
    NotYourself,
    /// An administrator deleting themselves.
    DeleteYourself,
    /// A page number that is not a whole number from 1.
    PageNumber,
    /// A language there is no catalogue for.
    LanguageUnknown,
    /// A link asked for a disabled user.
    LinkForDisabled,
    /// A new invitation asked for someone who has chosen a password.
    AlreadyAccepted,
    /// A code from the authenticator app (or a recovery code) that is not right now.
    CodeWrong,
    /// Two-step sign-in asked to be turned off for someone who has none.
    TwoFactorOff,
    /// Setting two-step sign-in up again while it is on.
    TwoFactorOn,
    GroupNameMissing,
    GroupNameTooLong,
    /// Another group has this name (in any case).
    GroupNameTaken,
    /// No group has this name.
    GroupUnknown,
    /// No one has this email address.
    PersonUnknown,
    AppNameMissing,
    AppNameTooLong,
    /// Another app has this name (in any case).
    AppNameTaken,
    /// A host that is not a host name (or `*.` and one).
    HostShape,
    /// A port that is not a number from 1 to 65535.
    HostPort,
    PathPrefixShape,
    AccessUnknown,
    /// "Members of these groups" with no group chosen.
    AccessNoGroups,
    /// Another app has this host and path prefix.
    AppPlaceTaken,
    /// No app has this name.
    AppUnknown,
    /// A kind of app gatehouse does not offer (yet).
    AppKind,
    /// A redirect URI that is not an absolute http(s) address without a fragment.
    RedirectUriShape,
    /// An OpenID app with no redirect URI.
    RedirectUriMissing,
    RedirectUrisTooMany,
    ConsentUnknown,
    /// An OpenID app cannot be registered while `public_url` is not set.
    OidcNeedsPublicUrl,
    /// "Anyone" is for a proxied app's public paths, not for signing in.
    OidcAccessAnyone,
    /// A new secret for an app that has none (behind the proxy, or public).
    AppHasNoSecret,
    /// A spreadsheet's role that is neither admin nor member (in either language).
    SheetRoleUnknown,
    /// A spreadsheet's language that is not one gatehouse speaks.
    SheetLanguageUnknown,
    /// The same address on two rows of one spreadsheet.
    SheetEmailTwice,
    /// A new person in a spreadsheet without a name.
    SheetNameMissing,
    /// A spreadsheet's row with more cells than its header has columns.
    SheetExtraCells,
    PasskeyNameMissing,
    /// A passkey's name over 60 characters, or with control characters.
    PasskeyNameShape,
}

impl Problem {
    /// The message id, as a catalogue names it.
    pub fn id(self) -> &'static str {
        match self {
            Problem::EmailMissing => "email-missing",
            Problem::EmailTooLong => "email-too-long",
            Problem::EmailHasSpaces => "email-has-spaces",
            Problem::EmailShape => "email-shape",
            Problem::EmailTaken => "email-taken",
            Problem::NameMissing => "name-missing",
            Problem::NameTooLong => "name-too-long",
            Problem::NameHasControls => "name-has-controls",
            Problem::PasswordTooShort => "password-too-short",
            Problem::PasswordCommon => "password-common",
            Problem::PasswordTooLong => "password-too-long",
            Problem::PasswordsDiffer => "passwords-differ",
            Problem::PasswordUnchanged => "password-unchanged",
            Problem::CurrentPasswordWrong => "current-password-wrong",
            Problem::RoleUnknown => "role-unknown",
            Problem::LastAdmin => "last-admin",
            Problem::OwnPassword => "own-password",
            Problem::NotYourself => "not-yourself",
            Problem::DeleteYourself => "delete-yourself",
            Problem::PageNumber => "page-number",
            Problem::LanguageUnknown => "language-unknown",
            Problem::LinkForDisabled => "link-for-disabled",
            Problem::AlreadyAccepted => "already-accepted",
            Problem::CodeWrong => "code-wrong",
            Problem::TwoFactorOff => "two-factor-off",
            Problem::TwoFactorOn => "two-factor-on",
            Problem::GroupNameMissing => "group-name-missing",
            Problem::GroupNameTooLong => "group-name-too-long",
            Problem::GroupNameTaken => "group-name-taken",
            Problem::GroupUnknown => "group-unknown",
            Problem::PersonUnknown => "person-unknown",
            Problem::AppNameMissing => "app-name-missing",
            Problem::AppNameTooLong => "app-name-too-long",
            Problem::AppNameTaken => "app-name-taken",
            Problem::HostShape => "host-shape",
            Problem::HostPort => "host-port",
            Problem::PathPrefixShape => "path-prefix-shape",
            Problem::AccessUnknown => "access-unknown",
            Problem::AccessNoGroups => "access-no-groups",
            Problem::AppPlaceTaken => "app-place-taken",
            Problem::AppUnknown => "app-unknown",
            Problem::AppKind => "app-kind",
            Problem::RedirectUriShape => "redirect-uri-shape",
            Problem::RedirectUriMissing => "redirect-uri-missing",
            Problem::RedirectUrisTooMany => "redirect-uris-too-many",
            Problem::ConsentUnknown => "consent-unknown",
            Problem::OidcNeedsPublicUrl => "oidc-needs-public-url",
            Problem::OidcAccessAnyone => "oidc-access-anyone",
            Problem::AppHasNoSecret => "app-has-no-secret",
            Problem::SheetRoleUnknown => "sheet-role-unknown",
            Problem::SheetLanguageUnknown => "sheet-language-unknown",
            Problem::SheetEmailTwice => "sheet-email-twice",
            Problem::SheetNameMissing => "sheet-name-missing",
            Problem::SheetExtraCells => "sheet-extra-cells",
            Problem::PasskeyNameMissing => "passkey-name-missing",
            Problem::PasskeyNameShape => "passkey-name-shape",
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl std::error::Error for Problem {}
