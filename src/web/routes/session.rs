//! Signing in and out: `GET /`, `GET /login`, `POST /login`, `POST /logout`.

use rocket::form::FromForm;
use rocket::http::{CookieJar, RawStr, Status};
use rocket::response::{Flash, Redirect};
use rocket::State;
use serde_json::json;

use crate::domain::admin_command::create_admin_command_with;
use crate::domain::{Client, ContinueTo, Secret, SignedIn};
use crate::service::sign_in::{self, Entered, Entering, Outcome, Refusal, Then};
use crate::service::{setup, App};
use crate::web::answer::{Answer, Answered};
use crate::web::cookies;
use crate::web::csrf::{CsrfForm, TokenOnly};
use crate::web::error::AppError;
use crate::web::guards::PreviousSession;
use crate::web::notice;
use crate::web::passkey_requests::Place;
use crate::web::view::{Page, View};
use crate::web::wait;

/// The start page: for a member of an office whose gate has apps, the
/// apps they may open; else (an administrator, or no apps) the directory.
#[rocket::get("/")]
pub async fn home(me: SignedIn, app: &State<App>) -> Result<Redirect, AppError> {
    let apps = match me.user.is_admin() {
        true => false,
        false => !crate::service::apps::all(app).await?.is_empty(),
    };
    Ok(Redirect::to(if apps { "/apps/mine" } else { "/users" }))
}

/// Where a person who is in goes now: a step the office requires first
/// (carrying on where they were going), or on.
pub(super) fn then_path(then: &Then) -> String {
    match then {
        Then::ContinueTo(to) => to.as_str().to_owned(),
        Then::ChooseOwnPassword(to) => with_next("/account/password", to),
        Then::SetUpTwoFactor(_) => "/account/two-factor".to_owned(),
    }
}

