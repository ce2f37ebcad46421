//! One line per request at the info level, target `gatehouse::request`:
//! its id, method, path (without the query, a link's token cut out),
//! status and milliseconds. The id is made when the request arrives, kept
//! in the request's local cache for the error lines of the same request
//! (`RequestId::of`), and sent back as `X-Request-Id`.

use std::time::Instant;

use rocket::fairing::{Fairing, Info, Kind};
use rocket::{Data, Request, Response};

use crate::logging::redact::redact;

/// A request's id: 16 hex digits, random, short enough that the redactor
/// (which cuts runs of 32) leaves it in every line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(String);

impl RequestId {
    fn new() -> RequestId {
        RequestId(format!("{:016x}", rand::random::<u64>()))
    }

    /// The id of `req` (made now if no fairing made one).
    pub fn of<'r>(req: &'r Request<'_>) -> &'r str {
        &Arrival::of(req).id.0
    }
}

/// What the request was when it arrived, before any fairing rewrote it.
struct Arrival {
    id: RequestId,
    at: Instant,
    method: &'static str,
    path: String,
}

impl Arrival {
    fn of<'r>(req: &'r Request<'_>) -> &'r Arrival {
        req.local_cache(|| Arrival {
            id: RequestId::new(),
            at: Instant::now(),
            method: req.method().as_str(),
            path: redact(req.uri().path().as_str()).into_owned(),
        })
    }
}

/// Gives each request its id and writes its line when it is answered.
pub struct RequestLog;

#[rocket::async_trait]
impl Fairing for RequestLog {
    fn info(&self) -> Info {
        Info {
            name: "Request log",
            kind: Kind::Request | Kind::Response,
        }
    }

    async fn on_request(&self, req: &mut Request<'_>, _: &mut Data<'_>) {
        Arrival::of(req);
    }

    async fn on_response<'r>(&self, req: &'r Request<'_>, response: &mut Response<'r>) {
        let arrival = Arrival::of(req);
        response.set_raw_header("X-Request-Id", arrival.id.0.clone());
        let ms = (arrival.at.elapsed().as_secs_f64() * 10_000.0).round() / 10.0;
        tracing::info!(
            target: "gatehouse::request",
            request_id = arrival.id.0.as_str(),
            method = arrival.method,
            path = arrival.path.as_str(),
            status = response.status().code,
            ms,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logging::redact::TOKEN_DIGITS;

    #[test]
    fn an_id_is_short_hex_the_redactor_keeps() {
        let (a, b) = (RequestId::new(), RequestId::new());
        assert_ne!(a, b);
        assert_eq!(a.0.len(), 16);
        assert!(a.0.len() < TOKEN_DIGITS && a.0.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(redact(&format!("x {} y", a.0)), format!("x {} y", a.0));
    }
}
