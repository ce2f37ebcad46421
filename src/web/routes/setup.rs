//! The first admin: `GET, POST /setup?token=…`. The token is made when
//! gatehouse starts with no admin and printed in its banner; the page answers
//! 404 for good once an admin exists.

use rocket::http::{CookieJar, Status};
use rocket::State;
use serde_json::json;

use crate::domain::Client;
use crate::service::setup::{create_first_admin, gate, Gate};
use crate::service::{sign_in, App, Caller, ServiceError};
use crate::web::answer::{Answer, Answered};
use crate::web::cookies;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::forms::{FieldErrors, SetupForm};
use crate::web::guards::PreviousSession;
use crate::web::notice;
use crate::web::view::{Page, View};

fn wrong_token(view: View<'_>) -> Result<Page, AppError> {
    let values = json!({
        "status": 403,
        "title": view.text("setup-link-wrong-title"),
        "message": view.text("setup-link-wrong"),
    });
    view.render_with_status(Status::Forbidden, "error.html.tera", values)
}

/// The setup link opened once an administrator exists (a bookmark, the
/// banner scrolled back to): 404 as before, but a page that says what
/// happened and where to go.
fn already_set_up(view: View<'_>) -> Result<Page, AppError> {
    let values = json!({
        "status": 404,
        "title": view.text("setup-done-already-title"),
        "message": view.text("setup-done-already"),
        "back": "/login",
        "back_text": view.text("login-submit"),
    });
    view.render_with_status(Status::NotFound, "error.html.tera", values)
}

#[rocket::get("/setup?<token>")]
pub async fn setup_page(token: Option<&str>, app: &State<App>, view: View<'_>) -> Result<Page, AppError> {
    match gate(app, token.unwrap_or("")).await? {
        Gate::Closed => already_set_up(view),
        Gate::WrongToken => wrong_token(view),
        Gate::Open => view.render("setup.html.tera", json!({ "token": token, "name": "", "email": "" })),
    }
}

#[rocket::post("/setup?<token>", data = "<form>")]
pub async fn setup(
    token: Option<&str>,
    form: CsrfForm<SetupForm>,
    previous: PreviousSession,
    client: Client,
    app: &State<App>,
    jar: &CookieJar<'_>,
    view: View<'_>,
) -> Answered {
    match gate(app, token.unwrap_or("")).await? {
        Gate::Closed => return Err(AppError::not_found()),
        Gate::WrongToken => return wrong_token(view).map(Answer::from),
        Gate::Open => {}
    }
    let form = form.into_inner();
    let invalid = |view: View<'_>, errors: FieldErrors| {
        view.render_with_status(
            Status::UnprocessableEntity,
            "setup.html.tera",
            json!({ "token": token, "name": form.name.trim(), "email": form.email.trim(), "errors": errors }),
        )
        .map(Answer::from)
    };
    let (new, password) = match form.parse() {
        Ok(parsed) => parsed,
        Err(errors) => return invalid(view, errors),
    };
    let admin = match create_first_admin(app, &Caller::anonymous(&client.address), new, password).await {
        Ok(admin) => admin,
        Err(ServiceError::Refused(problem)) => return invalid(view, FieldErrors::refusal(problem)),
        Err(e) => return Err(e.into()),
    };
    let started = sign_in::start(app, &admin, false, client, previous.0).await?;
    jar.add_private(cookies::session(&started, &app.settings));
    Ok(notice::done("/users", "setup-done", json!({ "name": admin.name })).into())
}
