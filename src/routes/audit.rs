//! `GET /audit?page=…`: the security event log, newest first, for admins.

use rocket::State;
use serde_json::json;

use crate::audit::{self, PAGE_SIZE};
use crate::db::{Db, DbError};
use crate::error::AppError;
use crate::guards::AdminUser;
use crate::routes::users::{parse_page, unknown_page};
use crate::web::{Page, View};

#[rocket::get("/audit?<page>")]
pub async fn log(page: Option<&str>, _admin: AdminUser, db: &State<Db>, view: View<'_>) -> Result<Page, AppError> {
    let page = match parse_page(page) {
        Ok(page) => page,
        Err(message) => return unknown_page(view, message, "/audit"),
    };
    let (events, total) = db
        .run(move |c| -> Result<_, DbError> { Ok(audit::page(c, page)?) })
        .await?;
    let pages = ((total + i64::from(PAGE_SIZE) - 1) / i64::from(PAGE_SIZE)).max(1);
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
