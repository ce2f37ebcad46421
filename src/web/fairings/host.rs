//! The Host check against DNS rebinding: a request must name this server by
//! an address or a name it can have. Bound to loopback, only loopback names
//! are allowed; bound to a network address, also IP addresses and the
//! single-label or local names of an office network (`office-pc`,
//! `office-pc.local`), plus the names listed in the `allowed_hosts` setting.
//! A public domain name that someone points at this computer is refused.
//! Other requests are rewritten, before any route runs, to one that answers 421.

use std::net::IpAddr;

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::uri::Origin;
use rocket::http::{Method, Status};
use rocket::{Data, Request};

use crate::service::App;
use crate::web::error::AppError;

/// Where a refused request is sent.
const REFUSED: &str = "/__gatehouse/host-refused";

/// Whether `host` (a Host header, perhaps with a port) names this server
/// when it listens on `bound`.
pub fn is_allowed(host: &str, bound: IpAddr, extra: &[String]) -> bool {
    let name = strip_port(host).to_ascii_lowercase();
    if name.is_empty() {
        return false;
    }
    if extra.iter().any(|allowed| allowed.eq_ignore_ascii_case(&name)) {
        return true;
    }
    let literal = name
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
        .ok();
    let loopback_name =
        name == "localhost" || name.ends_with(".localhost") || literal.is_some_and(|ip| ip.is_loopback());
    if bound.is_loopback() {
        return loopback_name;
    }
    let local_name = !name.contains('.')
        || [".local", ".lan", ".home.arpa", ".internal"]
            .iter()
            .any(|suffix| name.ends_with(suffix));
    loopback_name || literal.is_some() || local_name
}

/// `host` without a trailing `:port` (IPv6 literals keep their brackets).
fn strip_port(host: &str) -> &str {
    if let Some(end) = host.find(']') {
        return &host[..=end];
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    }
}

/// Sends requests for other hosts to the refusal route.
pub struct HostCheck;

#[rocket::async_trait]
impl Fairing for HostCheck {
    fn info(&self) -> Info {
        Info {
            name: "Host check",
            kind: Kind::Request,
        }
    }

    async fn on_request(&self, req: &mut Request<'_>, _: &mut Data<'_>) {
        // A request without Host (HTTP/1.0, tests) cannot be a rebinding attack.
        let Some(host) = req.headers().get_one("Host").map(str::to_owned) else {
            return;
        };
        // A trusted proxy asks the gate with the app's own Host (Caddy,
        // Traefik, nginx told `proxy_set_header Host $host`): the gate
        // answers only such proxies, and a rebinding page cannot be one.
        let path = req.uri().path();
        let gate = path == "/auth/nginx" || path == "/auth/forward";
        let from_proxy = match (req.rocket().state::<App>(), req.remote()) {
            (Some(app), Some(peer)) => app.proxies.contains(peer.ip()),
            _ => false,
        };
        if gate && from_proxy {
            return;
        }
        let bound = req.rocket().config().address;
        let extra = req
            .rocket()
            .state::<App>()
            .map(|app| app.settings.allowed_hosts.clone())
            .unwrap_or_default();
        if !is_allowed(&host, bound, &extra) {
            req.set_method(Method::Get);
            req.set_uri(Origin::parse(REFUSED).expect("a valid path"));
        }
    }
}

/// The answer to a request for a host this server does not serve.
#[rocket::get("/__gatehouse/host-refused")]
pub fn refused() -> AppError {
    AppError::Status(Status::MisdirectedRequest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn loopback_serves_loopback_names_only() {
        for ok in [
            "localhost",
            "localhost:8000",
            "127.0.0.1:8000",
            "[::1]:8000",
            "LOCALHOST",
            "app.localhost",
        ] {
            assert!(is_allowed(ok, ip("127.0.0.1"), &[]), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8000",
            "192.168.1.5:8000",
            "office-pc",
            "",
            "localhost.evil.example",
        ] {
            assert!(!is_allowed(bad, ip("127.0.0.1"), &[]), "{bad}");
        }
    }

    #[test]
    fn a_network_address_serves_addresses_and_local_names() {
        for ok in [
            "192.168.1.5:8000",
            "10.0.0.2",
            "[fe80::1]:8000",
            "office-pc:8000",
            "office-pc.local",
            "localhost",
            "nas.home.arpa",
        ] {
            assert!(is_allowed(ok, ip("0.0.0.0"), &[]), "{ok}");
        }
        for bad in ["evil.example", "rebind.attacker.com:8000", "office.example.com"] {
            assert!(!is_allowed(bad, ip("0.0.0.0"), &[]), "{bad}");
        }
    }

    #[test]
    fn configured_names_are_allowed() {
        let extra = vec!["gatehouse.office.example.com".to_owned()];
        assert!(is_allowed("Gatehouse.Office.Example.com:443", ip("0.0.0.0"), &extra));
        assert!(is_allowed("gatehouse.office.example.com", ip("127.0.0.1"), &extra));
    }
}
