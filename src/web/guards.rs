//! Request guards that decide access. `SignedIn` forwards (401, which the
//! catcher turns into a redirect to sign-in) when nobody is signed in;
//! `AdminUser` also refuses members with 403. Handlers never read cookies.

use rocket::http::{Method, Status};
use rocket::request::{FromRequest, Outcome, Request};

use crate::domain::{Client, Detail, Event, SignedIn};
use crate::service::{self, App, Caller};

use super::cookies;
use super::error::{log_request_cause, path_without_secrets};

/// A signed-in admin.
#[derive(Debug, Clone)]
pub struct AdminUser(pub SignedIn);

/// The session this request proves, looked up once per request and cached.
/// `Err` carries the status to answer when the database cannot tell.
pub async fn current_session<'r>(req: &'r Request<'_>) -> &'r Result<Option<SignedIn>, Status> {
    req.local_cache_async(async {
        let Some(token) = cookies::token(req.cookies(), cookies::SESSION) else {
            return Ok(None);
        };
        let Some(app) = req.rocket().state::<App>() else {
            return Err(Status::InternalServerError);
        };
        service::sessions::find(app, token).await.map_err(|e| {
            log_request_cause(req, "looking up a session", &e);
            Status::ServiceUnavailable
        })
    })
    .await
}

/// The signed-in user, if a guard of this request already looked the session
/// up (a handler's error always comes after its guards). Never a new lookup.
pub fn known_user<'r>(req: &'r Request<'_>) -> Option<&'r SignedIn> {
    // The cache holds the guard's answer; if no guard asked, this stores "nobody",
    // which is what a later guard would not see anyway: guards have all run.
    req.local_cache(|| Ok::<_, Status>(None::<SignedIn>))
        .as_ref()
        .ok()?
        .as_ref()
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

/// The status that sends a user the `two_factor` policy applies to, who has
/// not set it up, to set it up (see the catchers). Not a standard status:
/// no response is ever sent with it.
pub const MUST_SET_UP_TWO_FACTOR: Status = Status::new(432);

/// Where a user who must set up two-step sign-in may go meanwhile.
fn allowed_before_two_factor(req: &Request<'_>) -> bool {
    let path = req.uri().path();
    path.as_str().starts_with("/account/two-factor") || (req.method() == Method::Post && path == "/logout")
}

/// The status that holds `me` back from this request, if any: a temporary
/// password to replace, or two-step sign-in to set up first.
pub(crate) fn held_back(req: &Request<'_>, me: &SignedIn) -> Option<Status> {
    if me.user.must_change_password && !allowed_with_temporary_password(req) {
        return Some(MUST_CHANGE_PASSWORD);
    }
    let policy = req.rocket().state::<App>().map(|app| app.settings.two_factor)?;
    (policy.requires(&me.user) && !allowed_before_two_factor(req)).then_some(MUST_SET_UP_TWO_FACTOR)
}

/// Set on a request that `AdminUser` refused because the user is a member.
pub struct AdminsOnly;

#[rocket::async_trait]
impl<'r> FromRequest<'r> for SignedIn {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        match current_session(req).await {
            Ok(Some(me)) => match held_back(req, me) {
                Some(status) => Outcome::Error((status, ())),
                None => Outcome::Success(me.clone()),
            },
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
            Ok(Some(me)) if me.user.must_change_password => Outcome::Error((MUST_CHANGE_PASSWORD, ())),
            Ok(Some(me)) if held_back(req, me).is_some() => Outcome::Error((MUST_SET_UP_TWO_FACTOR, ())),
            Ok(Some(me)) if me.user.is_admin() => Outcome::Success(AdminUser(me.clone())),
            Ok(Some(_)) => {
                record_refusal(req, Event::AccessDenied, "needs-admin").await;
                req.local_cache(|| Some(AdminsOnly));
                Outcome::Error((Status::Forbidden, ()))
            }
            Ok(None) => Outcome::Forward(Status::Unauthorized),
            Err(status) => Outcome::Error((*status, ())),
        }
    }
}

/// Who is asking and from where, as the use cases name them.
fn caller(req: &Request<'_>, signed_in: Option<&SignedIn>) -> Caller {
    let address = client_address(req);
    match signed_in {
        Some(me) => Caller::signed_in(me, &address),
        None => Caller::anonymous(&address),
    }
}

/// The client's address: the connection's, or, from a trusted proxy, the
/// one its forwarding headers name (`TrustedProxies::client`).
pub fn client_address(req: &Request<'_>) -> String {
    let (Some(peer), Some(app)) = (req.client_ip(), req.rocket().state::<App>()) else {
        return req.client_ip().map(|ip| ip.to_string()).unwrap_or_default();
    };
    let forwarded: Vec<&str> = req.headers().get("X-Forwarded-For").collect();
    app.proxies
        .client(peer, &forwarded, req.headers().get_one("X-Real-IP"))
        .to_string()
}

/// Records a refused request in the audit log: who (if signed in), from
/// where, what was asked and why. A failure to record is only logged.
pub async fn record_refusal(req: &Request<'_>, event: Event, why: &str) {
    let Some(app) = req.rocket().state::<App>() else {
        return;
    };
    let me = current_session(req).await.as_ref().ok().and_then(Option::as_ref);
    let detail = Detail::Refused {
        request: format!("{} {}", req.method(), path_without_secrets(req.uri().path().as_str())),
        why: why.to_owned(),
    };
    if let Err(e) = service::audit::record_refusal(app, &caller(req, me), event, detail).await {
        log_request_cause(req, "recording a refused request", &e);
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
            Ok(Some(me)) => Some(me.session_id),
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
        Outcome::Success(Client {
            user_agent,
            address: client_address(req),
        })
    }
}

/// Where the links a request makes start: `public_url`, else the address
/// the request came to (its Host, which the host check has allowed).
pub struct LinkBase(pub String);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for LinkBase {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let config = req.rocket().config();
        let scheme = if config.tls_enabled() { "https" } else { "http" };
        let host = req
            .host()
            .map(|h| h.to_string())
            .unwrap_or_else(|| format!("{}:{}", config.address, config.port));
        let fallback = format!("{scheme}://{host}");
        let base = match req.rocket().state::<App>() {
            Some(app) => app.settings.link_base(&fallback),
            None => fallback,
        };
        Outcome::Success(LinkBase(base))
    }
}

/// Who asks, for the use cases: the signed-in user if any, and the address.
#[rocket::async_trait]
impl<'r> FromRequest<'r> for Caller {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let me = current_session(req).await.as_ref().ok().and_then(Option::as_ref);
        Outcome::Success(caller(req, me))
    }
}
