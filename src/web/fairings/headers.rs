//! Security headers on every response: Rocket's Shield for the standard ones
//! (nosniff, frame denial, referrer policy, HSTS under TLS) and a fairing for
//! the Content-Security-Policy and `Cache-Control: no-store` on pages.

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::{ContentType, Header};
use rocket::shield::{Frame, NoSniff, Referrer, Shield};
use rocket::{Request, Response};

/// No inline scripts or styles anywhere; everything comes from /assets.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub fn shield() -> Shield {
    Shield::default()
        .enable(NoSniff::Enable)
        .enable(Frame::Deny)
        .enable(Referrer::SameOrigin)
}

/// Adds the CSP to every response, HSTS under TLS, and `no-store` to HTML
/// pages, which may show private data or carry a form token.
pub struct SecurityHeaders;

#[rocket::async_trait]
impl Fairing for SecurityHeaders {
    fn info(&self) -> Info {
        Info {
            name: "Security headers",
            kind: Kind::Response,
        }
    }

    async fn on_response<'r>(&self, req: &'r Request<'_>, response: &mut Response<'r>) {
        response.set_header(Header::new("Content-Security-Policy", CONTENT_SECURITY_POLICY));
        if req.rocket().config().tls_enabled() {
            response.set_header(Header::new("Strict-Transport-Security", "max-age=31536000"));
        }
        let is_page = response.content_type().is_none_or(|ct| ct == ContentType::HTML);
        if is_page && !response.headers().contains("Cache-Control") {
            response.set_header(Header::new("Cache-Control", "no-store"));
        }
    }
}
