//! The limit of the gate's design on this machine, for bench/gate.sh: the
//! fastest answer Rocket can give to nginx's `auth_request`, a private-cookie
//! guard and 12 bytes, with no database. gatehouse's gate is measured beside
//! it, through the same nginx, in the same run.
//!
//! `GET /issue` sets the private cookie; `GET /check` answers 200 when the
//! request carries it, else 401. The 12 bytes are a header's value, and the
//! answer has no body, as the gate's: nginx does not keep a connection to
//! an `auth_request` upstream whose answer has a body (it discards the body
//! and closes the connection), which made a 12-byte body the slower answer
//! (14,000 a second here, a new connection each, against 30,000 for
//! gatehouse's gate). Port from `ROCKET_PORT`.

use rocket::http::Status;
use rocket::request::{FromRequest, Outcome, Request};
use rocket::response::{self, Responder, Response};

/// A request that carries the private cookie `/issue` set.
struct Holder;

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Holder {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        match req.cookies().get_private("limit") {
            Some(_) => Outcome::Success(Holder),
            None => Outcome::Error((Status::Unauthorized, ())),
        }
    }
}

#[rocket::get("/issue")]
fn issue(jar: &rocket::http::CookieJar<'_>) -> &'static str {
    jar.add_private(("limit", "bench"));
    "issued\n"
}

/// 200, the 12 bytes in a header, no body.
struct Allowed;

impl<'r> Responder<'r, 'static> for Allowed {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        Response::build().raw_header("Remote-User", "allowed you.").ok()
    }
}

#[rocket::get("/check")]
fn check(_holder: Holder) -> Allowed {
    Allowed
}

#[rocket::launch]
fn rocket() -> _ {
    let key: Vec<u8> = (0..64).map(|_| rand::random::<u8>()).collect();
    let figment = rocket::Config::figment()
        .merge(("secret_key", key))
        .merge(("log_level", "off"))
        .merge(("address", "127.0.0.1"));
    rocket::custom(figment).mount("/", rocket::routes![issue, check])
}
