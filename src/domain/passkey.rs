//! Passkeys in the domain: a passkey's name, and where passkeys can be
//! offered. Browsers allow WebAuthn only in a secure context (https, or
//! `localhost`), and its relying party id must be a domain name the page's
//! host is (or is under): `cookie_domain` when the gate shares its cookie
//! with the office's apps (one passkey for all), else the host of
//! `public_url`, else the host the person uses. An IP address cannot be one.

use super::Problem;

/// A name a person gives a passkey ("work laptop", "phone"): 1 to 60
/// characters, trimmed, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasskeyName(String);

impl PasskeyName {
    pub const MAX_CHARS: usize = 60;

    pub fn parse(input: &str) -> Result<PasskeyName, Problem> {
        let name = input.trim();
        if name.is_empty() {
            return Err(Problem::PasskeyNameMissing);
        }
        if name.chars().count() > Self::MAX_CHARS || name.chars().any(char::is_control) {
            return Err(Problem::PasskeyNameShape);
        }
        Ok(PasskeyName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where passkeys can be used, seen from one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasskeyPlace {
    /// Here: the relying party id and the page's origin.
    Here { rp_id: String, origin: String },
    /// Opened at a loopback address: the same page at `localhost` can (`origin`).
    AtLocalhost { origin: String },
    /// Opened at another address than `public_url`, where they can (`origin`).
    Elsewhere { origin: String },
    /// Plain http at a LAN name or address: a browser refuses them here.
    NotSecure,
}

/// The host of an authority (`host:port`, `[::1]:8000`), lower-cased, and its port.
fn split_authority(authority: &str) -> (String, Option<&str>) {
    if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']').unwrap_or((rest, ""));
        return (host.to_ascii_lowercase(), after.strip_prefix(':'));
    }
    match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => (host.to_ascii_lowercase(), Some(port)),
        _ => (authority.to_ascii_lowercase(), None),
    }
}

fn is_ip(host: &str) -> bool {
    host.parse::<std::net::IpAddr>().is_ok()
}

