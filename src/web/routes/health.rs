//! `GET /healthz`: 200 `ok` when the database answers and can take writes,
//! 503 otherwise. Reads are checked on every call; a write (one small row)
//! at most every few seconds, so that a full disk or a read-only file shows
//! without making every health check a write.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use rocket::http::Status;
use rocket::State;

use crate::service::{health, App};
use crate::web::error::log_cause;

/// How long a write check stays good.
const WRITE_CHECK_EVERY: Duration = Duration::from_secs(2);

/// When writes were last checked, and whether they worked.
#[derive(Default)]
pub struct WriteCheck(Mutex<Option<(Instant, bool)>>);

impl WriteCheck {
    /// The last result while it is fresh.
    fn fresh(&self) -> Option<bool> {
        let last = *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        last.filter(|(at, _)| at.elapsed() < WRITE_CHECK_EVERY)
            .map(|(_, ok)| ok)
    }

    fn store(&self, ok: bool) {
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some((Instant::now(), ok));
    }
}

#[rocket::get("/healthz")]
pub async fn healthz(app: &State<App>, writes: &State<WriteCheck>) -> (Status, &'static str) {
    let check_writes = writes.fresh().is_none();
    let answer = health::check(app, check_writes).await;
    if check_writes {
        writes.store(answer.is_ok());
    }
    match (answer, writes.fresh()) {
        (Ok(()), Some(false)) => (Status::ServiceUnavailable, "database cannot take writes"),
        (Ok(()), _) => (Status::Ok, "ok"),
        (Err(e), _) => {
            log_cause("health check", &e);
            (Status::ServiceUnavailable, "database unavailable")
        }
    }
}
