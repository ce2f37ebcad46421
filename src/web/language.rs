//! The language of a request's page, in the contract's order: the signed-in
//! user's own choice, else the `gatehouse_lang` cookie the footer switch
//! sets, else the browser's `Accept-Language`, else `default_language`.

use rocket::http::{Cookie, SameSite};
use rocket::time::Duration;
use rocket::Request;

use crate::domain::User;
use crate::i18n::{negotiate, Language};

/// The cookie the footer switch sets: a catalogue's code, not a secret.
pub const COOKIE: &str = "gatehouse_lang";

/// The language for `req`'s page; `user` is whoever it proved signed in.
pub fn chosen(req: &Request<'_>, user: Option<&User>, default: Language) -> Language {
    let own = user.and_then(|u| u.language.as_deref()).and_then(Language::find);
    own.or_else(|| req.cookies().get(COOKIE).and_then(|c| Language::find(c.value())))
        .or_else(|| {
            req.headers()
                .get_one("Accept-Language")
                .and_then(|header| negotiate::best_of(negotiate::accepted(header)))
        })
        .unwrap_or(default)
}

/// The switch's cookie for `language`, kept for a year.
pub fn cookie(language: Language) -> Cookie<'static> {
    Cookie::build((COOKIE, language.code()))
        .http_only(true)
        .same_site(SameSite::Lax)
        .path("/")
        .max_age(Duration::days(365))
        .build()
}
