//! Cross-site request forgery protection by synchronizer token. A signed-in
//! request's token is its session's (kept in the database); before sign-in
//! (the sign-in and setup forms) it is a random token in a private cookie.
//! `CsrfToken` gives the token a form must carry; `CsrfForm<T>` reads a form
//! and answers 403, before any handler runs, when its `csrf_token` is wrong.

use rocket::data::{self, Data, FromData, Limits, ToByteUnit};
use rocket::form::{Form, FromForm};
use rocket::http::{Cookie, SameSite, Status};
use rocket::request::{self, FromRequest, Request};

use crate::domain::Event;
use crate::security::tokens::{random_token, same_secret};

use super::guards::{current_session, record_refusal};

/// The private cookie holding the pre-session token.
pub const COOKIE: &str = "gatehouse_csrf";

/// The name of the hidden field every state-changing form carries.
pub const FIELD: &str = "csrf_token";

/// The token to put in this request's forms.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// The token a form sent with this request must match, if any.
async fn expected(req: &Request<'_>) -> Option<String> {
    match current_session(req).await {
        Ok(Some(user)) => Some(user.csrf_token.clone()),
        Ok(None) => req.cookies().get_private(COOKIE).map(|c| c.value().to_owned()),
        Err(_) => None,
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for CsrfToken {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> request::Outcome<Self, Self::Error> {
        if let Some(token) = expected(req).await {
            return request::Outcome::Success(CsrfToken(token));
        }
        // No session and no cookie yet: issue one, once per request.
        let token = req.local_cache(|| {
            let token = random_token();
            let cookie = Cookie::build((COOKIE, token.clone()))
                .http_only(true)
                .same_site(SameSite::Lax)
                .path("/")
                // No expiry date: the browser forgets it when it closes.
                .expires(None::<rocket::time::OffsetDateTime>);
            req.cookies().add_private(cookie);
            PreSessionToken(token)
        });
        request::Outcome::Success(CsrfToken(token.0.clone()))
    }
}

struct PreSessionToken(String);

/// A form that carries nothing but its token (sign out, for one).
#[derive(Debug, FromForm)]
pub struct TokenOnly {
    #[field(name = "csrf_token")]
    _token: String,
}

/// A form of type `T` whose `csrf_token` field matched.
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

impl<T> CsrfForm<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// The browser says the request comes from another site: `Sec-Fetch-Site:
/// cross-site`, or an `Origin` that is not this server (or is `null`, unless
/// the browser also says `Sec-Fetch-Site: same-origin`: a page sent with
/// `Referrer-Policy: no-referrer`, as the invitation and reset forms are,
/// makes the browser send `Origin: null` for its own forms).
fn is_cross_site(req: &Request<'_>) -> bool {
    let headers = req.headers();
    let site = headers.get_one("Sec-Fetch-Site");
    if site.is_some_and(|site| site.eq_ignore_ascii_case("cross-site")) {
        return true;
    }
    let Some(origin) = headers.get_one("Origin") else {
        return false;
    };
    if origin == "null" && site.is_some_and(|site| site.eq_ignore_ascii_case("same-origin")) {
        return false;
    }
    let authority = origin.split_once("://").map(|(_, rest)| rest.trim_end_matches('/'));
    match (authority, headers.get_one("Host")) {
        (Some(authority), Some(host)) => !authority.eq_ignore_ascii_case(host),
        (Some(_), None) => false,
        (None, _) => true,
    }
}

/// The value of `field` in a raw `x-www-form-urlencoded` body.
fn field_value(body: &str, field: &str) -> Option<String> {
    body.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = rocket::http::RawStr::new(name).url_decode_lossy();
        (name == field).then(|| rocket::http::RawStr::new(value).url_decode_lossy().into_owned())
    })
}

#[rocket::async_trait]
impl<'r, T> FromData<'r> for CsrfForm<T>
where
    T: for<'a> FromForm<'a> + Send + 'static,
{
    type Error = ();

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        if is_cross_site(req) {
            record_refusal(req, Event::FormRefused, "other-site").await;
            return data::Outcome::Error((Status::Forbidden, ()));
        }
        if !req.content_type().is_some_and(|ct| ct.is_form()) {
            return data::Outcome::Error((Status::UnsupportedMediaType, ()));
        }
        let limit = req.limits().get("form").unwrap_or(Limits::FORM);
        let body = match data.open(limit.min(1.mebibytes())).into_string().await {
            Ok(body) if body.is_complete() => body.into_inner(),
            Ok(_) => return data::Outcome::Error((Status::PayloadTooLarge, ())),
            Err(_) => return data::Outcome::Error((Status::BadRequest, ())),
        };
        let valid = match (expected(req).await, field_value(&body, FIELD)) {
            (Some(expected), Some(sent)) => same_secret(&expected, &sent),
            _ => false,
        };
        if !valid {
            record_refusal(req, Event::FormRefused, "form-token").await;
            return data::Outcome::Error((Status::Forbidden, ()));
        }
        match Form::<T>::parse_encoded(rocket::http::RawStr::new(&body)) {
            Ok(form) => data::Outcome::Success(CsrfForm(form)),
            Err(_) => data::Outcome::Error((Status::UnprocessableEntity, ())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_field_is_found_and_decoded() {
        assert_eq!(field_value("a=1&csrf_token=ab%2Bc&b=2", FIELD).as_deref(), Some("ab+c"));
        assert_eq!(field_value("csrf%5Ftoken=x", FIELD).as_deref(), Some("x"));
        assert_eq!(field_value("a=1&b", FIELD), None);
        assert_eq!(field_value("", FIELD), None);
    }
}
