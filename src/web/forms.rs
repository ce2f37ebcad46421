//! The web forms as typed (strings and checkboxes) and their parsing into
//! domain types, with a message for each wrong field. Handlers render the
//! form again with these messages and the typed values (never a password).

use std::collections::BTreeMap;

use rocket::form::FromForm;
use serde::{Serialize, Serializer};

use crate::domain::{Email, NewUser, Password, Problem, Role, UserChanges, UserName};
use crate::i18n::Language;

/// A message for each wrong field, by field name; a template reads each as
/// the id of the message the person is shown (`t(key=errors.name)`).
#[derive(Debug, Default)]
pub struct FieldErrors(BTreeMap<Field, Problem>);

/// A field of gatehouse's forms, by the name its `<input>` has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Name,
    Email,
    Password,
    CurrentPassword,
    NewPassword,
    Role,
    Language,
    Code,
    Host,
    PathPrefix,
    Access,
    RedirectUris,
    Consent,
}

impl Field {
    /// The `name` of its `<input>`, which the templates look the message up by.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Email => "email",
            Field::Password => "password",
            Field::CurrentPassword => "current_password",
            Field::NewPassword => "new_password",
            Field::Role => "role",
            Field::Language => "language",
            Field::Code => "code",
            Field::Host => "host",
            Field::PathPrefix => "path_prefix",
            Field::Access => "access",
            Field::RedirectUris => "redirect_uris",
            Field::Consent => "consent",
        }
    }
}

impl Serialize for FieldErrors {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(
            self.0
                .iter()
                .map(|(field, problem)| (field.as_str(), format!("problem-{}", problem.id()))),
        )
    }
}

impl FieldErrors {
    /// The value, or notes the problem under `field`.
    fn take<T>(&mut self, field: Field, parsed: Result<T, Problem>) -> Option<T> {
        parsed.map_err(|problem| self.0.insert(field, problem)).ok()
    }

    pub fn add(&mut self, field: Field, problem: Problem) {
        self.0.insert(field, problem);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn one(field: Field, problem: Problem) -> FieldErrors {
        let mut errors = FieldErrors::default();
        errors.add(field, problem);
        errors
    }

    /// A use case's refusal, beside the field it is about.
    pub fn refusal(problem: Problem) -> FieldErrors {
        let field = match problem {
            Problem::EmailTaken => Field::Email,
            Problem::OwnPassword => Field::Password,
            Problem::CurrentPasswordWrong => Field::CurrentPassword,
            Problem::PasswordUnchanged => Field::NewPassword,
            _ => Field::Role,
        };
        FieldErrors::one(field, problem)
    }
}

/// The new-user and edit-user form.
#[derive(FromForm)]
pub struct UserForm {
    #[field(default = String::new())]
    pub name: String,
    #[field(default = String::new())]
    pub email: String,
    #[field(default = String::new())]
    pub password: String,
    #[field(default = String::new())]
    pub role: String,
    /// The edit form's checkbox; absent (unchecked) means disabled.
    pub active: bool,
    /// The edit form's way back: the directory page (and search) it was opened from.
    pub back: Option<String>,
    /// The ids of the groups checked (one value each).
    pub groups: Vec<i64>,
    /// Set by a form that shows the groups: none checked then means none.
    pub groups_shown: bool,
}

/// Where an edit goes back to: `back` when it is a directory page, else the directory.
pub fn directory_back(back: Option<&str>) -> String {
    back.and_then(crate::domain::LocalPath::parse)
        .map(|p| p.as_str().to_owned())
        .filter(|p| p == "/users" || p.starts_with("/users?"))
        .unwrap_or_else(|| "/users".to_owned())
}

/// What the form shows again when it is sent back: never the password.
#[derive(Debug, Serialize)]
pub struct UserFormValues {
    pub name: String,
    pub email: String,
    pub role: String,
    pub active: bool,
    /// The groups checked, where the form shows them.
    pub groups: Vec<i64>,
}

impl UserForm {
    pub fn values(&self) -> UserFormValues {
        UserFormValues {
            name: self.name.trim().to_owned(),
            email: self.email.trim().to_owned(),
            role: self.role.clone(),
            active: self.active,
            groups: self.groups.clone(),
        }
    }

