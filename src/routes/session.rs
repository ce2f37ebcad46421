//! Signing in and out: `GET /`, `GET /login`, `POST /login`, `POST /logout`.

use rocket::form::FromForm;
use rocket::http::{CookieJar, Header, Status};
use rocket::response::{Flash, Redirect};
use rocket::State;
use serde_json::json;

use crate::auth::{self, Attempt};
use crate::config::Settings;
use crate::csrf::{CsrfForm, TokenOnly};
use crate::db::Db;
use crate::domain::LocalPath;
use crate::error::AppError;
use crate::guards::{CurrentUser, PreviousSession};
use crate::password::Hasher;
use crate::session::Client;
use crate::users;
use crate::web::{Page, View};

/// The one message for every failed sign-in.
const SIGN_IN_FAILED: &str = "The email address or password is not right. Check them and try again.";

#[rocket::get("/")]
pub fn home(_user: CurrentUser) -> Redirect {
    Redirect::to("/users")
}

/// Where to go after signing in: `next` when it is a path on this site.
fn destination(next: Option<&str>) -> String {
    next.and_then(LocalPath::parse)
        .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned())
}

/// Whether the setup link is still the way in (no admin yet): the page says so.
async fn setup_pending(db: &Db) -> Result<bool, AppError> {
    Ok(!db.run(|c| users::admin_exists(c)).await?)
}

#[rocket::get("/login?<next>")]
pub async fn login_page(
    next: Option<&str>,
    user: Option<CurrentUser>,
    db: &State<Db>,
    view: View<'_>,
) -> Result<Result<Page, Redirect>, AppError> {
    if user.is_some() {
        return Ok(Err(Redirect::to(destination(next))));
    }
    let next = next.and_then(LocalPath::parse).map(|p| p.as_str().to_owned());
    let page = view.render(
        "login.html.tera",
        json!({ "next": next, "email": "", "setup_pending": setup_pending(db).await? }),
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
#[allow(clippy::too_many_arguments)]
pub async fn login(
    form: CsrfForm<LoginForm>,
    previous: PreviousSession,
    client: Client,
    db: &State<Db>,
    hasher: &State<Hasher>,
    settings: &State<Settings>,
    jar: &CookieJar<'_>,
    view: View<'_>,
) -> Result<LoginAnswer, AppError> {
    let form = form.into_inner();
    let next = form
        .next
        .as_deref()
        .and_then(LocalPath::parse)
        .map(|p| p.as_str().to_owned());
    let attempt = auth::attempt(db, hasher, &form.email, form.password, &client.address).await?;
    let (status, error, retry_after) = match attempt {
        Attempt::Success(user) => {
            let replacing = previous.0;
            auth::sign_in(db, settings, jar, &user, form.remember, client, replacing).await?;
            return Ok(LoginAnswer::Done(Redirect::to(destination(next.as_deref()))));
        }
        Attempt::Failed => (Status::UnprocessableEntity, SIGN_IN_FAILED.to_owned(), None),
        Attempt::Throttled { until } => {
            let seconds = (until - crate::db::now()).max(1);
            (Status::TooManyRequests, throttled_message(seconds), Some(seconds))
        }
    };
    let page = view.render_with_status(
        status,
        "login.html.tera",
        json!({
            "next": next,
            "email": form.email.trim(),
            "error": error,
            "setup_pending": setup_pending(db).await?,
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

#[rocket::post("/logout", data = "<_form>")]
pub async fn logout(
    _form: CsrfForm<TokenOnly>,
    user: CurrentUser,
    client: Client,
    db: &State<Db>,
    jar: &CookieJar<'_>,
) -> Result<Flash<Redirect>, AppError> {
    auth::sign_out(db, jar, &user, &client.address).await?;
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
