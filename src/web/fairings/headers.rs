//! Security headers on every response: Rocket's Shield for the standard ones
//! (nosniff, frame denial, permissions) and a fairing for the
//! Content-Security-Policy, the referrer policy, HSTS under TLS and
//! `Cache-Control: no-store` on pages. The referrer policy is the fairing's
//! because a page that carries a token sets its own (`no-referrer`), which
//! Shield would refuse to overwrite with a warning on every such page.

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::{ContentType, Header};
use rocket::shield::{Frame, NoSniff, Shield};
use rocket::{Request, Response};

/// No inline scripts or styles anywhere; everything comes from /assets. The
/// one script (passkeys.js) speaks only to this site (`connect-src 'self'`).
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
     connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The referrer policy of every response that does not set its own.
const REFERRER_POLICY: &str = "same-origin";

pub fn shield() -> Shield {
    Shield::default().enable(NoSniff::Enable).enable(Frame::Deny)
}

/// Adds the CSP to every response, the referrer policy where the response
/// has none, HSTS under TLS, and `no-store` to HTML pages, which may show
/// private data or carry a form token.
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
        if !response.headers().contains("Referrer-Policy") {
            response.set_header(Header::new("Referrer-Policy", REFERRER_POLICY));
        }
        if req.rocket().config().tls_enabled() {
            response.set_header(Header::new("Strict-Transport-Security", "max-age=31536000"));
        }
        let is_page = response.content_type().is_none_or(|ct| ct == ContentType::HTML);
        if is_page && !response.headers().contains("Cache-Control") {
            response.set_header(Header::new("Cache-Control", "no-store"));
        }
    }
}
