//! One's own account: `GET /account` (profile and sessions), `POST /account`
//! (name), `POST /account/password`, and ending one's own sessions.

use rocket::http::{CookieJar, Status};
use rocket::response::{Flash, Redirect};
use rocket::State;
use serde::Serialize;
use serde_json::json;

use crate::domain::{Client, ContinueTo, Device, LocalPath, Problem, SessionInfo, SignedIn, UserName};
use crate::i18n::{Arg, Language};
use crate::service::{account, sessions, two_factor, App, Caller};
use crate::web::answer::{Answer, Answered};
use crate::web::cookies;
use crate::web::csrf::{CsrfForm, TokenOnly};
use crate::web::error::AppError;
use crate::web::forms::{parse_language, AccountForm, Field, FieldErrors, PasswordForm};
use crate::web::notice;
use crate::web::view::{Page, View};

use super::session::sign_out;
use super::Id;

/// A session as the account page lists it.
#[derive(Serialize)]
struct SessionRow {
    #[serde(flatten)]
    info: SessionInfo,
    device: String,
    current: bool,
}

/// The browser and system of a session, as `language` says it.
fn device_text(language: Language, device: &Device) -> String {
    let text = |key, args: &[(&str, Arg)]| language.text_with(key, args);
    match (device.browser, device.system) {
        (Some(b), Some(s)) => text("device-on", &[("browser", b.into()), ("system", s.into())]),
        (Some(b), None) => b.to_owned(),
        (None, Some(s)) => text("device-browser-on", &[("system", s.into())]),
        (None, None) if device.other.is_empty() => text("device-unknown", &[]),
        (None, None) => device.other.clone(),
    }
}

async fn account_page(
    view: View<'_>,
    status: Status,
    app: &App,
    me: &SignedIn,
    name: &str,
    language: Option<&str>,
    errors: &FieldErrors,
) -> Result<Page, AppError> {
    let sessions = sessions::list(app, me.user.id)
        .await?
        .into_iter()
        .map(|info| SessionRow {
            current: info.id == me.session_id,
            device: device_text(view.language(), &info.device),
            info,
        })
        .collect::<Vec<_>>();
    let languages: Vec<_> = Language::all()
        .map(|l| json!({ "code": l.code(), "name": l.name() }))
        .collect();
    let chosen = language.unwrap_or("auto");
    let codes_left = match me.user.two_factor {
        true => Some(two_factor::codes_left(app, &me.user).await?),
        false => None,
    };
    let signed_in_apps = crate::service::oidc::access::apps_of(app, me).await?;
    view.render_with_status(
        status,
        "account/index.html.tera",
        json!({
            "name": name,
            "errors": errors,
            "sessions": sessions,
            "languages": languages,
            "chosen_language": chosen,
            "codes_left": codes_left,
            "apps": signed_in_apps,
        }),
    )
}

#[rocket::get("/account")]
pub async fn show(me: SignedIn, app: &State<App>, view: View<'_>) -> Result<Page, AppError> {
    let language = me.user.language.as_deref();
    account_page(
        view,
        Status::Ok,
        app,
        &me,
        &me.user.name,
        language,
        &FieldErrors::default(),
    )
    .await
}

#[rocket::post("/account", data = "<form>")]
pub async fn rename(
    me: SignedIn,
    form: CsrfForm<AccountForm>,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
) -> Answered {
    let form = form.into_inner();
    let mut errors = FieldErrors::default();
    let name = UserName::parse(&form.name).map_err(|p| errors.add(Field::Name, p)).ok();
    let language = match form.language.as_deref().map(parse_language) {
        None => Some(None),
        Some(parsed) => parsed.map(Some).map_err(|p| errors.add(Field::Language, p)).ok(),
    };
    let (Some(name), Some(language)) = (name, language) else {
        let typed = form.language.as_deref().or(me.user.language.as_deref());
        return account_page(
            view,
            Status::UnprocessableEntity,
            app,
            &me,
            form.name.trim(),
            typed,
            &errors,
        )
        .await
        .map(Answer::from);
    };
    if name.as_str() != me.user.name {
        account::rename(app, &me, &caller, name).await?;
    }
    if let Some(language) = language {
        account::set_language(app, &me, language.map(|l| l.code().to_owned())).await?;
    }
    Ok(notice::done("/account", "account-saved", json!({})).into())
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
) -> Answered {
    let form = form.into_inner();
    let invalid = |view, errors: &FieldErrors| {
        password_form(view, Status::UnprocessableEntity, &me, errors, form.next.as_deref()).map(Answer::from)
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
    let (key, count) = match changed.others_ended {
        0 => ("password-changed", 0),
        n => ("password-changed-signed-out", n),
    };
    // After a temporary password, on to where they were going.
    let next = match me.user.must_change_password {
        true => ContinueTo::from_next(form.next.as_deref()).as_str().to_owned(),
        false => "/account".to_owned(),
    };
    Ok(notice::done(next, key, json!({ "count": count })).into())
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
        return Ok(notice::done("/login", "signed-out", json!({})));
    }
    if !sessions::end_one(app, &me, &caller, id).await? {
        return Err(AppError::not_found());
    }
    Ok(notice::done("/account", "session-ended", json!({})))
}

/// `POST /account/apps/{id}/end`: the app no longer stays signed in.
#[rocket::post("/account/apps/<id>/end", data = "<_form>")]
pub async fn end_app_access(
    id: super::Id,
    me: SignedIn,
    _form: CsrfForm<TokenOnly>,
    caller: Caller,
    app: &State<App>,
) -> Result<Flash<Redirect>, AppError> {
    crate::service::oidc::access::end(app, &me, &caller, id.get()?).await?;
    Ok(notice::done("/account", "account-app-ended", json!({})))
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
    Ok(notice::done("/account", "sessions-ended", json!({ "count": ended })))
}
