//! One's own account: `GET /account` (profile and sessions), `POST /account`
//! (name) and `POST /account/password`.

use rocket::http::{CookieJar, Status};
use rocket::response::{Flash, Redirect};
use rocket::State;
use serde::Serialize;
use serde_json::json;

use crate::audit::{self, Entry, Event};
use crate::auth;
use crate::config::Settings;
use crate::csrf::{CsrfForm, TokenOnly};
use crate::db::{Db, DbError};
use crate::domain::{LocalPath, UserName};
use crate::error::AppError;
use crate::forms::{FieldErrors, NameForm, PasswordForm};
use crate::guards::CurrentUser;
use crate::password::Hasher;
use crate::session::{self, Client, SessionInfo};
use crate::users::{self, UserError};
use crate::web::{Page, View};

use super::Id;

type Answer = Result<Result<Flash<Redirect>, Page>, AppError>;

/// A session as the account page lists it.
#[derive(Serialize)]
struct SessionRow {
    #[serde(flatten)]
    info: SessionInfo,
    current: bool,
}

async fn account_page(
    view: View<'_>,
    status: Status,
    (db, settings): (&Db, &Settings),
    me: &CurrentUser,
    name: &str,
    errors: &FieldErrors,
) -> Result<Page, AppError> {
    let (user_id, settings) = (me.user.id, settings.clone());
    let sessions = db
        .run(move |c| -> Result<_, DbError> { Ok(session::list_for_user(c, user_id, &settings)?) })
        .await?
        .into_iter()
        .map(|info| SessionRow {
            current: info.id == me.session_id,
            info,
        })
        .collect::<Vec<_>>();
    view.render_with_status(
        status,
        "account/index.html.tera",
        json!({ "name": name, "errors": errors, "sessions": sessions }),
    )
}

#[rocket::get("/account")]
pub async fn show(
    me: CurrentUser,
    db: &State<Db>,
    settings: &State<Settings>,
    view: View<'_>,
) -> Result<Page, AppError> {
    let stores = (db.inner(), settings.inner());
    account_page(view, Status::Ok, stores, &me, &me.user.name, &FieldErrors::default()).await
}

#[rocket::post("/account", data = "<form>")]
pub async fn rename(
    me: CurrentUser,
    form: CsrfForm<NameForm>,
    client: Client,
    db: &State<Db>,
    settings: &State<Settings>,
    view: View<'_>,
) -> Answer {
    let form = form.into_inner();
    let name = match UserName::parse(&form.name) {
        Ok(name) => name,
        Err(problem) => {
            let errors = FieldErrors::one("name", problem);
            return account_page(
                view,
                Status::UnprocessableEntity,
                (db.inner(), settings.inner()),
                &me,
                form.name.trim(),
                &errors,
            )
            .await
            .map(Err);
        }
    };
    let entry = Entry::new(Event::UserChanged, &me.user, &me.user, &client.address).detail("changed name");
    let id = me.user.id;
    db.run(move |c| {
        users::set_name(c, id, &name)?;
        Ok::<_, UserError>(audit::record(c, &entry)?)
    })
    .await?;
    Ok(Ok(Flash::success(Redirect::to("/account"), "Your name was saved.")))
}

/// The password form alone: where a user with a temporary password is sent,
/// with `next`, the page they were going to.
#[rocket::get("/account/password?<next>")]
pub fn password_page(next: Option<&str>, me: CurrentUser, view: View<'_>) -> Result<Page, AppError> {
    password_form(view, Status::Ok, &me, &FieldErrors::default(), next)
}

fn password_form(
    view: View<'_>,
    status: Status,
    me: &CurrentUser,
    errors: &FieldErrors,
    next: Option<&str>,
) -> Result<Page, AppError> {
    let next = next.and_then(LocalPath::parse).map(|p| p.as_str().to_owned());
    view.render_with_status(
        status,
        "account/password.html.tera",
        json!({ "temporary": me.user.must_change_password, "errors": errors, "next": next }),
    )
}

