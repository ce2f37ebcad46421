//! The catchers: every status without a page of its own gets one in the
//! app's layout; "not signed in" (401) becomes a redirect to the sign-in
//! page, and a temporary password (428) one to the form that replaces it,
//! both remembering the page asked for.

use rocket::http::{Method, Status};
use rocket::response::{Redirect, Responder};
use rocket::{Catcher, Request};

use crate::i18n;

use super::csrf::CsrfToken;
use super::guards::{current_session, AdminsOnly, MUST_CHANGE_PASSWORD, MUST_SET_UP_TWO_FACTOR};
use super::view::{Page, Web};

#[rocket::catch(default)]
async fn any_error(status: Status, req: &Request<'_>) -> Result<Page, Status> {
    let Some(web) = req.rocket().state::<Web>() else {
        return Err(status);
    };
    let who = match current_session(req).await {
        Ok(who) => who.as_ref(),
        Err(_) => None,
    };
    let key = match req.local_cache(|| None::<AdminsOnly>) {
        Some(AdminsOnly) if status == Status::Forbidden => "error-admins-only",
        _ => i18n::status_keys(status.code).1,
    };
    // A visitor's first page may be this one: the token (and its cookie,
    // which a catcher's own response keeps) for the language switch.
    let csrf = req.guard::<CsrfToken>().await.succeeded().map(|t| t.0);
    Ok(web.error_page(req, (status, key), who, csrf))
}

/// `page`, with `?next=` the page asked for when it was a GET.
fn remembering_the_page(page: &str, req: &Request<'_>) -> String {
    if matches!(req.method(), Method::Get | Method::Head) {
        let asked = req.uri().to_string();
        format!("{page}?next={}", rocket::http::RawStr::new(&asked).percent_encode())
    } else {
        page.to_owned()
    }
}

/// Not signed in: 303 to the sign-in page, remembering the page asked for.
fn to_sign_in<'r>(_: Status, req: &'r Request<'_>) -> rocket::catcher::BoxFuture<'r> {
    Box::pin(async move { Redirect::to(remembering_the_page("/login", req)).respond_to(req) })
}

/// A temporary password: 303 to the form that replaces it, remembering the page asked for.
fn to_choose_password<'r>(_: Status, req: &'r Request<'_>) -> rocket::catcher::BoxFuture<'r> {
    Box::pin(async move { Redirect::to(remembering_the_page("/account/password", req)).respond_to(req) })
}

/// Two-step sign-in to set up first: 303 to its page.
fn to_set_up_two_factor<'r>(_: Status, req: &'r Request<'_>) -> rocket::catcher::BoxFuture<'r> {
    Box::pin(async move { Redirect::to("/account/two-factor").respond_to(req) })
}

/// Every catcher: the redirects and the layout's page for any other status.
pub fn catchers() -> Vec<Catcher> {
    let mut all = rocket::catchers![any_error];
    all.push(Catcher::new(401, to_sign_in));
    all.push(Catcher::new(MUST_CHANGE_PASSWORD.code, to_choose_password));
    all.push(Catcher::new(MUST_SET_UP_TWO_FACTOR.code, to_set_up_two_factor));
    all
}
