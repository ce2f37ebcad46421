//! The authorization endpoint's use case: which app asks and whether its
//! redirect URI is one of its own (until both are known, an error is a
//! page and never a redirect); then the request's checks, the person (sign
//! in first, two-step where the app requires it, allowed in by the app's
//! rule), consent where the app asks for it, and the code: one use, 60
//! seconds, bound to the app, the redirect URI and the PKCE challenge.

use crate::domain::oidc_request::{check, AuthorizeError, AuthorizeParams, Scope};
use crate::domain::{AppInfo, AppKind, Consent, Detail, Entry, Event, Party, SignedIn};
use crate::security::tokens::{hash_token, random_token};
use crate::store::repo::NewCode;

use super::super::audit::record;
use super::super::{App, Caller, Result};

/// How long a code may wait for its exchange.
pub const CODE_SECONDS: i64 = 60;

/// Why a request is answered with a page, not sent back to the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAnApp {
    /// No OpenID app has this client id.
    UnknownClient,
    /// The redirect URI is missing or not one of the app's, exactly.
    UnknownRedirect,
}

/// The app that asks, once its redirect URI is known to be its own.
pub async fn client(
    app: &App,
    client_id: &str,
    redirect_uri: Option<&str>,
) -> Result<std::result::Result<AppInfo, NotAnApp>> {
    let id = client_id.to_owned();
    let found = app.store.read(move |repo| repo.app_by_client_id(&id)).await?;
    let Some((info, _)) = found.filter(|(info, _)| info.kind == AppKind::Oidc) else {
        return Ok(Err(NotAnApp::UnknownClient));
    };
    match redirect_uri {
        Some(uri) if info.redirect_uris.iter().any(|known| known == uri) => Ok(Ok(info)),
        _ => Ok(Err(NotAnApp::UnknownRedirect)),
    }
}

/// What the browser is told.
#[derive(Debug)]
pub enum Authorized {
    /// Back to the app (with a code, or with an error for it).
    Back(Vec<(&'static str, String)>),
    /// Sign in first, then come back to this request.
    SignIn,
    /// Ask the person, once, whether the app may have these.
    AskConsent(Scope),
    /// The app asks for two-step sign-in, which the person has not set up.
    NeedsTwoFactor,
    /// The app does not let this person in: a page, and nothing for the app.
    NotAllowed,
}

fn back_with_error(error: AuthorizeError) -> Authorized {
    Authorized::Back(vec![("error", error.code().to_owned())])
}

/// Decides a request of `client` (its redirect URI checked) for `me`.
/// `consenting`: the person has just said yes on the consent page.
pub async fn authorize(
    app: &App,
    client: &AppInfo,
    redirect_uri: &str,
    params: &AuthorizeParams,
    me: Option<&SignedIn>,
    consenting: bool,
    caller: &Caller,
) -> Result<Authorized> {
    let checked = match check(params, client.pkce) {
        Ok(checked) => checked,
        Err(error) => return Ok(back_with_error(error)),
    };
    let Some(me) = me else {
        return Ok(match checked.no_prompt {
            true => back_with_error(AuthorizeError::LoginRequired),
            false => Authorized::SignIn,
        });
    };
    let user_id = me.user.id;
    let (groups, consented) = {
        let app_id = client.id;
        app.store
            .read(move |repo| {
                let groups: Vec<(i64, String)> = repo.groups_of(user_id)?.into_iter().map(|g| (g.id, g.name)).collect();
                Ok::<_, crate::store::StoreError>((groups, repo.consent_of(app_id, user_id)?))
            })
            .await?
    };
    if let Err(why) = client.access.admits(&me.user, &groups) {
        let entry = Entry::new(
            Event::AppRefused,
            caller.party.clone(),
            Party::named(client.name.clone()),
            &caller.address,
        )
        .detail(Detail::Refused {
            request: "OpenID sign-in".to_owned(),
            why: why.as_str().to_owned(),
        });
        let at = app.clock.now();
        app.store.write(move |repo| record(repo, at, &entry)).await?;
        return Ok(match checked.no_prompt {
            true => back_with_error(AuthorizeError::AccessDenied),
            false => Authorized::NotAllowed,
        });
    }
    if client.two_factor && !me.user.second_step() {
        return Ok(match checked.no_prompt {
            true => back_with_error(AuthorizeError::AccessDenied),
            false => Authorized::NeedsTwoFactor,
        });
    }
    let given = consented.as_deref().and_then(Scope::parse);
    let needs_consent = client.consent == Consent::Once && !given.is_some_and(|given| checked.scope.within(&given));
    if needs_consent && !consenting {
        return Ok(match checked.no_prompt {
            true => back_with_error(AuthorizeError::ConsentRequired),
            false => Authorized::AskConsent(checked.scope),
        });
    }
    // The code, and the consent when it was just given, with their log line.
    let code = random_token();
    let hash = hash_token(&code);
    let at = app.clock.now();
    let (app_id, uri, scope, nonce, challenge) = (
        client.id,
        redirect_uri.to_owned(),
        checked.scope.as_text(),
        checked.nonce.clone(),
        checked.code_challenge.clone(),
    );
    let (auth_time, amr) = (me.signed_in_at, me.amr.clone());
    let entry = Entry::new(
        Event::AppSignedIn,
        caller.party.clone(),
        Party::named(client.name.clone()),
        &caller.address,
    );
    app.store
        .write(move |repo| {
            // What can no longer be used goes as new codes are made.
            repo.purge_oidc(at)?;
            repo.insert_code(&NewCode {
                code_hash: &hash,
                app_id,
                user_id,
                redirect_uri: &uri,
                scope: &scope,
                nonce: &nonce,
                code_challenge: &challenge,
                auth_time,
                amr: &amr,
                at,
                expires_at: at + CODE_SECONDS,
            })?;
            if needs_consent {
                repo.save_consent(app_id, user_id, &scope, at)?;
            }
            record(repo, at, &entry)
        })
        .await?;
    Ok(Authorized::Back(vec![("code", code)]))
}
