//! Managing users, for admins: `GET /users/new`, `POST /users`,
//! `GET /users/{id}/edit`, `POST /users/{id}`, `GET, POST /users/{id}/delete`.
//! Every change ends in a redirect with a flash message; a wrong form comes
//! back (422) with a message beside each wrong field and the values kept.

use rocket::http::Status;
use rocket::response::{Flash, Redirect};
use rocket::State;
use serde_json::json;

use crate::audit::{self, Entry, Event};
use crate::csrf::{CsrfForm, TokenOnly};
use crate::db::Db;
use crate::domain::{Role, UserChanges, DUPLICATE_EMAIL};
use crate::error::AppError;
use crate::forms::{FieldErrors, UserForm, UserFormValues};
use crate::guards::AdminUser;
use crate::password::Hasher;
use crate::session::Client;
use crate::users::{self, User, UserError};
use crate::web::{Page, View};

use super::Id;

const LAST_ADMIN: &str =
    "This is the last active administrator. Make someone else an administrator first, so that someone can still manage users.";
const OWN_PASSWORD: &str = "To change your own password, use Your account: it asks for your current password first.";
const NOT_YOURSELF: &str =
    "You cannot remove your own administrator rights or disable your own account. Ask another administrator.";

type Answer = Result<Result<Flash<Redirect>, Page>, AppError>;

fn done(message: String) -> Answer {
    Ok(Ok(Flash::success(Redirect::to("/users"), message)))
}

async fn find(db: &Db, id: i64) -> Result<User, AppError> {
    Ok(db.run(move |c| users::find(c, id)).await?)
}

fn new_form(view: View<'_>, status: Status, values: &UserFormValues, errors: &FieldErrors) -> Result<Page, AppError> {
    view.render_with_status(
        status,
        "users/new.html.tera",
        json!({ "values": values, "errors": errors }),
    )
}

fn edit_form(
    view: View<'_>,
    status: Status,
    user: &User,
    values: &UserFormValues,
    errors: &FieldErrors,
) -> Result<Page, AppError> {
    view.render_with_status(
        status,
        "users/edit.html.tera",
        json!({ "user": user, "values": values, "errors": errors }),
    )
}

#[rocket::get("/users/new")]
pub fn new(_admin: AdminUser, view: View<'_>) -> Result<Page, AppError> {
    let values = UserFormValues {
        name: String::new(),
        email: String::new(),
        role: Role::Member.as_str().to_owned(),
        active: true,
    };
    new_form(view, Status::Ok, &values, &FieldErrors::default())
}

#[rocket::post("/users", data = "<form>")]
pub async fn create(
    admin: AdminUser,
    form: CsrfForm<UserForm>,
    client: Client,
    db: &State<Db>,
    hasher: &State<Hasher>,
    view: View<'_>,
) -> Answer {
    let form = form.into_inner();
    let new = match form.parse_new() {
        Ok(new) => new,
        Err(errors) => return new_form(view, Status::UnprocessableEntity, &form.values(), &errors).map(Err),
    };
    let hash = hasher.hash(&new.password).await?;
    let (actor, address) = (admin.0.user, client.address);
    let created = db
        .run(move |c| {
            let user = users::create(c, &new, &hash, true)?;
            let entry =
                Entry::new(Event::UserCreated, &actor, &user, &address).detail(format!("role {}", user.role.as_str()));
            audit::record(c, &entry)?;
            Ok(user)
        })
        .await;
    match created {
        Ok(user) => done(format!(
            "{} was added. Give them their temporary password: they will choose their own when they first sign in.",
            user.name
        )),
        Err(UserError::DuplicateEmail) => {
            let errors = FieldErrors::one("email", DUPLICATE_EMAIL);
            new_form(view, Status::UnprocessableEntity, &form.values(), &errors).map(Err)
        }
        Err(e) => Err(e.into()),
    }
}

#[rocket::get("/users/<id>/edit")]
pub async fn edit(id: Id, _admin: AdminUser, db: &State<Db>, view: View<'_>) -> Result<Page, AppError> {
    let user = find(db, id.get()?).await?;
    let values = UserFormValues {
        name: user.name.clone(),
        email: user.email.clone(),
        role: user.role.as_str().to_owned(),
        active: user.active,
    };
    edit_form(view, Status::Ok, &user, &values, &FieldErrors::default())
}

