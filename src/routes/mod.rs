//! The HTTP routes, one file per area; handlers stay thin: guards decide
//! access, domain types parse input, the repositories do the work.

mod assets;
mod health;
mod session;
mod setup;
mod users;

pub use setup::setup_token;

/// Every route gatehouse serves.
pub fn all() -> Vec<rocket::Route> {
    let mut routes = rocket::routes![
        health::healthz,
        session::home,
        session::login_page,
        session::login,
        session::logout,
        users::directory,
        setup::setup_page,
        setup::setup,
    ];
    routes.extend(assets::routes());
    routes
}