/// `page`, with `?next=` when `to` is not the start page.
pub(super) fn with_next(page: &str, to: &ContinueTo) -> String {
    match to.next() {
        Some(next) => format!("{page}?next={}", RawStr::new(next).percent_encode()),
        None => page.to_owned(),
    }
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

/// The sign-in page, with `status`, the email typed and a message; its
/// passkey button where passkeys can be used (`place`).
async fn login_form(
    app: &App,
    (view, place): (View<'_>, &Place),
    status: Status,
    to: &ContinueTo,
    email: &str,
    error: Option<String>,
) -> Result<Page, AppError> {
    let setup_command = setup_command(app, &view).await?;
    let passkeys = place.offer();
    view.render_with_status(
        status,
        "login.html.tera",
        json!({
            "next": to.next(),
            "rd": to.rd(),
            "email": email,
            "passkeys": passkeys,
            "error": error,
            "setup_pending": setup_command.is_some(),
            "setup_command": setup_command,
            // The language switch comes back here, with `next` only when it is one.
            "here": with_next("/login", to),
            "forgot": app.mailer.is_some(),
        }),
    )
}

/// Where a sign-in goes on to: an app's address (`rd`) when a registered
/// app's, else a path here (`next`), else the start page.
pub(super) async fn continue_to(
    app: &App,
    config: &rocket::Config,
    rd: Option<&str>,
    next: Option<&str>,
) -> Result<ContinueTo, AppError> {
    if let Some(url) = app_address(app, config, rd).await? {
        return Ok(ContinueTo::App(url));
    }
    Ok(ContinueTo::from_next(next))
}

/// `rd` when it is a registered app's address that the browser may be
/// sent back to (`service::gate::app_address`).
pub async fn app_address(app: &App, config: &rocket::Config, rd: Option<&str>) -> Result<Option<String>, AppError> {
    match rd {
        Some(rd) => Ok(crate::service::gate::app_address(app, rd, !config.tls_enabled()).await?),
        None => Ok(None),
    }
}

#[rocket::get("/login?<next>&<rd>")]
#[allow(clippy::too_many_arguments)]
pub async fn login_page(
    next: Option<&str>,
    rd: Option<&str>,
    me: Option<SignedIn>,
    place: Place,
    app: &State<App>,
    config: &rocket::Config,
    jar: &CookieJar<'_>,
    view: View<'_>,
) -> Answered {
    let to = continue_to(app, config, rd, next).await?;
    if me.is_some() {
        return Ok(Answer::to(to.as_str()));
    }
    // Back at the first step: a sign-in that waited for its code is
    // dropped, on the server too (its cookie may have been copied).
    if let Some(waiting) = cookies::token(jar, cookies::PENDING) {
        sign_in::abandon(app, &waiting).await?;
        jar.remove_private(cookies::PENDING);
    }
    Ok(login_form(app, (view, &place), Status::Ok, &to, "", None).await?.into())
}

#[derive(FromForm)]
pub struct LoginForm {
    email: String,
    password: String,
    remember: bool,
    next: Option<String>,
    rd: Option<String>,
}

#[rocket::post("/login", data = "<form>")]
#[allow(clippy::too_many_arguments)]
pub async fn login(
    form: CsrfForm<LoginForm>,
    place: Place,
    previous: PreviousSession,
    client: Client,
    app: &State<App>,
    config: &rocket::Config,
    jar: &CookieJar<'_>,
    view: View<'_>,
) -> Answered {
    let form = form.into_inner();
    let to = continue_to(app, config, form.rd.as_deref(), form.next.as_deref()).await?;
    let how = Entering {
        remember: form.remember,
        client,
        replacing: previous.0,
    };
    let outcome = sign_in::attempt(app, &form.email, Secret::from(form.password), to.clone(), how).await?;
    let (status, error, wait) = match outcome {
        Outcome::SignedIn(entered) => return signed_in(app, jar, &view, &entered),
        Outcome::CodeNext(waiting) => {
            jar.add_private(cookies::pending(&waiting));
            return Ok(Answer::to("/login/code"));
        }
        Outcome::Refused(Refusal::Throttled { until }) => {
            let wait = wait::until(until, app.clock.now());
            let text = wait.sign_in_message(view.language());
            (Status::TooManyRequests, text, Some(wait))
        }
        // The one message for every failed sign-in.
        Outcome::Refused(_) => (Status::UnprocessableEntity, view.text("login-failed"), None),
    };
    let page = login_form(app, (view, &place), status, &to, form.email.trim(), Some(error)).await?;
    Ok(match wait {
        Some(wait) => Answer::wait(page, wait),
        None => page.into(),
    })
}

/// A person let in, by any step: their session's cookie, and on.
pub(super) fn signed_in(app: &App, jar: &CookieJar<'_>, view: &View<'_>, entered: &Entered) -> Answered {
    jar.remove_private(cookies::PENDING);
    jar.add_private(cookies::session(&entered.started, &app.settings));
    // On to an app: a form may lead only to this site (CSP `form-action
    // 'self'`, which browsers hold the redirects after a form to as well),
    // so a page here sends the browser on.
    if let Then::ContinueTo(ContinueTo::App(url)) = &entered.then {
        return Ok(view.render("continue.html.tera", json!({ "url": url }))?.into());
    }
    // Back to an app's OpenID sign-in, which sends the browser on to the
    // app at once: from a fresh page too, for the same reason.
    if let Then::ContinueTo(ContinueTo::Local(path)) = &entered.then {
        if path.as_str().starts_with("/oauth2/authorize?") {
            return Ok(view
                .render("continue.html.tera", json!({ "url": path.as_str() }))?
                .into());
        }
    }
    let path = then_path(&entered.then);
    Ok(match entered.codes_left {
        // Signed in with a recovery code: on, saying how many are left.
        Some(left) => notice::done(path, "login-code-recovery-left", json!({ "count": left })).into(),
        None => Answer::to(path),
    })
}

/// Where a person let in by a script (a passkey) goes: the app or the page
/// `signed_in` would send them to; their session's cookie is set.
pub(super) fn signed_in_to(app: &App, jar: &CookieJar<'_>, entered: &Entered) -> String {
    jar.remove_private(cookies::PENDING);
    jar.add_private(cookies::session(&entered.started, &app.settings));
    match &entered.then {
        Then::ContinueTo(ContinueTo::App(url)) => url.clone(),
        then => then_path(then),
    }
}

/// Ends the session on the server and removes its cookie.
pub(super) async fn sign_out(app: &App, jar: &CookieJar<'_>, me: &SignedIn, address: &str) -> Result<(), AppError> {
    sign_in::sign_out(app, me, address).await?;
    cookies::remove_session(jar, &app.settings);
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
    use super::*;

    #[test]
    fn a_required_step_carries_on_where_the_person_was_going() {
        let to = ContinueTo::from_next(Some("/users?q=ana%20m"));
        assert_eq!(then_path(&Then::ContinueTo(to.clone())), "/users?q=ana%20m");
        assert_eq!(
            then_path(&Then::ChooseOwnPassword(to)),
            "/account/password?next=%2Fusers%3Fq%3Dana%2520m"
        );
        assert_eq!(
            then_path(&Then::ChooseOwnPassword(ContinueTo::Home)),
            "/account/password"
        );
        assert_eq!(
            then_path(&Then::SetUpTwoFactor(ContinueTo::Home)),
            "/account/two-factor"
        );
    }
}
