//! What an app asks for when it sends a person to sign in (OpenID Connect
//! Core 3.1.2.1, RFC 7636): the scopes gatehouse knows, a PKCE challenge
//! (S256 only), and what it may not ask (another response type, request
//! objects). Checked here without a database, once the app and its
//! redirect URI are known; what is wrong is said as the error code that
//! goes back to the app.

use serde::Serialize;

/// The scopes gatehouse gives claims for.
pub const SCOPES: [&str; 5] = ["openid", "profile", "email", "groups", "offline_access"];

/// The scopes asked for that gatehouse knows, in its order, `openid` among
/// them (others are left out, as the specification allows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scope(Vec<&'static str>);

impl Scope {
    /// `None` when `openid` is not asked for: this is not an OpenID request.
    pub fn parse(asked: &str) -> Option<Scope> {
        let words: Vec<&str> = asked.split(' ').filter(|w| !w.is_empty()).collect();
        let known: Vec<&'static str> = SCOPES.iter().copied().filter(|s| words.contains(s)).collect();
        known.contains(&"openid").then_some(Scope(known))
    }

    pub fn has(&self, scope: &str) -> bool {
        self.0.contains(&scope)
    }

    /// As stored and sent: space-separated.
    pub fn as_text(&self) -> String {
        self.0.join(" ")
    }

    /// Whether every scope of `self` is in `other` (a consent given covers it).
    pub fn within(&self, other: &Scope) -> bool {
        self.0.iter().all(|s| other.has(s))
    }

    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().copied()
    }
}

/// Why an authorization request is refused, as the `error` the app gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthorizeError {
    UnsupportedResponseType,
    InvalidScope,
    InvalidRequest,
    RequestNotSupported,
    RequestUriNotSupported,
    LoginRequired,
    AccessDenied,
    ConsentRequired,
}

impl AuthorizeError {
    pub fn code(self) -> &'static str {
        match self {
            AuthorizeError::UnsupportedResponseType => "unsupported_response_type",
            AuthorizeError::InvalidScope => "invalid_scope",
            AuthorizeError::InvalidRequest => "invalid_request",
            AuthorizeError::RequestNotSupported => "request_not_supported",
            AuthorizeError::RequestUriNotSupported => "request_uri_not_supported",
            AuthorizeError::LoginRequired => "login_required",
            AuthorizeError::AccessDenied => "access_denied",
            AuthorizeError::ConsentRequired => "consent_required",
        }
    }
}

/// The parameters of an authorization request, as they came.
#[derive(Debug, Clone, Default)]
pub struct AuthorizeParams {
    pub response_type: Option<String>,
    pub scope: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub prompt: Option<String>,
    pub request: Option<String>,
    pub request_uri: Option<String>,
}

/// A request checked: what the code will be bound to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub scope: Scope,
    pub nonce: String,
    /// Empty when the app sent none and may do without.
    pub code_challenge: String,
    /// `prompt=none`: answer at once, never show a page.
    pub no_prompt: bool,
}

