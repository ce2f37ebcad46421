//! Two-step sign-in. The person's side: `GET /account/two-factor` (on or
//! off, codes left), `POST …/start` (the QR code and the secret, and a code
//! to confirm), `POST …/confirm` (on: ten recovery codes shown once),
//! `POST …/disable` and `POST …/recovery-codes` (both with the password).
//! Signing in: `GET, POST /login/code`, for a sign-in whose password was
//! right. The administrator's side: `POST /users/{id}/two-factor/reset`.

use rocket::form::FromForm;
use rocket::http::{CookieJar, Status};
use rocket::response::{Flash, Redirect};
use rocket::State;
use serde_json::{json, Value};

use crate::domain::{Client, Original, Problem, SignedIn, User};
use crate::service::sign_in::{self, Entering, Outcome, Refusal};
use crate::service::two_factor::{self, Enrolment};
use crate::service::{account, users, App, Caller, ServiceError};
use crate::web::answer::{Answer, Answered};
use crate::web::cookies;
use crate::web::csrf::{CsrfForm, TokenOnly};
use crate::web::error::AppError;
use crate::web::forms::{second_step, Field, FieldErrors};
use crate::web::guards::{AdminUser, PreviousSession};
use crate::web::notice;
use crate::web::passkey_requests::Place;
use crate::web::qr;
use crate::web::view::{Page, TokenPage, View};
use crate::web::wait;

use super::session::{app_address, signed_in};
use super::Id;

#[derive(FromForm)]
pub struct CodeForm {
    #[field(default = String::new())]
    code: String,
    #[field(default = String::new())]
    recovery_code: String,
    /// The app that sent the person to set up two-step sign-in.
    rd: Option<String>,
}

#[derive(FromForm)]
pub struct PasswordOnly {
    #[field(default = String::new())]
    current_password: String,
    /// The app that sent the person to set up two-step sign-in.
    rd: Option<String>,
}

/// The app a person was sent here from (`rd`, when a registered app's
/// address), to say why and to link back to it once set up.
async fn sent_from(app: &App, config: &rocket::Config, rd: Option<&str>) -> Result<Value, AppError> {
    let Some(url) = app_address(app, config, rd).await? else {
        return Ok(Value::Null);
    };
    let host = Original::from_url(&url, None).map(|o| o.host).unwrap_or_default();
    Ok(json!({ "url": url, "host": host }))
}

/// With `rd`, an app's address: the gate sent the person here because
/// that app asks for two-step sign-in.
#[rocket::get("/account/two-factor?<rd>")]
pub async fn status(
    rd: Option<&str>,
    me: SignedIn,
    app: &State<App>,
    config: &rocket::Config,
    view: View<'_>,
) -> Result<Page, AppError> {
    let from = sent_from(app, config, rd).await?;
    status_page(app, &view, Status::Ok, &me, from, &FieldErrors::default()).await
}

/// The status page: on or off, the codes left, why it is asked for.
async fn status_page(
    app: &App,
    view: &View<'_>,
    status: Status,
    me: &SignedIn,
    from: Value,
    errors: &FieldErrors,
) -> Result<Page, AppError> {
    let left = match me.user.two_factor {
        true => two_factor::codes_left(app, &me.user).await?,
        false => 0,
    };
    let values = json!({
        "on": me.user.two_factor,
        "left": left,
        "required": app.settings.two_factor.requires(&me.user),
        "from": from,
        "errors": errors,
    });
    view.render_with_status(status, "account/two_factor.html.tera", values)
}

/// The set-up page: the QR code, the secret to type, and the code form.
fn setup_page(
    view: View<'_>,
    status: Status,
    enrolment: &Enrolment,
    from: Value,
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
        "from": from,
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
    config: &rocket::Config,
    view: View<'_>,
) -> Answered {
    if me.user.two_factor {
        return Err(AppError::Refused(Problem::TwoFactorOn));
    }
    let form = form.into_inner();
    let from = sent_from(app, config, form.rd.as_deref()).await?;
    if let Some(again) = password_wrong(app, &me, form.current_password, from.clone(), &view).await? {
        return Ok(again.into());
    }
    let enrolment = two_factor::start(app, &me.user).await?;
    Ok(setup_page(view, Status::Ok, &enrolment, from, &FieldErrors::default())?.into())
}

/// The recovery codes, shown once; then back to the app that asked, if one did.
fn codes_page(view: View<'_>, codes: &[String], from: Value) -> Result<TokenPage, AppError> {
    Ok(TokenPage(view.render(
        "account/recovery_codes.html.tera",
        json!({ "codes": codes, "from": from }),
    )?))
}

#[rocket::post("/account/two-factor/confirm", data = "<form>")]
pub async fn confirm(
    me: SignedIn,
    form: CsrfForm<CodeForm>,
    caller: Caller,
    app: &State<App>,
    config: &rocket::Config,
    view: View<'_>,
) -> Result<TokenPage, AppError> {
    let form = form.into_inner();
    let from = sent_from(app, config, form.rd.as_deref()).await?;
    match two_factor::confirm(app, &me, &caller, &form.code).await {
        Ok(codes) => codes_page(view, &codes, from),
        Err(ServiceError::Refused(problem)) => match two_factor::pending(app, &me.user).await? {
            Some(enrolment) => setup_page(
                view,
                Status::UnprocessableEntity,
                &enrolment,
                from,
                &FieldErrors::one(Field::Code, problem),
            ),
            None => Err(AppError::Refused(problem)),
        },
        Err(e) => Err(e.into()),
    }
}

