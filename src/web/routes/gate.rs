//! The gate's endpoints, thin translations of `service::gate` for the
//! proxies: `GET /auth/nginx` (nginx `auth_request`: 200, 401 with the
//! sign-in address in `Location`, 403) and `GET /auth/forward` (Caddy
//! `forward_auth`, Traefik `forwardAuth`: 200; to sign in, 302 for a
//! browser's GET or HEAD, 303 for another method, 401 for a request that
//! does not take HTML; 403). They read the original request only from a
//! trusted proxy. A 200 always carries the four identity headers, empty
//! when they have no value, so that a client's own copy of one can never
//! reach an app through a proxy that copies what it is given.

use rocket::http::{Header, HeaderMap, RawStr, Status};
use rocket::request::{FromRequest, Outcome, Request};
use rocket::response::{self, Responder, Response};
use rocket::State;

use crate::domain::{joined_names, Decision, DenyReason, Original, Secret};
use crate::service::gate::{self, Checked};
use crate::service::{App, Caller};
use crate::web::cookies;
use crate::web::error::AppError;
use crate::web::guards::{client_address, LinkBase};

/// What a proxy's request to the gate brings: its headers, whether it came
/// from a trusted proxy, the session token of the browser behind it and
/// that browser's address.
pub struct Asked<'r> {
    headers: &'r HeaderMap<'r>,
    from_proxy: bool,
    token: Option<Secret>,
    address: String,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Asked<'r> {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let from_proxy = match (req.rocket().state::<App>(), req.remote()) {
            (Some(app), Some(peer)) => app.proxies.contains(peer.ip()),
            _ => false,
        };
        // The session is the gate's to look up, with what else it reads.
        Outcome::Success(Asked {
            headers: req.headers(),
            from_proxy,
            token: cookies::token(req.cookies(), cookies::SESSION),
            address: client_address(req),
        })
    }
}

impl Asked<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get_one(name)
    }
}

/// The gate's answer, with its headers.
pub struct GateAnswer {
    status: Status,
    headers: Vec<Header<'static>>,
}

impl<'r> Responder<'r, 'static> for GateAnswer {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        let mut response = Response::build();
        response.status(self.status);
        for header in self.headers {
            response.header_adjoin(header);
        }
        response.raw_header("Cache-Control", "no-store");
        response.ok()
    }
}

/// The four identity headers, each present.
fn identity_headers(checked: &Checked) -> Vec<Header<'static>> {
    let who = &checked.identity;
    vec![
        Header::new("Remote-User", who.email.clone()),
        Header::new("Remote-Email", who.email.clone()),
        Header::new("Remote-Name", who.name.clone()),
        Header::new("Remote-Groups", joined_names(who.groups.iter().map(String::as_str))),
    ]
}

/// Where to sign in and come back to `original`.
fn sign_in_address(base: &LinkBase, original: &Original) -> String {
    format!("{}/login?rd={}", base.0, RawStr::new(&original.url()).percent_encode())
}

/// How a decision is said, before the proxy's own way of saying "sign in".
enum Said {
    Through(Vec<Header<'static>>),
    SignIn(String),
    Refused,
}

async fn answer(app: &App, asked: Asked<'_>, base: &LinkBase, original: Option<Original>) -> Result<Said, AppError> {
    if !asked.from_proxy {
        tracing::warn!(target: "gatehouse::gate", why = DenyReason::NotAProxy.as_str(), "a gate endpoint was asked by an address that is not in trusted_proxies");
        return Ok(Said::Refused);
    }
    let Some(original) = original else {
        tracing::warn!(target: "gatehouse::gate", "a proxy asked about a request it did not describe (no or unreadable X-Original-URL / X-Forwarded-* headers)");
        return Ok(Said::Refused);
    };
    let checked = gate::check(app, &original, asked.token).await?;
    Ok(match checked.decision {
        Decision::Allow(_) => Said::Through(identity_headers(&checked)),
        Decision::SignIn => Said::SignIn(sign_in_address(base, &original)),
        // A temporary password: gatehouse's start page asks for a new one
        // first. Two-step sign-in to set up: its page, which says which app
        // asks for it and leads back there.
        Decision::FinishAtGatehouse => match &checked.me {
            Some(me) if me.user.must_change_password => Said::SignIn(format!("{}/", base.0)),
            _ => Said::SignIn(format!(
                "{}/account/two-factor?rd={}",
                base.0,
                RawStr::new(&original.url()).percent_encode()
            )),
        },
        Decision::Deny(_) => {
            let caller = match &checked.me {
                Some(me) => Caller::signed_in(me, &asked.address),
                None => Caller::anonymous(&asked.address),
            };
            gate::record_refusal(app, &caller, &original, &checked).await?;
            Said::Refused
        }
    })
}

#[rocket::get("/auth/nginx")]
pub async fn nginx(asked: Asked<'_>, base: LinkBase, app: &State<App>) -> Result<GateAnswer, AppError> {
    let original = asked
        .header("X-Original-URL")
        .and_then(|url| Original::from_url(url, asked.header("X-Original-Method")));
    Ok(match answer(app, asked, &base, original).await? {
        Said::Through(headers) => GateAnswer {
            status: Status::Ok,
            headers,
        },
        Said::SignIn(to) => GateAnswer {
            status: Status::Unauthorized,
            headers: vec![Header::new("Location", to)],
        },
        Said::Refused => GateAnswer {
            status: Status::Forbidden,
            headers: Vec::new(),
        },
    })
}

#[rocket::get("/auth/forward")]
pub async fn forward(asked: Asked<'_>, base: LinkBase, app: &State<App>) -> Result<GateAnswer, AppError> {
    let original = asked.header("X-Forwarded-Host").and_then(|host| {
        Original::from_forwarded(
            asked.header("X-Forwarded-Proto"),
            host,
            asked.header("X-Forwarded-Uri").unwrap_or("/"),
            asked.header("X-Forwarded-Method"),
        )
    });
    let reads = original.as_ref().is_none_or(Original::is_read);
    let takes_html = asked
        .headers
        .get("Accept")
        .flat_map(|a| a.split(','))
        .any(|t| t.trim().starts_with("text/html"));
    Ok(match answer(app, asked, &base, original).await? {
        Said::Through(headers) => GateAnswer {
            status: Status::Ok,
            headers,
        },
        Said::SignIn(to) if takes_html => GateAnswer {
            status: if reads { Status::Found } else { Status::SeeOther },
            headers: vec![Header::new("Location", to)],
        },
        Said::SignIn(_) => GateAnswer {
            status: Status::Unauthorized,
            headers: Vec::new(),
        },
        Said::Refused => GateAnswer {
            status: Status::Forbidden,
            headers: Vec::new(),
        },
    })
}