#[rocket::post("/account/password", data = "<form>")]
#[allow(clippy::too_many_arguments)]
pub async fn change_password(
    me: CurrentUser,
    form: CsrfForm<PasswordForm>,
    client: Client,
    db: &State<Db>,
    hasher: &State<Hasher>,
    settings: &State<Settings>,
    jar: &CookieJar<'_>,
    view: View<'_>,
) -> Answer {
    let form = form.into_inner();
    let id = me.user.id;
    let stored = db.run(move |c| users::password_hash(c, id)).await?;
    let errors = if !hasher.verify(form.current_password.clone(), Some(stored)).await {
        FieldErrors::one("current_password", "That is not your current password. Type it again.")
    } else {
        match form.parse_new() {
            Ok(password) => {
                let hash = hasher.hash(&password).await?;
                let address = client.address.clone();
                let others = auth::change_password_and_sign_in(db, settings, jar, &me, hash, client).await?;
                let mut entries = vec![Entry::new(Event::PasswordChanged, &me.user, &me.user, &address)];
                if others > 0 {
                    let entry = Entry::new(Event::SessionsEnded, &me.user, &me.user, &address);
                    entries.push(entry.detail(format!("{others} other session(s)")));
                }
                db.run(move |c| -> Result<_, DbError> {
                    for entry in &entries {
                        audit::record(c, entry)?;
                    }
                    Ok(())
                })
                .await?;
                let message = match others {
                    0 => "Your password was changed.".to_owned(),
                    n => format!("Your password was changed, and your {n} other session(s) were signed out."),
                };
                // After a temporary password, on to where they were going.
                let next = match me.user.must_change_password {
                    true => form
                        .next
                        .as_deref()
                        .and_then(LocalPath::parse)
                        .map_or("/".to_owned(), |p| p.as_str().to_owned()),
                    false => "/account".to_owned(),
                };
                return Ok(Ok(Flash::success(Redirect::to(next), message)));
            }
            Err(errors) => errors,
        }
    };
    password_form(view, Status::UnprocessableEntity, &me, &errors, form.next.as_deref()).map(Err)
}

/// `POST /account/sessions/{id}/revoke`: signs out one of one's own sessions.
#[rocket::post("/account/sessions/<id>/revoke", data = "<_form>")]
pub async fn revoke(
    id: Id,
    me: CurrentUser,
    _form: CsrfForm<TokenOnly>,
    client: Client,
    db: &State<Db>,
    jar: &CookieJar<'_>,
) -> Result<Flash<Redirect>, AppError> {
    let id = id.get()?;
    if id == me.session_id {
        auth::sign_out(db, jar, &me, &client.address).await?;
        return Ok(Flash::success(Redirect::to("/login"), "You have signed out."));
    }
    let entry = Entry::new(Event::SessionsEnded, &me.user, &me.user, &client.address).detail("1 session");
    let user_id = me.user.id;
    let ended = db
        .run(move |c| -> Result<_, DbError> {
            let ended = session::end_own(c, user_id, id)?;
            if ended {
                audit::record(c, &entry)?;
            }
            Ok(ended)
        })
        .await?;
    if !ended {
        return Err(AppError::not_found());
    }
    Ok(Flash::success(Redirect::to("/account"), "That session was signed out."))
}

/// `POST /account/sessions/revoke-others`: signs out everywhere but here.
#[rocket::post("/account/sessions/revoke-others", data = "<_form>")]
pub async fn revoke_others(
    me: CurrentUser,
    _form: CsrfForm<TokenOnly>,
    client: Client,
    db: &State<Db>,
) -> Result<Flash<Redirect>, AppError> {
    let (user_id, keep) = (me.user.id, me.session_id);
    let actor = me.user.clone();
    let ended = db
        .run(move |c| -> Result<_, DbError> {
            let ended = session::end_all_for_user(c, user_id, Some(keep))?;
            let entry = Entry::new(Event::SessionsEnded, &actor, &actor, &client.address);
            audit::record(c, &entry.detail(format!("{ended} other session(s)")))?;
            Ok(ended)
        })
        .await?;
    Ok(Flash::success(
        Redirect::to("/account"),
        format!("Signed out {ended} other session(s)."),
    ))
}
