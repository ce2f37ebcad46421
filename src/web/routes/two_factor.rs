//! Two-step sign-in. The person's side: `GET /account/two-factor` (on or
//! off, codes left), `POST …/start` (the QR code and the secret, and a code
//! to confirm), `POST …/confirm` (on: ten recovery codes shown once),
//! `POST …/disable` and `POST …/recovery-codes` (both with the password).
//! Signing in: `GET, POST /login/code`, for a sign-in whose password was
//! right. The administrator's side: `POST /users/{id}/two-factor/reset`.

use rocket::form::FromForm;
use rocket::http::{CookieJar, Header, Status};
use rocket::response::{Flash, Redirect};
use rocket::State;
use serde_json::json;

use crate::domain::{Client, Problem, SignedIn};
use crate::service::two_factor::{self, CodeOutcome, Enrolment};
use crate::service::{account, users, App, Caller, ServiceError};
use crate::web::cookies;
use crate::web::csrf::{CsrfForm, TokenOnly};
use crate::web::error::AppError;
use crate::web::forms::{second_step, FieldErrors};
use crate::web::guards::{AdminUser, PreviousSession};
use crate::web::notice;
use crate::web::qr;
use crate::web::view::{Page, TokenPage, View};
use crate::web::wait;

use super::session::destination;
use super::Id;

#[derive(FromForm)]
pub struct CodeForm {
    #[field(default = String::new())]
    code: String,
    #[field(default = String::new())]
    recovery_code: String,
}

#[derive(FromForm)]
pub struct PasswordOnly {
    #[field(default = String::new())]
    current_password: String,
}

#[rocket::get("/account/two-factor")]
pub async fn status(me: SignedIn, app: &State<App>, view: View<'_>) -> Result<Page, AppError> {
    let left = match me.user.two_factor {
        true => two_factor::codes_left(app, &me.user).await?,
        false => 0,
    };
    let required = app.settings.two_factor.requires(&me.user);
    status_page(
        view,
        Status::Ok,
        me.user.two_factor,
        left,
        required,
        &FieldErrors::default(),
    )
}

fn status_page(
    view: View<'_>,
    status: Status,
    on: bool,
    left: i64,
    required: bool,
    errors: &FieldErrors,
) -> Result<Page, AppError> {
    let values = json!({ "on": on, "left": left, "required": required, "errors": errors });
    view.render_with_status(status, "account/two_factor.html.tera", values)
}

/// The set-up page: the QR code, the secret to type, and the code form.
fn setup_page(
    view: View<'_>,
    status: Status,
    enrolment: &Enrolment,
    errors: &FieldErrors,
) -> Result<TokenPage, AppError> {
    let qr = qr::svg(&enrolment.url, &view.text("two-factor-qr-label")).unwrap_or_default();
    // The secret in groups of four, as apps show it.
    let grouped: Vec<String> = enrolment
        .secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let values = json!({
        "qr": qr,
        "secret": grouped.join(" "),
        "otpauth_url": enrolment.url,
        "errors": errors,
    });
    Ok(TokenPage(view.render_with_status(
        status,
        "account/two_factor_setup.html.tera",
        values,
    )?))
}

/// Setting up asks for the password first: a session left open on a
/// shared computer must not be enough to tie the account to someone
/// else's phone.
#[rocket::post("/account/two-factor/start", data = "<form>")]
pub async fn start(
    me: SignedIn,
    form: CsrfForm<PasswordOnly>,
    app: &State<App>,
    view: View<'_>,
) -> Result<Result<TokenPage, Page>, AppError> {
    if me.user.two_factor {
        return Err(AppError::Refused(Problem::TwoFactorOn));
    }
    let view = match password_checked(app, &me, form.into_inner().current_password, view).await? {
        Ok(view) => view,
        Err(page) => return Ok(Err(page)),
    };
    let enrolment = two_factor::start(app, &me.user).await?;
    setup_page(view, Status::Ok, &enrolment, &FieldErrors::default()).map(Ok)
}

/// The recovery codes, shown once.
fn codes_page(view: View<'_>, codes: &[String]) -> Result<TokenPage, AppError> {
    Ok(TokenPage(view.render(
        "account/recovery_codes.html.tera",
        json!({ "codes": codes }),
    )?))
}

#[rocket::post("/account/two-factor/confirm", data = "<form>")]
pub async fn confirm(
    me: SignedIn,
    form: CsrfForm<CodeForm>,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
) -> Result<TokenPage, AppError> {
    match two_factor::confirm(app, &me.user, &caller, &form.into_inner().code).await {
        Ok(codes) => codes_page(view, &codes),
        Err(ServiceError::Refused(problem)) => match two_factor::pending(app, &me.user).await? {
            Some(enrolment) => setup_page(
                view,
                Status::UnprocessableEntity,
                &enrolment,
                &FieldErrors::one("code", problem),
            ),
            None => Err(AppError::Refused(problem)),
        },
        Err(e) => Err(e.into()),
    }
}

/// `current_password` checked: the form again with a message when it is wrong.
async fn password_checked<'v>(
    app: &App,
    me: &SignedIn,
    typed: String,
    view: View<'v>,
) -> Result<Result<View<'v>, Page>, AppError> {
    if account::is_current_password(app, me, typed).await? {
        return Ok(Ok(view));
    }
    let left = two_factor::codes_left(app, &me.user).await?;
    let errors = FieldErrors::one("current_password", Problem::CurrentPasswordWrong);
    let required = app.settings.two_factor.requires(&me.user);
    status_page(
        view,
        Status::UnprocessableEntity,
        me.user.two_factor,
        left,
        required,
        &errors,
    )
    .map(Err)
}

