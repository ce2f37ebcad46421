//! Signing in and out: `GET /`, `GET /login`, `POST /login`, `POST /logout`.

use rocket::form::FromForm;
use rocket::http::{CookieJar, Header, Status};
use rocket::response::{Flash, Redirect};
use rocket::State;
use serde_json::json;

use crate::domain::{Client, LocalPath, SignedIn};
use crate::service::sign_in::{self, Attempt};
use crate::service::{setup, App};
use crate::web::cookies;
use crate::web::csrf::{CsrfForm, TokenOnly};
use crate::web::error::AppError;
use crate::web::guards::PreviousSession;
use crate::web::view::{Page, View};

/// The one message for every failed sign-in.
const SIGN_IN_FAILED: &str = "The email address or password is not right. Check them and try again.";

#[rocket::get("/")]
pub fn home(_me: SignedIn) -> Redirect {
    Redirect::to("/users")
}

/// Where to go after signing in: `next` when it is a path on this site.
pub(super) fn destination(next: Option<&str>) -> String {
    next.and_then(LocalPath::parse)
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned())
}

#[rocket::get("/login?<next>")]
pub async fn login_page(
    next: Option<&str>,
    me: Option<SignedIn>,
    app: &State<App>,
    view: View<'_>,
) -> Result<Result<Page, Redirect>, AppError> {
    if me.is_some() {
        return Ok(Err(Redirect::to(destination(next))));
    }
    let next = next.and_then(LocalPath::parse).map(|p| p.as_str().to_owned());
    let setup_pending = !setup::admin_exists(app).await?;
    let page = view.render(
        "login.html.tera",
        json!({ "next": next, "email": "", "setup_pending": setup_pending }),
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
        Attempt::Success(user) => {
            let started = sign_in::start(app, &user, form.remember, client, previous.0).await?;
            jar.add_private(cookies::session(&started, &app.settings));
            return Ok(LoginAnswer::Done(Redirect::to(destination(next.as_deref()))));
        }
        Attempt::Failed => (Status::UnprocessableEntity, SIGN_IN_FAILED.to_owned(), None),
        Attempt::Throttled { until } => {
            let seconds = (until - app.clock.now()).max(1);
            (Status::TooManyRequests, throttled_message(seconds), Some(seconds))
        }
    };
    let setup_pending = !setup::admin_exists(app).await?;
    let page = view.render_with_status(
        status,
        "login.html.tera",
        json!({
            "next": next,
            "email": form.email.trim(),
            "error": error,
            "setup_pending": setup_pending,
        }),
    )?;
    Ok(match retry_after {
        Some(seconds) => LoginAnswer::Throttled(page, Header::new("Retry-After", seconds.to_string())),
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

fn throttled_message(seconds: i64) -> String {
    let minutes = (seconds + 59) / 60;
    format!(
        "Too many failed sign-ins for this account, or from this computer. For safety, signing in is paused: try again in {minutes} minute{}. If you forgot your password, ask an administrator to set a new one.",
        if minutes == 1 { "" } else { "s" }
    )
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
    Ok(Flash::success(Redirect::to("/login"), "You have signed out."))
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
