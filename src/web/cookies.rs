//! The session cookie: a Rocket private cookie (encrypted and
//! authenticated) holding the session's token.

use rocket::http::{Cookie, SameSite};
use rocket::time::{Duration, OffsetDateTime};

use crate::config::Settings;
use crate::domain::{Secret, Started};

/// The name of the private cookie holding the session token.
pub const SESSION: &str = "gatehouse_session";

/// The private cookie of a sign-in that waits for its second step (a code).
pub const PENDING: &str = "gatehouse_pending";

/// The cookie of a sign-in waiting for its code: private, HttpOnly, Lax,
/// forgotten when the browser closes (the wait is minutes long anyway).
pub fn pending(token: &Secret) -> Cookie<'static> {
    Cookie::build((PENDING, token.expose().to_owned()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .expires(None::<OffsetDateTime>)
        .build()
}

/// HttpOnly, SameSite=Lax, Path=/ (Secure is added by Rocket under TLS),
/// for `cookie_domain` and its subdomains where it is set (so that the
/// gate's apps send it along); a browser-session cookie unless "remember me".
pub fn session(started: &Started, settings: &Settings) -> Cookie<'static> {
    let mut builder = Cookie::build((SESSION, started.token.expose().to_owned()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/");
    if let Some(domain) = &settings.cookie_domain {
        builder = builder.domain(domain.clone());
    }
    if started.persistent {
        let lifetime = Duration::seconds(settings.remember_seconds());
        // Both attributes: Rocket would otherwise add its own one-week Expires.
        builder
            .max_age(lifetime)
            .expires(OffsetDateTime::now_utc() + lifetime)
            .build()
    } else {
        // No expiry date: the browser forgets the cookie when it closes.
        builder.expires(None::<OffsetDateTime>).build()
    }
}

/// The token a private cookie of this request holds, if any.
pub fn token(jar: &rocket::http::CookieJar<'_>, name: &str) -> Option<Secret> {
    jar.get_private(name).map(|c| Secret::new(c.value()))
}

/// Removes the session cookie, for the domain it was set for.
pub fn remove_session(jar: &rocket::http::CookieJar<'_>, settings: &Settings) {
    let mut cookie = Cookie::build(SESSION).path("/");
    if let Some(domain) = &settings.cookie_domain {
        cookie = cookie.domain(domain.clone());
    }
    jar.remove_private(cookie.build());
}
