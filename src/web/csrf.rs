//! Cross-site request forgery protection by synchronizer token. A signed-in
//! request's token is its session's (kept in the database); before sign-in
//! (the sign-in and setup forms) it is a random token in a private cookie.
//! `CsrfToken` gives the token a form must carry; `CsrfForm<T>` reads a form
//! and answers 403, before any handler runs, when its `csrf_token` is wrong.
//!
//! A page never carries the token itself but the token masked by a random
//! pad of its own (`pad ‖ pad XOR token`, as Django and Rails do): compressed
//! beside text a request chose (the address in the footer form), the same
//! secret on every page would let its characters be read from response
//! sizes; masked, it is different random bytes on every response.

use rocket::data::{self, Data, FromData, Limits, ToByteUnit};
use rocket::form::{Form, FromForm};
use rocket::http::{Cookie, SameSite, Status};
use rocket::request::{self, FromRequest, Request};

use crate::domain::Event;
use rand::RngCore;

use crate::security::tokens::{random_token, same_secret};

use super::guards::{current_session, record_refusal};

/// The private cookie holding the pre-session token.
pub const COOKIE: &str = "gatehouse_csrf";

/// The name of the hidden field every state-changing form carries.
pub const FIELD: &str = "csrf_token";

/// The token to put in this request's forms: masked afresh for each response.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// `token` (hex) masked by a new random pad: the pad and the token XOR the
/// pad, both in hex, twice as long as the token.
pub(super) fn masked(token: &str) -> String {
    let secret = token.as_bytes();
    let mut pad = vec![0u8; secret.len()];
    rand::rngs::OsRng.fill_bytes(&mut pad);
    let mut out = String::with_capacity(secret.len() * 4);
    for byte in pad
        .iter()
        .chain(&pad.iter().zip(secret).map(|(p, s)| p ^ s).collect::<Vec<u8>>())
    {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// What a form sent, unmasked: `None` when it is not a masked token.
pub(super) fn unmasked(sent: &str) -> Option<String> {
    if !sent.len().is_multiple_of(4) || !sent.is_ascii() {
        return None;
    }
    let bytes: Vec<u8> = (0..sent.len() / 2)
        .map(|i| u8::from_str_radix(&sent[2 * i..2 * i + 2], 16).ok())
        .collect::<Option<_>>()?;
    let (pad, xored) = bytes.split_at(bytes.len() / 2);
    String::from_utf8(pad.iter().zip(xored).map(|(p, x)| p ^ x).collect()).ok()
}

/// The token a form sent with this request must match, if any.
pub(super) async fn expected(req: &Request<'_>) -> Option<String> {
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
            return request::Outcome::Success(CsrfToken(masked(&token)));
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
        request::Outcome::Success(CsrfToken(masked(&token.0)))
    }
}

struct PreSessionToken(String);

/// The token for the forms of a page answered without awaiting guards (an
/// error page): the session's, else the pre-session cookie's, masked.
pub(super) fn known_token(req: &Request<'_>, who: Option<&crate::domain::SignedIn>) -> Option<String> {
    match who {
        Some(who) => Some(masked(&who.csrf_token)),
        None => req.cookies().get_private(COOKIE).map(|c| masked(c.value())),
    }
}

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
pub(super) fn is_cross_site(req: &Request<'_>) -> bool {
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
            (Some(expected), Some(sent)) => unmasked(&sent).is_some_and(|sent| same_secret(&expected, &sent)),
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
    fn a_masked_token_differs_every_time_and_unmasks_to_the_token() {
        let token = random_token();
        let (a, b) = (masked(&token), masked(&token));
        assert_ne!(a, b);
        assert_eq!(a.len(), 4 * token.len());
        assert!(!a.contains(&token));
        assert_eq!(unmasked(&a).as_deref(), Some(token.as_str()));
        assert_eq!(unmasked(&b).as_deref(), Some(token.as_str()));
        // The bare token is no masked token.
        assert_ne!(unmasked(&token).as_deref(), Some(token.as_str()));
        for bad in ["", "abc", "zz", "é1", &a[1..]] {
            assert_ne!(unmasked(bad).as_deref(), Some(token.as_str()), "{bad}");
        }
    }

    #[test]
    fn the_token_field_is_found_and_decoded() {
        assert_eq!(field_value("a=1&csrf_token=ab%2Bc&b=2", FIELD).as_deref(), Some("ab+c"));
        assert_eq!(field_value("csrf%5Ftoken=x", FIELD).as_deref(), Some("x"));
        assert_eq!(field_value("a=1&b", FIELD), None);
        assert_eq!(field_value("", FIELD), None);
    }
}
