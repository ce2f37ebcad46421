//! The OpenID side of an app that signs people in through gatehouse: the
//! addresses it may be sent back to (exact redirect URIs), whether it can
//! keep a secret, whether it must use PKCE, whether it may have refresh
//! tokens, and whether people are asked before it first gets their details.

use serde::Serialize;

use super::Problem;

/// A redirect URI: an absolute `http` or `https` address with a host, no
/// user name or password in it and no fragment. Compared with what an app
/// sends character for character, never by prefix or pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RedirectUri(String);

impl RedirectUri {
    pub const MAX_LEN: usize = 1000;

    pub fn parse(input: &str) -> Result<RedirectUri, Problem> {
        let uri = input.trim();
        let rest = uri
            .strip_prefix("https://")
            .or_else(|| uri.strip_prefix("http://"))
            .ok_or(Problem::RedirectUriShape)?;
        let authority = rest.split(['/', '?']).next().unwrap_or_default();
        let host = authority.rsplit_once(':').map_or(authority, |(host, _)| host);
        let fine = uri.len() <= Self::MAX_LEN
            && !host.is_empty()
            && !authority.contains('@')
            && !uri.contains('#')
            && !uri.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\');
        match fine {
            true => Ok(RedirectUri(uri.to_owned())),
            false => Err(Problem::RedirectUriShape),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An app's redirect URIs: at least one, at most `MOST`, none twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RedirectUris(Vec<RedirectUri>);

impl RedirectUris {
    pub const MOST: usize = 20;

    /// From the form's text (one a line) or the command line's list.
    pub fn parse<'a>(lines: impl IntoIterator<Item = &'a str>) -> Result<RedirectUris, Problem> {
        let mut uris: Vec<RedirectUri> = Vec::new();
        for line in lines.into_iter().map(str::trim).filter(|l| !l.is_empty()) {
            let uri = RedirectUri::parse(line)?;
            if !uris.contains(&uri) {
                uris.push(uri);
            }
        }
        match uris.len() {
            0 => Err(Problem::RedirectUriMissing),
            n if n > Self::MOST => Err(Problem::RedirectUrisTooMany),
            _ => Ok(RedirectUris(uris)),
        }
    }

    /// Whether `uri` is one of them, exactly.
    pub fn contains(&self, uri: &str) -> bool {
        self.0.iter().any(|known| known.0 == uri)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(RedirectUri::as_str)
    }

    /// As the store keeps them: one a line.
    pub fn as_lines(&self) -> String {
        self.iter().collect::<Vec<_>>().join("\n")
    }
}

/// Whether people are asked before an app first gets their details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Consent {
    /// An app an administrator registered is trusted.
    #[default]
    None,
    /// Asked once per person, with what the app will receive.
    Once,
}

impl Consent {
    pub fn parse(input: &str) -> Result<Consent, Problem> {
        match input.trim() {
            "" | "none" => Ok(Consent::None),
            "once" => Ok(Consent::Once),
            _ => Err(Problem::ConsentUnknown),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Consent::None => "none",
            Consent::Once => "once",
        }
    }
}

/// The OpenID side of an app, as an administrator sets it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OidcSettings {
    pub redirect_uris: RedirectUris,
    /// Cannot keep a secret (a single-page or desktop app): no secret, PKCE always.
    pub public: bool,
    /// Must send a PKCE challenge (S256); always for a public app.
    pub pkce: bool,
    /// May have refresh tokens (when it asks for `offline_access`).
    pub refresh: bool,
    pub consent: Consent,
}

impl OidcSettings {
    /// A public app cannot do without PKCE: nothing else binds its code to it.
    pub fn new(redirect_uris: RedirectUris, public: bool, pkce: bool, refresh: bool, consent: Consent) -> OidcSettings {
        OidcSettings {
            redirect_uris,
            public,
            pkce: pkce || public,
            refresh,
            consent,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uris_are_plain_absolute_addresses() {
        for good in [
            "https://cloud.office.example/apps/oidc/redirect",
            "http://192.168.1.20:3000/login/generic_oauth",
            "https://grafana.office.example/login/generic_oauth?x=1",
            "http://localhost:8080/callback",
        ] {
            assert_eq!(RedirectUri::parse(good).unwrap().as_str(), good);
        }
        for bad in [
            "",
            "/relative/path",
            "//evil.example/cb",
            "javascript:alert(1)",
            "ftp://files.office.example/",
            "https://",
            "https://:443/cb",
            "https://user:pass@cloud.office.example/cb",
            "https://evil.example@cloud.office.example/cb",
            "https://cloud.office.example/cb#fragment",
            "https://cloud.office.example/c b",
            "https://cloud.office.example/c\nb",
            "https:\\\\evil.example",
        ] {
            assert!(RedirectUri::parse(bad).is_err(), "{bad:?}");
        }
        assert!(RedirectUri::parse(&format!("https://a.example/{}", "x".repeat(1000))).is_err());
    }

    #[test]
    fn an_app_has_one_to_twenty_redirect_uris_compared_exactly() {
        let uris =
            RedirectUris::parse("https://a.example/cb\n\n  https://a.example/cb2 \nhttps://a.example/cb".lines())
                .unwrap();
        assert_eq!(uris.as_lines(), "https://a.example/cb\nhttps://a.example/cb2");
        assert!(uris.contains("https://a.example/cb"));
        for near in [
            "https://a.example/cb/",
            "https://a.example/cb?x",
            "https://A.example/cb",
            "https://a.example/c",
        ] {
            assert!(!uris.contains(near), "{near}");
        }
        assert_eq!(RedirectUris::parse(["", "  "]), Err(Problem::RedirectUriMissing));
        let many: Vec<String> = (0..21).map(|i| format!("https://a.example/{i}")).collect();
        assert_eq!(
            RedirectUris::parse(many.iter().map(String::as_str)),
            Err(Problem::RedirectUrisTooMany)
        );
        assert_eq!(RedirectUris::parse(["nope"]), Err(Problem::RedirectUriShape));
    }

    #[test]
    fn a_public_app_always_uses_pkce() {
        let uris = RedirectUris::parse(["https://a.example/cb"]).unwrap();
        assert!(OidcSettings::new(uris.clone(), true, false, false, Consent::None).pkce);
        assert!(!OidcSettings::new(uris, false, false, false, Consent::None).pkce);
        assert_eq!(Consent::parse("once"), Ok(Consent::Once));
        assert_eq!(Consent::parse("always"), Err(Problem::ConsentUnknown));
    }
}
