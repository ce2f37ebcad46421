//! Errors at the edge. Policy: modules return their own typed errors; here
//! each becomes a status and a page in the app's layout that tells the person
//! what happened and what to do. The cause is logged on stderr, never shown.
//! Input a person can type never ends in a 500: handlers turn it into a page
//! with a message (422) before it gets here. The catchers give every other
//! status the same layout, and turn "not signed in" (401) into a redirect to
//! the sign-in page.

use std::fmt;

use rocket::http::{Method, Status};
use rocket::response::{self, Redirect, Responder};
use rocket::{Catcher, Request};

use crate::db::DbError;
use crate::guards::{current_session, CurrentUser};
use crate::users::UserError;
use crate::web::Web;

/// Writes the cause of a failure on stderr, one line, control characters escaped.
pub fn log_cause(doing: &str, cause: &dyn fmt::Display) {
    let line = cause.to_string().escape_debug().to_string();
    eprintln!("error: {doing}: {line}");
}

/// A request that cannot be answered as asked.
#[derive(Debug)]
pub enum AppError {
    NotFound,
    Forbidden,
    /// The database cannot serve now (full disk, read-only, busy).
    Unavailable(String),
    /// A fault of ours; the cause goes to the log.
    Internal(String),
    /// Any other status, with what to tell the person.
    Status(Status, &'static str),
}

impl AppError {
    pub fn not_found() -> AppError {
        AppError::NotFound
    }

    pub fn forbidden() -> AppError {
        AppError::Forbidden
    }

    pub fn internal(cause: impl fmt::Display) -> AppError {
        AppError::Internal(cause.to_string())
    }

    fn status(&self) -> Status {
        match self {
            AppError::NotFound => Status::NotFound,
            AppError::Forbidden => Status::Forbidden,
            AppError::Unavailable(_) => Status::ServiceUnavailable,
            AppError::Internal(_) => Status::InternalServerError,
            AppError::Status(status, _) => *status,
        }
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        if e.is_unavailable() {
            AppError::Unavailable(e.to_string())
        } else {
            AppError::Internal(e.to_string())
        }
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        DbError::Sql(e).into()
    }
}

impl From<UserError> for AppError {
    fn from(e: UserError) -> Self {
        match e {
            UserError::NotFound => AppError::NotFound,
            UserError::Db(e) => e.into(),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<tera::Error> for AppError {
    fn from(e: tera::Error) -> Self {
        let mut cause = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            cause.push_str(": ");
            cause.push_str(&s.to_string());
            source = s.source();
        }
        AppError::Internal(cause)
    }
}

impl From<bcrypt::BcryptError> for AppError {
    fn from(e: bcrypt::BcryptError) -> Self {
        AppError::Internal(format!("password hashing: {e}"))
    }
}

impl<'r> Responder<'r, 'static> for AppError {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        if let AppError::Unavailable(cause) | AppError::Internal(cause) = &self {
            log_cause(&format!("{} {}", req.method(), req.uri().path()), cause);
        }
        let status = self.status();
        let text = match self {
            AppError::Status(_, text) => text,
            _ => message(status),
        };
        match req.rocket().state::<Web>() {
            Some(web) => web.error_page(status, text, known_user(req)).respond_to(req),
            None => Err(status),
        }
    }
}

/// The signed-in user, if a guard of this request already looked the session
/// up (a handler's error always comes after its guards). Never a new lookup.
fn known_user<'r>(req: &'r Request<'_>) -> Option<&'r CurrentUser> {
    // The cache holds the guard's answer; if no guard asked, this stores "nobody",
    // which is what a later guard would not see anyway: guards have all run.
    req.local_cache(|| Ok::<_, Status>(None::<CurrentUser>))
        .as_ref()
        .ok()?
        .as_ref()
}

/// The heading of an error page, in plain words.
pub fn title(status: Status) -> &'static str {
    match status.code {
        400 | 415 | 422 => "The request could not be read",
        403 => "Not allowed",
        404 => "Page not found",
        405 => "Not available this way",
        413 => "Too much to send",
        421 => "Wrong address",
        429 => "Too many attempts",
        503 => "Not available just now",
        _ => "Something went wrong",
    }
}

/// What a person is told for each status.
pub fn message(status: Status) -> &'static str {
    match status.code {
        400 => "The request could not be read. Go back, reload the page and try again.",
        403 => "You are not allowed to do this. If you were filling in a form, it may have expired: go back, reload the page and try again.",
        404 => "There is nothing at this address. Check the link, or go back to the start page.",
        405 => "This page cannot be used that way. Go back to the start page.",
        413 => "What you sent is too large. Shorten it and try again.",
        415 => "This page expects a form. Go back, reload the page and try again.",
        422 => "Some of the form was missing or could not be read. Go back, reload the page and try again.",
        429 => "Too many attempts. Wait a little and try again.",
        503 => "The database cannot be reached just now (the disk may be full or read-only). Try again in a moment; if this goes on, tell whoever runs gatehouse.",
        _ => "Something went wrong on our side. Try again; if this goes on, tell whoever runs gatehouse.",
    }
}

/// What a member is told when they reach a page for administrators.
pub const ADMINS_ONLY: &str = "This page is for administrators, and you are signed in as a member. \
     If something here needs changing, ask an administrator.";

/// Set on a request that `AdminUser` refused because the user is a member.
pub struct AdminsOnly;

#[rocket::catch(default)]
async fn any_error(status: Status, req: &Request<'_>) -> Result<crate::web::Page, Status> {
    let Some(web) = req.rocket().state::<Web>() else {
        return Err(status);
    };
    let who = match current_session(req).await {
        Ok(who) => who.as_ref(),
        Err(_) => None,
    };
    let text = match req.local_cache(|| None::<AdminsOnly>) {
        Some(AdminsOnly) if status == Status::Forbidden => ADMINS_ONLY,
        _ => message(status),
    };
    Ok(web.error_page(status, text, who))
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

/// Every catcher: the two redirects and the layout's page for any other status.
pub fn catchers() -> Vec<Catcher> {
    let mut all = rocket::catchers![any_error];
    all.push(Catcher::new(401, to_sign_in));
    all.push(Catcher::new(
        crate::guards::MUST_CHANGE_PASSWORD.code,
        to_choose_password,
    ));
    all
}
