//! The request a proxy asks the gate about, as nginx (`X-Original-URL`)
//! or Caddy and Traefik (`X-Forwarded-Proto/Host/Uri/Method`) describe it,
//! and the address a sign-in may send the browser back to (`rd`): only an
//! absolute http(s) URL whose host is plainly a host (no userinfo, no
//! backslash, no whitespace or control character, a port that is a port).

/// An app's request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Original {
    pub https: bool,
    /// Lower case, without a trailing dot; an IPv6 address without brackets.
    pub host: String,
    pub port: Option<u16>,
    /// As sent, without the query.
    pub path: String,
    /// The query, without its `?` (empty when there is none).
    pub query: String,
    pub method: String,
}

/// `host[:port]` as a request names it.
fn authority(text: &str) -> Option<(String, Option<u16>)> {
    if text.is_empty()
        || text.contains(['@', '\\', '/', '?', '#'])
        || text.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return None;
    }
    let (host, port) = if let Some(rest) = text.strip_prefix('[') {
        let (v6, after) = rest.split_once(']')?;
        v6.parse::<std::net::Ipv6Addr>().ok()?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (v6.to_owned(), port)
    } else {
        match text.split_once(':') {
            Some((host, port)) => (host.to_owned(), Some(port)),
            None => (text.to_owned(), None),
        }
    };
    // Digits only, without a leading zero: one spelling of each port.
    let port = match port {
        Some(p) if p.is_empty() || p.starts_with('0') || !p.bytes().all(|b| b.is_ascii_digit()) => return None,
        Some(p) => Some(p.parse::<u16>().ok()?),
        None => None,
    };
    // No trailing dot either: a name is compared as the app has it.
    let host = host.to_ascii_lowercase();
    let plain = host.contains(':') || host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    (plain && !host.is_empty() && !host.starts_with('.') && !host.ends_with('.') && !host.contains(".."))
        .then_some((host, port))
}

impl Original {
    /// From an absolute URL (`X-Original-URL`, or an `rd`).
    pub fn from_url(url: &str, method: Option<&str>) -> Option<Original> {
        if !url.chars().all(|c| c.is_ascii_graphic()) || url.contains('\\') {
            return None;
        }
        let scheme_end = url.find("://")?;
        let (scheme, rest) = (url[..scheme_end].to_ascii_lowercase(), &url[scheme_end + 3..]);
        let https = match scheme.as_str() {
            "https" => true,
            "http" => false,
            _ => return None,
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (host, port) = authority(&rest[..end])?;
        let target = &rest[end..];
        Original::with_target(https, host, port, target, method)
    }

    /// From `X-Forwarded-Proto`, `-Host`, `-Uri` and `-Method`.
    pub fn from_forwarded(proto: Option<&str>, host: &str, uri: &str, method: Option<&str>) -> Option<Original> {
        let https = match proto.unwrap_or("http").trim().to_ascii_lowercase().as_str() {
            "https" => true,
            "http" => false,
            _ => return None,
        };
        let (host, port) = authority(host.trim())?;
        if uri.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return None;
        }
        Original::with_target(https, host, port, uri, method)
    }

    fn with_target(
        https: bool,
        host: String,
        port: Option<u16>,
        target: &str,
        method: Option<&str>,
    ) -> Option<Original> {
        let target = target.split('#').next().unwrap_or_default();
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let path = if path.is_empty() { "/" } else { path };
        if !path.starts_with('/') {
            return None;
        }
        let method = method.unwrap_or("GET").trim().to_ascii_uppercase();
        if method.is_empty() || !method.chars().all(|c| c.is_ascii_uppercase()) {
            return None;
        }
        Some(Original {
            https,
            host,
            port,
            path: path.to_owned(),
            query: query.to_owned(),
            method,
        })
    }

    /// Whether the path is already in the one form an app would read it in:
    /// no `.` or `..` segment (also after a `;` parameter), no empty
    /// segment, no encoded dot, slash, backslash or NUL. A path that is not
    /// could mean another path to the app than to a prefix rule, so the
    /// gate refuses it rather than guess.
    pub fn path_is_plain(&self) -> bool {
        let lower = self.path.to_ascii_lowercase();
        if ["%2e", "%2f", "%5c", "%00"].iter().any(|e| lower.contains(e)) || self.path.contains("//") {
            return false;
        }
        self.path
            .split('/')
            .skip(1)
            .map(|segment| segment.split(';').next().unwrap_or_default())
            .all(|segment| segment != "." && segment != "..")
    }

    /// The whole URL again, for the sign-in to come back to.
    pub fn url(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        let host = match self.host.contains(':') {
            true => format!("[{}]", self.host),
            false => self.host.clone(),
        };
        let port = self.port.map(|p| format!(":{p}")).unwrap_or_default();
        let query = match self.query.is_empty() {
            true => String::new(),
            false => format!("?{}", self.query),
        };
        format!("{scheme}://{host}{port}{}{query}", self.path)
    }

    /// Whether a browser that asked for this wants a page (not an API call).
    pub fn is_read(&self) -> bool {
        matches!(self.method.as_str(), "GET" | "HEAD")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_original_url_is_read_plainly_or_not_at_all() {
        let o = Original::from_url("HTTPS://Wiki.Office.Test:8443/a/b?x=1#frag", Some("post")).unwrap();
        assert_eq!(
            (o.https, o.host.as_str(), o.port),
            (true, "wiki.office.test", Some(8443))
        );
        assert_eq!(
            (o.path.as_str(), o.query.as_str(), o.method.as_str()),
            ("/a/b", "x=1", "POST")
        );
        assert_eq!(o.url(), "https://wiki.office.test:8443/a/b?x=1");
        assert_eq!(
            Original::from_url("http://[::1]:8080", None).unwrap().url(),
            "http://[::1]:8080/"
        );
        for bad in [
            "ftp://wiki.office.test/",
            "//wiki.office.test/",
            "https://evil@wiki.office.test/",
            "https://wiki.office.test\\@evil/",
            "https://wiki.office.test:0/",
            "https://wiki.office.test:x/",
            "https://wiki office.test/",
            "https://wiki.office.test/\n",
            "https:///x",
            "https://wiki..test/",
            "https://wiki.office.test./",
            "https://wiki.office.test:+443/",
            "https://wiki.office.test:08443/",
            "https://wiki.office.test:/",
            "javascript:alert(1)",
        ] {
            assert_eq!(Original::from_url(bad, None), None, "{bad:?}");
        }
        let f = Original::from_forwarded(Some("https"), "wiki.office.test", "/p?q", Some("GET")).unwrap();
        assert_eq!(f.url(), "https://wiki.office.test/p?q");
        assert_eq!(
            Original::from_forwarded(Some("gopher"), "wiki.office.test", "/", None),
            None
        );
        assert_eq!(Original::from_forwarded(None, "wiki.office.test", "p", None), None);
    }

    #[test]
    fn only_a_plain_path_is_matched_against_prefixes() {
        let path = |p: &str| {
            Original::from_forwarded(None, "w.test", p, None)
                .unwrap()
                .path_is_plain()
        };
        for plain in ["/", "/public", "/public/x.css", "/a;jsessionid=1/b", "/%20space"] {
            assert!(path(plain), "{plain}");
        }
        for strange in [
            "/public/../admin",
            "/public/./x",
            "/public/%2e%2e/admin",
            "/public/%2E./admin",
            "/public%2F..%2Fadmin",
            "/public;x/../admin",
            "//admin",
            "/public//x",
            "/a%5cb",
            "/a%00",
        ] {
            assert!(!path(strange), "{strange}");
        }
    }
}
