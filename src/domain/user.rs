//! A user as the program sees one (the password hash stays in the store),
//! and the parsed input that creates or changes one.

use serde::Serialize;

use super::{Email, Password, Role, UserName};

#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub active: bool,
    pub must_change_password: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// The language they chose for the pages (a catalogue's code), or
    /// `None` for their browser's.
    pub language: Option<String>,
    /// Invited and not yet accepted: they have no password.
    pub invited: bool,
    /// Signs in in two steps (a code from an authenticator app).
    pub two_factor: bool,
    /// When they last signed in (any way in), if ever.
    pub last_sign_in_at: Option<i64>,
    /// Has at least one passkey.
    pub passkeys: bool,
}

impl User {
    /// Ana (id 9), active, with a password: for the unit tests.
    #[cfg(test)]
    pub fn sample(role: Role, two_factor: bool) -> User {
        User {
            id: 9,
            name: "Ana".into(),
            email: "ana@x.org".into(),
            role,
            active: true,
            must_change_password: false,
            created_at: 0,
            updated_at: 0,
            language: None,
            invited: false,
            two_factor,
            last_sign_in_at: None,
            passkeys: false,
        }
    }

    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Signs in in two steps: after the password, a code or a passkey (a
    /// passkey alone counts as both).
    pub fn second_step(&self) -> bool {
        self.two_factor || self.passkeys
    }
}

/// A user about to be created, every field already parsed (the password,
/// if there is one yet, travels beside it).
#[derive(Debug, Clone)]
pub struct NewUser {
    pub name: UserName,
    pub email: Email,
    pub role: Role,
}

/// An admin's changes to a user, every field parsed.
#[derive(Debug, Clone)]
pub struct UserChanges {
    pub name: UserName,
    pub email: Email,
    pub role: Role,
    pub active: bool,
    /// A new (temporary) password, or `None` to keep the current one.
    pub password: Option<Password>,
    /// The ids of the groups they are to be in, exactly; `None` leaves
    /// their groups as they are.
    pub groups: Option<Vec<i64>>,
}

impl UserChanges {
    /// The fields these changes give a new value, by name.
    pub fn changed_fields(&self, before: &User) -> Vec<&'static str> {
        let mut changed = Vec::new();
        if self.name.as_str() != before.name {
            changed.push("name");
        }
        if self.email.as_str() != before.email {
            changed.push("email");
        }
        if self.role != before.role {
            changed.push("role");
        }
        changed
    }
}
