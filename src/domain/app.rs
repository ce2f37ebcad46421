//! The office's apps that gatehouse lets people into, as rules: where an
//! app is (a host, exact or one wildcard label, with or without a port, and
//! an optional path prefix that matches whole segments), who may enter, and
//! whether two-step sign-in is required. Which rule a request falls under
//! is decided here, without a database: the most specific host, then the
//! longest prefix; a host no rule names falls under none (refused).

use serde::Serialize;

use super::{Consent, OidcSettings, Problem};

/// Who may enter an app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Access {
    /// Everyone signed in.
    Everyone,
    /// People in any of these groups (by id).
    Groups { groups: Vec<i64> },
    /// Administrators of gatehouse.
    Admins,
    /// Anyone, signed in or not (an app's public paths).
    Anyone,
}

impl Access {
    /// As the form and the store name it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Access::Everyone => "everyone",
            Access::Groups { .. } => "groups",
            Access::Admins => "admins",
            Access::Anyone => "anyone",
        }
    }

    /// Whether `user`, in `groups` (ids and names), may enter; why not.
    pub fn admits(&self, user: &super::User, groups: &[(i64, String)]) -> Result<(), super::DenyReason> {
        match self {
            Access::Everyone | Access::Anyone => Ok(()),
            Access::Admins if user.is_admin() => Ok(()),
            Access::Admins => Err(super::DenyReason::AdminsOnly),
            Access::Groups { groups: allowed } if groups.iter().any(|(id, _)| allowed.contains(id)) => Ok(()),
            Access::Groups { .. } => Err(super::DenyReason::NotInGroups),
        }
    }

    /// From its name and the groups chosen (read only for `groups`, which
    /// needs at least one).
    pub fn parse(name: &str, groups: Vec<i64>) -> Result<Access, Problem> {
        match name {
            "everyone" => Ok(Access::Everyone),
            "admins" => Ok(Access::Admins),
            "anyone" => Ok(Access::Anyone),
            "groups" if groups.is_empty() => Err(Problem::AccessNoGroups),
            "groups" => Ok(Access::Groups { groups }),
            _ => Err(Problem::AccessUnknown),
        }
    }
}

/// An app's host: `wiki.office.example`, or `*.office.example` (any one
/// label in its place), in lower case, optionally with a port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPattern {
    /// Without the `*.` of a wildcard.
    name: String,
    wildcard: bool,
    port: Option<u16>,
}

impl HostPattern {
    pub fn parse(input: &str) -> Result<HostPattern, Problem> {
        let input = input.trim().to_ascii_lowercase();
        let (host, port) = match input.rsplit_once(':') {
            Some((host, port)) => {
                let port = port.parse::<u16>().ok().filter(|p| *p > 0).ok_or(Problem::HostPort)?;
                (host.to_owned(), Some(port))
            }
            None => (input, None),
        };
        let host = host.strip_suffix('.').unwrap_or(&host).to_owned();
        let (name, wildcard) = match host.strip_prefix("*.") {
            Some(rest) => (rest.to_owned(), true),
            None => (host, false),
        };
        let labels: Vec<&str> = name.split('.').collect();
        let label_ok = |l: &&str| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        };
        // A wildcard covers the labels of one domain, never a whole top level.
        if name.is_empty() || name.len() > 253 || !labels.iter().all(label_ok) || (wildcard && labels.len() < 2) {
            return Err(Problem::HostShape);
        }
        Ok(HostPattern { name, wildcard, port })
    }

    /// Whether a request to `host` (lower case, without a trailing dot) on
    /// `port` falls under this pattern.
    pub fn matches(&self, host: &str, port: Option<u16>) -> bool {
        if self.port.is_some() && self.port != port {
            return false;
        }
        match self.wildcard {
            false => host == self.name,
            true => host
                .strip_suffix(&self.name)
                .and_then(|rest| rest.strip_suffix('.'))
                .is_some_and(|label| !label.is_empty() && !label.contains('.')),
        }
    }

    /// How specific: an exact host above any wildcard, a longer domain
    /// above a shorter, a port above none.
    fn specificity(&self) -> (bool, usize, bool) {
        (!self.wildcard, self.name.len(), self.port.is_some())
    }

    /// As it was given (lower case): `*.office.example:8443`.
    pub fn as_text(&self) -> String {
        let mut text = String::new();
        if self.wildcard {
            text.push_str("*.");
        }
        text.push_str(&self.name);
        if let Some(port) = self.port {
            text.push_str(&format!(":{port}"));
        }
        text
    }
}

