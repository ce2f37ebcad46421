//! "Forgot your password?", only where mail is set up: `GET /forgot` asks
//! for an address, `POST /forgot` answers the same page whether or not it
//! is known (a reset link is mailed, in the background, if it is), and 429
//! when too many came. Without smtp settings both are 404.

use rocket::form::FromForm;
use rocket::State;
use serde_json::json;

use crate::service::links::{self, Forgot};
use crate::service::{App, Caller};
use crate::web::answer::{Answer, Answered};
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::view::{Page, View};
use crate::web::wait;

#[derive(FromForm)]
pub struct ForgotForm {
    #[field(default = String::new())]
    email: String,
}

fn with_mail(app: &App) -> Result<(), AppError> {
    match app.mailer {
        Some(_) => Ok(()),
        None => Err(AppError::not_found()),
    }
}

#[rocket::get("/forgot")]
pub fn ask(app: &State<App>, view: View<'_>) -> Result<Page, AppError> {
    with_mail(app)?;
    view.render("forgot.html.tera", json!({ "email": "" }))
}

#[rocket::post("/forgot", data = "<form>")]
pub async fn send(form: CsrfForm<ForgotForm>, caller: Caller, app: &State<App>, view: View<'_>) -> Answered {
    with_mail(app)?;
    let form = form.into_inner();
    let email = form.email.trim().to_owned();
    match links::forgot(app, &caller, &email, view.language()).await? {
        Forgot::Accepted => Ok(view
            .render("forgot.html.tera", json!({ "sent": true, "email": email }))?
            .into()),
        Forgot::Throttled { until } => {
            Answer::wait_page(&view, wait::until(until, app.clock.now()), "forgot-throttled")
        }
    }
}
