//! The gate's decision, without a database: a request that falls under an
//! app's rule (or none), from a visitor who is signed in (with their
//! groups) or not, is let through, sent to sign in, sent to set up
//! two-step sign-in first, or refused. The web's endpoints only translate
//! it for nginx and for Caddy/Traefik.

use super::{Access, ProxyRule, User};

/// Who is asking, as the gate sees them.
#[derive(Debug, Clone)]
pub struct Visitor<'a> {
    pub user: &'a User,
    /// The ids and names of the groups they are in.
    pub groups: &'a [(i64, String)],
    /// The office requires two-step sign-in of them and they have not set it up.
    pub owes_two_factor: bool,
}

/// What the gate answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Through, with who it is (`None` for a visitor on an `anyone` rule).
    Allow(Option<i64>),
    /// Not signed in: to the sign-in page, and back.
    SignIn,
    /// Signed in, but a step at gatehouse comes first (a temporary
    /// password, two-step sign-in the app or the office requires).
    FinishAtGatehouse,
    /// Refused, and why (for the log).
    Deny(DenyReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DenyReason {
    /// No app is registered at this address.
    NoApp,
    /// The app lets in administrators only.
    AdminsOnly,
    /// The app lets in some groups, and the person is in none of them.
    NotInGroups,
    /// The path is not in plain form (`..`, encoded slashes): refused
    /// rather than matched against a prefix the app may read otherwise.
    UnclearPath,
    /// The endpoint was asked by an address that is not a trusted proxy.
    NotAProxy,
}

impl DenyReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DenyReason::NoApp => "no-app",
            DenyReason::AdminsOnly => "admins-only",
            DenyReason::NotInGroups => "not-in-groups",
            DenyReason::UnclearPath => "unclear-path",
            DenyReason::NotAProxy => "not-a-proxy",
        }
    }
}

/// The decision for a request under `rule` from `visitor`.
pub fn decide(rule: Option<&ProxyRule>, visitor: Option<&Visitor<'_>>) -> Decision {
    let Some(rule) = rule else {
        return Decision::Deny(DenyReason::NoApp);
    };
    if rule.access == Access::Anyone {
        return Decision::Allow(visitor.map(|v| v.user.id));
    }
    let Some(visitor) = visitor else {
        return Decision::SignIn;
    };
    let user = visitor.user;
    if let Err(reason) = rule.access.admits(user, visitor.groups) {
        return Decision::Deny(reason);
    }
    if user.must_change_password || visitor.owes_two_factor || (rule.two_factor && !user.second_step()) {
        return Decision::FinishAtGatehouse;
    }
    Decision::Allow(Some(user.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{HostPattern, PathPrefix, Role};

    fn user(role: Role, two_factor: bool) -> User {
        User::sample(role, two_factor)
    }

    fn rule(access: Access, two_factor: bool) -> ProxyRule {
        ProxyRule {
            app_id: 1,
            name: "wiki".into(),
            host: HostPattern::parse("wiki.office.example").unwrap(),
            prefix: PathPrefix::default(),
            access,
            two_factor,
        }
    }

    #[test]
    fn the_gate_decides_by_rule_person_and_groups() {
        let member = user(Role::Member, false);
        let admin = user(Role::Admin, false);
        let with_code = user(Role::Member, true);
        let sales = [(7, "Sales".to_owned())];
        let v = |u: &'static User, groups: &'static [(i64, String)]| Visitor {
            user: u,
            groups,
            owes_two_factor: false,
        };
        let member: &'static User = Box::leak(Box::new(member));
        let admin: &'static User = Box::leak(Box::new(admin));
        let with_code: &'static User = Box::leak(Box::new(with_code));
        let sales: &'static [(i64, String)] = Box::leak(Box::new(sales));
        let table: Vec<(Option<ProxyRule>, Option<Visitor<'static>>, Decision)> = vec![
            (None, Some(v(admin, &[])), Decision::Deny(DenyReason::NoApp)),
            (None, None, Decision::Deny(DenyReason::NoApp)),
            (Some(rule(Access::Anyone, true)), None, Decision::Allow(None)),
            (
                Some(rule(Access::Anyone, false)),
                Some(v(member, &[])),
                Decision::Allow(Some(9)),
            ),
            (Some(rule(Access::Everyone, false)), None, Decision::SignIn),
            (
                Some(rule(Access::Everyone, false)),
                Some(v(member, &[])),
                Decision::Allow(Some(9)),
            ),
            (
                Some(rule(Access::Admins, false)),
                Some(v(member, sales)),
                Decision::Deny(DenyReason::AdminsOnly),
            ),
            (
                Some(rule(Access::Admins, false)),
                Some(v(admin, &[])),
                Decision::Allow(Some(9)),
            ),
            (
                Some(rule(Access::Groups { groups: vec![7] }, false)),
                Some(v(member, sales)),
                Decision::Allow(Some(9)),
            ),
            (
                Some(rule(Access::Groups { groups: vec![8] }, false)),
                Some(v(admin, sales)),
                Decision::Deny(DenyReason::NotInGroups),
            ),
            (
                Some(rule(Access::Everyone, true)),
                Some(v(member, &[])),
                Decision::FinishAtGatehouse,
            ),
            (
                Some(rule(Access::Everyone, true)),
                Some(v(with_code, &[])),
                Decision::Allow(Some(9)),
            ),
        ];
        for (i, (rule, visitor, expected)) in table.into_iter().enumerate() {
            assert_eq!(decide(rule.as_ref(), visitor.as_ref()), expected, "row {i}");
        }
        let owing = Visitor {
            user: member,
            groups: &[],
            owes_two_factor: true,
        };
        assert_eq!(
            decide(Some(&rule(Access::Everyone, false)), Some(&owing)),
            Decision::FinishAtGatehouse
        );
    }
}
