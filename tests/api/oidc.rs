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
