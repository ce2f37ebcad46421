//! What an app is told about its person: the claims of the scopes it was
//! given, and whether the person may still use it (active, and let in by
//! the app's rule), asked again at every exchange, refresh and userinfo.

use serde_json::{json, Map, Value};

use crate::domain::oidc_request::Scope;
use crate::domain::{AppInfo, User};

use super::super::{App, Result};

/// A person as an app sees them.
#[derive(Debug, Clone)]
pub struct Person {
    pub user: User,
    /// The stable, random id apps know them by.
    pub subject: String,
    /// Their groups' names, by name.
    pub groups: Vec<String>,
}

/// The person `user_id`, if they may still use `client`.
pub async fn person_for(app: &App, user_id: i64, client: &AppInfo) -> Result<Option<Person>> {
    let found = app
        .store
        .read(move |repo| {
            let Some(user) = repo.user(user_id)? else {
                return Ok::<_, crate::store::StoreError>(None);
            };
            let subject = repo.subject_of(user_id)?.unwrap_or_default();
            let groups: Vec<(i64, String)> = repo.groups_of(user_id)?.into_iter().map(|g| (g.id, g.name)).collect();
            Ok(Some((user, subject, groups)))
        })
        .await?;
    Ok(found.and_then(|(user, subject, groups)| {
        // As at the sign-in: active, let in by the app's access, and with a
        // second step when the app requires one (an administrator's reset
        // removes it: the app is told at its next refresh).
        let allowed =
            user.active && client.access.admits(&user, &groups).is_ok() && (!client.two_factor || user.second_step());
        allowed.then(|| Person {
            user,
            subject,
            groups: groups.into_iter().map(|(_, name)| name).collect(),
        })
    }))
}

/// `sub`, and the claims of each scope given: `profile` (name,
/// preferred_username), `email` (email, email_verified), `groups`.
pub fn of(person: &Person, scope: &Scope) -> Map<String, Value> {
    let mut claims = Map::new();
    claims.insert("sub".into(), json!(person.subject));
    if scope.has("profile") {
        claims.insert("name".into(), json!(person.user.name));
        claims.insert("preferred_username".into(), json!(person.user.email));
    }
    if scope.has("email") {
        claims.insert("email".into(), json!(person.user.email));
        // Addresses are entered by the office's administrators, and an
        // invited person proves theirs by opening the link.
        claims.insert("email_verified".into(), json!(true));
    }
    if scope.has("groups") {
        claims.insert("groups".into(), json!(person.groups));
    }
    claims
}

/// Userinfo: the claims of the scopes an access token was given, while it
/// lives, its grant stands, its app exists and its person may still use it.
pub async fn userinfo(app: &App, access_token: &str) -> Result<Option<Map<String, Value>>> {
    let (hash, now) = (crate::security::tokens::hash_token(access_token), app.clock.now());
    let found = app
        .store
        .read(move |repo| {
            let Some(grant) = repo.live_token(&hash, "access", now)? else {
                return Ok::<_, crate::store::StoreError>(None);
            };
            Ok(repo.app(grant.app_id)?.map(|client| (grant, client)))
        })
        .await?;
    let Some((grant, client)) = found else {
        return Ok(None);
    };
    let Some(person) = person_for(app, grant.user_id, &client).await? else {
        return Ok(None);
    };
    let scope = Scope::parse(&grant.scope).unwrap_or_else(|| Scope::parse("openid").expect("openid"));
    Ok(Some(of(&person, &scope)))
}
