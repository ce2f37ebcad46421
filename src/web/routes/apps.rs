//! The office's apps behind the proxy, for administrators: `GET /apps`,
//! `GET /apps/new`, `POST /apps`, `GET, POST /apps/{id}`, `GET, POST
//! /apps/{id}/delete`; and for everyone signed in, `GET /apps/mine`: the
//! apps they may open.

use rocket::form::FromForm;
use rocket::http::Status;
use rocket::State;
use serde_json::json;

use crate::domain::{Access, AppInfo, AppName, AppSpec, HostPattern, PathPrefix, Problem, SignedIn};
use crate::service::{apps, groups, App, Caller, ServiceError};
use crate::web::answer::{Answer, Answered};
use crate::web::csrf::{CsrfForm, TokenOnly};
use crate::web::error::AppError;
use crate::web::forms::{Field, FieldErrors};
use crate::web::guards::AdminUser;
use crate::web::notice;
use crate::web::view::{Page, View};

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
}

/// What the form shows again.
#[derive(serde::Serialize)]
struct Values {
    name: String,
    host: String,
    path_prefix: String,
    access: String,
    groups: Vec<i64>,
    two_factor: bool,
}

impl AppForm {
    fn values(&self) -> Values {
        Values {
            name: self.name.trim().to_owned(),
            host: self.host.trim().to_owned(),
            path_prefix: self.path_prefix.trim().to_owned(),
            access: self.access.clone(),
            groups: self.groups.clone(),
            two_factor: self.two_factor,
        }
    }

    fn parse(&self) -> Result<AppSpec, FieldErrors> {
        let mut errors = FieldErrors::default();
        if self.kind != "proxy" {
            errors.add(Field::Name, Problem::AppKind);
        }
        let name = AppName::parse(&self.name).map_err(|p| errors.add(Field::Name, p)).ok();
        let host = HostPattern::parse(&self.host)
            .map_err(|p| errors.add(Field::Host, p))
            .ok();
        let prefix = PathPrefix::parse(&self.path_prefix)
            .map_err(|p| errors.add(Field::PathPrefix, p))
            .ok();
        let access = Access::parse(&self.access, self.groups.clone())
            .map_err(|p| errors.add(Field::Access, p))
            .ok();
        match (name, host, prefix, access) {
            (Some(name), Some(host), Some(prefix), Some(access)) if errors.is_empty() => Ok(AppSpec {
                name,
                host,
                prefix,
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
            host: info.host.clone(),
            path_prefix: info.path_prefix.clone(),
            access: info.access.as_str().to_owned(),
            groups,
            two_factor: info.two_factor,
        }
    }
}

/// A refusal of the store's as the field it is about.
fn refusal(problem: Problem) -> FieldErrors {
    let field = match problem {
        Problem::AppPlaceTaken => Field::Host,
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
    let context = json!({ "app": edited, "values": values, "groups": groups, "errors": errors });
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

#[rocket::get("/apps/new")]
pub async fn new(_admin: AdminUser, app: &State<App>, view: View<'_>) -> Result<Page, AppError> {
    let values = Values {
        name: String::new(),
        host: String::new(),
        path_prefix: String::new(),
        access: "everyone".to_owned(),
        groups: Vec::new(),
        two_factor: false,
    };
    form_page(app, &view, Status::Ok, None, &values, &FieldErrors::default()).await
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
            Ok(info) => return Ok(notice::done("/apps", "app-created", json!({ "name": info.name })).into()),
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

/// The address of an app's start, where it has one (a wildcard has none):
/// https, unless gatehouse itself is served without TLS.
fn start_url(info: &AppInfo, tls: bool) -> Option<String> {
    if info.host.starts_with("*.") {
        return None;
    }
    let scheme = if tls { "https" } else { "http" };
    Some(format!("{scheme}://{}{}/", info.host, info.path_prefix))
}

#[rocket::get("/apps/mine")]
pub async fn mine(me: SignedIn, app: &State<App>, config: &rocket::Config, view: View<'_>) -> Result<Page, AppError> {
    let open = apps::open_to(app, &me.user).await?;
    let shown: Vec<_> = open
        .iter()
        .map(|info| json!({ "name": info.name, "host": info.host, "path_prefix": info.path_prefix, "url": start_url(info, config.tls_enabled()) }))
        .collect();
    view.render("apps/mine.html.tera", json!({ "apps": shown }))
}
