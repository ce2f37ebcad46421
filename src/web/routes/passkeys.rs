//! Passkeys: a person's own at `GET /account/passkeys` (added through
//! `POST /account/passkeys/start` and `/finish`, renamed with `POST
//! /account/passkeys/{id}`, removed with the password at `POST
//! /account/passkeys/{id}/remove` or with one of the person's passkeys at
//! `…/remove/start` and `…/remove/finish`), and signing in with one (`POST
//! /login/passkey/start` and `/finish`: alone, or as the second step when a
//! sign-in waits for it). The ceremonies speak JSON, their CSRF token in a
//! header; a bad or replayed answer is a 4xx with a message, never a 5xx.

use rocket::form::FromForm;
use rocket::http::{ContentType, CookieJar, Status};
use rocket::response::Flash;
use rocket::Either;
use rocket::State;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::domain::{Client, PasskeyName, PasskeyPlace, Secret, SignedIn};
use crate::service::passkeys::{self, Confirmation, Refused};
use crate::service::sign_in::{self, Entering, Outcome, Refusal};
use crate::service::{App, Caller, ServiceError};
use crate::web::answer::{Answer, Answered};
use crate::web::cookies;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::guards::PreviousSession;
use crate::web::notice;
use crate::web::passkey_requests::{JsonWithToken, Place};
use crate::web::view::{Page, View};
use crate::web::wait;

use super::session::{continue_to, signed_in_to};
use super::Id;

/// A JSON answer with its status.
pub type JsonAnswer = (Status, (ContentType, String));

fn answer(status: Status, value: Value) -> JsonAnswer {
    (status, (ContentType::JSON, value.to_string()))
}

fn error(status: Status, message: String) -> JsonAnswer {
    answer(status, json!({ "error": message }))
}

/// The answer to a ceremony that cannot run at this address.
fn unavailable(view: &View<'_>) -> JsonAnswer {
    error(Status::Conflict, view.text("passkeys-unavailable"))
}

async fn passkeys_page(
    app: &App,
    view: &View<'_>,
    me: &SignedIn,
    place: &Place,
    status: Status,
    problem: Option<String>,
) -> Result<Page, AppError> {
    let passkeys = passkeys::list(app, me.user.id).await?;
    let values = json!({ "passkeys": passkeys, "offer": place.offer(), "problem": problem });
    view.render_with_status(status, "account/passkeys.html.tera", values)
}

#[rocket::get("/account/passkeys")]
pub async fn page(me: SignedIn, place: Place, app: &State<App>, view: View<'_>) -> Answered {
    // Opened at 127.0.0.1: the same page at localhost, where they work.
    if let PasskeyPlace::AtLocalhost { origin } = &place.0 {
        return Ok(Answer::to(format!("{origin}/account/passkeys")));
    }
    Ok(passkeys_page(app, &view, &me, &place, Status::Ok, None).await?.into())
}

#[rocket::post("/account/passkeys/start", data = "<_body>")]
pub async fn add_start(
    me: SignedIn,
    place: Place,
    _body: JsonWithToken<Value>,
    app: &State<App>,
    view: View<'_>,
) -> Result<JsonAnswer, AppError> {
    let Some(site) = place.site() else {
        return Ok(unavailable(&view));
    };
    let ceremony = passkeys::start_adding(app, &site, &me.user).await?;
    Ok(answer(Status::Ok, json!(ceremony)))
}

/// The browser's answer to a ceremony, and what came with it.
#[derive(Deserialize)]
pub struct Finish {
    #[serde(default)]
    ceremony: String,
    #[serde(default)]
    credential: Value,
    #[serde(default)]
    name: String,
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    rd: Option<String>,
    #[serde(default)]
    remember: bool,
}

#[rocket::post("/account/passkeys/finish", data = "<body>")]
pub async fn add_finish(
    me: SignedIn,
    place: Place,
    caller: Caller,
    body: JsonWithToken<Finish>,
    app: &State<App>,
    view: View<'_>,
) -> Result<JsonAnswer, AppError> {
    let Some(site) = place.site() else {
        return Ok(unavailable(&view));
    };
    let body = body.0;
    let name = match PasskeyName::parse(&body.name) {
        Ok(name) => name,
        Err(problem) => return Ok(error(Status::UnprocessableEntity, view.language().problem(problem))),
    };
    let finished = (body.ceremony, name, body.credential.to_string());
    Ok(
        match passkeys::finish_adding(app, &caller, &site, &me, finished).await? {
            Ok(_) => answer(Status::Ok, json!({ "location": "/account/passkeys" })),
            Err(Refused::Gone) => error(Status::Gone, view.text("passkey-gone")),
            Err(Refused::Rejected) => error(Status::BadRequest, view.text("passkey-rejected")),
            Err(Refused::Taken) => error(Status::Conflict, view.text("passkey-taken")),
        },
    )
}

#[derive(FromForm)]
pub struct NameForm {
    #[field(default = String::new())]
    name: String,
}

#[rocket::post("/account/passkeys/<id>", data = "<form>")]
pub async fn rename(
    id: Id,
    me: SignedIn,
    place: Place,
    form: CsrfForm<NameForm>,
    app: &State<App>,
    view: View<'_>,
) -> Answered {
    let id = id.get()?;
    match PasskeyName::parse(&form.into_inner().name) {
        Ok(name) => {
            passkeys::rename(app, &me.user, id, name).await?;
            Ok(notice::done("/account/passkeys", "passkey-renamed", json!({})).into())
        }
        Err(problem) => {
            let problem = Some(view.language().problem(problem));
            let page = passkeys_page(app, &view, &me, &place, Status::UnprocessableEntity, problem).await?;
            Ok(page.into())
        }
    }
}

