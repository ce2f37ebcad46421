//! `GET /audit?page=…`: the security event log, newest first, for admins.

use rocket::State;
use serde_json::json;

use crate::domain::{page_count, AUDIT_PAGE_SIZE};
use crate::service::{audit, App};
use crate::web::error::AppError;
use crate::web::guards::AdminUser;
use crate::web::pagination::{parse_page, unknown_page};
use crate::web::view::{Page, View};

#[rocket::get("/audit?<page>")]
pub async fn log(page: Option<&str>, _admin: AdminUser, app: &State<App>, view: View<'_>) -> Result<Page, AppError> {
    let page = match parse_page(page) {
        Ok(page) => page,
        Err(problem) => return unknown_page(view, problem, "/audit"),
    };
    let (events, total) = audit::page(app, page).await?;
    let pages = page_count(total, AUDIT_PAGE_SIZE);
    view.render(
        "audit.html.tera",
        json!({
            "events": events,
            "total": total,
            "page": page,
            "pages": pages,
            "previous": (page > 1).then(|| format!("/audit?page={}", page - 1)),
            "next": (i64::from(page) < pages).then(|| format!("/audit?page={}", page + 1)),
        }),
    )
}
