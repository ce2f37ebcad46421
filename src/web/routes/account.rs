//! One's own account: `GET /account` (profile and sessions), `POST /account`
//! (name), `POST /account/password`, and ending one's own sessions.

use rocket::http::{CookieJar, Status};
use rocket::response::{Flash, Redirect};
use rocket::State;
use serde::Serialize;
use serde_json::json;

use crate::domain::{Client, LocalPath, Problem, SessionInfo, SignedIn, UserName};
use crate::service::{account, sessions, App, Caller};
use crate::web::cookies;
use crate::web::csrf::{CsrfForm, TokenOnly};
use crate::web::error::AppError;
use crate::web::forms::{FieldErrors, NameForm, PasswordForm};
use crate::web::view::{Page, View};

use super::session::sign_out;
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
    app: &App,
    me: &SignedIn,
    name: &str,
    errors: &FieldErrors,
) -> Result<Page, AppError> {
    let sessions = sessions::list(app, me.user.id)
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
pub async fn show(me: SignedIn, app: &State<App>, view: View<'_>) -> Result<Page, AppError> {
    account_page(view, Status::Ok, app, &me, &me.user.name, &FieldErrors::default()).await
}

#[rocket::post("/account", data = "<form>")]
pub async fn rename(
    me: SignedIn,
    form: CsrfForm<NameForm>,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
) -> Answer {
    let form = form.into_inner();
    let name = match UserName::parse(&form.name) {
        Ok(name) => name,
        Err(problem) => {
            let errors = FieldErrors::one("name", problem);
            return account_page(view, Status::UnprocessableEntity, app, &me, form.name.trim(), &errors)
                .await
                .map(Err);
        }
    };
    account::rename(app, &me, &caller, name).await?;
    Ok(Ok(Flash::success(Redirect::to("/account"), "Your name was saved.")))
}

/// The password form alone: where a user with a temporary password is sent,
/// with `next`, the page they were going to.
#[rocket::get("/account/password?<next>")]
pub fn password_page(next: Option<&str>, me: SignedIn, view: View<'_>) -> Result<Page, AppError> {
    password_form(view, Status::Ok, &me, &FieldErrors::default(), next)
}

fn password_form(
    view: View<'_>,
    status: Status,
    me: &SignedIn,
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
pub async fn change_password(
    me: SignedIn,
    form: CsrfForm<PasswordForm>,
    client: Client,
    app: &State<App>,
    jar: &CookieJar<'_>,
    view: View<'_>,
) -> Answer {
    let form = form.into_inner();
    let invalid = |view, errors: &FieldErrors| {
        password_form(view, Status::UnprocessableEntity, &me, errors, form.next.as_deref()).map(Err)
    };
    if !account::is_current_password(app, &me, form.current_password.clone()).await? {
        return invalid(view, &FieldErrors::refusal(Problem::CurrentPasswordWrong));
    }
    let password = match form.parse_new() {
        Ok(password) => password,
        Err(errors) => return invalid(view, &errors),
    };
    let changed = account::change_password(app, &me, client, password).await?;
    jar.add_private(cookies::session(&changed.started, &app.settings));
    let message = match changed.others_ended {
        0 => "Your password was changed.".to_owned(),
        n => format!("Your password was changed, and your {n} other session(s) were signed out."),
    };
    // After a temporary password, on to where they were going.
    let next = match me.user.must_change_password {
        true => super::session::destination(form.next.as_deref()),
        false => "/account".to_owned(),
    };
    Ok(Ok(Flash::success(Redirect::to(next), message)))
}

/// `POST /account/sessions/{id}/revoke`: signs out one of one's own sessions.
#[rocket::post("/account/sessions/<id>/revoke", data = "<_form>")]
pub async fn revoke(
    id: Id,
    me: SignedIn,
    _form: CsrfForm<TokenOnly>,
    caller: Caller,
    app: &State<App>,
    jar: &CookieJar<'_>,
) -> Result<Flash<Redirect>, AppError> {
    let id = id.get()?;
    if id == me.session_id {
        sign_out(app, jar, &me, &caller.address).await?;
        return Ok(Flash::success(Redirect::to("/login"), "You have signed out."));
    }
    if !sessions::end_one(app, &me, &caller, id).await? {
        return Err(AppError::not_found());
    }
    Ok(Flash::success(Redirect::to("/account"), "That session was signed out."))
}

/// `POST /account/sessions/revoke-others`: signs out everywhere but here.
#[rocket::post("/account/sessions/revoke-others", data = "<_form>")]
pub async fn revoke_others(
    me: SignedIn,
    _form: CsrfForm<TokenOnly>,
    caller: Caller,
    app: &State<App>,
) -> Result<Flash<Redirect>, AppError> {
    let ended = sessions::end_others(app, &me, &caller).await?;
    Ok(Flash::success(
        Redirect::to("/account"),
        format!("Signed out {ended} other session(s)."),
    ))
}