#[derive(FromForm)]
pub struct RemoveForm {
    #[field(default = String::new())]
    current_password: String,
}

#[rocket::post("/account/passkeys/<id>/remove", data = "<form>")]
pub async fn remove(
    id: Id,
    me: SignedIn,
    place: Place,
    caller: Caller,
    form: CsrfForm<RemoveForm>,
    app: &State<App>,
    view: View<'_>,
) -> Answered {
    let (id, password) = (id.get()?, Secret::from(form.into_inner().current_password));
    match passkeys::remove(app, &caller, &me.user, id, Confirmation::Password(password)).await {
        Ok(Ok(removed)) => {
            Ok(notice::done("/account/passkeys", "passkey-removed", json!({ "name": removed.name })).into())
        }
        Ok(Err(_)) => Err(ServiceError::NotFound.into()),
        Err(ServiceError::Refused(problem)) => {
            let problem = Some(view.language().problem(problem));
            let page = passkeys_page(app, &view, &me, &place, Status::UnprocessableEntity, problem).await?;
            Ok(page.into())
        }
        Err(e) => Err(e.into()),
    }
}

#[rocket::post("/account/passkeys/<id>/remove/start", data = "<_body>")]
pub async fn remove_start(
    id: Id,
    me: SignedIn,
    place: Place,
    _body: JsonWithToken<Value>,
    app: &State<App>,
    view: View<'_>,
) -> Result<JsonAnswer, AppError> {
    id.get()?;
    let Some(site) = place.site() else {
        return Ok(unavailable(&view));
    };
    Ok(match passkeys::start_confirming(app, &site, &me.user).await? {
        Some(ceremony) => answer(Status::Ok, json!(ceremony)),
        None => error(Status::NotFound, view.text("passkeys-none")),
    })
}

#[rocket::post("/account/passkeys/<id>/remove/finish", data = "<body>")]
pub async fn remove_finish(
    id: Id,
    me: SignedIn,
    place: Place,
    caller: Caller,
    body: JsonWithToken<Finish>,
    app: &State<App>,
    view: View<'_>,
) -> Result<Either<Flash<JsonAnswer>, JsonAnswer>, AppError> {
    let id = id.get()?;
    let Some(site) = place.site() else {
        return Ok(Either::Right(unavailable(&view)));
    };
    let confirmation = Confirmation::Passkey(site, body.0.ceremony, body.0.credential.to_string());
    let done = passkeys::remove(app, &caller, &me.user, id, confirmation).await?;
    Ok(match done {
        Ok(removed) => Either::Left(notice::left_by(
            answer(Status::Ok, json!({ "location": "/account/passkeys" })),
            "passkey-removed",
            json!({ "name": removed.name }),
        )),
        Err(Refused::Gone) => Either::Right(error(Status::Gone, view.text("passkey-gone"))),
        Err(_) => Either::Right(error(Status::BadRequest, view.text("passkey-rejected"))),
    })
}

#[rocket::post("/login/passkey/start", data = "<_body>")]
pub async fn sign_in_start(
    place: Place,
    _body: JsonWithToken<Value>,
    app: &State<App>,
    jar: &CookieJar<'_>,
    view: View<'_>,
) -> Result<JsonAnswer, AppError> {
    let Some(site) = place.site() else {
        return Ok(unavailable(&view));
    };
    // A sign-in waiting for its second step: one of that person's passkeys.
    if let Some(waiting) = cookies::token(jar, cookies::PENDING) {
        return Ok(
            match sign_in::start_second_step_with_passkey(app, &site, &waiting).await? {
                Some(ceremony) => answer(Status::Ok, json!(ceremony)),
                None => error(Status::Conflict, view.text("passkey-none-waiting")),
            },
        );
    }
    Ok(match sign_in::start_with_passkey(app, &site).await? {
        Some(ceremony) => answer(Status::Ok, json!(ceremony)),
        None => error(Status::TooManyRequests, view.text("passkey-busy")),
    })
}

#[rocket::post("/login/passkey/finish", data = "<body>")]
#[allow(clippy::too_many_arguments)]
pub async fn sign_in_finish(
    place: Place,
    body: JsonWithToken<Finish>,
    previous: PreviousSession,
    client: Client,
    app: &State<App>,
    config: &rocket::Config,
    jar: &CookieJar<'_>,
    view: View<'_>,
) -> Result<JsonAnswer, AppError> {
    let Some(site) = place.site() else {
        return Ok(unavailable(&view));
    };
    let body = body.0;
    let how = Entering {
        remember: body.remember,
        client,
        replacing: previous.0,
    };
    let finished = (body.ceremony, body.credential.to_string());
    let outcome = match cookies::token(jar, cookies::PENDING) {
        Some(waiting) => sign_in::second_step_with_passkey(app, &site, &waiting, finished, how).await?,
        None => {
            let to = continue_to(app, config, body.rd.as_deref(), body.next.as_deref()).await?;
            sign_in::finish_with_passkey(app, &site, finished, to, how).await?
        }
    };
    Ok(match outcome {
        Outcome::SignedIn(entered) => answer(Status::Ok, json!({ "location": signed_in_to(app, jar, &entered) })),
        Outcome::Refused(Refusal::Throttled { until }) => {
            let wait = wait::until(until, app.clock.now());
            let text = wait.sign_in_message(view.language());
            error(Status::TooManyRequests, text)
        }
        Outcome::Refused(Refusal::NoneWaiting) => error(Status::Gone, view.text("passkey-gone")),
        // The link whose password waited with this sign-in was used or replaced meanwhile.
        Outcome::Refused(Refusal::Link(why)) => {
            jar.remove_private(cookies::PENDING);
            error(Status::Gone, super::links::gone_message(&view, why))
        }
        _ => error(Status::Unauthorized, view.text("passkey-sign-in-failed")),
    })
}
