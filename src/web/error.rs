//! Errors at the web's edge. Policy: modules return their own typed errors;
//! here each becomes an `AppError`, which picks the status, and the view
//! (`view.rs`) shows it as a page in the app's layout that tells the person
//! what happened and what to do. The cause is logged (an error event with
//! the request's id and the cause chain as fields), never shown.
//! Input a person can type never ends in a 500: handlers turn a refusal into
//! their form again with a message (422); one that reaches here still gets
//! a 422 page with its message.

use rocket::http::Status;
use rocket::Request;

use crate::domain::Problem;
use crate::logging::redact::redact;
use crate::service::ServiceError;
use crate::store::StoreError;

use super::fairings::request_log::RequestId;

/// Logs the cause of a failure outside a request's answer (a health check):
/// what was being done, and the cause chain.
pub fn log_cause(doing: &str, cause: &dyn std::error::Error) {
    tracing::error!(doing, cause = redact(&chain(cause)).as_ref(), "failed");
}

/// Logs the cause of a failure while answering `req`: the request's id,
/// what was being done, and the cause chain.
pub fn log_request_cause(req: &Request<'_>, doing: &str, cause: &dyn std::error::Error) {
    log_request_failure(req, doing, &chain(cause));
}

/// As `log_request_cause`, for a cause chain already written out.
pub fn log_request_failure(req: &Request<'_>, doing: &str, cause: &str) {
    tracing::error!(
        request_id = RequestId::of(req),
        method = req.method().as_str(),
        path = redact(req.uri().path().as_str()).as_ref(),
        doing,
        cause = redact(cause).as_ref(),
        "failed",
    );
}

/// A request path as logs and the security log may show it: the token of
/// an invitation or reset link replaced by "…".
pub fn path_without_secrets(path: &str) -> String {
    for prefix in ["/invite/", "/reset/"] {
        if path.starts_with(prefix) {
            return format!("{prefix}…");
        }
    }
    path.to_owned()
}

/// A request that cannot be answered as asked.
#[derive(Debug)]
pub enum AppError {
    NotFound,
    /// A rule refused what was asked; the message says which.
    Refused(Problem),
    /// The database cannot serve now (full disk, read-only, busy).
    Unavailable(String),
    /// A fault of ours; the cause goes to the log.
    Internal(String),
    /// Any other status, with its usual message.
    Status(Status),
}

impl AppError {
    pub fn not_found() -> AppError {
        AppError::NotFound
    }

    pub fn status(&self) -> Status {
        match self {
            AppError::NotFound => Status::NotFound,
            AppError::Refused(_) => Status::UnprocessableEntity,
            AppError::Unavailable(_) => Status::ServiceUnavailable,
            AppError::Internal(_) => Status::InternalServerError,
            AppError::Status(status) => *status,
        }
    }
}

/// A cause and its chain, on one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            e if e.is_unavailable() => AppError::Unavailable(chain(&e)),
            e => AppError::Internal(chain(&e)),
        }
    }
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound | ServiceError::SetupClosed => AppError::NotFound,
            ServiceError::Refused(problem) => AppError::Refused(problem),
            ServiceError::Store(e) => e.into(),
            e @ (ServiceError::Hashing(_) | ServiceError::Signing(_) | ServiceError::Passkey(_)) => {
                AppError::Internal(chain(&e))
            }
        }
    }
}

impl From<tera::Error> for AppError {
    fn from(e: tera::Error) -> Self {
        AppError::Internal(chain(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_tokens_are_kept_out_of_logged_paths() {
        assert_eq!(path_without_secrets("/invite/abc123"), "/invite/…");
        assert_eq!(path_without_secrets("/reset/abc123"), "/reset/…");
        assert_eq!(path_without_secrets("/users/3/edit"), "/users/3/edit");
    }
}