#[rocket::post("/users/<id>", data = "<form>")]
#[allow(clippy::too_many_arguments)]
pub async fn update(
    id: Id,
    admin: AdminUser,
    form: CsrfForm<UserForm>,
    client: Client,
    db: &State<Db>,
    hasher: &State<Hasher>,
    view: View<'_>,
) -> Answer {
    let id = id.get()?;
    let user = find(db, id).await?;
    let form = form.into_inner();
    let invalid =
        |view, errors: &FieldErrors| edit_form(view, Status::UnprocessableEntity, &user, &form.values(), errors);
    let changes = match form.parse_changes() {
        Ok(changes) => changes,
        Err(errors) => return invalid(view, &errors).map(Err),
    };
    let yourself = id == admin.0.user.id;
    if yourself && (changes.role != Role::Admin || !changes.active) {
        return invalid(view, &FieldErrors::one("role", NOT_YOURSELF)).map(Err);
    }
    if yourself && changes.password.is_some() {
        return invalid(view, &FieldErrors::one("password", OWN_PASSWORD)).map(Err);
    }
    let hash = match &changes.password {
        Some(password) => Some(hasher.hash(password).await?),
        None => None,
    };
    let keep = yourself.then_some(admin.0.session_id);
    let entries = change_entries(&admin.0.user, &user, &changes, &client.address);
    let applied = db
        .run(move |c| {
            let updated = users::update(c, id, &changes, hash.as_ref().map(|h| (h, true)), keep)?;
            for entry in &entries {
                audit::record(c, entry)?;
            }
            if updated.sessions_ended > 0 {
                let detail = format!("{} session(s)", updated.sessions_ended);
                let entry = Entry::new(Event::SessionsEnded, &admin.0.user, &updated.user, &client.address);
                audit::record(c, &entry.detail(detail))?;
            }
            Ok(updated)
        })
        .await;
    match applied {
        Ok(updated) => {
            let mut message = format!("{} was saved.", updated.user.name);
            if updated.sessions_ended > 0 {
                message.push_str(&format!(
                    " They were signed out ({} session(s)).",
                    updated.sessions_ended
                ));
            }
            done(message)
        }
        Err(UserError::DuplicateEmail) => invalid(view, &FieldErrors::one("email", DUPLICATE_EMAIL)).map(Err),
        Err(UserError::LastAdmin) => invalid(view, &FieldErrors::one("role", LAST_ADMIN)).map(Err),
        Err(e) => Err(e.into()),
    }
}

/// The events an edit makes: what changed, a disable or enable, a password reset.
fn change_entries(actor: &User, before: &User, changes: &UserChanges, address: &str) -> Vec<Entry> {
    let mut changed = Vec::new();
    if changes.name.as_str() != before.name {
        changed.push("name");
    }
    if changes.email.as_str() != before.email {
        changed.push("email");
    }
    if changes.role != before.role {
        changed.push("role");
    }
    let mut entries = Vec::new();
    if !changed.is_empty() {
        let detail = format!("changed {}; role {}", changed.join(", "), changes.role.as_str());
        entries.push(Entry::new(Event::UserChanged, actor, before, address).detail(detail));
    }
    if changes.active != before.active {
        let event = if changes.active {
            Event::UserEnabled
        } else {
            Event::UserDisabled
        };
        entries.push(Entry::new(event, actor, before, address));
    }
    if changes.password.is_some() {
        entries.push(Entry::new(Event::PasswordReset, actor, before, address));
    }
    entries
}

fn delete_page(view: View<'_>, status: Status, user: &User, error: Option<&str>) -> Result<Page, AppError> {
    view.render_with_status(
        status,
        "users/delete.html.tera",
        json!({ "user": user, "error": error }),
    )
}

#[rocket::get("/users/<id>/delete")]
pub async fn confirm_delete(id: Id, admin: AdminUser, db: &State<Db>, view: View<'_>) -> Result<Page, AppError> {
    let user = find(db, id.get()?).await?;
    let error = (user.id == admin.0.user.id).then_some(DELETE_YOURSELF);
    delete_page(view, Status::Ok, &user, error)
}

const DELETE_YOURSELF: &str = "You cannot delete your own account. Ask another administrator.";

#[rocket::post("/users/<id>/delete", data = "<_form>")]
pub async fn delete(
    id: Id,
    admin: AdminUser,
    _form: CsrfForm<TokenOnly>,
    client: Client,
    db: &State<Db>,
    view: View<'_>,
) -> Answer {
    let id = id.get()?;
    if id == admin.0.user.id {
        let user = find(db, id).await?;
        return delete_page(view, Status::Conflict, &user, Some(DELETE_YOURSELF)).map(Err);
    }
    let actor = admin.0.user.clone();
    let deleted = db
        .run(move |c| {
            let user = users::delete(c, id)?;
            audit::record(c, &Entry::new(Event::UserDeleted, &actor, &user, &client.address))?;
            Ok(user)
        })
        .await;
    match deleted {
        Ok(user) => done(format!("{} was deleted.", user.name)),
        Err(UserError::LastAdmin) => {
            let user = find(db, id).await?;
            delete_page(view, Status::Conflict, &user, Some(LAST_ADMIN)).map(Err)
        }
        Err(e) => Err(e.into()),
    }
}

#[rocket::post("/users/<id>/unlock", data = "<_form>")]
pub async fn unlock(
    id: Id,
    admin: AdminUser,
    _form: CsrfForm<TokenOnly>,
    client: Client,
    db: &State<Db>,
) -> Result<Flash<Redirect>, AppError> {
    let id = id.get()?;
    let actor = admin.0.user;
    let user = db
        .run(move |c| {
            let user = users::find(c, id)?;
            crate::throttle::clear(c, &user.email)?;
            audit::record(c, &Entry::new(Event::AccountUnlocked, &actor, &user, &client.address))?;
            Ok::<_, UserError>(user)
        })
        .await?;
    Ok(Flash::success(
        Redirect::to("/users"),
        format!("{} can sign in again.", user.name),
    ))
}
