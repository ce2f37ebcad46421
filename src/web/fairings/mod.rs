//! What runs on every request and response: the Host check before routing,
//! the security headers after.

pub mod headers;
pub mod host;
