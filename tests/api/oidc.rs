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
    let app = oidc_app();
    let admin = app.admin();
    app.sign_in(&admin);
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
