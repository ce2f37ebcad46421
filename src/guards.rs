//! Request guards that decide access. `CurrentUser` forwards (401, which the
//! catcher turns into a redirect to sign-in) when nobody is signed in;
//! `AdminUser` also refuses members with 403. Handlers never read cookies.

use rocket::http::{Method, Status};
use rocket::request::{FromRequest, Outcome, Request};

use crate::audit::{self, Entry, Event, Party};
use crate::config::Settings;
use crate::db::{Db, DbError};
use crate::session::{self, Client, Signed};
use crate::users::User;

/// The signed-in user and their session.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    pub session_id: i64,
    pub csrf_token: String,
    /// The session was started with "remember me".
    pub persistent: bool,
}

/// A signed-in admin.
#[derive(Debug, Clone)]
pub struct AdminUser(pub CurrentUser);

/// The session this request proves, looked up once per request and cached.
/// `Err` carries the status to answer when the database cannot tell.
pub async fn current_session<'r>(req: &'r Request<'_>) -> &'r Result<Option<CurrentUser>, Status> {
    req.local_cache_async(async {
        let Some(token) = req.cookies().get_private(session::COOKIE).map(|c| c.value().to_owned()) else {
            return Ok(None);
        };
        let (Some(db), Some(settings)) = (req.rocket().state::<Db>(), req.rocket().state::<Settings>()) else {
            return Err(Status::InternalServerError);
        };
        let settings = settings.clone();
        let found: Result<Option<Signed>, crate::db::DbError> =
            db.run(move |conn| Ok(session::find(conn, &token, &settings)?)).await;
        match found {
            Ok(signed) => Ok(signed.map(|s| CurrentUser {
                user: s.user,
                session_id: s.session_id,
                csrf_token: s.csrf_token,
                persistent: s.persistent,
            })),
            Err(e) => {
                crate::error::log_cause("looking up a session", &e);
                Err(Status::ServiceUnavailable)
            }
        }
    })
    .await
}

/// Where a user with a temporary password may go: the form that replaces
/// it, and signing out. Everything else sends them to that form.
fn allowed_with_temporary_password(req: &Request<'_>) -> bool {
    matches!(
        (req.method(), req.uri().path().as_str()),
        (Method::Get | Method::Post, "/account/password") | (Method::Post, "/logout")
    )
}

/// The status that sends a user to choose their own password (see the catchers).
pub const MUST_CHANGE_PASSWORD: Status = Status::PreconditionRequired;

#[rocket::async_trait]
impl<'r> FromRequest<'r> for CurrentUser {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        match current_session(req).await {
            Ok(Some(user)) if user.user.must_change_password && !allowed_with_temporary_password(req) => {
                Outcome::Error((MUST_CHANGE_PASSWORD, ()))
            }
            Ok(Some(user)) => Outcome::Success(user.clone()),
            Ok(None) => Outcome::Forward(Status::Unauthorized),
            Err(status) => Outcome::Error((*status, ())),
        }
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for AdminUser {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        match current_session(req).await {
            Ok(Some(user)) if user.user.must_change_password => Outcome::Error((MUST_CHANGE_PASSWORD, ())),
            Ok(Some(user)) if user.user.is_admin() => Outcome::Success(AdminUser(user.clone())),
            Ok(Some(_)) => {
                record_refusal(req, Event::AccessDenied, "needs an administrator").await;
                req.local_cache(|| Some(crate::error::AdminsOnly));
                Outcome::Error((Status::Forbidden, ()))
            }
            Ok(None) => Outcome::Forward(Status::Unauthorized),
            Err(status) => Outcome::Error((*status, ())),
        }
    }
}

/// Records a refused request in the audit log: who (if signed in), from
/// where, what was asked and why. A failure to record is only logged.
pub async fn record_refusal(req: &Request<'_>, event: Event, why: &str) {
    let Some(db) = req.rocket().state::<Db>() else {
        return;
    };
    let actor = match current_session(req).await {
        Ok(Some(user)) => Party::from(&user.user),
        _ => Party::default(),
    };
    let address = req.client_ip().map(|ip| ip.to_string()).unwrap_or_default();
    let detail = format!("{} {}: {why}", req.method(), req.uri().path());
    let entry = Entry::new(event, actor, Party::default(), &address).detail(detail);
    let recorded: Result<(), DbError> = db.run(move |c| Ok(audit::record(c, &entry)?)).await;
    if let Err(e) = recorded {
        crate::error::log_cause("recording a refused request", &e);
    }
}

/// The session this browser holds, if any, whatever the state of its user
/// (a temporary password included): what a new sign-in replaces.
#[derive(Debug, Clone, Copy)]
pub struct PreviousSession(pub Option<i64>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for PreviousSession {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let id = match current_session(req).await {
            Ok(Some(user)) => Some(user.session_id),
            _ => None,
        };
        Outcome::Success(PreviousSession(id))
    }
}

/// The browser and address a request came from.
#[rocket::async_trait]
impl<'r> FromRequest<'r> for Client {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let user_agent: String = req
            .headers()
            .get_one("User-Agent")
            .unwrap_or("")
            .chars()
            .take(200)
            .collect();
        let address = req.client_ip().map(|ip| ip.to_string()).unwrap_or_default();
        Outcome::Success(Client { user_agent, address })
    }
}
