//! `POST /language`: the footer's switch. It sets the `gatehouse_lang`
//! cookie, keeps the choice for a signed-in user, and goes back to `next`
//! when that is a page of this site.

use rocket::form::FromForm;
use rocket::http::CookieJar;
use rocket::response::Redirect;
use rocket::State;

use crate::domain::{ContinueTo, Problem, SignedIn};
use crate::service::{account, App};
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::forms::parse_language;
use crate::web::language;

#[derive(FromForm)]
pub struct LanguageForm {
    #[field(default = String::new())]
    lang: String,
    next: Option<String>,
}

#[rocket::post("/language", data = "<form>")]
pub async fn switch(
    form: CsrfForm<LanguageForm>,
    me: Option<SignedIn>,
    app: &State<App>,
    jar: &CookieJar<'_>,
) -> Result<Redirect, AppError> {
    let form = form.into_inner();
    let Ok(Some(chosen)) = parse_language(&form.lang) else {
        return Err(AppError::Refused(Problem::LanguageUnknown));
    };
    jar.add(language::cookie(chosen));
    if let Some(me) = &me {
        account::set_language(app, me, Some(chosen.code().to_owned())).await?;
    }
    Ok(Redirect::to(
        ContinueTo::from_next(form.next.as_deref()).as_str().to_owned(),
    ))
}