fn is_loopback(host: &str) -> bool {
    host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn is_localhost(host: &str) -> bool {
    host == "localhost" || host.ends_with(".localhost")
}

/// The relying party id for a page at `host`: `cookie_domain` when the host
/// is it or under it, else the host.
fn rp_id(host: &str, cookie_domain: Option<&str>) -> String {
    match cookie_domain.map(|d| d.trim_start_matches('.').to_ascii_lowercase()) {
        Some(domain) if host == domain || host.ends_with(&format!(".{domain}")) => domain,
        _ => host.to_owned(),
    }
}

/// Where passkeys can be used for a request that came to `host_header`
/// (over TLS or not), with the office's `public_url` and `cookie_domain`.
pub fn place(public_url: Option<&str>, cookie_domain: Option<&str>, host_header: &str, tls: bool) -> PasskeyPlace {
    let (host, port) = split_authority(host_header.trim());
    if let Some(public) = public_url {
        let (scheme, rest) = public.split_once("://").unwrap_or(("https", public));
        let authority = rest.split('/').next().unwrap_or_default();
        let (public_host, _) = split_authority(authority);
        let origin = format!("{}://{}", scheme.to_ascii_lowercase(), authority.to_ascii_lowercase());
        let secure = scheme.eq_ignore_ascii_case("https") || is_localhost(&public_host);
        if is_ip(&public_host) || !secure {
            return PasskeyPlace::NotSecure;
        }
        if host != public_host {
            return PasskeyPlace::Elsewhere { origin };
        }
        return PasskeyPlace::Here {
            rp_id: rp_id(&public_host, cookie_domain),
            origin,
        };
    }
    let scheme = if tls { "https" } else { "http" };
    let with_port = |name: &str| match port {
        Some(port) => format!("{scheme}://{name}:{port}"),
        None => format!("{scheme}://{name}"),
    };
    if is_loopback(&host) {
        return PasskeyPlace::AtLocalhost {
            origin: with_port("localhost"),
        };
    }
    if host.is_empty() || is_ip(&host) || !(tls || is_localhost(&host)) {
        return PasskeyPlace::NotSecure;
    }
    PasskeyPlace::Here {
        rp_id: rp_id(&host, cookie_domain),
        origin: with_port(&host),
    }
}

/// The address a ceremony is counted under: the client's own, an IPv6 one
/// by its /64 (the network one household or office is given, whose
/// addresses a single computer may use at will).
pub fn counted_address(address: &str) -> String {
    match address.parse::<std::net::Ipv6Addr>() {
        Ok(v6) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            let network = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
            format!("{network}/64")
        }
        _ => address.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_ipv6_address_is_counted_by_its_network_and_others_as_they_are() {
        use super::counted_address;
        assert_eq!(counted_address("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
        assert_eq!(counted_address("2001:db8:1:2:ffff::1"), "2001:db8:1:2::/64");
        assert_ne!(counted_address("2001:db8:1:3::1"), counted_address("2001:db8:1:2::1"));
        assert_eq!(counted_address("10.0.0.7"), "10.0.0.7");
        assert_eq!(counted_address("::ffff:10.0.0.7"), "::ffff:10.0.0.7");
        assert_eq!(counted_address(""), "");
    }

    use super::*;

    #[test]
    fn a_name_is_one_to_sixty_characters() {
        assert_eq!(PasskeyName::parse("  work laptop ").unwrap().as_str(), "work laptop");
        assert_eq!(PasskeyName::parse(" "), Err(Problem::PasskeyNameMissing));
        assert_eq!(PasskeyName::parse(&"x".repeat(61)), Err(Problem::PasskeyNameShape));
        assert_eq!(PasskeyName::parse("a\u{7}b"), Err(Problem::PasskeyNameShape));
    }

    fn here(rp_id: &str, origin: &str) -> PasskeyPlace {
        PasskeyPlace::Here {
            rp_id: rp_id.into(),
            origin: origin.into(),
        }
    }

    #[test]
    fn localhost_and_https_can_an_ip_or_plain_http_on_the_lan_cannot() {
        assert_eq!(
            place(None, None, "localhost:8000", false),
            here("localhost", "http://localhost:8000")
        );
        assert_eq!(
            place(None, None, "127.0.0.1:8000", false),
            PasskeyPlace::AtLocalhost {
                origin: "http://localhost:8000".into()
            }
        );
        assert_eq!(
            place(None, None, "[::1]:8000", false),
            PasskeyPlace::AtLocalhost {
                origin: "http://localhost:8000".into()
            }
        );
        assert_eq!(place(None, None, "192.168.1.20:8000", false), PasskeyPlace::NotSecure);
        assert_eq!(place(None, None, "192.168.1.20:8443", true), PasskeyPlace::NotSecure);
        assert_eq!(
            place(None, None, "gate.office.lan:8000", false),
            PasskeyPlace::NotSecure
        );
        assert_eq!(
            place(None, None, "gate.office.lan", true),
            here("gate.office.lan", "https://gate.office.lan")
        );
    }

    #[test]
    fn public_url_and_cookie_domain_decide_the_relying_party() {
        let public = Some("https://gate.office.example");
        assert_eq!(
            place(public, None, "gate.office.example", false),
            here("gate.office.example", "https://gate.office.example")
        );
        assert_eq!(
            place(public, Some("office.example"), "gate.office.example", false),
            here("office.example", "https://gate.office.example"),
            "one passkey for gatehouse and every app"
        );
        assert_eq!(
            place(public, None, "127.0.0.1:8000", false),
            PasskeyPlace::Elsewhere {
                origin: "https://gate.office.example".into()
            }
        );
        assert_eq!(
            place(Some("http://gate.office.lan:8000"), None, "gate.office.lan:8000", false),
            PasskeyPlace::NotSecure
        );
        assert_eq!(
            place(Some("http://localhost:8000"), None, "localhost:8000", false),
            here("localhost", "http://localhost:8000")
        );
        assert_eq!(
            place(Some("https://10.0.0.5"), None, "10.0.0.5", true),
            PasskeyPlace::NotSecure
        );
    }
}
