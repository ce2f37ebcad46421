//! What a user may do: an admin manages users; a member sees the directory.

use super::Problem;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Member,
}

impl Role {
    pub fn parse(input: &str) -> Result<Role, Problem> {
        match input.trim() {
            "admin" => Ok(Role::Admin),
            "member" => Ok(Role::Member),
            _ => Err(Problem::RoleUnknown),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_parses_only_the_two_roles() {
        assert_eq!(Role::parse("admin"), Ok(Role::Admin));
        assert_eq!(Role::parse("member"), Ok(Role::Member));
        assert!(Role::parse("root").is_err());
        assert!(Role::parse("Admin").is_err());
    }
}
