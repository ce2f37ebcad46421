//! The HTTP routes, one file per area; handlers stay thin: guards decide
//! access, forms parse input into domain types, a use case does the work,
//! and the handler turns its answer into a redirect or a page.

mod account;
mod apps;
mod assets;
mod audit;
mod forgot;
mod gate;
mod groups;
mod health;
mod language;
mod links;
mod oidc;
pub mod passkeys;
mod session;
mod setup;
mod spreadsheets;
mod two_factor;
mod user_admin;
mod users;

pub use health::WriteCheck;

use super::error::AppError;

/// A row id from the path; anything that is not one is simply not found.
pub struct Id(Option<i64>);

impl<'a> rocket::request::FromParam<'a> for Id {
    type Error = std::convert::Infallible;

    fn from_param(param: &'a str) -> Result<Self, Self::Error> {
        Ok(Id(param.parse().ok().filter(|id| *id > 0)))
    }
}

impl Id {
    fn get(&self) -> Result<i64, AppError> {
        self.0.ok_or_else(AppError::not_found)
    }
}

/// Every route gatehouse serves.
pub fn all() -> Vec<rocket::Route> {
    let mut routes = rocket::routes![
        health::healthz,
        session::home,
        session::login_page,
        session::login,
        session::logout,
        users::directory,
        user_admin::new,
        user_admin::create,
        user_admin::edit,
        user_admin::update,
        user_admin::confirm_delete,
        user_admin::delete,
        user_admin::unlock,
        passkeys::page,
        passkeys::add_start,
        passkeys::add_finish,
        passkeys::rename,
        passkeys::remove,
        passkeys::remove_start,
        passkeys::remove_finish,
        passkeys::sign_in_start,
        passkeys::sign_in_finish,
        spreadsheets::form,
        spreadsheets::preview,
        spreadsheets::confirm,
        spreadsheets::export,
        account::show,
        account::rename,
        account::password_page,
        account::change_password,
        account::revoke,
        account::revoke_others,
        audit::log,
        setup::setup_page,
        setup::setup,
        language::switch,
        forgot::ask,
        two_factor::status,
        two_factor::start,
        two_factor::confirm,
        two_factor::disable,
        two_factor::regenerate,
        two_factor::code_form,
        two_factor::code,
        two_factor::reset,
        forgot::send,
        links::reset_link,
        links::invite_again,
        links::open_invite,
        links::open_reset,
        links::use_invite,
        links::use_reset,
        groups::list,
        groups::new,
        groups::create,
        groups::show,
        groups::rename,
        groups::add_member,
        groups::remove_member,
        groups::confirm_delete,
        groups::delete,
        apps::list,
        apps::new,
        apps::create,
        apps::mine,
        apps::edit,
        apps::update,
        apps::new_secret,
        apps::confirm_delete,
        apps::delete,
        gate::nginx,
        gate::forward,
        oidc::jwks,
        oidc::discovery,
        oidc::authorize,
        oidc::consent,
        oidc::token,
        oidc::userinfo_get,
        oidc::userinfo_post,
        oidc::revoke,
        oidc::logout,
        oidc::logout_confirmed,
        account::end_app_access,
    ];
    routes.extend(assets::routes());
    routes
}
