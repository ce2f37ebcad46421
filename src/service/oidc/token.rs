//! The token endpoint's use case: the app proves who it is (its secret, by
//! HTTP Basic or in the form; a public app only names itself), then trades
//! a code for tokens. A code works once, within a minute, for the app it
//! was given to, with the same redirect URI and its PKCE verifier; a code
//! presented again ends what its first use gave. Access tokens and refresh
//! tokens are random and kept only as hashes; the ID token is signed RS256.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::domain::oidc_request::{pkce_shaped, Scope};
use crate::domain::{AppInfo, AppKind, Entry, Event, Party};
use crate::security::tokens::{hash_token, random_token, same_secret, secret_hash};
use crate::store::repo::StoredCode;

use super::super::audit::record;
use super::super::{App, Caller, Result};
use super::claims::{self, Person};
use super::keys;

/// How an app names itself at the token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub client_id: String,
    /// None: a public app, which has no secret.
    pub secret: Option<String>,
    /// Sent by HTTP Basic (a refusal then asks for Basic again).
    pub basic: bool,
}

/// Why the endpoint refuses, as the `error` it answers (RFC 6749 5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    InvalidRequest(&'static str),
    /// The app could not be authenticated; `basic`: it tried HTTP Basic.
    InvalidClient {
        basic: bool,
    },
    InvalidGrant(&'static str),
    UnsupportedGrantType,
    /// A refresh asked for more than the grant gave.
    InvalidScope,
}

impl TokenError {
    pub fn code(self) -> &'static str {
        match self {
            TokenError::InvalidRequest(_) => "invalid_request",
            TokenError::InvalidClient { .. } => "invalid_client",
            TokenError::InvalidGrant(_) => "invalid_grant",
            TokenError::UnsupportedGrantType => "unsupported_grant_type",
            TokenError::InvalidScope => "invalid_scope",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            TokenError::InvalidRequest(why) | TokenError::InvalidGrant(why) => why,
            TokenError::InvalidClient { .. } => "the client id or secret is not right",
            TokenError::UnsupportedGrantType => "only authorization_code and refresh_token are offered",
            TokenError::InvalidScope => "a refresh may ask for the scope it was given, or less",
        }
    }
}

/// What an exchange gives the app.
#[derive(Debug)]
pub struct Issued {
    pub access_token: String,
    pub expires_in: i64,
    pub id_token: String,
    pub refresh_token: Option<String>,
    pub scope: String,
}

impl Issued {
    /// The token response's body (RFC 6749 5.1, OpenID Connect Core 3.1.3.3).
    pub fn body(&self) -> Value {
        let mut body = json!({
            "access_token": self.access_token,
            "token_type": "Bearer",
            "expires_in": self.expires_in,
            "id_token": self.id_token,
            "scope": self.scope,
        });
        if let Some(refresh) = &self.refresh_token {
            body["refresh_token"] = json!(refresh);
        }
        body
    }
}

/// The app `credentials` name, if they prove it.
pub async fn authenticate(app: &App, credentials: &Credentials) -> Result<std::result::Result<AppInfo, TokenError>> {
    let refused = TokenError::InvalidClient {
        basic: credentials.basic,
    };
    let id = credentials.client_id.clone();
    let Some((info, stored)) = app.store.read(move |repo| repo.app_by_client_id(&id)).await? else {
        return Ok(Err(refused));
    };
    let proven = match (&credentials.secret, info.public) {
        (None, true) => true,
        // Compared as digests, in constant time: how much of a guess was
        // right is not told by how long the answer took.
        (Some(secret), false) => !stored.is_empty() && same_secret(&secret_hash(secret), &stored),
        _ => false,
    };
    Ok(match proven && info.kind == AppKind::Oidc {
        true => Ok(info),
        false => Err(refused),
    })
}

/// Whether `verifier` is the one `challenge` was made from (S256).
fn pkce_matches(verifier: &str, challenge: &str) -> bool {
    pkce_shaped(verifier) && same_secret(&B64.encode(Sha256::digest(verifier.as_bytes())), challenge)
}

