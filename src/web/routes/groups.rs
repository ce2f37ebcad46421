//! Groups, for administrators: `GET /groups` (each with how many people
//! are in it), `GET /groups/new`, `POST /groups`, `GET /groups/{id}` (its
//! people, a person added by email, the name changed), `POST /groups/{id}`
//! (rename), `GET, POST /groups/{id}/delete`, `POST /groups/{id}/members`
//! and `POST /groups/{id}/members/{user_id}/remove`.

use rocket::form::FromForm;
use rocket::http::Status;
use rocket::State;
use serde_json::json;

use crate::domain::{Email, GroupName};
use crate::service::{groups, App, Caller, ServiceError};
use crate::web::answer::{Answer, Answered};
use crate::web::csrf::{CsrfForm, TokenOnly};
use crate::web::error::AppError;
use crate::web::forms::{Field, FieldErrors};
use crate::web::guards::AdminUser;
use crate::web::notice;
use crate::web::view::{Page, View};

use super::Id;

#[derive(FromForm)]
pub struct GroupForm {
    #[field(default = String::new())]
    name: String,
}

#[derive(FromForm)]
pub struct MemberForm {
    #[field(default = String::new())]
    email: String,
}

#[rocket::get("/groups")]
pub async fn list(_admin: AdminUser, app: &State<App>, view: View<'_>) -> Result<Page, AppError> {
    let groups = groups::all(app).await?;
    view.render("groups/index.html.tera", json!({ "groups": groups }))
}

#[rocket::get("/groups/new")]
pub fn new(_admin: AdminUser, view: View<'_>) -> Result<Page, AppError> {
    view.render(
        "groups/new.html.tera",
        json!({ "name": "", "errors": FieldErrors::default() }),
    )
}

/// A refusal about a group's name (taken, empty, too long) as the name field's error.
fn name_errors(problem: crate::domain::Problem) -> FieldErrors {
    FieldErrors::one(Field::Name, problem)
}

#[rocket::post("/groups", data = "<form>")]
pub async fn create(
    _admin: AdminUser,
    form: CsrfForm<GroupForm>,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
) -> Answered {
    let typed = form.into_inner().name;
    let again = |errors: FieldErrors| {
        let values = json!({ "name": typed.trim(), "errors": errors });
        Ok(view
            .render_with_status(Status::UnprocessableEntity, "groups/new.html.tera", values)?
            .into())
    };
    let name = match GroupName::parse(&typed) {
        Ok(name) => name,
        Err(problem) => return again(name_errors(problem)),
    };
    match groups::create(app, &caller, name).await {
        Ok(group) => Ok(notice::done(
            format!("/groups/{}", group.id),
            "group-created",
            json!({ "name": group.name }),
        )
        .into()),
        Err(ServiceError::Refused(problem)) => again(name_errors(problem)),
        Err(e) => Err(e.into()),
    }
}

/// A group's page, with `status`, what was typed and its errors.
async fn group_page(
    app: &App,
    view: &View<'_>,
    id: i64,
    status: Status,
    (name, email): (Option<&str>, &str),
    errors: &FieldErrors,
) -> Result<Page, AppError> {
    let (group, members) = groups::with_members(app, id).await?;
    let name = name.unwrap_or(&group.name).to_owned();
    let values = json!({ "group": group, "members": members, "name": name, "email": email, "errors": errors });
    view.render_with_status(status, "groups/show.html.tera", values)
}

#[rocket::get("/groups/<id>")]
pub async fn show(id: Id, _admin: AdminUser, app: &State<App>, view: View<'_>) -> Result<Page, AppError> {
    group_page(app, &view, id.get()?, Status::Ok, (None, ""), &FieldErrors::default()).await
}

#[rocket::post("/groups/<id>", data = "<form>")]
pub async fn rename(
    id: Id,
    _admin: AdminUser,
    form: CsrfForm<GroupForm>,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
) -> Answered {
    let (id, typed) = (id.get()?, form.into_inner().name);
    let refused = match GroupName::parse(&typed) {
        Ok(name) => match groups::rename(app, &caller, id, name).await {
            Ok(group) => {
                return Ok(notice::done(format!("/groups/{id}"), "group-renamed", json!({ "name": group.name })).into())
            }
            Err(ServiceError::Refused(problem)) => problem,
            Err(e) => return Err(e.into()),
        },
        Err(problem) => problem,
    };
    let values = (Some(typed.trim()), "");
    Ok(group_page(
        app,
        &view,
        id,
        Status::UnprocessableEntity,
        values,
        &name_errors(refused),
    )
    .await?
    .into())
}

#[rocket::post("/groups/<id>/members", data = "<form>")]
pub async fn add_member(
    id: Id,
    _admin: AdminUser,
    form: CsrfForm<MemberForm>,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
) -> Answered {
    let (id, typed) = (id.get()?, form.into_inner().email);
    let refused = match Email::parse(&typed) {
        Ok(email) => match groups::add_member(app, &caller, id, &email).await {
            Ok(user) => {
                return Ok(notice::done(
                    format!("/groups/{id}"),
                    "group-member-added",
                    json!({ "name": user.name }),
                )
                .into())
            }
            Err(ServiceError::Refused(problem)) => problem,
            Err(e) => return Err(e.into()),
        },
        Err(problem) => problem,
    };
    let errors = FieldErrors::one(Field::Email, refused);
    let values = (None, typed.trim());
    Ok(group_page(app, &view, id, Status::UnprocessableEntity, values, &errors)
        .await?
        .into())
}

#[rocket::post("/groups/<id>/members/<user_id>/remove", data = "<_form>")]
pub async fn remove_member(
    id: Id,
    user_id: Id,
    _admin: AdminUser,
    _form: CsrfForm<TokenOnly>,
    caller: Caller,
    app: &State<App>,
) -> Answered {
    let (id, user_id) = (id.get()?, user_id.get()?);
    let (_, user) = groups::remove_member(app, &caller, id, user_id).await?;
    Ok(notice::done(
        format!("/groups/{id}"),
        "group-member-removed",
        json!({ "name": user.name }),
    )
    .into())
}

#[rocket::get("/groups/<id>/delete")]
pub async fn confirm_delete(id: Id, _admin: AdminUser, app: &State<App>, view: View<'_>) -> Result<Page, AppError> {
    let group = groups::find(app, id.get()?).await?;
    view.render("groups/delete.html.tera", json!({ "group": group }))
}

#[rocket::post("/groups/<id>/delete", data = "<_form>")]
pub async fn delete(
    id: Id,
    _admin: AdminUser,
    _form: CsrfForm<TokenOnly>,
    caller: Caller,
    app: &State<App>,
) -> Answered {
    let group = groups::delete(app, &caller, id.get()?).await?;
    Ok(Answer::from(notice::done(
        "/groups",
        "group-deleted",
        json!({ "name": group.name }),
    )))
}
