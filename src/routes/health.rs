//! `GET /healthz`: 200 `ok` when the database answers, 503 otherwise.

use rocket::http::Status;
use rocket::State;

use crate::db::{Db, DbError};

#[rocket::get("/healthz")]
pub async fn healthz(db: &State<Db>) -> (Status, &'static str) {
    let answer: Result<i64, DbError> = db.run(|c| Ok(c.query_row("SELECT 1", [], |r| r.get(0))?)).await;
    match answer {
        Ok(_) => (Status::Ok, "ok"),
        Err(e) => {
            crate::error::log_cause("health check", &e);
            (Status::ServiceUnavailable, "database unavailable")
        }
    }
}
