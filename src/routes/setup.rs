//! The first admin: `GET, POST /setup?token=…`. The token is made when
//! gatehouse starts with no admin and printed in its banner; the page answers
//! 404 for good once an admin exists.

use rocket::http::{CookieJar, Status};
use rocket::response::{Flash, Redirect};
use rocket::State;
use serde_json::json;

use crate::audit::{self, Entry, Event};
use crate::auth;
use crate::config::Settings;
use crate::csrf::CsrfForm;
use crate::db::{self, Db};
use crate::domain::DUPLICATE_EMAIL;
use crate::error::AppError;
use crate::forms::{FieldErrors, SetupForm};
use crate::guards::PreviousSession;
use crate::password::Hasher;
use crate::session::Client;
use crate::tokens::same_secret;
use crate::users::{self, UserError};
use crate::web::{Page, View};

/// Whether setup is open and `token` is its token.
enum Gate {
    Open,
    WrongToken,
    Closed,
}

async fn gate(db: &Db, token: Option<&str>) -> Result<Gate, AppError> {
    let token = token.unwrap_or("").to_owned();
    let gate = db
        .run(move |c| -> Result<Gate, UserError> {
            if users::admin_exists(c)? {
                return Ok(Gate::Closed);
            }
            Ok(match db::setting(c, users::SETUP_TOKEN)? {
                Some(expected) if same_secret(&expected, &token) => Gate::Open,
                _ => Gate::WrongToken,
            })
        })
        .await?;
    Ok(gate)
}

fn wrong_token(view: View<'_>) -> Result<Page, AppError> {
    view.render_with_status(
        Status::Forbidden,
        "error.html.tera",
        json!({
            "status": 403,
            "title": "This setup link is not valid",
            "message": "Open the setup link exactly as gatehouse printed it when it started. To see it again, stop gatehouse and start it once more.",
        }),
    )
}

#[rocket::get("/setup?<token>")]
pub async fn setup_page(token: Option<&str>, db: &State<Db>, view: View<'_>) -> Result<Page, AppError> {
    match gate(db, token).await? {
        Gate::Closed => Err(AppError::not_found()),
        Gate::WrongToken => wrong_token(view),
        Gate::Open => view.render("setup.html.tera", json!({ "token": token, "name": "", "email": "" })),
    }
}

#[rocket::post("/setup?<token>", data = "<form>")]
#[allow(clippy::too_many_arguments)]
pub async fn setup(
    token: Option<&str>,
    form: CsrfForm<SetupForm>,
    previous: PreviousSession,
    client: Client,
    db: &State<Db>,
    hasher: &State<Hasher>,
    settings: &State<Settings>,
    jar: &CookieJar<'_>,
    view: View<'_>,
) -> Result<Result<Flash<Redirect>, Page>, AppError> {
    match gate(db, token).await? {
        Gate::Closed => return Err(AppError::not_found()),
        Gate::WrongToken => return wrong_token(view).map(Err),
        Gate::Open => {}
    }
    let form = form.into_inner();
    let invalid = |view: View<'_>, errors: FieldErrors| {
        view.render_with_status(
            Status::UnprocessableEntity,
            "setup.html.tera",
            json!({ "token": token, "name": form.name.trim(), "email": form.email.trim(), "errors": errors }),
        )
        .map(Err)
    };
    let admin = match form.parse() {
        Ok(admin) => admin,
        Err(errors) => return invalid(view, errors),
    };
    let hash = hasher.hash(&admin.password).await?;
    let address = client.address.clone();
    let created = db
        .run(move |c| {
            let admin = users::create_first_admin(c, &admin, &hash)?;
            audit::record(c, &Entry::new(Event::SetupCompleted, &admin, &admin, &address))?;
            Ok(admin)
        })
        .await;
    let admin = match created {
        Ok(admin) => admin,
        Err(UserError::AdminExists) => return Err(AppError::not_found()),
        Err(UserError::DuplicateEmail) => return invalid(view, FieldErrors::one("email", DUPLICATE_EMAIL)),
        Err(e) => return Err(e.into()),
    };
    let replacing = previous.0;
    auth::sign_in(db, settings, jar, &admin, false, client, replacing).await?;
    Ok(Ok(Flash::success(
        Redirect::to("/users"),
        format!(
            "Welcome, {}. You are the first administrator of this gatehouse.",
            admin.name
        ),
    )))
}
