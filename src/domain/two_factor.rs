//! Who must sign in in two steps: the `two_factor` policy.

use serde::Deserialize;

use super::User;

/// `two_factor` in Rocket.toml.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TwoFactorPolicy {
    /// Each person chooses.
    #[default]
    Optional,
    /// Administrators must set it up before anything else.
    Admins,
    /// Everyone must.
    Everyone,
}

impl TwoFactorPolicy {
    /// Whether `user` must set two-step sign-in up before any other page.
    pub fn requires(self, user: &User) -> bool {
        let applies = match self {
            TwoFactorPolicy::Optional => false,
            TwoFactorPolicy::Admins => user.is_admin(),
            TwoFactorPolicy::Everyone => true,
        };
        applies && !user.second_step()
    }
}
