//! What runs on every request and response: the request's id and its log
//! line, the Host check before routing, the security headers after.

pub mod headers;
pub mod host;
pub mod request_log;
