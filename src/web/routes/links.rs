//! Invitation and reset links. The administrator's side: `POST
//! /users/{id}/reset-link` and `POST /users/{id}/invite` show a new link (as
//! does `POST /users` with no password). The person's side: `GET
//! /invite/TOKEN` and `GET /reset/TOKEN` only show the form (mail scanners
//! and link previews open links); `POST` to the same path uses the link,
//! sets the password and signs the person in. A link that cannot be used
//! answers 410. Every page here carries a token: no Referer, no cache.

use rocket::http::{CookieJar, Status};
use rocket::State;
use serde_json::json;

use crate::domain::{Client, LinkKind, LinkRefusal, Problem, User};
use crate::service::links::{self, Issued, Mailed, Opened};
use crate::service::sign_in::{self, Chosen, Entering, Outcome, Refusal};
use crate::service::{App, Caller};
use crate::web::answer::{Answer, Answered};
use crate::web::cookies;
use crate::web::csrf::{CsrfForm, TokenOnly};
use crate::web::error::AppError;
use crate::web::forms::{second_step, ChooseForm, Field, FieldErrors};
use crate::web::guards::{AdminUser, LinkBase, PreviousSession};
use crate::web::notice;
use crate::web::view::{TokenPage, View};
use crate::web::wait;

use super::session::signed_in;
use super::Id;

/// Mails a link just made (when there is a mail server), then shows it,
/// ready to copy, with what became of the mail.
pub async fn issued(
    app: &App,
    (admin, caller): (&AdminUser, &Caller),
    view: View<'_>,
    issued: &Issued,
    base: &LinkBase,
) -> Result<TokenPage, AppError> {
    let sender = Some(admin.0.user.name.as_str());
    let mailed = links::mail_link(app, caller, issued, view.language(), sender).await?;
    let email = ("email", issued.user.email.clone().into());
    let mail = match mailed {
        Mailed::NotConfigured => None,
        Mailed::Sent => Some(json!({ "sent": true, "text": view.language().text_with("link-mailed", &[email]) })),
        Mailed::Failed(reason) => {
            let args = [email, ("reason", reason.into())];
            Some(json!({ "sent": false, "text": view.language().text_with("link-mail-failed", &args) }))
        }
    };
    issued_page(view, issued, base, mail)
}

/// The page that shows a link just made, ready to copy.
fn issued_page(
    view: View<'_>,
    issued: &Issued,
    base: &LinkBase,
    mail: Option<serde_json::Value>,
) -> Result<TokenPage, AppError> {
    let heading = match issued.kind {
        LinkKind::Invite => "link-issued-invite-title",
        LinkKind::Reset => "link-issued-reset-title",
    };
    let values = json!({
        "heading": view.language().text_with(heading, &[("name", issued.user.name.clone().into())]),
        "kind": issued.kind.as_str(),
        "user": issued.user,
        "url": issued.url(&base.0),
        "this_computer_only": names_this_computer_only(&base.0),
        "expires_at": issued.expires_at,
        "mail": mail,
    });
    Ok(TokenPage(view.render("links/issued.html.tera", values)?))
}

