//! The office's apps, behind the proxy or signing in through gatehouse
//! (OpenID Connect): registered, changed and removed by administrators
//! (and the command line), each change one transaction with its
//! security-log row; an OpenID app's client id, and its secret shown once
//! and kept only as a hash; and which apps a person may open.

use crate::domain::{
    decide, Access, AppInfo, AppKind, AppName, AppSpec, Decision, Detail, Entry, Event, Party, Place, Problem, Secret,
    User, Visitor,
};
use crate::security::tokens::{random_id, random_token, secret_hash};
use crate::store::repo::ClientKeys;

use super::audit::record;
use super::{found, App, Caller, Result, ServiceError};

/// Every app, by name.
pub async fn all(app: &App) -> Result<Vec<AppInfo>> {
    Ok(app.store.read(|repo| repo.all_apps()).await?)
}

pub async fn find(app: &App, id: i64) -> Result<AppInfo> {
    found(app.store.read(move |repo| repo.app(id)).await?)
}

/// The app with this name, in any case; `AppUnknown` when there is none.
pub async fn find_by_name(app: &App, name: &AppName) -> Result<AppInfo> {
    let key = name.key();
    app.store
        .read(move |repo| repo.app_by_key(&key))
        .await?
        .ok_or(ServiceError::Refused(Problem::AppUnknown))
}

/// An app as the security log names it.
fn party(info: &AppInfo) -> Party {
    Party::named(info.name.clone())
}

/// What the log says of an app's rule: where it is (for an OpenID app,
/// its redirect URIs) and who may enter.
fn described(info: &AppInfo) -> Detail {
    let place = match info.kind {
        AppKind::Proxy => format!("{}{}", info.host, info.path_prefix),
        AppKind::Oidc => info.redirect_uris.join(" "),
    };
    Detail::App {
        host: place,
        access: info.access.as_str().to_owned(),
        groups: info.group_names.clone(),
        two_factor: info.two_factor,
    }
}

/// A new app, and for a confidential OpenID app its secret: shown once,
/// never kept but as a hash.
pub struct Created {
    pub info: AppInfo,
    pub secret: Option<Secret>,
}

/// What an OpenID app may not be: registered without gatehouse's own
/// address (the issuer its tokens name), or open to "anyone".
fn check_oidc(app: &App, spec: &AppSpec) -> Result<()> {
    if let Place::Oidc(_) = spec.place {
        if app.settings.public_url.is_none() {
            return Err(Problem::OidcNeedsPublicUrl.into());
        }
        if spec.access == Access::Anyone {
            return Err(Problem::OidcAccessAnyone.into());
        }
    }
    Ok(())
}

pub async fn create(app: &App, caller: &Caller, spec: AppSpec) -> Result<Created> {
    check_oidc(app, &spec)?;
    let (caller, at) = (caller.clone(), app.clock.now());
    let (keys, secret) = match &spec.place {
        Place::Proxy { .. } => (ClientKeys::default(), None),
        Place::Oidc(oidc) => {
            let secret = (!oidc.public).then(random_token);
            let keys = ClientKeys {
                client_id: random_id(),
                secret_hash: secret.as_deref().map(secret_hash).unwrap_or_default(),
            };
            (keys, secret.map(Secret::new))
        }
    };
    let info = app
        .store
        .write(move |repo| {
            let id = repo.insert_app(&spec, &keys, at)?;
            let info = found(repo.app(id)?)?;
            let entry = Entry::new(Event::AppCreated, caller.party.clone(), party(&info), &caller.address);
            record(repo, at, &entry.detail(described(&info)))?;
            Ok::<_, ServiceError>(info)
        })
        .await?;
    Ok(Created { info, secret })
}

/// A confidential OpenID app's new secret, shown once: the old one stops
/// working at once. Refused for any other app.
pub async fn new_secret(app: &App, caller: &Caller, id: i64) -> Result<Secret> {
    let (caller, at) = (caller.clone(), app.clock.now());
    let secret = random_token();
    let hash = secret_hash(&secret);
    app.store
        .write(move |repo| {
            let info = found(repo.app(id)?)?;
            if !repo.set_client_secret(id, &hash, at)? {
                return Err(ServiceError::Refused(Problem::AppHasNoSecret));
            }
            let entry = Entry::new(
                Event::AppSecretMade,
                caller.party.clone(),
                party(&info),
                &caller.address,
            );
            record(repo, at, &entry)?;
            Ok(())
        })
        .await?;
    Ok(Secret::new(secret))
}

pub async fn update(app: &App, caller: &Caller, id: i64, spec: AppSpec) -> Result<AppInfo> {
    check_oidc(app, &spec)?;
    let (caller, at) = (caller.clone(), app.clock.now());
    app.store
        .write(move |repo| {
            found(repo.app(id)?)?;
            repo.update_app(id, &spec, at)?;
            let info = found(repo.app(id)?)?;
            let entry = Entry::new(Event::AppChanged, caller.party.clone(), party(&info), &caller.address);
            record(repo, at, &entry.detail(described(&info)))?;
            Ok(info)
        })
        .await
}

pub async fn delete(app: &App, caller: &Caller, id: i64) -> Result<AppInfo> {
    let (caller, at) = (caller.clone(), app.clock.now());
    app.store
        .write(move |repo| {
            let info = found(repo.app(id)?)?;
            repo.delete_app(id)?;
            let entry = Entry::new(Event::AppDeleted, caller.party.clone(), party(&info), &caller.address);
            record(repo, at, &entry)?;
            Ok(info)
        })
        .await
}

/// The apps `user` may open (for their start page): a proxied app whose
/// rule would let them in at its own address (public ones aside), an
/// OpenID app whose access admits them.
pub async fn open_to(app: &App, user: &User) -> Result<Vec<AppInfo>> {
    let (id, policy) = (user.id, app.settings.two_factor);
    let user = user.clone();
    let (apps, groups) = app
        .store
        .read(move |repo| {
            let groups: Vec<(i64, String)> = repo.groups_of(id)?.into_iter().map(|g| (g.id, g.name)).collect();
            Ok::<_, crate::store::StoreError>((repo.all_apps()?, groups))
        })
        .await?;
    let visitor = Visitor {
        user: &user,
        groups: &groups,
        owes_two_factor: policy.requires(&user),
    };
    Ok(apps
        .into_iter()
        .filter(|info| info.access != crate::domain::Access::Anyone)
        .filter(|info| match (info.kind, info.rule()) {
            (AppKind::Oidc, _) => info.access.admits(&user, &groups).is_ok(),
            (_, Some(rule)) => matches!(
                decide(Some(&rule), Some(&visitor)),
                Decision::Allow(_) | Decision::FinishAtGatehouse
            ),
            (_, None) => false,
        })
        .collect())
}