    /// A new user: every field required.
    /// A new user and their temporary password; a blank password makes an
    /// invitation (`None`): they choose their own by a link.
    pub fn parse_new(&self) -> Result<(NewUser, Option<Password>), FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take(Field::Name, UserName::parse(&self.name));
        let email = errors.take(Field::Email, Email::parse(&self.email));
        let password = match self.password.is_empty() {
            true => Some(None),
            false => errors.take(Field::Password, Password::parse(&self.password)).map(Some),
        };
        let role = errors.take(Field::Role, Role::parse(&self.role));
        match (name, email, password, role) {
            (Some(name), Some(email), Some(password), Some(role)) => Ok((NewUser { name, email, role }, password)),
            _ => Err(errors),
        }
    }

    /// Changes to a user: a blank password leaves it as it is.
    pub fn parse_changes(&self) -> Result<UserChanges, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take(Field::Name, UserName::parse(&self.name));
        let email = errors.take(Field::Email, Email::parse(&self.email));
        let role = errors.take(Field::Role, Role::parse(&self.role));
        let password = if self.password.is_empty() {
            Some(None)
        } else {
            errors.take(Field::Password, Password::parse(&self.password)).map(Some)
        };
        match (name, email, role, password) {
            (Some(name), Some(email), Some(role), Some(password)) => Ok(UserChanges {
                name,
                email,
                role,
                active: self.active,
                password,
                groups: (self.groups_shown || !self.groups.is_empty()).then(|| self.groups.clone()),
            }),
            _ => Err(errors),
        }
    }
}

/// The first-admin form on /setup.
#[derive(FromForm)]
pub struct SetupForm {
    pub name: String,
    pub email: String,
    pub password: String,
    pub password_confirm: Option<String>,
}

impl SetupForm {
    pub fn parse(&self) -> Result<(NewUser, Password), FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = errors.take(Field::Name, UserName::parse(&self.name));
        let email = errors.take(Field::Email, Email::parse(&self.email));
        let password = errors.take(
            Field::Password,
            Password::parse_confirmed(&self.password, self.password_confirm.as_deref()),
        );
        match (name, email, password) {
            (Some(name), Some(email), Some(password)) => Ok((
                NewUser {
                    name,
                    email,
                    role: Role::Admin,
                },
                password,
            )),
            _ => Err(errors),
        }
    }
}

/// Changing one's own name on /account.
#[derive(Debug, FromForm)]
pub struct AccountForm {
    pub name: String,
    /// `auto` (the browser's) or a catalogue's code; absent: unchanged.
    pub language: Option<String>,
}

/// A language as a form sends it: `Ok(None)` for `auto` (the browser's).
pub fn parse_language(typed: &str) -> Result<Option<Language>, Problem> {
    match typed.trim() {
        "auto" | "" => Ok(None),
        code => Language::find(code).map(Some).ok_or(Problem::LanguageUnknown),
    }
}

/// Changing one's own password on /account/password.
#[derive(FromForm)]
pub struct PasswordForm {
    pub current_password: String,
    pub new_password: String,
    pub new_password_confirm: Option<String>,
    /// Where to go after replacing a temporary password (a local path).
    pub next: Option<String>,
}

/// Choosing a password by an invitation or reset link.
#[derive(FromForm)]
pub struct ChooseForm {
    #[field(default = String::new())]
    pub new_password: String,
    pub new_password_confirm: Option<String>,
    /// For a person who signs in in two steps: a code, before anything changes.
    #[field(default = String::new())]
    pub code: String,
    #[field(default = String::new())]
    pub recovery_code: String,
}

/// The code a second-step form gave: the app's, or else a recovery code
/// (each has a field of its own, so that a phone shows a digits keypad
/// for the first).
pub fn second_step<'a>(code: &'a str, recovery_code: &'a str) -> &'a str {
    match code.trim().is_empty() {
        true => recovery_code,
        false => code,
    }
}