#[rocket::post("/account/two-factor/disable", data = "<form>")]
pub async fn disable(
    me: SignedIn,
    form: CsrfForm<PasswordOnly>,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
) -> Result<Result<Flash<Redirect>, Page>, AppError> {
    if !me.user.two_factor {
        return Err(AppError::Refused(Problem::TwoFactorOff));
    }
    if let Err(page) = password_checked(app, &me, form.into_inner().current_password, view).await? {
        return Ok(Err(page));
    }
    two_factor::turn_off(app, &caller, &me.user).await?;
    Ok(Ok(notice::done(
        "/account/two-factor",
        "two-factor-turned-off",
        json!({}),
    )))
}

#[rocket::post("/account/two-factor/recovery-codes", data = "<form>")]
pub async fn regenerate(
    me: SignedIn,
    form: CsrfForm<PasswordOnly>,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
) -> Result<Result<TokenPage, Page>, AppError> {
    if !me.user.two_factor {
        return Err(AppError::Refused(Problem::TwoFactorOff));
    }
    let view = match password_checked(app, &me, form.into_inner().current_password, view).await? {
        Ok(view) => view,
        Err(page) => return Ok(Err(page)),
    };
    let codes = two_factor::regenerate(app, &me.user, &caller).await?;
    codes_page(view, &codes).map(Ok)
}

/// The code form of a waiting sign-in.
fn code_page(view: View<'_>, status: Status, error: Option<String>) -> Result<Page, AppError> {
    view.render_with_status(status, "login_code.html.tera", json!({ "error": error }))
}

#[rocket::get("/login/code")]
pub async fn code_form(
    app: &State<App>,
    jar: &CookieJar<'_>,
    view: View<'_>,
) -> Result<Result<Page, Redirect>, AppError> {
    let token = jar.get_private(cookies::PENDING).map(|c| c.value().to_owned());
    match token {
        Some(token) if two_factor::waiting(app, &token).await?.is_some() => code_page(view, Status::Ok, None).map(Ok),
        _ => Ok(Err(Redirect::to("/login"))),
    }
}

/// What the code form answers.
#[derive(rocket::Responder)]
pub enum CodeAnswer {
    Done(Box<Redirect>),
    /// Signed in with a recovery code: on, saying how many are left.
    Told(Box<Flash<Redirect>>),
    Again(Page),
    /// 429, with a `Retry-After` header.
    Throttled(Page, Header<'static>),
}

#[rocket::post("/login/code", data = "<form>")]
pub async fn code(
    form: CsrfForm<CodeForm>,
    client: Client,
    previous: PreviousSession,
    app: &State<App>,
    jar: &CookieJar<'_>,
    view: View<'_>,
) -> Result<CodeAnswer, AppError> {
    let Some(token) = jar.get_private(cookies::PENDING).map(|c| c.value().to_owned()) else {
        return Ok(CodeAnswer::Done(Box::new(Redirect::to("/login"))));
    };
    let form = form.into_inner();
    let code = second_step(&form.code, &form.recovery_code);
    match two_factor::finish(app, &token, code, client, previous.0).await? {
        CodeOutcome::SignedIn {
            started,
            next,
            codes_left,
            ..
        } => {
            jar.remove_private(cookies::PENDING);
            jar.add_private(cookies::session(&started, &app.settings));
            let to = destination(Some(&next));
            Ok(match codes_left {
                Some(left) => CodeAnswer::Told(Box::new(notice::done(
                    to,
                    "login-code-recovery-left",
                    json!({ "count": left }),
                ))),
                None => CodeAnswer::Done(Box::new(Redirect::to(to))),
            })
        }
        CodeOutcome::Wrong => {
            let text = view.language().problem(Problem::CodeWrong);
            Ok(CodeAnswer::Again(code_page(
                view,
                Status::UnprocessableEntity,
                Some(text),
            )?))
        }
        CodeOutcome::Throttled { until } => {
            let wait = wait::until(until, app.clock.now());
            let text = view
                .language()
                .text_with("login-throttled", &[("minutes", wait.minutes.into())]);
            let page = code_page(view, Status::TooManyRequests, Some(text))?;
            Ok(CodeAnswer::Throttled(page, wait.retry_after))
        }
        CodeOutcome::Expired => {
            jar.remove_private(cookies::PENDING);
            Ok(CodeAnswer::Done(Box::new(Redirect::to("/login"))))
        }
    }
}

#[rocket::post("/users/<id>/two-factor/reset", data = "<_form>")]
pub async fn reset(
    id: Id,
    _admin: AdminUser,
    _form: CsrfForm<TokenOnly>,
    caller: Caller,
    app: &State<App>,
) -> Result<Flash<Redirect>, AppError> {
    let user = users::find(app, id.get()?).await?;
    if !user.two_factor {
        return Err(AppError::Refused(Problem::TwoFactorOff));
    }
    two_factor::turn_off(app, &caller, &user).await?;
    Ok(notice::done(
        format!("/users/{}/edit", user.id),
        "two-factor-reset-done",
        json!({ "name": user.name }),
    ))
}