/// A path prefix that matches whole segments: `/public` matches `/public`
/// and `/public/x`, not `/publicity`. Empty: every path.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PathPrefix(String);

impl PathPrefix {
    pub fn parse(input: &str) -> Result<PathPrefix, Problem> {
        let input = input.trim();
        if input.is_empty() || input == "/" {
            return Ok(PathPrefix::default());
        }
        let trimmed = input.trim_end_matches('/');
        let ok = trimmed.starts_with('/')
            && !trimmed.contains("//")
            && trimmed.len() <= 200
            && trimmed
                .chars()
                .all(|c| c.is_ascii_graphic() && !matches!(c, '?' | '#' | '%' | '\\'))
            && !trimmed.split('/').any(|segment| segment == "." || segment == "..");
        match ok {
            true => Ok(PathPrefix(trimmed.to_owned())),
            false => Err(Problem::PathPrefixShape),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `path` (the request's, without its query) is under this prefix.
    pub fn matches(&self, path: &str) -> bool {
        path.strip_prefix(self.0.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }
}

/// An app's name: trimmed, 1 to 64 characters, no control characters,
/// unique without regard to case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppName(String);

impl AppName {
    pub const MAX_CHARS: usize = 64;

    pub fn parse(input: &str) -> Result<AppName, Problem> {
        let name = input.trim();
        if name.is_empty() {
            return Err(Problem::AppNameMissing);
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(Problem::AppNameTooLong);
        }
        if name.chars().any(char::is_control) {
            return Err(Problem::NameHasControls);
        }
        Ok(AppName(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What two names that differ only in case share.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

/// Where an app is and how gatehouse lets people in: behind the proxy
/// (the gate asks at every request), or by signing in through gatehouse
/// (OpenID Connect).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Proxy { host: HostPattern, prefix: PathPrefix },
    Oidc(OidcSettings),
}

/// An app as an administrator sets it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppSpec {
    pub name: AppName,
    pub place: Place,
    pub access: Access,
    pub two_factor: bool,
}

/// The two kinds of app, as the store and the form name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AppKind {
    Proxy,
    Oidc,
}

impl AppKind {
    pub fn parse(input: &str) -> Option<AppKind> {
        match input {
            "proxy" => Some(AppKind::Proxy),
            "oidc" => Some(AppKind::Oidc),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AppKind::Proxy => "proxy",
            AppKind::Oidc => "oidc",
        }
    }
}

/// An app as its pages show it, with the names of the groups it lets in.
/// A proxied app has a host and a prefix; an OpenID app, the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppInfo {
    pub id: i64,
    pub name: String,
    pub kind: AppKind,
    pub host: String,
    pub path_prefix: String,
    pub access: Access,
    pub group_names: Vec<String>,
    pub two_factor: bool,
    pub client_id: String,
    pub redirect_uris: Vec<String>,
    pub public: bool,
    pub pkce: bool,
    pub refresh: bool,
    pub consent: Consent,
}

impl AppInfo {
    /// Where a person opens it: a proxied app at its host and path (`https`
    /// when gatehouse itself is served with TLS; none for a wildcard host);
    /// an OpenID app at the site of its first redirect address.
    pub fn start_url(&self, tls: bool) -> Option<String> {
        match self.kind {
            AppKind::Proxy if self.host.starts_with("*.") => None,
            AppKind::Proxy => {
                let scheme = if tls { "https" } else { "http" };
                Some(format!("{scheme}://{}{}/", self.host, self.path_prefix))
            }
            AppKind::Oidc => {
                let first = self.redirect_uris.first()?;
                let (scheme, rest) = first.split_once("://")?;
                let authority = rest.split(['/', '?', '#']).next().filter(|a| !a.is_empty())?;
                matches!(scheme, "http" | "https").then(|| format!("{scheme}://{authority}/"))
            }
        }
    }

    /// Its rule, for the gate: none for an app that is not behind the proxy.
    pub fn rule(&self) -> Option<ProxyRule> {
        if self.kind != AppKind::Proxy {
            return None;
        }
        Some(ProxyRule {
            app_id: self.id,
            name: self.name.clone(),
            host: HostPattern::parse(&self.host).ok()?,
            prefix: PathPrefix::parse(&self.path_prefix).ok()?,
            access: self.access.clone(),
            two_factor: self.two_factor,
        })
    }
}

/// An app behind the proxy, as the gate reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyRule {
    pub app_id: i64,
    pub name: String,
    pub host: HostPattern,
    pub prefix: PathPrefix,
    pub access: Access,
    pub two_factor: bool,
}

/// The rule a request to `host`:`port` at `path` falls under: the most
/// specific host, then the longest prefix. `None`: no app is there.
pub fn rule_for<'a>(rules: &'a [ProxyRule], host: &str, port: Option<u16>, path: &str) -> Option<&'a ProxyRule> {
    rules
        .iter()
        .filter(|r| r.host.matches(host, port) && r.prefix.matches(path))
        .max_by_key(|r| (r.host.specificity(), r.prefix.as_str().len()))
}

#[cfg(test)]
mod tests {
    fn app(kind: AppKind) -> AppInfo {
        AppInfo {
            id: 1,
            name: "App".into(),
            kind,
            host: String::new(),
            path_prefix: String::new(),
            access: Access::Everyone,
            group_names: Vec::new(),
            two_factor: false,
            client_id: String::new(),
            redirect_uris: Vec::new(),
            public: false,
            pkce: true,
            refresh: false,
            consent: Default::default(),
        }
    }