impl ChooseForm {
    pub fn parse(&self) -> Result<Password, FieldErrors> {
        Password::parse_confirmed(&self.new_password, self.new_password_confirm.as_deref())
            .map_err(|problem| FieldErrors::one(Field::NewPassword, problem))
    }
}

impl PasswordForm {
    /// The new password, if it is acceptable (the current one is checked by the caller).
    pub fn parse_new(&self) -> Result<Password, FieldErrors> {
        let parsed =
            Password::parse_confirmed(&self.new_password, self.new_password_confirm.as_deref()).and_then(|p| {
                match p.expose() == self.current_password {
                    true => Err(Problem::PasswordUnchanged),
                    false => Ok(p),
                }
            });
        parsed.map_err(|problem| FieldErrors::one(Field::NewPassword, problem))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, email: &str, password: &str, role: &str) -> UserForm {
        UserForm {
            name: name.into(),
            email: email.into(),
            password: password.into(),
            role: role.into(),
            active: true,
            back: None,
            groups: Vec::new(),
            groups_shown: false,
        }
    }

    #[test]
    fn an_edit_goes_back_only_to_a_directory_page() {
        assert_eq!(directory_back(Some("/users?q=max&page=2")), "/users?q=max&page=2");
        assert_eq!(directory_back(Some("/users")), "/users");
        for elsewhere in [
            None,
            Some("/account"),
            Some("//evil.example/users"),
            Some("https://evil.example/users"),
            Some("/usersx"),
        ] {
            assert_eq!(directory_back(elsewhere), "/users", "{elsewhere:?}");
        }
    }

    #[test]
    fn a_new_user_needs_every_field() {
        let (user, password) = form(" Ann ", "ANN@x.org", "long enough", "member").parse_new().unwrap();
        assert_eq!(
            (user.name.as_str(), user.email.as_str(), user.role),
            ("Ann", "ann@x.org", Role::Member)
        );
        assert!(password.is_some());
        let errors = form("", "nope", "short", "boss").parse_new().unwrap_err();
        assert_eq!(errors.0.len(), 4);
        // No password: an invitation.
        let (_, password) = form("Ann", "ann@x.org", "", "member").parse_new().unwrap();
        assert!(password.is_none());
    }

    #[test]
    fn a_blank_password_leaves_it_unchanged_on_edit() {
        assert!(form("Ann", "a@x", "", "admin")
            .parse_changes()
            .unwrap()
            .password
            .is_none());
        assert!(form("Ann", "a@x", "long enough", "admin")
            .parse_changes()
            .unwrap()
            .password
            .is_some());
        let errors = form("Ann", "a@x", "short", "admin").parse_changes().unwrap_err();
        assert_eq!(errors.0.get(&Field::Password), Some(&Problem::PasswordTooShort));
    }

    #[test]
    fn errors_name_their_message() {
        let json = serde_json::to_value(FieldErrors::one(Field::Email, Problem::EmailTaken)).unwrap();
        assert_eq!(json["email"], "problem-email-taken");
    }

    #[test]
    fn the_values_shown_again_never_include_the_password() {
        let json = serde_json::to_string(&form("Ann", "a@x", "secret password", "member").values()).unwrap();
        assert!(!json.contains("secret password"));
    }

    #[test]
    fn a_new_password_must_differ_and_match_its_confirmation() {
        let f = |current: &str, new: &str, again: Option<&str>| PasswordForm {
            current_password: current.into(),
            new_password: new.into(),
            new_password_confirm: again.map(Into::into),
            next: None,
        };
        assert!(f("old password", "new password", None).parse_new().is_ok());
        assert!(f("old password", "new password", Some("new password"))
            .parse_new()
            .is_ok());
        assert!(f("old password", "new password", Some("other")).parse_new().is_err());
        assert!(f("same password", "same password", None).parse_new().is_err());
        assert!(f("old password", "short", None).parse_new().is_err());
    }
}
