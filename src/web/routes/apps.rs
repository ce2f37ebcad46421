//! The office's apps, for administrators: `GET /apps`, `GET /apps/new`
//! (`?kind=oidc` for an app that signs in through gatehouse), `POST /apps`,
//! `GET, POST /apps/{id}`, `POST /apps/{id}/secret` (an OpenID app's new
//! secret), `GET, POST /apps/{id}/delete`; and for everyone signed in,
//! `GET /apps/mine`: the apps they may open.

use rocket::form::FromForm;
use rocket::http::Status;
use rocket::State;
use serde_json::json;

use crate::domain::{
    Access, AppInfo, AppKind, AppName, AppSpec, Consent, HostPattern, OidcSettings, PathPrefix, Place, Problem, Secret,
    SignedIn,
};
use crate::service::{apps, groups, App, Caller, ServiceError};
use crate::web::answer::{Answer, Answered};
use crate::web::csrf::{CsrfForm, TokenOnly};
use crate::web::error::AppError;
use crate::web::forms::{Field, FieldErrors};
use crate::web::guards::AdminUser;
use crate::web::notice;
use crate::web::view::{Page, TokenPage, View};

use super::Id;

#[derive(FromForm)]
pub struct AppForm {
    #[field(default = String::new())]
    name: String,
    #[field(default = String::from("proxy"))]
    kind: String,
    #[field(default = String::new())]
    host: String,
    #[field(default = String::new())]
    path_prefix: String,
    #[field(default = String::new())]
    access: String,
    groups: Vec<i64>,
    two_factor: bool,
    /// An OpenID app's redirect URIs, one a line.
    #[field(default = String::new())]
    redirect_uris: String,
    #[field(default = String::from("confidential"))]
    client_type: String,
    pkce: bool,
    refresh: bool,
    #[field(default = String::from("none"))]
    consent: String,
}

/// What the form shows again.
#[derive(serde::Serialize)]
struct Values {
    name: String,
    kind: &'static str,
    host: String,
    path_prefix: String,
    access: String,
    groups: Vec<i64>,
    two_factor: bool,
    redirect_uris: String,
    client_type: String,
    pkce: bool,
    refresh: bool,
    consent: String,
}

impl Values {
    /// A new app's form: behind the proxy, or (`oidc`) signing in through gatehouse.
    fn new(kind: AppKind) -> Values {
        Values {
            name: String::new(),
            kind: kind.as_str(),
            host: String::new(),
            path_prefix: String::new(),
            access: "everyone".to_owned(),
            groups: Vec::new(),
            two_factor: false,
            redirect_uris: String::new(),
            client_type: "confidential".to_owned(),
            pkce: true,
            refresh: false,
            consent: "none".to_owned(),
        }
    }
}

impl AppForm {
    fn kind(&self) -> AppKind {
        AppKind::parse(&self.kind).unwrap_or(AppKind::Proxy)
    }

    fn values(&self) -> Values {
        Values {
            name: self.name.trim().to_owned(),
            kind: self.kind().as_str(),
            host: self.host.trim().to_owned(),
            path_prefix: self.path_prefix.trim().to_owned(),
            access: self.access.clone(),
            groups: self.groups.clone(),
            two_factor: self.two_factor,
            redirect_uris: self.redirect_uris.trim().to_owned(),
            client_type: self.client_type.clone(),
            pkce: self.pkce,
            refresh: self.refresh,
            consent: self.consent.clone(),
        }
    }