    #[test]
    fn an_app_opens_at_its_address_or_its_redirect_s_site() {
        let proxied = AppInfo {
            host: "wiki.office.test".into(),
            path_prefix: "/docs".into(),
            ..app(AppKind::Proxy)
        };
        assert_eq!(
            proxied.start_url(true).as_deref(),
            Some("https://wiki.office.test/docs/")
        );
        assert_eq!(
            proxied.start_url(false).as_deref(),
            Some("http://wiki.office.test/docs/")
        );
        let wildcard = AppInfo {
            host: "*.files.office.test".into(),
            ..proxied.clone()
        };
        assert_eq!(wildcard.start_url(true), None);
        let oidc = |uri: &str| AppInfo {
            redirect_uris: vec![uri.to_owned()],
            ..app(AppKind::Oidc)
        };
        assert_eq!(
            oidc("https://grafana.office.test:3000/login/generic_oauth")
                .start_url(true)
                .as_deref(),
            Some("https://grafana.office.test:3000/")
        );
        assert_eq!(
            oidc("http://localhost:8080?x=1").start_url(true).as_deref(),
            Some("http://localhost:8080/")
        );
        assert_eq!(oidc("com.example.app:/callback").start_url(true), None);
        assert_eq!(app(AppKind::Oidc).start_url(true), None);
    }

    use super::*;

    fn rule(id: i64, host: &str, prefix: &str, access: Access) -> ProxyRule {
        ProxyRule {
            app_id: id,
            name: format!("app {id}"),
            host: HostPattern::parse(host).unwrap(),
            prefix: PathPrefix::parse(prefix).unwrap(),
            access,
            two_factor: false,
        }
    }