/// A PKCE value's form (RFC 7636 4.1, 4.2): 43 to 128 unreserved characters.
pub fn pkce_shaped(value: &str) -> bool {
    (43..=128).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// Checks `params` for an app that requires PKCE when `pkce_required`.
pub fn check(params: &AuthorizeParams, pkce_required: bool) -> Result<Checked, AuthorizeError> {
    if params.request.is_some() {
        return Err(AuthorizeError::RequestNotSupported);
    }
    if params.request_uri.is_some() {
        return Err(AuthorizeError::RequestUriNotSupported);
    }
    if params.response_type.as_deref() != Some("code") {
        return Err(AuthorizeError::UnsupportedResponseType);
    }
    let scope = Scope::parse(params.scope.as_deref().unwrap_or("")).ok_or(AuthorizeError::InvalidScope)?;
    let challenge = params.code_challenge.as_deref().unwrap_or("");
    // S256 only: a missing method means plain (RFC 7636 4.3), which is refused.
    let method_ok = params.code_challenge_method.as_deref() == Some("S256");
    let code_challenge = match (challenge.is_empty(), pkce_required) {
        (true, true) => return Err(AuthorizeError::InvalidRequest),
        (true, false) if params.code_challenge_method.is_some() => return Err(AuthorizeError::InvalidRequest),
        (true, false) => String::new(),
        (false, _) if method_ok && pkce_shaped(challenge) => challenge.to_owned(),
        (false, _) => return Err(AuthorizeError::InvalidRequest),
    };
    let nonce = params.nonce.clone().unwrap_or_default();
    if nonce.len() > 512 {
        return Err(AuthorizeError::InvalidRequest);
    }
    let prompts: Vec<&str> = params.prompt.as_deref().unwrap_or("").split(' ').collect();
    Ok(Checked {
        scope,
        nonce,
        code_challenge,
        no_prompt: prompts.contains(&"none"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    fn params(scope: &str, challenge: Option<&str>, method: Option<&str>) -> AuthorizeParams {
        AuthorizeParams {
            response_type: Some("code".into()),
            scope: Some(scope.into()),
            code_challenge: challenge.map(Into::into),
            code_challenge_method: method.map(Into::into),
            ..AuthorizeParams::default()
        }
    }

    #[test]
    fn scopes_are_those_gatehouse_knows_and_openid_is_needed() {
        let scope = Scope::parse("email  openid profile unknown groups").unwrap();
        assert_eq!(scope.as_text(), "openid profile email groups");
        assert!(Scope::parse("profile email").is_none());
        assert!(Scope::parse("").is_none());
        assert!(Scope::parse("openid").unwrap().within(&scope));
        assert!(!Scope::parse("openid offline_access").unwrap().within(&scope));
    }

    #[test]
    fn pkce_is_s256_with_a_well_formed_challenge() {
        let ok = check(&params("openid", Some(CHALLENGE), Some("S256")), true).unwrap();
        assert_eq!(ok.code_challenge, CHALLENGE);
        for (challenge, method) in [
            (None, None),
            (Some(CHALLENGE), None),
            (Some(CHALLENGE), Some("plain")),
            (Some("short"), Some("S256")),
            (Some(&"a".repeat(129)[..]), Some("S256")),
            (Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM"), Some("S256")),
        ] {
            assert_eq!(
                check(&params("openid", challenge, method), true),
                Err(AuthorizeError::InvalidRequest),
                "{challenge:?} {method:?}"
            );
        }
        // An app allowed to do without may send none; what it sends is checked all the same.
        assert_eq!(check(&params("openid", None, None), false).unwrap().code_challenge, "");
        assert_eq!(
            check(&params("openid", Some(CHALLENGE), Some("plain")), false),
            Err(AuthorizeError::InvalidRequest)
        );
        assert_eq!(
            check(&params("openid", None, Some("S256")), false),
            Err(AuthorizeError::InvalidRequest)
        );
    }

    #[test]
    fn only_the_code_flow_without_request_objects() {
        let mut p = params("openid", Some(CHALLENGE), Some("S256"));
        p.response_type = Some("token".into());
        assert_eq!(check(&p, true), Err(AuthorizeError::UnsupportedResponseType));
        p.response_type = None;
        assert_eq!(check(&p, true), Err(AuthorizeError::UnsupportedResponseType));
        let mut p = params("openid", Some(CHALLENGE), Some("S256"));
        p.request = Some("eyJ...".into());
        assert_eq!(check(&p, true), Err(AuthorizeError::RequestNotSupported));
        assert_eq!(
            check(&params("profile", Some(CHALLENGE), Some("S256")), true),
            Err(AuthorizeError::InvalidScope)
        );
        let mut p = params("openid", Some(CHALLENGE), Some("S256"));
        p.prompt = Some("login none".into());
        assert!(check(&p, true).unwrap().no_prompt);
    }
}
