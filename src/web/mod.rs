//! The web face: routes that parse a request, call a use case and show its
//! answer as a redirect or a page, with the guards, forms, cookies, views and
//! fairings they share. The only part of gatehouse that knows Rocket.

mod answer;
pub mod assets;
mod catchers;
mod compression;
mod cookies;
mod csrf;
pub mod error;
mod escape;
pub mod fairings;
mod forms;
mod guards;
mod joined_stream;
mod language;
mod notice;
mod page_cache;
mod pagination;
mod passkey_requests;
mod qr;
mod routes;
mod shared_page;
mod upload;
mod view;
mod wait;

use rocket::{Build, Rocket};

use crate::service::App;

use self::assets::Assets;
use self::view::Web;

/// `rocket` serving `app`: every route, catcher, fairing and piece of state
/// the pages need. Fails if a built-in template is broken, or the
/// language or time zone settings name none.
pub fn mount(rocket: Rocket<Build>, app: App) -> Result<Rocket<Build>, String> {
    let assets = Assets::load();
    let web = Web::load(&assets, &app.settings)?;
    Ok(rocket
        .manage(app)
        .manage(web)
        .manage(assets)
        .manage(routes::WriteCheck::default())
        .manage(page_cache::PageCache::default())
        .mount("/", routes::all())
        .mount("/", rocket::routes![fairings::host::refused])
        .register("/", catchers::catchers())
        // First: its id and arrival come before any fairing rewrites the request.
        .attach(fairings::request_log::RequestLog)
        .attach(fairings::host::HostCheck)
        .attach(fairings::headers::shield())
        .attach(fairings::headers::SecurityHeaders))
}