    /// Where the app is, from the fields of its kind.
    fn place(&self, errors: &mut FieldErrors) -> Option<Place> {
        match AppKind::parse(&self.kind) {
            Some(AppKind::Proxy) => {
                let host = HostPattern::parse(&self.host)
                    .map_err(|p| errors.add(Field::Host, p))
                    .ok();
                let prefix = PathPrefix::parse(&self.path_prefix)
                    .map_err(|p| errors.add(Field::PathPrefix, p))
                    .ok();
                Some(Place::Proxy {
                    host: host?,
                    prefix: prefix?,
                })
            }
            Some(AppKind::Oidc) => {
                let uris = crate::domain::RedirectUris::parse(self.redirect_uris.lines())
                    .map_err(|p| errors.add(Field::RedirectUris, p))
                    .ok();
                let consent = Consent::parse(&self.consent)
                    .map_err(|p| errors.add(Field::Consent, p))
                    .ok();
                Some(Place::Oidc(OidcSettings::new(
                    uris?,
                    self.client_type == "public",
                    self.pkce,
                    self.refresh,
                    consent?,
                )))
            }
            None => {
                errors.add(Field::Name, Problem::AppKind);
                None
            }
        }
    }

    fn parse(&self) -> Result<AppSpec, FieldErrors> {
        let mut errors = FieldErrors::default();
        let name = AppName::parse(&self.name).map_err(|p| errors.add(Field::Name, p)).ok();
        let place = self.place(&mut errors);
        let access = Access::parse(&self.access, self.groups.clone())
            .map_err(|p| errors.add(Field::Access, p))
            .ok();
        match (name, place, access) {
            (Some(name), Some(place), Some(access)) if errors.is_empty() => Ok(AppSpec {
                name,
                place,
                access,
                two_factor: self.two_factor,
            }),
            _ => Err(errors),
        }
    }
}

impl From<&AppInfo> for Values {
    fn from(info: &AppInfo) -> Values {
        let groups = match &info.access {
            Access::Groups { groups } => groups.clone(),
            _ => Vec::new(),
        };
        Values {
            name: info.name.clone(),
            kind: info.kind.as_str(),
            host: info.host.clone(),
            path_prefix: info.path_prefix.clone(),
            access: info.access.as_str().to_owned(),
            groups,
            two_factor: info.two_factor,
            redirect_uris: info.redirect_uris.join("\n"),
            client_type: if info.public { "public" } else { "confidential" }.to_owned(),
            pkce: info.pkce,
            refresh: info.refresh,
            consent: info.consent.as_str().to_owned(),
        }
    }
}

/// A refusal of the store's as the field it is about.
fn refusal(problem: Problem) -> FieldErrors {
    let field = match problem {
        Problem::AppPlaceTaken => Field::Host,
        Problem::OidcAccessAnyone => Field::Access,
        _ => Field::Name,
    };
    FieldErrors::one(field, problem)
}

/// The new-app or edit-app form (`app`: the one edited), with `status`.
async fn form_page(
    app: &App,
    view: &View<'_>,
    status: Status,
    edited: Option<&AppInfo>,
    values: &Values,
    errors: &FieldErrors,
) -> Result<Page, AppError> {
    let groups = groups::all(app).await?;
    let context = json!({
        "app": edited,
        "values": values,
        "groups": groups,
        "errors": errors,
        "issuer": app.settings.issuer(),
    });
    let template = match edited {
        Some(_) => "apps/edit.html.tera",
        None => "apps/new.html.tera",
    };
    view.render_with_status(status, template, context)
}

#[rocket::get("/apps")]
pub async fn list(_admin: AdminUser, app: &State<App>, view: View<'_>) -> Result<Page, AppError> {
    let all = apps::all(app).await?;
    view.render("apps/index.html.tera", json!({ "apps": all }))
}

#[rocket::get("/apps/new?<kind>")]
pub async fn new(kind: Option<&str>, _admin: AdminUser, app: &State<App>, view: View<'_>) -> Result<Page, AppError> {
    let kind = kind.and_then(AppKind::parse).unwrap_or(AppKind::Proxy);
    form_page(
        app,
        &view,
        Status::Ok,
        None,
        &Values::new(kind),
        &FieldErrors::default(),
    )
    .await
}

/// An OpenID app's client id and secret, shown once (`created`: just
/// added, else a new secret).
fn client_page(
    app: &App,
    view: &View<'_>,
    info: &AppInfo,
    secret: Option<&Secret>,
    created: bool,
) -> Result<TokenPage, AppError> {
    let values = json!({
        "app": info,
        "secret": secret.map(Secret::expose),
        "created": created,
        "issuer": app.settings.issuer(),
    });
    Ok(TokenPage(view.render("apps/client.html.tera", values)?))
}

