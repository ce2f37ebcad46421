//! The OpenID provider as an app built on the `openidconnect` crate uses
//! it, against the real binary on a socket: discovery, the authorization
//! code with PKCE (the person signs in at gatehouse's own pages), the ID
//! token checked against the JWKS (signature, issuer, audience, nonce),
//! userinfo, refreshes (rotation, and reuse ending the grant) and
//! revocation.

use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreUserInfoClaims};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge,
    RedirectUrl, Scope, TokenResponse,
};

use crate::cli::gatehouse_with;
use crate::helpers::*;
use crate::http::{csrf_in, form};
use crate::proxies::free_port;
use crate::server::Server;

const CALLBACK: &str = "https://cloud.office.test/apps/oidc/redirect";

/// The relying party's HTTP: ureq, never following a redirect, a 4xx an answer like any other.
fn rp_http(request: openidconnect::HttpRequest) -> Result<openidconnect::HttpResponse, std::io::Error> {
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let mut call = agent.request(request.method().as_str(), &request.uri().to_string());
    for (name, value) in request.headers() {
        call = call.set(name.as_str(), value.to_str().unwrap());
    }
    let answer = match if request.body().is_empty() {
        call.call()
    } else {
        call.send_bytes(request.body())
    } {
        Ok(response) | Err(ureq::Error::Status(_, response)) => response,
        Err(e) => return Err(std::io::Error::other(e)),
    };
    let mut built = openidconnect::http::Response::builder().status(answer.status());
    for name in answer.headers_names() {
        if let Some(value) = answer.header(&name) {
            built = built.header(name.as_str(), value);
        }
    }
    let mut body = Vec::new();
    std::io::Read::read_to_end(&mut answer.into_reader(), &mut body)?;
    Ok(built.body(body).unwrap())
}

