//! RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): the app
//! names itself with an ID token gatehouse signed (`id_token_hint`, old or
//! expired ones too: it is only read back, never trusted for access), and
//! may be sent back only to one of its own registered addresses.

use crate::domain::{AppInfo, AppKind};
use crate::security::jwt::verified_claims;

use super::super::{App, Result};
use super::keys;

/// The app and person an `id_token_hint` names, when gatehouse signed it
/// (RS256, one of its keys, its issuer) for an app that is still here.
pub async fn hinted(app: &App, hint: &str) -> Result<Option<(AppInfo, String)>> {
    let keys = keys::all(app).await?;
    let Some(claims) = verified_claims(hint, &keys) else {
        return Ok(None);
    };
    let issuer = app.settings.issuer().unwrap_or_default();
    if claims["iss"].as_str() != Some(issuer) {
        return Ok(None);
    }
    let (Some(client_id), Some(subject)) = (claims["aud"].as_str(), claims["sub"].as_str()) else {
        return Ok(None);
    };
    let (client_id, subject) = (client_id.to_owned(), subject.to_owned());
    let found = app.store.read(move |repo| repo.app_by_client_id(&client_id)).await?;
    Ok(found
        .filter(|(info, _)| info.kind == AppKind::Oidc)
        .map(|(info, _)| (info, subject)))
}