/// Whether links under `base` (`http://host:port`) open only on the
/// computer gatehouse runs on: a loopback address or `localhost`.
fn names_this_computer_only(base: &str) -> bool {
    let authority = base.split_once("://").map_or(base, |(_, rest)| rest);
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split([':', '/']).next().unwrap_or_default(),
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[rocket::post("/users/<id>/reset-link", data = "<_form>")]
pub async fn reset_link(
    id: Id,
    admin: AdminUser,
    _form: CsrfForm<TokenOnly>,
    caller: Caller,
    base: LinkBase,
    app: &State<App>,
    view: View<'_>,
) -> Result<TokenPage, AppError> {
    let made = links::reissue(app, &caller, id.get()?, LinkKind::Reset).await?;
    issued(app, (&admin, &caller), view, &made, &base).await
}

#[rocket::post("/users/<id>/invite", data = "<_form>")]
pub async fn invite_again(
    id: Id,
    admin: AdminUser,
    _form: CsrfForm<TokenOnly>,
    caller: Caller,
    base: LinkBase,
    app: &State<App>,
    view: View<'_>,
) -> Result<TokenPage, AppError> {
    let made = links::reissue(app, &caller, id.get()?, LinkKind::Invite).await?;
    issued(app, (&admin, &caller), view, &made, &base).await
}

/// 410: the link cannot be used, and what to do instead.
pub(super) fn gone(view: &View<'_>, refusal: LinkRefusal) -> Result<TokenPage, AppError> {
    let message = gone_message(view, refusal);
    Ok(TokenPage(view.error_page(
        Status::Gone,
        Some("link-gone-title"),
        message,
    )?))
}

/// Why a link cannot be used, and what to do.
pub(super) fn gone_message(view: &View<'_>, refusal: LinkRefusal) -> String {
    format!(
        "{} {}",
        view.text(&format!("link-gone-{}", refusal.as_str())),
        view.text("link-gone-ask")
    )
}

/// The form to choose a password, for the person the link is for; with a
/// code field for a person who signs in in two steps, and what comes next
/// for one whose second step is a passkey.
fn choose_page(
    view: &View<'_>,
    status: Status,
    kind: LinkKind,
    user: &User,
    errors: &FieldErrors,
) -> Result<TokenPage, AppError> {
    let heading = match kind {
        LinkKind::Invite => "link-choose-invite-title",
        LinkKind::Reset => "link-choose-reset-title",
    };
    let values = json!({
        "heading": view.language().text_with(heading, &[("name", user.name.clone().into())]),
        "kind": kind.as_str(),
        "two_factor": user.two_factor,
        "passkey_next": user.passkeys && !user.two_factor,
        "errors": errors,
    });
    Ok(TokenPage(view.render_with_status(
        status,
        "links/choose.html.tera",
        values,
    )?))
}

/// `GET /invite/TOKEN`, `GET /reset/TOKEN`: the form, if the link can be used.
async fn open(kind: LinkKind, token: &str, caller: Caller, app: &App, view: View<'_>) -> Answered {
    let page = match links::open(app, &caller, kind, token).await? {
        Opened::Usable(user) => choose_page(&view, Status::Ok, kind, &user, &FieldErrors::default())?,
        Opened::Refused(refusal) => gone(&view, refusal)?,
    };
    Ok(page.into())
}

/// `POST /invite/TOKEN`, `POST /reset/TOKEN`: the password chosen, and
/// signed in. Whoever holds the link acts as its person, signed in or not.
async fn accept(kind: LinkKind, token: &str, form: ChooseForm, asked: Asked<'_, '_>) -> Answered {
    let Asked {
        client,
        previous,
        app,
        jar,
        view,
    } = asked;
    let caller = &Caller::anonymous(&client.address);
    let view = &view;
    // The form again, for the same person, if the link still works.
    let again = |errors: FieldErrors| async move {
        let page = match links::open(app, caller, kind, token).await? {
            Opened::Usable(user) => choose_page(view, Status::UnprocessableEntity, kind, &user, &errors)?,
            Opened::Refused(refusal) => gone(view, refusal)?,
        };
        Ok::<_, AppError>(Answer::from(page))
    };
    let password = match form.parse() {
        Ok(password) => password,
        Err(errors) => return again(errors).await,
    };
    let chosen = Chosen {
        kind,
        token,
        password,
        code: second_step(&form.code, &form.recovery_code),
    };
    let how = Entering {
        remember: false,
        client,
        replacing: previous.0,
    };
    match sign_in::accept(app, chosen, how).await? {
        Outcome::SignedIn(entered) => signed_in(app, jar, view, &entered),
        Outcome::Refused(Refusal::Link(refusal)) => Ok(gone(view, refusal)?.into()),
        Outcome::Refused(Refusal::Throttled { until }) => {
            Answer::wait_page(view, wait::until(until, app.clock.now()), "login-throttled")
        }
        Outcome::CodeNext(waiting) => {
            // The password is set; their passkey is the second step.
            jar.add_private(cookies::pending(&waiting));
            Ok(notice::done("/login/code", "link-passkey-next", json!({})).into())
        }
        Outcome::Refused(_) => again(FieldErrors::one(Field::Code, Problem::CodeWrong)).await,
    }
}

/// What a link's form is sent with, besides the form.
struct Asked<'a, 'r> {
    client: Client,
    previous: PreviousSession,
    app: &'a App,
    jar: &'a CookieJar<'r>,
    view: View<'a>,
}

#[rocket::get("/invite/<token>")]
pub async fn open_invite(token: &str, caller: Caller, app: &State<App>, view: View<'_>) -> Answered {
    open(LinkKind::Invite, token, caller, app, view).await
}

#[rocket::get("/reset/<token>")]
pub async fn open_reset(token: &str, caller: Caller, app: &State<App>, view: View<'_>) -> Answered {
    open(LinkKind::Reset, token, caller, app, view).await
}

#[rocket::post("/invite/<token>", data = "<form>")]
pub async fn use_invite(
    token: &str,
    form: CsrfForm<ChooseForm>,
    client: Client,
    previous: PreviousSession,
    app: &State<App>,
    jar: &CookieJar<'_>,
    view: View<'_>,
) -> Answered {
    let asked = Asked {
        client,
        previous,
        app,
        jar,
        view,
    };
    accept(LinkKind::Invite, token, form.into_inner(), asked).await
}

#[rocket::post("/reset/<token>", data = "<form>")]
pub async fn use_reset(
    token: &str,
    form: CsrfForm<ChooseForm>,
    client: Client,
    previous: PreviousSession,
    app: &State<App>,
    jar: &CookieJar<'_>,
    view: View<'_>,
) -> Answered {
    let asked = Asked {
        client,
        previous,
        app,
        jar,
        view,
    };
    accept(LinkKind::Reset, token, form.into_inner(), asked).await
}

#[cfg(test)]
mod tests {
    use super::names_this_computer_only;

    #[test]
    fn loopback_links_are_told_apart() {
        for base in [
            "http://127.0.0.1:8000",
            "http://localhost:8000",
            "https://[::1]:8443",
            "http://127.0.0.2",
            "http://LOCALHOST.",
        ] {
            assert!(names_this_computer_only(base), "{base}");
        }
        for base in [
            "http://192.168.1.20:8000",
            "https://gatehouse.office.lan",
            "http://office-pc:8000",
            "http://[fe80::1]:8000",
        ] {
            assert!(!names_this_computer_only(base), "{base}");
        }
    }
}
