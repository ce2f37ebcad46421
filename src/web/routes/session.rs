//! Signing in and out: `GET /`, `GET /login`, `POST /login`, `POST /logout`.

use rocket::form::FromForm;
use rocket::http::{CookieJar, Header, Status};
use rocket::response::{Flash, Redirect};
use rocket::State;
use serde_json::json;

use crate::domain::admin_command::create_admin_command_with;
use crate::domain::{Client, LocalPath, SignedIn};
use crate::service::sign_in::{self, Attempt};
use crate::service::{setup, two_factor, App};
use crate::web::cookies;
use crate::web::csrf::{CsrfForm, TokenOnly};
use crate::web::error::AppError;
use crate::web::guards::PreviousSession;
use crate::web::notice;
use crate::web::view::{Page, View};
use crate::web::wait;

#[rocket::get("/")]
pub fn home(_me: SignedIn) -> Redirect {
    Redirect::to("/users")
}

/// Where to go after signing in: `next` when it is a path on this site.
pub(super) fn destination(next: Option<&str>) -> String {
    next.and_then(LocalPath::parse)
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned())
}

/// The command that makes the first administrator in this server's own
/// database, as it can be copied from the sign-in page; `None` once one exists.
async fn setup_command(app: &App, view: &View<'_>) -> Result<Option<String>, AppError> {
    if setup::admin_exists(app).await? {
        return Ok(None);
    }
    Ok(Some(create_admin_command_with(
        Some(&app.store.describe()),
        &view.text("cli-example-email"),
        &view.text("cli-example-name"),
    )))
}

#[rocket::get("/login?<next>")]
pub async fn login_page(
    next: Option<&str>,
    me: Option<SignedIn>,
    app: &State<App>,
    jar: &CookieJar<'_>,
    view: View<'_>,
) -> Result<Result<Page, Redirect>, AppError> {
    if me.is_some() {
        return Ok(Err(Redirect::to(destination(next))));
    }
    // Back at the first step: a sign-in that waited for its code is
    // dropped, on the server too (its cookie may have been copied).
    if let Some(pending) = jar.get_private(cookies::PENDING) {
        two_factor::abandon(app, pending.value()).await?;
        jar.remove_private(cookies::PENDING);
    }
    let next = next.and_then(LocalPath::parse).map(|p| p.as_str().to_owned());
    // The language switch comes back here, with `next` only when it is one.
    let here = match &next {
        Some(next) => format!("/login?next={}", rocket::http::RawStr::new(next).percent_encode()),
        None => "/login".to_owned(),
    };
    let setup_command = setup_command(app, &view).await?;
    let page = view.render(
        "login.html.tera",
        json!({
            "next": next,
            "email": "",
            "setup_pending": setup_command.is_some(),
            "setup_command": setup_command,
            "here": here,
            "forgot": app.mailer.is_some(),
        }),
    )?;
    Ok(Ok(page))
}

#[derive(FromForm)]
pub struct LoginForm {
    email: String,
    password: String,
    remember: bool,
    next: Option<String>,
}

#[rocket::post("/login", data = "<form>")]
pub async fn login(
    form: CsrfForm<LoginForm>,
    previous: PreviousSession,
    client: Client,
    app: &State<App>,
    jar: &CookieJar<'_>,
    view: View<'_>,
) -> Result<LoginAnswer, AppError> {
    let form = form.into_inner();
    let next = form
        .next
        .as_deref()
        .and_then(LocalPath::parse)
        .map(|p| p.as_str().to_owned());
    let attempt = sign_in::attempt(app, &form.email, form.password, &client.address).await?;
    let (status, error, retry_after) = match attempt {
        Attempt::NeedsCode(user) => {
            let next = destination(next.as_deref());
            let token = two_factor::begin(app, &user, form.remember, &next).await?;
            jar.add_private(cookies::pending(token));
            return Ok(LoginAnswer::Done(Redirect::to("/login/code")));
        }
        Attempt::Success(user) => {
            let started = sign_in::start(app, &user, form.remember, client, previous.0).await?;
            jar.add_private(cookies::session(&started, &app.settings));
            return Ok(LoginAnswer::Done(Redirect::to(destination(next.as_deref()))));
        }
        // The one message for every failed sign-in.
        Attempt::Failed => (Status::UnprocessableEntity, view.text("login-failed"), None),
        Attempt::Throttled { until } => {
            let wait = wait::until(until, app.clock.now());
            let text = view
                .language()
                .text_with("login-throttled", &[("minutes", wait.minutes.into())]);
            (Status::TooManyRequests, text, Some(wait.retry_after))
        }
    };
    let setup_command = setup_command(app, &view).await?;
    let page = view.render_with_status(
        status,
        "login.html.tera",
        json!({
            "next": next,
            "email": form.email.trim(),
            "error": error,
            "setup_pending": setup_command.is_some(),
            "setup_command": setup_command,
            "forgot": app.mailer.is_some(),
        }),
    )?;
    Ok(match retry_after {
        Some(retry_after) => LoginAnswer::Throttled(page, retry_after),
        None => LoginAnswer::Again(page),
    })
}

/// What the sign-in form answers.
#[derive(rocket::Responder)]
pub enum LoginAnswer {
    Done(Redirect),
    Again(Page),
    /// 429, with a `Retry-After` header.
    Throttled(Page, Header<'static>),
}

/// Ends the session on the server and removes its cookie.
pub(super) async fn sign_out(app: &App, jar: &CookieJar<'_>, me: &SignedIn, address: &str) -> Result<(), AppError> {
    sign_in::sign_out(app, me, address).await?;
    jar.remove_private(cookies::SESSION);
    Ok(())
}

#[rocket::post("/logout", data = "<_form>")]
pub async fn logout(
    _form: CsrfForm<TokenOnly>,
    me: SignedIn,
    client: Client,
    app: &State<App>,
    jar: &CookieJar<'_>,
) -> Result<Flash<Redirect>, AppError> {
    sign_out(app, jar, &me, &client.address).await?;
    Ok(notice::done("/login", "signed-out", json!({})))
}

#[cfg(test)]
mod tests {
    use super::destination;

    #[test]
    fn unsafe_next_goes_home() {
        assert_eq!(destination(Some("/users?page=2")), "/users?page=2");
        assert_eq!(destination(Some("//evil.example")), "/");
        assert_eq!(destination(None), "/");
    }
}