/// The browser's part (`agent`: one that shows redirects): from the
/// authorization address to the app's callback, signing in at gatehouse
/// (at `base`) on the way. The callback's address and gatehouse's session cookie.
pub fn browse_to_callback(agent: &ureq::Agent, base: &str, authorize: &str, email: &str) -> (String, String) {
    let answer = |result: Result<ureq::Response, ureq::Error>| match result {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    let first = answer(agent.get(authorize).call());
    assert_eq!(first.status(), 303);
    let login = format!("{base}{}", first.header("location").unwrap());
    let page = answer(agent.get(&login).call());
    let pre: Vec<String> = page
        .all("set-cookie")
        .into_iter()
        .map(|c| c.split(';').next().unwrap().to_owned())
        .collect();
    let html = page.into_string().unwrap();
    let next = html
        .split(r#"name="next" value=""#)
        .nth(1)
        .map(|rest| rest.split('"').next().unwrap().replace("&amp;", "&"))
        .expect("the sign-in page carries next");
    let body = form(&[
        ("csrf_token", &csrf_in(&html).unwrap()),
        ("email", email),
        ("password", PASSWORD),
        ("next", &next),
    ]);
    let signed_in = answer(
        agent
            .post(&format!("{base}/login"))
            .set("Cookie", &pre.join("; "))
            .set("Content-Type", "application/x-www-form-urlencoded")
            .send_string(&body),
    );
    assert_eq!(signed_in.status(), 200, "a page that goes on");
    let session = signed_in
        .all("set-cookie")
        .into_iter()
        .find(|c| c.starts_with("gatehouse_session="))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .expect("a session");
    let html = signed_in.into_string().unwrap();
    let on = html
        .split(r#"http-equiv="refresh" content="0;url="#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("on to the authorization")
        .replace("&amp;", "&");
    let back = answer(agent.get(&format!("{base}{on}")).set("Cookie", &session).call());
    assert_eq!(back.status(), 303);
    (back.header("location").unwrap().to_owned(), session)
}

fn browser() -> ureq::Agent {
    ureq::AgentBuilder::new().redirects(0).build()
}

/// gatehouse on a socket as an office whose apps sign in through it: Ana
/// (the test password), in the group Ventas, and one OpenID app, "Page",
/// registered from the command line with `app_flags` after `--oidc`.
pub struct OidcOffice {
    _dir: tempfile::TempDir,
    pub db: std::path::PathBuf,
    pub issuer: String,
    pub server: Server,
    pub client_id: String,
    pub client_secret: String,
}

impl OidcOffice {
    pub fn start(app_flags: &[&str]) -> OidcOffice {
        OidcOffice::start_at("127.0.0.1", app_flags)
    }

    /// The same, its address at `host` (`localhost`, where passkeys work).
    pub fn start_at(host: &str, app_flags: &[&str]) -> OidcOffice {
        let dir = tempfile::tempdir().unwrap();
        let db = fresh_database(dir.path());
        let port = free_port();
        let issuer = format!("http://{host}:{port}");
        let env = [("ROCKET_PUBLIC_URL", issuer.as_str())];
        let run = |args: &[&str], stdin: Option<&str>| {
            let out = gatehouse_with("en", &db, args, stdin, &env);
            let said = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "{args:?}: {said}");
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        let password = format!("{PASSWORD}\n");
        run(
            &[
                "user",
                "create",
                "--email",
                "ana@example.com",
                "--name",
                "Ana",
                "--password-stdin",
            ],
            Some(&password),
        );
        run(&["group", "create", "--name", "Ventas"], None);
        run(
            &["user", "groups", "--email", "ana@example.com", "--set", "Ventas"],
            None,
        );
        let mut args = vec!["app", "create", "--name", "Page", "--oidc", "--json"];
        args.extend_from_slice(app_flags);
        let keys: serde_json::Value = serde_json::from_str(&run(&args, None)).unwrap();
        let config = dir.path().join("oidc.toml");
        std::fs::write(&config, format!("[default]\npublic_url = \"{issuer}\"\n")).unwrap();
        let server = Server::start_on(&db, port, &config);
        OidcOffice {
            _dir: dir,
            db,
            issuer,
            server,
            client_id: keys["client_id"].as_str().unwrap().to_owned(),
            client_secret: keys["client_secret"].as_str().unwrap_or_default().to_owned(),
        }
    }
}

#[test]
fn an_app_built_on_the_openidconnect_crate_signs_in_refreshes_and_revokes() {
    let mut office = OidcOffice::start(&["--redirect-uri", CALLBACK, "--refresh"]);
    let issuer = office.issuer.clone();

    let metadata = CoreProviderMetadata::discover(&IssuerUrl::new(issuer.clone()).unwrap(), &rp_http).unwrap();
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(office.client_id.clone()),
        Some(ClientSecret::new(office.client_secret.clone())),
    )
    .set_redirect_uri(RedirectUrl::new(CALLBACK.to_owned()).unwrap());
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .add_scope(Scope::new("groups".into()))
        .add_scope(Scope::new("offline_access".into()))
        .set_pkce_challenge(challenge)
        .url();

    let (callback, _) = browse_to_callback(&browser(), &issuer, url.as_str(), "ana@example.com");
    let callback = openidconnect::url::Url::parse(&callback).unwrap();
    let pairs: std::collections::HashMap<_, _> = callback.query_pairs().into_owned().collect();
    assert_eq!(pairs["state"], *state.secret());
    let code = AuthorizationCode::new(pairs["code"].clone());

    let tokens = client
        .exchange_code(code)
        .unwrap()
        .set_pkce_verifier(verifier)
        .request(&rp_http)
        .expect("tokens for the code");
    let id_token = tokens.id_token().expect("an ID token");
    let verifier = client.id_token_verifier();
    let claims = id_token.claims(&verifier, &nonce).expect("a valid ID token");
    let subject = claims.subject().to_string();
    assert_eq!(subject.len(), 32);
    assert_eq!(
        claims.email().map(|e| e.to_string()),
        Some("ana@example.com".to_owned())
    );
    assert_eq!(claims.issuer().as_str(), issuer);

    let info: CoreUserInfoClaims = client
        .user_info(tokens.access_token().clone(), None)
        .unwrap()
        .request(&rp_http)
        .expect("userinfo");
    assert_eq!(info.subject().to_string(), subject);

    let refreshed = client
        .exchange_refresh_token(tokens.refresh_token().expect("a refresh token"))
        .unwrap()
        .request(&rp_http)
        .expect("a refresh");
    assert_ne!(
        refreshed.refresh_token().unwrap().secret(),
        tokens.refresh_token().unwrap().secret()
    );
    // The first refresh token again: the grant ends, the new one with it.
    assert!(client
        .exchange_refresh_token(tokens.refresh_token().unwrap())
        .unwrap()
        .request(&rp_http)
        .is_err());
    assert!(client
        .exchange_refresh_token(refreshed.refresh_token().unwrap())
        .unwrap()
        .request(&rp_http)
        .is_err());

    // A new sign-in's refresh token, revoked: no more refreshes.
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, _, _) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("offline_access".into()))
        .set_pkce_challenge(challenge)
        .url();
    let (callback, _) = browse_to_callback(&browser(), &issuer, url.as_str(), "ana@example.com");
    let callback = openidconnect::url::Url::parse(&callback).unwrap();
    let code = callback
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .unwrap()
        .set_pkce_verifier(verifier)
        .request(&rp_http)
        .unwrap();
    let refresh = tokens.refresh_token().unwrap().clone();
    // The crate revokes only over https (this server is on http, on
    // loopback): the same request by hand, as RFC 7009 writes it.
    let basic = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", office.client_id, office.client_secret))
    };
    let revoked = ureq::post(&format!("{issuer}/oauth2/revoke"))
        .set("Authorization", &format!("Basic {basic}"))
        .send_form(&[("token", refresh.secret()), ("token_type_hint", "refresh_token")])
        .expect("revoked");
    assert_eq!(revoked.status(), 200);
    assert!(client
        .exchange_refresh_token(&refresh)
        .unwrap()
        .request(&rp_http)
        .is_err());
    office.server.stop();
}