    #[test]
    fn hosts_are_checked_and_matched_label_by_label() {
        for bad in [
            "",
            "*",
            "*.com",
            "wiki..office",
            "-wiki.office",
            "wiki.office:0",
            "wiki.office:99999",
            "wi ki.office",
            "wiki.office/x",
            "*.*.office.example",
            "user@wiki.office",
            "wiki_office.example",
        ] {
            assert!(HostPattern::parse(bad).is_err(), "{bad:?}");
        }
        let exact = HostPattern::parse(" Wiki.Office.Example. ").unwrap();
        assert_eq!(exact.as_text(), "wiki.office.example");
        assert!(exact.matches("wiki.office.example", None));
        assert!(
            exact.matches("wiki.office.example", Some(8443)),
            "no port named: any port"
        );
        assert!(!exact.matches("evilwiki.office.example", None));
        assert!(!exact.matches("wiki.office.example.evil", None));
        let wild = HostPattern::parse("*.office.example").unwrap();
        assert!(wild.matches("files.office.example", None));
        assert!(!wild.matches("office.example", None), "one label in the star's place");
        assert!(!wild.matches("a.b.office.example", None));
        assert!(!wild.matches("evil-office.example", None), "at a dot");
        let port = HostPattern::parse("files.office.example:8443").unwrap();
        assert!(port.matches("files.office.example", Some(8443)));
        assert!(!port.matches("files.office.example", Some(443)));
        assert!(!port.matches("files.office.example", None));
    }

    #[test]
    fn prefixes_match_whole_segments() {
        let public = PathPrefix::parse("/public/").unwrap();
        assert_eq!(public.as_str(), "/public");
        assert!(public.matches("/public"));
        assert!(public.matches("/public/x"));
        assert!(!public.matches("/publicity"));
        assert!(!public.matches("/"));
        assert!(PathPrefix::parse("").unwrap().matches("/anything"));
        for bad in ["public", "/a//b", "/a/../b", "/a?b", "/a%2fb", "/a b", "/a\\b"] {
            assert!(PathPrefix::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_most_specific_host_then_the_longest_prefix_wins() {
        let rules = [
            rule(1, "*.office.example", "", Access::Everyone),
            rule(2, "wiki.office.example", "", Access::Groups { groups: vec![7] }),
            rule(3, "wiki.office.example", "/public", Access::Anyone),
            rule(4, "wiki.office.example", "/public/admin", Access::Admins),
            rule(5, "wiki.office.example:8443", "", Access::Admins),
        ];
        let id = |host: &str, port: Option<u16>, path: &str| rule_for(&rules, host, port, path).map(|r| r.app_id);
        assert_eq!(id("files.office.example", None, "/"), Some(1));
        assert_eq!(id("wiki.office.example", None, "/page"), Some(2));
        assert_eq!(id("wiki.office.example", None, "/public/x"), Some(3));
        assert_eq!(id("wiki.office.example", None, "/publicity"), Some(2));
        assert_eq!(id("wiki.office.example", None, "/public/admin/y"), Some(4));
        assert_eq!(
            id("wiki.office.example", Some(8443), "/public/x"),
            Some(5),
            "the host first: its port too"
        );
        assert_eq!(id("wiki.office.example", Some(8443), "/page"), Some(5));
        assert_eq!(id("office.example", None, "/"), None, "deny by default");
        assert_eq!(id("elsewhere.example", None, "/"), None);
    }

    #[test]
    fn access_needs_a_group_when_it_names_groups() {
        assert_eq!(Access::parse("groups", vec![]), Err(Problem::AccessNoGroups));
        assert_eq!(Access::parse("groups", vec![3]), Ok(Access::Groups { groups: vec![3] }));
        assert_eq!(Access::parse("everyone", vec![3]), Ok(Access::Everyone));
        assert_eq!(Access::parse("root", vec![]), Err(Problem::AccessUnknown));
    }
}