#[rocket::post("/apps", data = "<form>")]
pub async fn create(
    _admin: AdminUser,
    form: CsrfForm<AppForm>,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
) -> Answered {
    let form = form.into_inner();
    let errors = match form.parse() {
        Ok(spec) => match apps::create(app, &caller, spec).await {
            Ok(created) if created.info.kind == AppKind::Oidc => {
                return Ok(client_page(app, &view, &created.info, created.secret.as_ref(), true)?.into())
            }
            Ok(created) => {
                return Ok(notice::done("/apps", "app-created", json!({ "name": created.info.name })).into())
            }
            Err(ServiceError::Refused(problem)) => refusal(problem),
            Err(e) => return Err(e.into()),
        },
        Err(errors) => errors,
    };
    let page = form_page(app, &view, Status::UnprocessableEntity, None, &form.values(), &errors).await?;
    Ok(page.into())
}

#[rocket::get("/apps/<id>")]
pub async fn edit(id: Id, _admin: AdminUser, app: &State<App>, view: View<'_>) -> Result<Page, AppError> {
    let info = apps::find(app, id.get()?).await?;
    form_page(
        app,
        &view,
        Status::Ok,
        Some(&info),
        &Values::from(&info),
        &FieldErrors::default(),
    )
    .await
}

#[rocket::post("/apps/<id>", data = "<form>")]
pub async fn update(
    id: Id,
    _admin: AdminUser,
    form: CsrfForm<AppForm>,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
) -> Answered {
    let info = apps::find(app, id.get()?).await?;
    let form = form.into_inner();
    let errors = match form.parse() {
        Ok(spec) => match apps::update(app, &caller, info.id, spec).await {
            Ok(info) => return Ok(notice::done("/apps", "app-saved", json!({ "name": info.name })).into()),
            Err(ServiceError::Refused(problem)) => refusal(problem),
            Err(e) => return Err(e.into()),
        },
        Err(errors) => errors,
    };
    let page = form_page(
        app,
        &view,
        Status::UnprocessableEntity,
        Some(&info),
        &form.values(),
        &errors,
    )
    .await?;
    Ok(page.into())
}

/// A confidential OpenID app's new secret: the old one ends at once.
#[rocket::post("/apps/<id>/secret", data = "<_form>")]
pub async fn new_secret(
    id: Id,
    _admin: AdminUser,
    _form: CsrfForm<TokenOnly>,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
) -> Result<TokenPage, AppError> {
    let info = apps::find(app, id.get()?).await?;
    let secret = apps::new_secret(app, &caller, info.id).await?;
    client_page(app, &view, &info, Some(&secret), false)
}

#[rocket::get("/apps/<id>/delete")]
pub async fn confirm_delete(id: Id, _admin: AdminUser, app: &State<App>, view: View<'_>) -> Result<Page, AppError> {
    let info = apps::find(app, id.get()?).await?;
    view.render("apps/delete.html.tera", json!({ "app": info }))
}

#[rocket::post("/apps/<id>/delete", data = "<_form>")]
pub async fn delete(
    id: Id,
    _admin: AdminUser,
    _form: CsrfForm<TokenOnly>,
    caller: Caller,
    app: &State<App>,
) -> Answered {
    let info = apps::delete(app, &caller, id.get()?).await?;
    Ok(Answer::from(notice::done(
        "/apps",
        "app-deleted",
        json!({ "name": info.name }),
    )))
}

#[rocket::get("/apps/mine")]
pub async fn mine(me: SignedIn, app: &State<App>, config: &rocket::Config, view: View<'_>) -> Result<Page, AppError> {
    let open = apps::open_to(app, &me.user).await?;
    let shown: Vec<_> = open
        .iter()
        .map(|info| json!({ "name": info.name, "host": info.host, "path_prefix": info.path_prefix, "url": info.start_url(config.tls_enabled()) }))
        .collect();
    view.render("apps/mine.html.tera", json!({ "apps": shown }))
}
