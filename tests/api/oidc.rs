//! gatehouse as an OpenID Connect provider, as apps use it: the keys ID
//! tokens are signed with (`/oauth2/jwks`, `gatehouse oidc rotate-key`).

use gatehouse::clock::Clock;
use rocket::http::Status;
use serde_json::Value;

use crate::cli::{gatehouse, gatehouse_in};
use crate::helpers::*;

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The key ids the JWKS lists, in its order, after checking what each key says.
fn published(app: &TestApp) -> Vec<String> {
    let response = app.get("/oauth2/jwks");
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(response.headers().get_one("Content-Type"), Some("application/json"));
    assert_eq!(response.headers().get_one("Cache-Control"), Some("public, max-age=60"));
    let jwks: Value = serde_json::from_str(&response.into_string().unwrap()).unwrap();
    jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|key| {
            assert_eq!(key["kty"], "RSA");
            assert_eq!(key["alg"], "RS256");
            assert_eq!(key["use"], "sig");
            assert_eq!(key["e"], "AQAB");
            assert!(key.get("d").is_none(), "nothing private: {key}");
            key["kid"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[test]
fn the_signing_key_is_made_once_kept_in_the_database_and_published() {
    let app = TestApp::new();
    let first = published(&app);
    assert_eq!(first.len(), 1);
    assert_eq!(published(&app), first, "made once");
    // Another instance on the same database publishes the same key.
    assert_eq!(published(&app.another_browser()), first);
    assert_eq!(app.sql_count("SELECT count(*) FROM oidc_keys"), 1);
}

#[test]
fn a_rotated_key_signs_at_once_and_the_old_one_stays_until_its_tokens_expire() {
    let app = TestApp::with_clock(Clock::manual(now()));
    let old = published(&app);
    let out = gatehouse(&app.db, &["oidc", "rotate-key"], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    let keys = published(&app);
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert_eq!(keys[1], old[0], "the old one after the new one");
    assert!(said.contains(&format!("A new key ({})", keys[0])), "{said}");
    assert!(said.contains("10 minutes"), "{said}");
    assert_eq!(
        app.sql("SELECT actor, target FROM audit WHERE event = 'oidc_key_rotated'"),
        [["command line".to_owned(), keys[0].clone()]]
    );
    // Past an access token's lifetime, only the new key is published.
    app.clock.advance(10 * 60 + 1);
    assert_eq!(published(&app), [keys[0].clone()]);
    // Said in Spanish on a Spanish computer.
    let out = gatehouse_in("es", &app.db, &["oidc", "rotate-key"], None);
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(said.contains("Desde ahora firma una clave nueva"), "{said}");
}

#[test]
fn every_person_has_a_random_subject_of_their_own() {
    let app = TestApp::new();
    app.admin();
    app.member();
    // Written in bulk, as an import or the benchmark writes people: each gets one too.
    app.sql(
        "INSERT INTO users (name, email, password_hash, role, created_at, updated_at, sort_key)
         SELECT 'Bulk', 'bulk' || n || '@example.com', '', 'member', 0, 0, 'bulk' FROM
         (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) AS numbers",
    );
    let subjects = app.sql("SELECT subject, email FROM users ORDER BY id");
    assert_eq!(subjects.len(), 5);
    let mut seen = std::collections::HashSet::new();
    for row in &subjects {
        let (subject, email) = (&row[0], &row[1]);
        assert_eq!(subject.len(), 32, "{row:?}");
        assert!(subject.chars().all(|c| c.is_ascii_hexdigit()), "{row:?}");
        assert!(!subject.contains(email.as_str()));
        assert!(seen.insert(subject.clone()), "each its own: {subjects:?}");
    }
}

const ISSUER: &str = "https://auth.office.test";

fn oidc_app() -> TestApp {
    TestApp::with_figment(test_figment().merge(("public_url", ISSUER)))
}

/// `oidc_app` with its administrator signed in.
fn signed_in_admin() -> (TestApp, gatehouse::domain::User) {
    let app = oidc_app();
    let admin = app.admin();
    app.sign_in(&admin);
    (app, admin)
}

/// `oidc_app` on a clock the test moves, started at the real time (the
/// command line writes times by the computer's clock).
fn oidc_app_on_clock() -> TestApp {
    let clock = Clock::manual(now());
    let first = TestApp::with_clock(clock.clone());
    TestApp::on_clock(
        first.dir.clone(),
        first.db.clone(),
        test_figment().merge(("public_url", ISSUER)),
        clock,
    )
}

/// The SHA-256 of `secret` in hex, as gatehouse keeps a client secret.
fn hashed(secret: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The text of the `<code id="…">` on a page.
fn code(html: &str, id: &str) -> Option<String> {
    let start = html.find(&format!(r#"<code id="{id}">"#))? + id.len() + 12;
    Some(html[start..].split('<').next()?.to_owned())
}

/// `POST /apps` for an OpenID app: `fields`, and for those not given,
/// open to everyone, confidential.
fn register<'a>(app: &'a TestApp, fields: &[(&str, &str)]) -> rocket::local::blocking::LocalResponse<'a> {
    let mut all = vec![("kind", "oidc")];
    for (name, default) in [("access", "everyone"), ("client_type", "confidential")] {
        if !fields.iter().any(|(k, _)| *k == name) {
            all.push((name, default));
        }
    }
    all.extend_from_slice(fields);
    app.submit("/apps/new?kind=oidc", "/apps", &all)
}

#[test]
fn an_openid_app_gets_a_client_id_and_a_secret_shown_once_and_kept_hashed() {
    let (app, _) = signed_in_admin();
    let form = app.get("/apps/new?kind=oidc").into_string().unwrap();
    assert!(
        form.contains(r#"name="redirect_uris""#) && !form.contains(r#"value="anyone""#),
        "{form}"
    );
    let response = register(
        &app,
        &[
            ("name", "Nextcloud"),
            (
                "redirect_uris",
                "https://cloud.office.test/apps/oidc/redirect\r\nhttps://cloud.office.test/cb2",
            ),
            ("pkce", "true"),
        ],
    );
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(response.headers().get_one("Cache-Control"), Some("no-store"));
    let html = response.into_string().unwrap();
    let client_id = code(&html, "client_id").expect("the client id");
    let secret = code(&html, "client_secret").expect("the secret, once");
    assert!(html.contains(ISSUER) && html.contains("shown only this once"), "{html}");
    assert_eq!((client_id.len(), secret.len()), (32, 64));
    let stored =
        app.sql("SELECT kind, client_id, secret_hash, redirect_uris, public, pkce, refresh, consent FROM apps");
    assert_eq!(stored[0][0..2], ["oidc".to_owned(), client_id.clone()]);
    assert_eq!(stored[0][2], hashed(&secret), "only a hash is kept");
    assert_eq!(
        stored[0][3],
        "https://cloud.office.test/apps/oidc/redirect\nhttps://cloud.office.test/cb2"
    );
    // Listed with its client id; its page shows it again, never the secret.
    assert!(app.get("/apps").into_string().unwrap().contains(&client_id));
    let id = app.sql_one("SELECT id FROM apps");
    let page = app.get(&format!("/apps/{id}")).into_string().unwrap();
    assert!(page.contains(&client_id) && !page.contains(&secret));
    // A new secret ends the old one.
    let response = app.submit(&format!("/apps/{id}"), &format!("/apps/{id}/secret"), &[]);
    assert_eq!(response.status(), Status::Ok);
    let html = response.into_string().unwrap();
    let new = code(&html, "client_secret").unwrap();
    assert_ne!(new, secret);
    assert_eq!(app.sql_one("SELECT secret_hash FROM apps"), hashed(&new));
    assert_eq!(
        app.sql("SELECT event, target FROM audit WHERE event LIKE 'app_%' ORDER BY id"),
        [["app_created", "Nextcloud"], ["app_secret_made", "Nextcloud"]].map(|r| r.map(String::from))
    );
    // In Spanish.
    let spanish = app
        .client
        .get("/apps/new?kind=oidc")
        .header(rocket::http::Header::new("Accept-Language", "es"))
        .dispatch()
        .into_string()
        .unwrap();
    assert!(spanish.contains("URI de redirección"), "{spanish}");
}

#[test]
fn an_openid_app_is_refused_what_it_may_not_be() {
    // Without gatehouse's own address there is no issuer to name.
    let app = TestApp::new();
    let admin = app.admin();
    app.sign_in(&admin);
    let uri = ("redirect_uris", "https://cloud.office.test/cb");
    let response = register(&app, &[("name", "Cloud"), uri]);
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(response
        .into_string()
        .unwrap()
        .contains("set public_url in Rocket.toml"));

    let app = oidc_app();
    app.sign_in(&app.admin());
    for (fields, said) in [
        (vec![("name", "Cloud")], "at least one redirect URI"),
        (
            vec![("name", "Cloud"), ("redirect_uris", "https://cloud.office.test/cb#x")],
            "A redirect URI is a full address",
        ),
        (
            vec![("name", "Cloud"), ("redirect_uris", "/cb")],
            "A redirect URI is a full address",
        ),
        (
            vec![("name", "Cloud"), uri, ("access", "anyone")],
            "public pages behind the proxy",
        ),
    ] {
        let response = register(&app, &fields);
        assert_eq!(response.status(), Status::UnprocessableEntity, "{fields:?}");
        let html = response.into_string().unwrap();
        assert!(html.contains(said), "{said}: {html}");
    }
    assert_eq!(app.sql_count("SELECT count(*) FROM apps"), 0);
    // A public app has no secret, and always PKCE, whatever the form said.
    let response = register(&app, &[("name", "Desk"), uri, ("client_type", "public")]);
    let html = response.into_string().unwrap();
    assert!(code(&html, "client_id").is_some() && code(&html, "client_secret").is_none());
    assert_eq!(
        app.sql("SELECT CAST(public AS INTEGER), CAST(pkce AS INTEGER), secret_hash FROM apps"),
        [["1".to_owned(), "1".to_owned(), String::new()]]
    );
    let id = app.sql_one("SELECT id FROM apps");
    let response = app.submit(&format!("/apps/{id}"), &format!("/apps/{id}/secret"), &[]);
    assert!(response.status().code >= 400 && response.status().code < 500);
}

#[test]
fn the_command_line_registers_an_openid_app_and_prints_its_keys() {
    let app = TestApp::new();
    let env = [("ROCKET_PUBLIC_URL", ISSUER)];
    let run = |args: &[&str]| crate::cli::gatehouse_with("en", &app.db, args, None, &env);
    let out = run(&[
        "app",
        "create",
        "--name",
        "Grafana",
        "--oidc",
        "--redirect-uri",
        "https://grafana.office.test/login/generic_oauth",
        "--no-pkce",
        "--refresh",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    let client_id = lines[0].strip_prefix("client_id: ").unwrap();
    let secret = lines[1].strip_prefix("client_secret: ").unwrap();
    assert_eq!(
        app.sql("SELECT client_id, secret_hash, CAST(pkce AS INTEGER), CAST(refresh AS INTEGER) FROM apps"),
        [[client_id.to_owned(), hashed(secret), "0".into(), "1".into()]]
    );
    // A new secret, as JSON.
    let out = run(&["app", "new-secret", "--name", "grafana", "--json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["client_id"], client_id);
    assert_eq!(
        hashed(json["client_secret"].as_str().unwrap()),
        app.sql_one("SELECT secret_hash FROM apps")
    );
    // A public app: its id alone.
    let out = run(&[
        "app",
        "create",
        "--name",
        "Desk",
        "--oidc",
        "--public",
        "--redirect-uri",
        "http://localhost:8080/cb",
        "--json",
    ]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        json["client_id"].is_string() && json.get("client_secret").is_none(),
        "{json}"
    );
    // Usage mistakes are clap's (status 2); refusals are said (status 1).
    for args in [
        &["app", "create", "--name", "X", "--oidc"][..],
        &[
            "app",
            "create",
            "--name",
            "X",
            "--oidc",
            "--host",
            "x.office.test",
            "--redirect-uri",
            "https://x/cb",
        ],
        &["app", "create", "--name", "X", "--host", "x.office.test", "--refresh"],
    ] {
        assert_eq!(run(args).status.code(), Some(2), "{args:?}");
    }
    let out = run(&["app", "create", "--name", "X", "--oidc", "--redirect-uri", "ftp://x/cb"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--redirect-uri"));
    let out = gatehouse(
        &app.db,
        &[
            "app",
            "create",
            "--name",
            "Y",
            "--oidc",
            "--redirect-uri",
            "https://y.office.test/cb",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "no public_url");
    assert!(String::from_utf8_lossy(&out.stderr).contains("public_url"));
    let out = run(&["app", "new-secret", "--name", "Desk"]);
    assert_eq!(out.status.code(), Some(1), "a public app has no secret");
}

// --- The provider, as an app uses it -----------------------------------

const CALLBACK: &str = "https://cloud.office.test/apps/oidc/redirect";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// An app registered by the administrator (signed in on `app`), its
/// client id and secret; `extra` fields over the defaults.
fn registered(app: &TestApp, name: &str, extra: &[(&str, &str)]) -> (String, String) {
    let mut fields = vec![("name", name)];
    for (key, default) in [("redirect_uris", CALLBACK), ("pkce", "true")] {
        if !extra.iter().any(|(k, _)| *k == key) {
            fields.push((key, default));
        }
    }
    fields.extend_from_slice(extra);
    let html = register(app, &fields).into_string().unwrap();
    (
        code(&html, "client_id").expect("a client id"),
        code(&html, "client_secret").unwrap_or_default(),
    )
}

fn encode(value: &str) -> String {
    rocket::http::RawStr::new(value).percent_encode().to_string()
}

/// The authorization request an app sends the browser to.
fn authorize_uri(client_id: &str, scope: &str, state: &str) -> String {
    format!(
        "/oauth2/authorize?response_type=code&client_id={client_id}&redirect_uri={}&scope={}&state={}&nonce=n-0S6_WzA2Mj&code_challenge={CHALLENGE}&code_challenge_method=S256",
        encode(CALLBACK),
        encode(scope),
        encode(state)
    )
}

/// The query of a URL the browser is sent back to the app with, decoded.
fn query_of(location: &str) -> std::collections::HashMap<String, String> {
    let query = location.split_once('?').map(|(_, q)| q).unwrap_or_default();
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| {
            (
                k.to_owned(),
                rocket::http::RawStr::new(v).percent_decode_lossy().into_owned(),
            )
        })
        .collect()
}

/// Signs `user` in on `browser` from the sign-in page `to` sent it to;
/// answers the continue page's destination.
fn sign_in_from(browser: &TestApp, login: &str, user: &gatehouse::domain::User) -> String {
    let next = login.split("next=").nth(1).expect("a next");
    let next = rocket::http::RawStr::new(next).percent_decode_lossy().into_owned();
    let response = browser.submit(
        login,
        "/login",
        &[("email", &user.email), ("password", PASSWORD), ("next", &next)],
    );
    assert_eq!(response.status(), Status::Ok, "a page that sends the browser on");
    let html = response.into_string().unwrap();
    html.split(r#"http-equiv="refresh" content="0;url="#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a page that goes on")
        .replace("&amp;", "&")
}

/// `POST /oauth2/token` with HTTP Basic (each half form-urlencoded, as RFC 6749 says).
fn exchange(app: &TestApp, id: &str, secret: &str, fields: &[(&str, &str)]) -> (Status, Value, Option<String>) {
    let basic = base64_encode(&format!("{}:{}", encode(id), encode(secret)));
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
    let response = app
        .client
        .post("/oauth2/token")
        .header(rocket::http::ContentType::Form)
        .header(rocket::http::Header::new("Authorization", format!("Basic {basic}")))
        .body(body.join("&"))
        .dispatch();
    let status = response.status();
    let cache = response.headers().get_one("Cache-Control").map(str::to_owned);
    (
        status,
        serde_json::from_str(&response.into_string().unwrap()).unwrap(),
        cache,
    )
}

fn base64_encode(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// The claims of an ID token, its signature checked with ring against the
/// published JWKS (not with gatehouse's own code).
fn verified(app: &TestApp, id_token: &str) -> Value {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
    use base64::Engine;
    let jwks: Value = serde_json::from_str(&app.get("/oauth2/jwks").into_string().unwrap()).unwrap();
    let parts: Vec<&str> = id_token.split('.').collect();
    assert_eq!(parts.len(), 3);
    let header: Value = serde_json::from_slice(&B64.decode(parts[0]).unwrap()).unwrap();
    assert_eq!(header["alg"], "RS256");
    let key = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == header["kid"])
        .expect("the token's key is published");
    let n = B64.decode(key["n"].as_str().unwrap()).unwrap();
    let e = B64.decode(key["e"].as_str().unwrap()).unwrap();
    ring::signature::RsaPublicKeyComponents { n: &n, e: &e }
        .verify(
            &ring::signature::RSA_PKCS1_2048_8192_SHA256,
            format!("{}.{}", parts[0], parts[1]).as_bytes(),
            &B64.decode(parts[2]).unwrap(),
        )
        .expect("signed by the published key");
    serde_json::from_slice(&B64.decode(parts[1]).unwrap()).unwrap()
}

fn userinfo(app: &TestApp, token: &str) -> (Status, Value) {
    userinfo_by(app, rocket::http::Method::Get, token)
}

/// The userinfo endpoint asked by `method` with the access token `token`.
fn userinfo_by(app: &TestApp, method: rocket::http::Method, token: &str) -> (Status, Value) {
    let response = app
        .client
        .req(method, "/oauth2/userinfo")
        .header(rocket::http::ContentType::Form)
        .header(rocket::http::Header::new("Authorization", format!("Bearer {token}")))
        .dispatch();
    let status = response.status();
    (
        status,
        serde_json::from_str(&response.into_string().unwrap_or_default()).unwrap_or_default(),
    )
}

#[test]
fn an_app_signs_a_person_in_with_a_code_and_pkce_and_learns_who_they_are() {
    let app = oidc_app_on_clock();
    let admin = app.admin();
    let member = app.member();
    app.sign_in(&admin);
    let (client_id, secret) = registered(&app, "Nextcloud", &[]);
    let bo = app.another_browser();

    // Discovery names the endpoints under the issuer.
    let discovery: Value =
        serde_json::from_str(&bo.get("/.well-known/openid-configuration").into_string().unwrap()).unwrap();
    assert_eq!(discovery["issuer"], ISSUER);
    assert_eq!(discovery["token_endpoint"], format!("{ISSUER}/oauth2/token"));
    assert_eq!(
        discovery["code_challenge_methods_supported"],
        serde_json::json!(["S256"])
    );

    // Signed out: to the sign-in page, and back to the authorization after.
    let state = "a+b/c&d é";
    let ask = authorize_uri(&client_id, "openid profile email groups", state);
    let response = bo.get(&ask);
    assert_eq!(response.status(), Status::SeeOther);
    let login = location(&response);
    assert!(login.starts_with("/login?next="), "{login}");
    drop(response);
    let on = sign_in_from(&bo, &login, &member);
    assert_eq!(on, ask, "the sign-in goes on to the authorization");
    let response = bo.get(&on);
    assert_eq!(response.status(), Status::SeeOther);
    let back = location(&response);
    drop(response);
    assert!(back.starts_with(&format!("{CALLBACK}?code=")), "{back}");
    let query = query_of(&back);
    assert_eq!(query["state"], state, "state comes back as it was sent");
    assert_eq!(query["iss"], ISSUER);
    let code = query["code"].clone();

    // The code for tokens.
    let fields = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", CALLBACK),
        ("code_verifier", VERIFIER),
    ];
    let (status, tokens, cache) = exchange(&app, &client_id, &secret, &fields);
    assert_eq!(status, Status::Ok, "{tokens}");
    assert_eq!(cache.as_deref(), Some("no-store"));
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 600);
    assert!(tokens.get("refresh_token").is_none(), "the app does not allow them");
    let claims = verified(&app, tokens["id_token"].as_str().unwrap());
    let subject = app.sql_one(&format!("SELECT subject FROM users WHERE id = {}", member.id));
    assert_eq!(claims["iss"], ISSUER);
    assert_eq!(claims["aud"], client_id.as_str());
    assert_eq!(claims["sub"], subject.as_str());
    assert_eq!(claims["nonce"], "n-0S6_WzA2Mj");
    assert_eq!(claims["email"], member.email.as_str());
    assert_eq!(claims["name"], member.name.as_str());
    assert_eq!(claims["amr"], serde_json::json!(["pwd"]));
    assert_eq!(claims["groups"], serde_json::json!([]));
    assert!(claims["auth_time"].as_i64().unwrap() <= claims["iat"].as_i64().unwrap());
    assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 600);

    // Userinfo with the access token.
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    let (status, info) = userinfo(&app, &access);
    assert_eq!(status, Status::Ok);
    assert_eq!(info["sub"], subject.as_str());
    assert_eq!(info["email"], member.email.as_str());
    let (status, _) = userinfo(&app, "not-a-token");
    assert_eq!(status, Status::Unauthorized);

    // The same code again: refused, and what its first use gave ends.
    let (status, again, _) = exchange(&app, &client_id, &secret, &fields);
    assert_eq!(
        (status, again["error"].as_str()),
        (Status::BadRequest, Some("invalid_grant"))
    );
    assert_eq!(
        userinfo(&app, &access).0,
        Status::Unauthorized,
        "the first use's token ended"
    );
    assert_eq!(
        app.sql_count("SELECT count(*) FROM audit WHERE event IN ('app_signed_in', 'app_code_reused')"),
        2
    );
}

#[test]
fn a_code_works_only_for_its_app_redirect_uri_verifier_and_minute() {
    let app = oidc_app_on_clock();
    let admin = app.admin();
    app.sign_in(&admin);
    let (client_id, secret) = registered(&app, "Nextcloud", &[]);
    let (other_id, other_secret) = registered(&app, "Grafana", &[]);
    let new_code = || {
        let response = app.get(&authorize_uri(&client_id, "openid", "s"));
        query_of(&location(&response))["code"].clone()
    };
    let refused = |id: &str, secret: &str, fields: &[(&str, &str)]| {
        let (status, body, _) = exchange(&app, id, secret, fields);
        (status.code, body["error"].as_str().unwrap_or_default().to_owned())
    };
    let with = |code: &str, uri: &str, verifier: &str| {
        vec![
            ("grant_type", "authorization_code".to_owned()),
            ("code", code.to_owned()),
            ("redirect_uri", uri.to_owned()),
            ("code_verifier", verifier.to_owned()),
        ]
    };
    let as_fields = |v: &Vec<(&'static str, String)>| v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let run = |id: &str, secret: &str, v: Vec<(&'static str, String)>| {
        let owned = as_fields(&v);
        let fields: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
        refused(id, secret, &fields)
    };
    let bad_grant = (400, "invalid_grant".to_owned());
    // Each refusal with its own code, which then still works (nothing spent it).
    let code = new_code();
    assert_eq!(
        run(&client_id, &secret, with(&code, CALLBACK, "x".repeat(43).as_str())),
        bad_grant,
        "wrong verifier"
    );
    assert_eq!(
        run(&client_id, &secret, with(&code, &format!("{CALLBACK}/"), VERIFIER)),
        bad_grant,
        "another redirect URI"
    );
    assert_eq!(
        run(&other_id, &other_secret, with(&code, CALLBACK, VERIFIER)),
        bad_grant,
        "another app"
    );
    assert_eq!(
        run(&client_id, "wrong", with(&code, CALLBACK, VERIFIER)),
        (401, "invalid_client".to_owned())
    );
    assert_eq!(
        run(&client_id, &secret, with(&code, CALLBACK, VERIFIER)).0,
        200,
        "the code itself was good"
    );
    // A minute later a code is no good.
    let code = new_code();
    app.clock.advance(61);
    assert_eq!(
        run(&client_id, &secret, with(&code, CALLBACK, VERIFIER)),
        bad_grant,
        "expired"
    );
    // A wrong secret by Basic asks for Basic again.
    let basic = base64_encode(&format!("{client_id}:wrong"));
    let response = app
        .client
        .post("/oauth2/token")
        .header(rocket::http::ContentType::Form)
        .header(rocket::http::Header::new("Authorization", format!("Basic {basic}")))
        .body("grant_type=authorization_code&code=x")
        .dispatch();
    assert_eq!(response.status(), Status::Unauthorized);
    assert!(response
        .headers()
        .get_one("WWW-Authenticate")
        .unwrap()
        .starts_with("Basic"));
}

#[test]
fn the_authorization_endpoint_answers_with_a_page_until_the_app_is_known() {
    let (app, _) = signed_in_admin();
    let (client_id, _) = registered(&app, "Nextcloud", &[]);
    let no_redirect = |uri: &str| {
        let response = app.get(uri);
        assert_eq!(response.status(), Status::BadRequest, "{uri}");
        assert!(response.headers().get_one("Location").is_none(), "{uri}");
        response.into_string().unwrap()
    };
    let page =
        no_redirect("/oauth2/authorize?response_type=code&client_id=nobody&redirect_uri=https%3A%2F%2Fevil.example%2F");
    assert!(page.contains("not registered at gatehouse"), "{page}");
    for uri in [
        "https://evil.example/cb",
        "https://cloud.office.test/apps/oidc/redirect/",
        "https://cloud.office.test/apps/oidc/redirect?x=1",
        "",
    ] {
        let page = no_redirect(&format!(
            "/oauth2/authorize?response_type=code&client_id={client_id}&scope=openid&redirect_uri={}",
            encode(uri)
        ));
        assert!(page.contains("does not know for it"), "{page}");
    }
    // Once the app and its address are known, what is wrong goes back to it.
    let back = |query: &str| {
        let response = app.get(&format!(
            "/oauth2/authorize?client_id={client_id}&redirect_uri={}&state=st&{query}",
            encode(CALLBACK)
        ));
        let query = query_of(&location(&response));
        (query["error"].clone(), query["state"].clone())
    };
    let s256 = format!("code_challenge={CHALLENGE}&code_challenge_method=S256");
    assert_eq!(
        back(&format!("response_type=token&scope=openid&{s256}")).0,
        "unsupported_response_type"
    );
    assert_eq!(
        back(&format!("response_type=code&scope=profile&{s256}")).0,
        "invalid_scope"
    );
    assert_eq!(back("response_type=code&scope=openid").0, "invalid_request", "no PKCE");
    assert_eq!(
        back(&format!(
            "response_type=code&scope=openid&code_challenge={CHALLENGE}&code_challenge_method=plain"
        )),
        ("invalid_request".to_owned(), "st".to_owned())
    );
    assert_eq!(app.sql_count("SELECT count(*) FROM oidc_codes"), 0);
}

#[test]
fn a_person_the_app_does_not_let_in_sees_a_page_and_the_app_gets_nothing() {
    let app = oidc_app();
    let admin = app.admin();
    let member = app.member();
    app.sign_in(&admin);
    let (client_id, _) = registered(&app, "Books", &[("access", "admins")]);
    let bo = app.another_browser();
    bo.sign_in(&member);
    let response = bo.get(&authorize_uri(&client_id, "openid", "s"));
    assert_eq!(response.status(), Status::Forbidden);
    assert!(response.headers().get_one("Location").is_none());
    assert!(response.into_string().unwrap().contains("Books is not open to you"));
    assert_eq!(app.sql_count("SELECT count(*) FROM oidc_codes"), 0);
    assert_eq!(
        app.sql_count("SELECT count(*) FROM audit WHERE event = 'app_refused'"),
        1
    );
}

#[test]
fn an_app_that_asks_for_consent_asks_once() {
    let (app, _) = signed_in_admin();
    let (client_id, _) = registered(&app, "Wiki", &[("consent", "once")]);
    let ask = authorize_uri(&client_id, "openid email", "s");
    let response = app.get(&ask);
    assert_eq!(response.status(), Status::Ok);
    let html = response.into_string().unwrap();
    assert!(
        html.contains("Wiki will receive") && html.contains("your email address"),
        "{html}"
    );
    assert!(!html.contains("your name"), "only what it asked for");
    assert_eq!(app.sql_count("SELECT count(*) FROM oidc_codes"), 0);
    let fields: Vec<(String, String)> = html
        .split(r#"<input type="hidden" name=""#)
        .skip(1)
        .map(|rest| {
            let name = rest.split('"').next().unwrap().to_owned();
            let value = rest
                .split(r#"value=""#)
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .replace("&amp;", "&");
            (name, value)
        })
        .filter(|(name, _)| name != "csrf_token")
        .collect();
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let response = app.submit(&ask, "/oauth2/authorize", &fields);
    assert_eq!(
        response.status(),
        Status::Ok,
        "a page that sends the browser on (after a form)"
    );
    let html = response.into_string().unwrap();
    assert!(html.contains(&format!("url={CALLBACK}?code=")), "{html}");
    // Asked once: the next time straight back.
    let response = app.get(&ask);
    assert_eq!(response.status(), Status::SeeOther);
    assert!(location(&response).starts_with(&format!("{CALLBACK}?code=")));
    drop(response);
    // Asking for more than was allowed asks again.
    let more = app.get(&authorize_uri(&client_id, "openid email groups", "s"));
    assert_eq!(more.status(), Status::Ok);
    assert!(more.into_string().unwrap().contains("the names of your groups"));
}

/// A fresh grant for the signed-in administrator of `app` with `scope`: its tokens.
fn tokens_for(app: &TestApp, client_id: &str, secret: &str, scope: &str) -> Value {
    let response = app.get(&authorize_uri(client_id, scope, "s"));
    let code = query_of(&location(&response))["code"].clone();
    drop(response);
    let (status, tokens, _) = exchange(
        app,
        client_id,
        secret,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CALLBACK),
            ("code_verifier", VERIFIER),
        ],
    );
    assert_eq!(status, Status::Ok, "{tokens}");
    tokens
}

fn refresh(app: &TestApp, client_id: &str, secret: &str, token: &str, scope: Option<&str>) -> (u16, Value) {
    let mut fields = vec![("grant_type", "refresh_token"), ("refresh_token", token)];
    if let Some(scope) = scope {
        fields.push(("scope", scope));
    }
    let (status, body, _) = exchange(app, client_id, secret, &fields);
    (status.code, body)
}

#[test]
fn refresh_tokens_rotate_and_one_used_twice_ends_its_whole_grant() {
    let (app, admin) = signed_in_admin();
    let (client_id, secret) = registered(&app, "Grafana", &[("refresh", "true")]);
    let (plain_id, plain_secret) = registered(&app, "Wiki", &[]);
    // Only with offline_access, and only for an app that allows them.
    assert!(tokens_for(&app, &client_id, &secret, "openid")
        .get("refresh_token")
        .is_none());
    assert!(tokens_for(&app, &plain_id, &plain_secret, "openid offline_access")
        .get("refresh_token")
        .is_none());
    let first = tokens_for(&app, &client_id, &secret, "openid email offline_access");
    let r1 = first["refresh_token"].as_str().unwrap().to_owned();
    let (status, second) = refresh(&app, &client_id, &secret, &r1, None);
    assert_eq!(status, 200, "{second}");
    let r2 = second["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(r1, r2, "rotated");
    assert_eq!(second["scope"], "openid email offline_access");
    let claims = verified(&app, second["id_token"].as_str().unwrap());
    assert!(claims.get("nonce").is_none() && claims["email"] == admin.email.as_str());
    let a2 = second["access_token"].as_str().unwrap().to_owned();
    assert_eq!(userinfo(&app, &a2).0, Status::Ok);
    // Another app cannot use it; it is left as it was.
    assert_eq!(
        refresh(&app, &plain_id, &plain_secret, &r2, None).1["error"],
        "invalid_grant"
    );
    // More than was given: refused; less: given.
    assert_eq!(
        refresh(&app, &client_id, &secret, &r2, Some("openid groups")).1["error"],
        "invalid_scope"
    );
    let (status, third) = refresh(&app, &client_id, &secret, &r2, Some("openid offline_access"));
    assert_eq!((status, third["scope"].as_str()), (200, Some("openid offline_access")));
    let r3 = third["refresh_token"].as_str().unwrap().to_owned();
    // r1 again: the whole grant ends, its newest tokens too.
    assert_eq!(
        refresh(&app, &client_id, &secret, &r1, None).1["error"],
        "invalid_grant"
    );
    assert_eq!(
        refresh(&app, &client_id, &secret, &r3, None).1["error"],
        "invalid_grant"
    );
    assert_eq!(
        userinfo(&app, third["access_token"].as_str().unwrap()).0,
        Status::Unauthorized
    );
    assert_eq!(
        app.sql_count("SELECT count(*) FROM audit WHERE event = 'app_refresh_reused'"),
        1
    );
}

#[test]
fn every_refresh_asks_again_whether_the_person_may_use_the_app() {
    let (app, _) = signed_in_admin();
    let (client_id, secret) = registered(&app, "Grafana", &[("refresh", "true")]);
    let tokens = tokens_for(&app, &client_id, &secret, "openid offline_access");
    let token = tokens["refresh_token"].as_str().unwrap();
    // The app now lets in one group only, which the administrator is not in.
    app.sql("INSERT INTO user_groups (name, name_key, created_at) VALUES ('Ops', 'ops', 0)");
    app.sql(
        "UPDATE apps SET access = 'groups' WHERE name = 'Grafana';
         INSERT INTO app_groups (app_id, group_id) SELECT a.id, g.id FROM apps a, user_groups g WHERE a.name = 'Grafana'",
    );
    assert_eq!(
        refresh(&app, &client_id, &secret, token, None).1["error"],
        "invalid_grant"
    );
    assert_eq!(
        userinfo(&app, tokens["access_token"].as_str().unwrap()).0,
        Status::Unauthorized
    );
    assert_eq!(
        app.sql_count("SELECT count(*) FROM audit WHERE event = 'app_refresh_refused'"),
        1
    );
    // A revoked refresh token ends its grant; an unknown one is answered the same.
    app.sql("DELETE FROM app_groups; UPDATE apps SET access = 'everyone'");
    let tokens = tokens_for(&app, &client_id, &secret, "openid offline_access");
    let revoke = |token: &str| {
        let basic = base64_encode(&format!("{client_id}:{secret}"));
        app.client
            .post("/oauth2/revoke")
            .header(rocket::http::ContentType::Form)
            .header(rocket::http::Header::new("Authorization", format!("Basic {basic}")))
            .body(format!("token={}", encode(token)))
            .dispatch()
            .status()
    };
    assert_eq!(revoke(tokens["refresh_token"].as_str().unwrap()), Status::Ok);
    assert_eq!(revoke("unknown"), Status::Ok);
    assert_eq!(
        refresh(
            &app,
            &client_id,
            &secret,
            tokens["refresh_token"].as_str().unwrap(),
            None
        )
        .1["error"],
        "invalid_grant"
    );
    assert_eq!(
        userinfo(&app, tokens["access_token"].as_str().unwrap()).0,
        Status::Unauthorized
    );
    // The app now requires two-step sign-in, which the administrator has
    // not set up (or an administrator's reset removed): the next refresh is
    // refused.
    let tokens = tokens_for(&app, &client_id, &secret, "openid offline_access");
    app.sql("UPDATE apps SET two_factor = CAST(1 AS BOOLEAN) WHERE name = 'Grafana'");
    assert_eq!(
        refresh(
            &app,
            &client_id,
            &secret,
            tokens["refresh_token"].as_str().unwrap(),
            None
        )
        .1["error"],
        "invalid_grant"
    );
}

#[test]
fn an_app_signs_its_person_out_and_is_sent_back_only_to_its_own_address() {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
    use base64::Engine;
    let (app, admin) = signed_in_admin();
    let bye = "https://cloud.office.test/bye";
    let (client_id, secret) = registered(&app, "Nextcloud", &[("redirect_uris", &format!("{CALLBACK}\n{bye}"))]);
    let signed_in = |app: &TestApp| app.get("/account").status() == Status::Ok;
    let logout = |hint: &str, to: &str| {
        let response = app.get(&format!(
            "/oauth2/logout?id_token_hint={}&post_logout_redirect_uri={}&state=xy",
            encode(hint),
            encode(to)
        ));
        (
            response.status(),
            response.headers().get_one("Location").map(str::to_owned),
        )
    };
    let hint = tokens_for(&app, &client_id, &secret, "openid")["id_token"]
        .as_str()
        .unwrap()
        .to_owned();
    // No hint, or one gatehouse did not sign: a page asks; nobody is signed out.
    let page = app.get("/oauth2/logout").into_string().unwrap();
    assert!(page.contains("Sign out of gatehouse?") && page.contains(r#"action="/oauth2/logout""#));
    let (header, payload, _) = {
        let mut parts = hint.split('.');
        (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap())
    };
    let _ = header;
    let unsigned = format!("{}.{payload}.", B64.encode(r#"{"alg":"none"}"#));
    for forged in [unsigned.as_str(), "garbage", &hint[..hint.len() - 4]] {
        let (status, location) = logout(forged, bye);
        assert_eq!((status, location), (Status::Ok, None), "{forged}");
        assert!(signed_in(&app));
    }
    // A genuine hint, an address that is not the app's: signed out, not sent there.
    for evil in [
        "https://evil.example/",
        "//evil.example",
        &format!("{bye}/"),
        "https://cloud.office.test@evil.example/bye",
    ] {
        let (status, location) = logout(&hint, evil);
        assert_eq!(status, Status::SeeOther, "{evil}");
        assert!(
            location.as_deref().unwrap().starts_with("/login"),
            "{evil}: {location:?}"
        );
        assert!(!signed_in(&app));
        app.sign_in(&admin);
    }
    // Its own address: back there, with its state.
    let (status, location) = logout(&hint, bye);
    assert_eq!(status, Status::SeeOther);
    assert_eq!(location.as_deref(), Some(&format!("{bye}?state=xy")[..]));
    assert!(!signed_in(&app));
}

#[test]
fn a_person_sees_the_apps_that_stay_signed_in_and_can_end_their_access() {
    let (app, _) = signed_in_admin();
    let (client_id, secret) = registered(&app, "Grafana", &[("refresh", "true")]);
    assert!(!app
        .get("/account")
        .into_string()
        .unwrap()
        .contains("Apps that stay signed in"));
    let tokens = tokens_for(&app, &client_id, &secret, "openid offline_access");
    let page = app.get("/account").into_string().unwrap();
    assert!(
        page.contains("Apps that stay signed in") && page.contains("Grafana"),
        "{page}"
    );
    let spanish = app
        .client
        .get("/account")
        .header(rocket::http::Header::new("Accept-Language", "es"))
        .dispatch()
        .into_string()
        .unwrap();
    assert!(spanish.contains("Retirar acceso"), "{spanish}");
    let id = app.sql_one("SELECT id FROM apps");
    let response = app.submit("/account", &format!("/account/apps/{id}/end"), &[]);
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    assert_eq!(
        refresh(
            &app,
            &client_id,
            &secret,
            tokens["refresh_token"].as_str().unwrap(),
            None
        )
        .1["error"],
        "invalid_grant"
    );
    assert!(!app
        .get("/account")
        .into_string()
        .unwrap()
        .contains("Apps that stay signed in"));
    assert_eq!(
        app.sql_count("SELECT count(*) FROM audit WHERE event = 'app_access_ended'"),
        1
    );
}

#[test]
fn an_app_that_requires_two_step_gets_a_person_who_used_a_code_on_any_instance() {
    let app = oidc_app_on_clock();
    let admin = app.admin();
    let member = app.member();
    app.sign_in(&admin);
    let (client_id, secret) = registered(&app, "Accounts", &[("two_factor", "true")]);
    let bo = app.another_browser();
    bo.sign_in(&member);
    let ask = authorize_uri(&client_id, "openid", "s");
    // Without two-step sign-in: told so, and the app gets nothing.
    let response = bo.get(&ask);
    assert_eq!(response.status(), Status::Forbidden);
    assert!(response
        .into_string()
        .unwrap()
        .contains("Accounts asks for two-step sign-in"));
    // Set up, signed out; then signed in with the password and a code.
    let (totp, _) = crate::two_factor::set_up(&bo);
    assert_eq!(bo.sign_out().status(), Status::SeeOther);
    app.clock.advance(30);
    let login = location(&bo.get(&ask));
    let next = rocket::http::RawStr::new(login.split("next=").nth(1).unwrap())
        .percent_decode_lossy()
        .into_owned();
    let response = bo.submit(
        &login,
        "/login",
        &[("email", &member.email), ("password", PASSWORD), ("next", &next)],
    );
    assert_eq!(location(&response), "/login/code");
    drop(response);
    let code = gatehouse::security::totp::code_at(&totp, app.clock.now());
    let response = bo.submit("/login/code", "/login/code", &[("code", &code)]);
    assert_eq!(response.status(), Status::Ok, "a page that goes on to the app");
    let html = response.into_string().unwrap();
    assert!(html.contains("/oauth2/authorize?"), "{html}");
    let response = bo.get(&ask);
    let code = query_of(&location(&response))["code"].clone();
    drop(response);
    // The code traded at another instance (the authorization was this one's).
    let other = app.another_browser();
    let (status, tokens, _) = exchange(
        &other,
        &client_id,
        &secret,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CALLBACK),
            ("code_verifier", VERIFIER),
        ],
    );
    assert_eq!(status, Status::Ok, "{tokens}");
    let claims = verified(&other, tokens["id_token"].as_str().unwrap());
    assert_eq!(claims["amr"], serde_json::json!(["pwd", "otp"]));
}

#[test]
fn what_can_no_longer_be_used_is_forgotten() {
    let app = oidc_app_on_clock();
    let admin = app.admin();
    app.sign_in(&admin);
    let (client_id, secret) = registered(&app, "Wiki", &[]);
    tokens_for(&app, &client_id, &secret, "openid");
    assert_eq!(app.sql_count("SELECT count(*) FROM oidc_tokens"), 1);
    // A day and more later, the next sign-in to an app clears the old rows.
    app.clock.advance(2 * 86_400);
    app.sign_in(&admin);
    let response = app.get(&authorize_uri(&client_id, "openid", "s"));
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    assert_eq!(app.sql_count("SELECT count(*) FROM oidc_tokens"), 0);
    assert_eq!(app.sql_count("SELECT count(*) FROM oidc_grants"), 0);
    assert_eq!(app.sql_count("SELECT count(*) FROM oidc_codes"), 1, "only the new one");
}

#[test]
fn an_openid_app_is_changed_listed_and_removed_and_its_tokens_go_with_it() {
    let (app, _) = signed_in_admin();
    let (client_id, secret) = registered(&app, "Grafana", &[("refresh", "true")]);
    let id = app.sql_one("SELECT id FROM apps");
    // Changed at its page: another redirect URI, consent asked; kind and keys stay.
    let other = "https://grafana.office.test/login/generic_oauth";
    let response = app.submit(
        &format!("/apps/{id}"),
        &format!("/apps/{id}"),
        &[
            ("kind", "oidc"),
            ("name", "Grafana"),
            ("access", "everyone"),
            ("client_type", "confidential"),
            ("pkce", "true"),
            ("refresh", "true"),
            ("consent", "once"),
            ("redirect_uris", &format!("{CALLBACK}\n{other}")),
        ],
    );
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    assert_eq!(
        app.sql("SELECT kind, client_id, consent, redirect_uris FROM apps"),
        [[
            "oidc".to_owned(),
            client_id.clone(),
            "once".into(),
            format!("{CALLBACK}\n{other}")
        ]]
    );
    // Listed by the command line with its client id.
    let out = gatehouse(&app.db, &["app", "list"], None);
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("Grafana  OpenID {client_id}")));
    // Its tokens, then the app removed: they no longer work, nor its secret.
    let response = app.get(&authorize_uri(&client_id, "openid offline_access", "s"));
    let html = response.into_string().unwrap_or_default();
    assert!(html.contains("Grafana will receive"), "consent is asked now: {html}");
    let out = gatehouse(&app.db, &["app", "delete", "--name", "Grafana"], None);
    assert_eq!(out.status.code(), Some(0));
    let (status, body, _) = exchange(
        &app,
        &client_id,
        &secret,
        &[("grant_type", "refresh_token"), ("refresh_token", "x")],
    );
    assert_eq!(
        (status, body["error"].as_str()),
        (Status::Unauthorized, Some("invalid_client"))
    );
    assert_eq!(app.sql_count("SELECT count(*) FROM oidc_grants"), 0);
}

#[test]
fn without_public_url_there_is_no_provider_to_discover() {
    let app = TestApp::new();
    let response = app.get("/.well-known/openid-configuration");
    assert_eq!(response.status(), Status::NotFound);
    assert!(response
        .into_string()
        .unwrap()
        .contains("once public_url is set in Rocket.toml"));
    let app = oidc_app();
    assert_eq!(app.get("/.well-known/openid-configuration").status(), Status::Ok);
}

#[test]
fn prompt_none_answers_at_once_and_never_shows_a_page() {
    let (app, _) = signed_in_admin();
    let (client_id, _) = registered(&app, "Wiki", &[("consent", "once")]);
    let ask = format!("{}&prompt=none", authorize_uri(&client_id, "openid", "s"));
    // Signed in, consent not given: consent_required, back at the app.
    let response = app.get(&ask);
    assert_eq!(query_of(&location(&response))["error"], "consent_required");
    drop(response);
    // Signed out: login_required, back at the app.
    app.sign_out();
    let response = app.get(&ask);
    let back = location(&response);
    assert!(back.starts_with(CALLBACK), "{back}");
    assert_eq!(query_of(&back)["error"], "login_required");
}

// --- Client authentication, PKCE, userinfo, claims and lifetimes --------

/// `POST /oauth2/token` with no HTTP Basic: whatever the form says
/// (`client_secret_post`, or a public app's `client_id` alone).
fn exchange_by_form(app: &TestApp, fields: &[(&str, &str)]) -> (Status, Value) {
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
    let response = app
        .client
        .post("/oauth2/token")
        .header(rocket::http::ContentType::Form)
        .body(body.join("&"))
        .dispatch();
    let status = response.status();
    (
        status,
        serde_json::from_str(&response.into_string().unwrap_or_default()).unwrap_or_default(),
    )
}

/// A new code for the signed-in person of `app`, from `authorize` (a URI).
fn code_from(app: &TestApp, authorize: &str) -> String {
    let response = app.get(authorize);
    assert_eq!(response.status(), Status::SeeOther, "{authorize}");
    let back = location(&response);
    let query = query_of(&back);
    query.get("code").cloned().unwrap_or_else(|| panic!("a code: {back}"))
}

#[test]
fn a_confidential_app_may_send_its_secret_in_the_form() {
    let (app, admin) = signed_in_admin();
    let (client_id, secret) = registered(&app, "Nextcloud", &[]);
    let ask = authorize_uri(&client_id, "openid email", "s");
    let code = code_from(&app, &ask);
    let exchange_with = |code: &str, secret: &str| {
        exchange_by_form(
            &app,
            &[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", CALLBACK),
                ("code_verifier", VERIFIER),
                ("client_id", &client_id),
                ("client_secret", secret),
            ],
        )
    };
    // A wrong secret that way: refused, and the code is not spent.
    let (status, body) = exchange_with(&code, "wrong");
    assert_eq!(
        (status, body["error"].as_str()),
        (Status::Unauthorized, Some("invalid_client")),
        "{body}"
    );
    let (status, body) = exchange_with(&code, "");
    assert_eq!(
        (status, body["error"].as_str()),
        (Status::Unauthorized, Some("invalid_client")),
        "{body}"
    );
    // The right one: tokens.
    let (status, tokens) = exchange_with(&code, &secret);
    assert_eq!(status, Status::Ok, "{tokens}");
    assert_eq!(tokens["token_type"], "Bearer");
    let claims = verified(&app, tokens["id_token"].as_str().unwrap());
    assert_eq!(claims["aud"], client_id.as_str());
    assert_eq!(claims["email"], admin.email.as_str());
    let (status, info) = userinfo(&app, tokens["access_token"].as_str().unwrap());
    assert_eq!(
        (status, info["email"].as_str()),
        (Status::Ok, Some(admin.email.as_str()))
    );
}

#[test]
fn a_public_app_trades_its_code_with_pkce_and_no_secret_and_never_without_the_verifier() {
    let (app, admin) = signed_in_admin();
    let (client_id, secret) = registered(&app, "Desk", &[("client_type", "public")]);
    assert_eq!(secret, "", "a public app has no secret");
    let ask = authorize_uri(&client_id, "openid email", "s");
    let trade = |code: &str, verifier: Option<&str>| {
        let mut fields = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", CALLBACK),
            ("client_id", client_id.as_str()),
        ];
        if let Some(verifier) = verifier {
            fields.push(("code_verifier", verifier));
        }
        exchange_by_form(&app, &fields)
    };
    // Without the verifier: refused.
    let code = code_from(&app, &ask);
    let (status, body) = trade(&code, None);
    assert_eq!(
        (status, body["error"].as_str()),
        (Status::BadRequest, Some("invalid_grant")),
        "{body}"
    );
    assert!(body.get("access_token").is_none());
    // With it (a fresh code): tokens, with no secret.
    let code = code_from(&app, &ask);
    let (status, tokens) = trade(&code, Some(VERIFIER));
    assert_eq!(status, Status::Ok, "{tokens}");
    let claims = verified(&app, tokens["id_token"].as_str().unwrap());
    assert_eq!(claims["aud"], client_id.as_str());
    assert_eq!(claims["email"], admin.email.as_str());
    // And it cannot ask for a code without a challenge.
    let response = app.get(&format!(
        "/oauth2/authorize?response_type=code&client_id={client_id}&redirect_uri={}&scope=openid&state=s",
        encode(CALLBACK)
    ));
    assert_eq!(query_of(&location(&response))["error"], "invalid_request");
}

#[test]
fn an_app_with_pkce_turned_off_trades_a_code_without_a_challenge_or_verifier() {
    let (app, admin) = signed_in_admin();
    let (client_id, secret) = registered(&app, "Grafana", &[("pkce", "false")]);
    assert_eq!(
        app.sql_one("SELECT CAST(pkce AS INTEGER) FROM apps WHERE name = 'Grafana'"),
        "0"
    );
    let ask = format!(
        "/oauth2/authorize?response_type=code&client_id={client_id}&redirect_uri={}&scope={}&state=s&nonce=n1",
        encode(CALLBACK),
        encode("openid email")
    );
    let code = code_from(&app, &ask);
    let (status, tokens, _) = exchange(
        &app,
        &client_id,
        &secret,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", CALLBACK),
        ],
    );
    assert_eq!(status, Status::Ok, "{tokens}");
    let claims = verified(&app, tokens["id_token"].as_str().unwrap());
    assert_eq!(claims["email"], admin.email.as_str());
    assert_eq!(claims["nonce"], "n1");
}

#[test]
fn userinfo_answers_a_post_as_it_answers_a_get() {
    let (app, admin) = signed_in_admin();
    let (client_id, secret) = registered(&app, "Wiki", &[]);
    let tokens = tokens_for(&app, &client_id, &secret, "openid profile email groups");
    let access = tokens["access_token"].as_str().unwrap();
    let (status, by_get) = userinfo(&app, access);
    assert_eq!(status, Status::Ok, "{by_get}");
    let (status, by_post) = userinfo_by(&app, rocket::http::Method::Post, access);
    assert_eq!(status, Status::Ok, "{by_post}");
    assert_eq!(by_post, by_get);
    let subject = app.sql_one(&format!("SELECT subject FROM users WHERE id = {}", admin.id));
    assert_eq!(by_post["sub"], subject.as_str());
    assert_eq!(by_post["email"], admin.email.as_str());
    assert_eq!(by_post["name"], admin.name.as_str());
    assert_eq!(by_post["groups"], serde_json::json!([]));
    // A token that is not one: refused by POST too.
    assert_eq!(
        userinfo_by(&app, rocket::http::Method::Post, "not-a-token").0,
        Status::Unauthorized
    );
}

#[test]
fn the_profile_and_email_scopes_give_preferred_username_and_email_verified() {
    let (app, admin) = signed_in_admin();
    let (client_id, secret) = registered(&app, "Wiki", &[]);
    let tokens = tokens_for(&app, &client_id, &secret, "openid profile email");
    let id_token = verified(&app, tokens["id_token"].as_str().unwrap());
    let (status, info) = userinfo(&app, tokens["access_token"].as_str().unwrap());
    assert_eq!(status, Status::Ok);
    for (what, claims) in [("ID token", &id_token), ("userinfo", &info)] {
        let username = claims["preferred_username"].as_str();
        assert!(username.is_some_and(|u| !u.is_empty()), "{what}: {claims}");
        assert!(claims["email_verified"].is_boolean(), "{what}: {claims}");
        assert_eq!(claims["email"], admin.email.as_str(), "{what}");
        assert_eq!(claims["name"], admin.name.as_str(), "{what}");
    }
    // Discovery lists them.
    let discovery: Value =
        serde_json::from_str(&app.get("/.well-known/openid-configuration").into_string().unwrap()).unwrap();
    let supported = discovery["claims_supported"].as_array().unwrap();
    for claim in ["preferred_username", "email_verified"] {
        assert!(supported.iter().any(|c| c == claim), "{claim}: {discovery}");
    }
}

#[test]
fn the_token_lifetimes_come_from_the_settings() {
    let clock = Clock::manual(now());
    let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let db = fresh_database(dir.path());
    let figment = test_figment()
        .merge(("public_url", ISSUER))
        .merge(("oidc_access_lifetime", "5m"))
        .merge(("oidc_refresh_lifetime", "1h"));
    let app = TestApp::on_clock(dir, db, figment, clock);
    let admin = app.admin();
    app.sign_in(&admin);
    let (client_id, secret) = registered(&app, "Grafana", &[("refresh", "true")]);
    let tokens = tokens_for(&app, &client_id, &secret, "openid offline_access");
    assert_eq!(tokens["expires_in"], 300, "{tokens}");
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    // The access token lives five minutes.
    app.clock.advance(299);
    assert_eq!(userinfo(&app, &access).0, Status::Ok);
    app.clock.advance(2);
    assert_eq!(userinfo(&app, &access).0, Status::Unauthorized);
    // A refresh token unused for less than an hour still works, and its
    // answer says the same five minutes.
    app.clock.advance(3_599 - 301);
    let (status, second) = refresh(
        &app,
        &client_id,
        &secret,
        tokens["refresh_token"].as_str().unwrap(),
        None,
    );
    assert_eq!(status, 200, "{second}");
    assert_eq!(second["expires_in"], 300, "{second}");
    // The one it gave, unused for more than an hour, does not.
    app.clock.advance(3_601);
    let (status, third) = refresh(
        &app,
        &client_id,
        &secret,
        second["refresh_token"].as_str().unwrap(),
        None,
    );
    assert_eq!(
        (status, third["error"].as_str()),
        (400, Some("invalid_grant")),
        "{third}"
    );
}