/// `current_password` checked: the form again with a message when it is wrong.
async fn password_wrong(
    app: &App,
    me: &SignedIn,
    typed: String,
    from: Value,
    view: &View<'_>,
) -> Result<Option<Page>, AppError> {
    if account::is_current_password(app, me, typed).await? {
        return Ok(None);
    }
    let errors = FieldErrors::one(Field::CurrentPassword, Problem::CurrentPasswordWrong);
    status_page(app, view, Status::UnprocessableEntity, me, from, &errors)
        .await
        .map(Some)
}

#[rocket::post("/account/two-factor/disable", data = "<form>")]
pub async fn disable(
    me: SignedIn,
    form: CsrfForm<PasswordOnly>,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
) -> Answered {
    if !me.user.two_factor {
        return Err(AppError::Refused(Problem::TwoFactorOff));
    }
    if let Some(again) = password_wrong(app, &me, form.into_inner().current_password, Value::Null, &view).await? {
        return Ok(again.into());
    }
    two_factor::turn_off(app, &caller, &me.user).await?;
    Ok(notice::done("/account/two-factor", "two-factor-turned-off", json!({})).into())
}

#[rocket::post("/account/two-factor/recovery-codes", data = "<form>")]
pub async fn regenerate(
    me: SignedIn,
    form: CsrfForm<PasswordOnly>,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
) -> Answered {
    if !me.user.two_factor {
        return Err(AppError::Refused(Problem::TwoFactorOff));
    }
    if let Some(again) = password_wrong(app, &me, form.into_inner().current_password, Value::Null, &view).await? {
        return Ok(again.into());
    }
    let codes = two_factor::regenerate(app, &me.user, &caller).await?;
    Ok(codes_page(view, &codes, Value::Null)?.into())
}

/// The second step of a waiting sign-in: the code form for a person with
/// an authenticator app, the passkey button for one with a passkey (`who`:
/// what they have, when known).
fn code_page(
    view: View<'_>,
    status: Status,
    error: Option<String>,
    who: Option<(&User, &Place)>,
) -> Result<Page, AppError> {
    let (code, passkeys) = match who {
        Some((user, place)) => (user.two_factor, user.passkeys.then(|| place.offer())),
        None => (true, None),
    };
    let values = json!({ "error": error, "code": code, "passkeys": passkeys });
    view.render_with_status(status, "login_code.html.tera", values)
}

#[rocket::get("/login/code")]
pub async fn code_form(place: Place, app: &State<App>, jar: &CookieJar<'_>, view: View<'_>) -> Answered {
    let waiting = match cookies::token(jar, cookies::PENDING) {
        Some(token) => sign_in::waiting(app, &token).await?,
        None => None,
    };
    match waiting {
        Some(user) => Ok(code_page(view, Status::Ok, None, Some((&user, &place)))?.into()),
        None => Ok(Answer::to("/login")),
    }
}

#[rocket::post("/login/code", data = "<form>")]
pub async fn code(
    form: CsrfForm<CodeForm>,
    client: Client,
    previous: PreviousSession,
    app: &State<App>,
    jar: &CookieJar<'_>,
    view: View<'_>,
) -> Answered {
    let Some(waiting) = cookies::token(jar, cookies::PENDING) else {
        return Ok(Answer::to("/login"));
    };
    let form = form.into_inner();
    let code = second_step(&form.code, &form.recovery_code);
    let how = Entering {
        // The first step said; the waiting sign-in keeps it.
        remember: false,
        client,
        replacing: previous.0,
    };
    match sign_in::finish(app, &waiting, code, how).await? {
        Outcome::SignedIn(entered) => signed_in(app, jar, &view, &entered),
        Outcome::Refused(Refusal::Throttled { until }) => {
            let wait = wait::until(until, app.clock.now());
            let text = wait.sign_in_message(view.language());
            Ok(Answer::wait(
                code_page(view, Status::TooManyRequests, Some(text), None)?,
                wait,
            ))
        }
        Outcome::Refused(Refusal::NoneWaiting) | Outcome::CodeNext(_) => {
            jar.remove_private(cookies::PENDING);
            Ok(Answer::to("/login"))
        }
        // The link whose password waited with this sign-in was used or replaced meanwhile.
        Outcome::Refused(Refusal::Link(why)) => {
            jar.remove_private(cookies::PENDING);
            Ok(super::links::gone(&view, why)?.into())
        }
        Outcome::Refused(_) => {
            let text = view.language().problem(Problem::CodeWrong);
            Ok(code_page(view, Status::UnprocessableEntity, Some(text), None)?.into())
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
    if !user.second_step() {
        return Err(AppError::Refused(Problem::TwoFactorOff));
    }
    two_factor::turn_off(app, &caller, &user).await?;
    Ok(notice::done(
        format!("/users/{}/edit", user.id),
        "two-factor-reset-done",
        json!({ "name": user.name }),
    ))
}