/// Trades `code` for tokens, for `client` (authenticated).
pub async fn exchange_code(
    app: &App,
    client: &AppInfo,
    code: &str,
    redirect_uri: Option<&str>,
    verifier: Option<&str>,
    caller: &Caller,
) -> Result<std::result::Result<Issued, TokenError>> {
    let hash = hash_token(code);
    let Some(stored) = app.store.read(move |repo| repo.code_by_hash(&hash)).await? else {
        return Ok(Err(TokenError::InvalidGrant("the code is not known")));
    };
    let now = app.clock.now();
    if stored.app_id != client.id {
        return Ok(Err(TokenError::InvalidGrant("the code was given to another app")));
    }
    if stored.used_at.is_some() {
        code_reused(app, client, &stored, caller).await?;
        return Ok(Err(TokenError::InvalidGrant("the code was used already")));
    }
    if stored.expires_at <= now {
        return Ok(Err(TokenError::InvalidGrant("the code has expired")));
    }
    if redirect_uri != Some(stored.redirect_uri.as_str()) {
        return Ok(Err(TokenError::InvalidGrant(
            "redirect_uri is not the one the code was given for",
        )));
    }
    let pkce_ok = match (stored.code_challenge.is_empty(), verifier) {
        (true, None) => true,
        (true, Some(_)) => false,
        (false, Some(verifier)) => pkce_matches(verifier, &stored.code_challenge),
        (false, None) => false,
    };
    if !pkce_ok {
        return Ok(Err(TokenError::InvalidGrant("the PKCE code_verifier does not match")));
    }
    let Some(person) = claims::person_for(app, stored.user_id, client).await? else {
        return Ok(Err(TokenError::InvalidGrant("the person may no longer use this app")));
    };
    let scope = Scope::parse(&stored.scope).unwrap_or_else(|| Scope::parse("openid").expect("openid"));
    let refresh = client.refresh && scope.has("offline_access");
    let (access, refresh_token) = (random_token(), refresh.then(random_token));
    let (access_life, refresh_life) = (
        app.settings.oidc_access_lifetime.seconds(),
        app.settings.oidc_refresh_lifetime.seconds(),
    );
    let (access_hash, refresh_hash) = (hash_token(&access), refresh_token.as_deref().map(hash_token));
    let code_row = stored.clone();
    let spent = app
        .store
        .write(move |repo| {
            // One statement decides between two exchanges of the same code.
            if !repo.spend_code(code_row.id, now)? {
                return Ok::<_, crate::store::StoreError>(false);
            }
            let grant = repo.insert_grant(&code_row, now)?;
            repo.set_code_grant(code_row.id, grant)?;
            repo.insert_token(&access_hash, grant, "access", now, now + access_life)?;
            if let Some(hash) = &refresh_hash {
                repo.insert_token(hash, grant, "refresh", now, now + refresh_life)?;
            }
            Ok(true)
        })
        .await?;
    if !spent {
        return Ok(Err(TokenError::InvalidGrant("the code was used already")));
    }
    let signed_in = SignedInAt {
        auth_time: stored.auth_time,
        amr: &stored.amr,
        nonce: &stored.nonce,
    };
    let id_token = id_token(app, client, &person, &scope, &signed_in, now).await?;
    Ok(Ok(Issued {
        access_token: access,
        expires_in: access_life,
        id_token,
        refresh_token,
        scope: scope.as_text(),
    }))
}

/// A spent code presented again: whoever holds it is not the app that
/// used it first (or is replaying it), so what the first use gave ends.
async fn code_reused(app: &App, client: &AppInfo, stored: &StoredCode, caller: &Caller) -> Result<()> {
    let (grant, at) = (stored.grant_id, app.clock.now());
    let entry = Entry::new(
        Event::AppCodeReused,
        caller.party.clone(),
        Party::named(client.name.clone()),
        &caller.address,
    );
    app.store
        .write(move |repo| {
            if let Some(grant) = grant {
                repo.revoke_grant(grant, at)?;
            }
            record(repo, at, &entry)
        })
        .await?;
    Ok(())
}

/// When and how the person signed in, and the app's nonce (none on a refresh).
struct SignedInAt<'a> {
    auth_time: i64,
    amr: &'a str,
    nonce: &'a str,
}

/// The ID token: who the person is to `client`, when and how they signed
/// in, signed with the key that signs now.
async fn id_token(
    app: &App,
    client: &AppInfo,
    person: &Person,
    scope: &Scope,
    code: &SignedInAt<'_>,
    now: i64,
) -> Result<String> {
    let issuer = app.settings.issuer().unwrap_or_default();
    let mut claims = claims::of(person, scope);
    claims.insert("iss".into(), json!(issuer));
    claims.insert("aud".into(), json!(client.client_id));
    claims.insert("azp".into(), json!(client.client_id));
    claims.insert("iat".into(), json!(now));
    claims.insert("exp".into(), json!(now + app.settings.oidc_access_lifetime.seconds()));
    claims.insert("auth_time".into(), json!(code.auth_time));
    claims.insert("amr".into(), json!(code.amr.split(' ').collect::<Vec<_>>()));
    claims.insert("jti".into(), json!(random_token()));
    if !code.nonce.is_empty() {
        claims.insert("nonce".into(), json!(code.nonce));
    }
    let key = keys::signing_key(app).await?;
    Ok(key.sign(&Value::Object(claims))?)
}

