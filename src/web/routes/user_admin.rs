//! Managing users, for admins: `GET /users/new`, `POST /users`,
//! `GET /users/{id}/edit`, `POST /users/{id}`, `GET, POST /users/{id}/delete`,
//! `POST /users/{id}/unlock`. Every change ends in a redirect with a flash
//! message; a wrong form comes back (422) with a message beside each wrong
//! field and the values kept.

use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::State;
use serde_json::json;

use crate::domain::{Problem, Role, User};
use crate::service::{groups, links, users, App, Caller, ServiceError};
use crate::web::answer::{Answer, Answered};
use crate::web::csrf::{CsrfForm, TokenOnly};
use crate::web::error::AppError;
use crate::web::forms::{directory_back, FieldErrors, UserForm, UserFormValues};
use crate::web::guards::{AdminUser, LinkBase};
use crate::web::notice;
use crate::web::view::{Page, View};

use super::Id;

/// Back to the directory with message `key`.
fn done(key: &str, args: serde_json::Value) -> Answered {
    done_to("/users".to_owned(), key, args)
}

fn done_to(to: String, key: &str, args: serde_json::Value) -> Answered {
    Ok(notice::done(to, key, args).into())
}

fn new_form(view: View<'_>, status: Status, values: &UserFormValues, errors: &FieldErrors) -> Result<Page, AppError> {
    view.render_with_status(
        status,
        "users/new.html.tera",
        json!({ "values": values, "errors": errors }),
    )
}

/// The edit form; on one's own account without the role, active and
/// password controls (and no delete), which would only be refused.
async fn edit_form(
    app: &App,
    view: &View<'_>,
    status: Status,
    (user, back): (&User, &str),
    values: &UserFormValues,
    errors: &FieldErrors,
) -> Result<Page, AppError> {
    let yourself = view.user_id() == Some(user.id);
    // Every group, each checked when the person is (or is to be) in it.
    let choices: Vec<_> = groups::all(app)
        .await?
        .into_iter()
        .map(|g| json!({ "id": g.id, "name": g.name, "checked": values.groups.contains(&g.id) }))
        .collect();
    view.render_with_status(
        status,
        "users/edit.html.tera",
        json!({ "user": user, "values": values, "errors": errors, "yourself": yourself, "back": back, "groups": choices }),
    )
}

#[rocket::get("/users/new")]
pub fn new(_admin: AdminUser, view: View<'_>) -> Result<Page, AppError> {
    let values = UserFormValues {
        name: String::new(),
        email: String::new(),
        role: Role::Member.as_str().to_owned(),
        active: true,
        groups: Vec::new(),
    };
    new_form(view, Status::Ok, &values, &FieldErrors::default())
}

/// Adding a user: back to the directory (with a temporary password), the
/// invitation link to pass on (without), or the form again.
#[rocket::post("/users", data = "<form>")]
pub async fn create(
    admin: AdminUser,
    form: CsrfForm<UserForm>,
    caller: Caller,
    base: LinkBase,
    app: &State<App>,
    view: View<'_>,
) -> Answered {
    let form = form.into_inner();
    let again = |view: View<'_>, errors: &FieldErrors| {
        new_form(view, Status::UnprocessableEntity, &form.values(), errors).map(Answer::from)
    };
    let (new, password) = match form.parse_new() {
        Ok(parsed) => parsed,
        Err(errors) => return again(view, &errors),
    };
    let refused = match password {
        Some(password) => match users::create(app, &caller, new, password, true).await {
            Ok(user) => return done("user-created", json!({ "name": user.name })),
            Err(e) => e,
        },
        None => match links::invite(app, &caller, new).await {
            Ok(made) => {
                let page = super::links::issued(app, (&admin, &caller), view, &made, &base).await?;
                return Ok(page.into());
            }
            Err(e) => e,
        },
    };
    match refused {
        ServiceError::Refused(problem) => again(view, &FieldErrors::refusal(problem)),
        e => Err(e.into()),
    }
}

#[rocket::get("/users/<id>/edit?<back>")]
pub async fn edit(
    id: Id,
    back: Option<&str>,
    _admin: AdminUser,
    app: &State<App>,
    view: View<'_>,
) -> Result<Page, AppError> {
    let user = users::find(app, id.get()?).await?;
    let back = directory_back(back);
    let values = UserFormValues {
        name: user.name.clone(),
        email: user.email.clone(),
        role: user.role.as_str().to_owned(),
        active: user.active,
        groups: groups::of(app, user.id).await?.into_iter().map(|g| g.id).collect(),
    };
    edit_form(app, &view, Status::Ok, (&user, &back), &values, &FieldErrors::default()).await
}

#[rocket::post("/users/<id>", data = "<form>")]
pub async fn update(
    id: Id,
    _admin: AdminUser,
    form: CsrfForm<UserForm>,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
) -> Answered {
    let user = users::find(app, id.get()?).await?;
    let form = form.into_inner();
    let back = directory_back(form.back.as_deref());
    let (values, view, user, back) = (&form.values(), &view, &user, &back);
    let invalid = |errors: FieldErrors| async move {
        let page = edit_form(app, view, Status::UnprocessableEntity, (user, back), values, &errors).await?;
        Ok(Answer::from(page))
    };
    let changes = match form.parse_changes() {
        Ok(changes) => changes,
        Err(errors) => return invalid(errors).await,
    };
    match users::update(app, &caller, user.id, changes).await {
        Ok(updated) => match updated.sessions_ended {
            0 => done_to(back.clone(), "user-saved", json!({ "name": updated.user.name })),
            n => done_to(
                back.clone(),
                "user-saved-signed-out",
                json!({ "name": updated.user.name, "count": n }),
            ),
        },
        Err(ServiceError::Refused(problem)) => invalid(FieldErrors::refusal(problem)).await,
        Err(e) => Err(e.into()),
    }
}

fn delete_page(view: View<'_>, status: Status, user: &User, error: Option<Problem>) -> Result<Page, AppError> {
    let values = json!({ "user": user, "error": error.map(|p| view.language().problem(p)) });
    view.render_with_status(status, "users/delete.html.tera", values)
}

#[rocket::get("/users/<id>/delete")]
pub async fn confirm_delete(id: Id, admin: AdminUser, app: &State<App>, view: View<'_>) -> Result<Page, AppError> {
    let user = users::find(app, id.get()?).await?;
    let error = (user.id == admin.0.user.id).then_some(Problem::DeleteYourself);
    delete_page(view, Status::Ok, &user, error)
}

#[rocket::post("/users/<id>/delete", data = "<_form>")]
pub async fn delete(
    id: Id,
    _admin: AdminUser,
    _form: CsrfForm<TokenOnly>,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
) -> Answered {
    let id = id.get()?;
    match users::delete(app, &caller, id).await {
        Ok(user) => done("user-deleted", json!({ "name": user.name })),
        Err(ServiceError::Refused(problem)) => {
            let user = users::find(app, id).await?;
            delete_page(view, Status::Conflict, &user, Some(problem)).map(Answer::from)
        }
        Err(e) => Err(e.into()),
    }
}

#[rocket::post("/users/<id>/unlock", data = "<_form>")]
pub async fn unlock(
    id: Id,
    _admin: AdminUser,
    _form: CsrfForm<TokenOnly>,
    caller: Caller,
    app: &State<App>,
) -> Result<Flash<Redirect>, AppError> {
    let user = users::unlock(app, &caller, id.get()?).await?;
    Ok(notice::done("/users", "user-unlocked", json!({ "name": user.name })))
}