/// A refresh: the token is the app's, unused, live, its grant standing; the
/// scope asked for is the grant's or less; the person may still use the
/// app, which still allows refreshes. The token is spent and another
/// given; a spent one presented again ends its whole grant.
pub async fn refresh(
    app: &App,
    client: &AppInfo,
    token: &str,
    scope: Option<&str>,
    caller: &Caller,
) -> Result<std::result::Result<Issued, TokenError>> {
    let hash = hash_token(token);
    let Some(stored) = app.store.read(move |repo| repo.token_by_hash(&hash)).await? else {
        return Ok(Err(TokenError::InvalidGrant("the refresh token is not known")));
    };
    let now = app.clock.now();
    let grant = &stored.grant;
    if stored.kind != "refresh" || grant.app_id != client.id {
        return Ok(Err(TokenError::InvalidGrant("the refresh token is not this app's")));
    }
    if stored.used_at.is_some() {
        end_grant(app, client, grant.grant_id, Event::AppRefreshReused, caller).await?;
        return Ok(Err(TokenError::InvalidGrant("the refresh token was used already")));
    }
    if stored.grant_revoked || stored.expires_at <= now {
        return Ok(Err(TokenError::InvalidGrant("the refresh token has ended")));
    }
    let given = Scope::parse(&grant.scope).unwrap_or_else(|| Scope::parse("openid").expect("openid"));
    let scope = match scope.map(str::trim).filter(|s| !s.is_empty()) {
        None => given.clone(),
        Some(asked) => match Scope::parse(asked) {
            Some(asked) if asked.within(&given) => asked,
            _ => return Ok(Err(TokenError::InvalidScope)),
        },
    };
    let person = match client.refresh {
        true => claims::person_for(app, grant.user_id, client).await?,
        false => None,
    };
    let Some(person) = person else {
        end_grant(app, client, grant.grant_id, Event::AppRefreshRefused, caller).await?;
        return Ok(Err(TokenError::InvalidGrant("the person may no longer use this app")));
    };
    let (access, next) = (random_token(), random_token());
    let (access_life, refresh_life) = (
        app.settings.oidc_access_lifetime.seconds(),
        app.settings.oidc_refresh_lifetime.seconds(),
    );
    let (access_hash, next_hash, token_id, grant_id) =
        (hash_token(&access), hash_token(&next), stored.id, grant.grant_id);
    let rotated = app
        .store
        .write(move |repo| {
            // One statement decides between two refreshes with the same token.
            if !repo.spend_token(token_id, now)? {
                return Ok::<_, crate::store::StoreError>(false);
            }
            repo.insert_token(&access_hash, grant_id, "access", now, now + access_life)?;
            repo.insert_token(&next_hash, grant_id, "refresh", now, now + refresh_life)?;
            Ok(true)
        })
        .await?;
    if !rotated {
        end_grant(app, client, grant.grant_id, Event::AppRefreshReused, caller).await?;
        return Ok(Err(TokenError::InvalidGrant("the refresh token was used already")));
    }
    let signed_in = SignedInAt {
        auth_time: grant.auth_time,
        amr: &grant.amr,
        nonce: "",
    };
    let id_token = id_token(app, client, &person, &scope, &signed_in, now).await?;
    Ok(Ok(Issued {
        access_token: access,
        expires_in: access_life,
        id_token,
        refresh_token: Some(next),
        scope: scope.as_text(),
    }))
}

/// Ends a grant (every token it gave) and says why in the log.
async fn end_grant(app: &App, client: &AppInfo, grant_id: i64, event: Event, caller: &Caller) -> Result<()> {
    let at = app.clock.now();
    let entry = Entry::new(
        event,
        caller.party.clone(),
        Party::named(client.name.clone()),
        &caller.address,
    );
    app.store
        .write(move |repo| {
            repo.revoke_grant(grant_id, at)?;
            record(repo, at, &entry)
        })
        .await?;
    Ok(())
}

/// RFC 7009: a refresh token ends its grant; an access token ends alone.
/// A token that is unknown, or another app's, is left as it is (and the
/// answer is the same, so that it tells nothing).
pub async fn revoke(app: &App, client: &AppInfo, token: &str) -> Result<()> {
    let hash = hash_token(token);
    let Some(stored) = app.store.read(move |repo| repo.token_by_hash(&hash)).await? else {
        return Ok(());
    };
    if stored.grant.app_id != client.id {
        return Ok(());
    }
    let (at, id, grant, refresh) = (
        app.clock.now(),
        stored.id,
        stored.grant.grant_id,
        stored.kind == "refresh",
    );
    app.store
        .write(move |repo| match refresh {
            true => repo.revoke_grant(grant, at).map(drop),
            false => repo.spend_token(id, at).map(drop),
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_s256_is_checked_as_rfc_7636_shows() {
        // RFC 7636 appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(pkce_matches(verifier, challenge));
        assert!(!pkce_matches("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXK", challenge));
        assert!(
            !pkce_matches(challenge, challenge),
            "the challenge itself is not the verifier"
        );
        assert!(!pkce_matches("short", challenge));
    }
}
