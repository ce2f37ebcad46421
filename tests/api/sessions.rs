//! Sessions: the cookie's attributes, a new token at every sign-in, sign-out
//! that ends the session on the server, the key that survives a restart.

use rocket::http::{Cookie, Status};

use crate::helpers::*;

#[test]
fn the_session_cookie_is_private_httponly_lax_and_ends_with_the_browser() {
    let app = TestApp::new();
    let user = app.member();
    let response = app.sign_in_with(&user.email, PASSWORD, false);
    let cookie = set_cookie(&response, "gatehouse_session").expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(
        !cookie.contains("Expires") && !cookie.contains("Max-Age"),
        "a browser-session cookie: {cookie}"
    );
    assert!(!cookie.contains("Secure"), "no TLS here: {cookie}");
    // The value is encrypted: the token itself is not readable, and the
    // database holds only its hash.
    let raw = app.cookie("gatehouse_session").unwrap();
    let token = app
        .client
        .cookies()
        .get_private("gatehouse_session")
        .unwrap()
        .value()
        .to_owned();
    assert_ne!(raw, token);
    assert_eq!(token.len(), 64, "256 random bits");
    let stored = app.sql("SELECT token_hash, csrf_token, user_agent, address FROM sessions");
    assert_eq!(stored[0][0], hex_text(&gatehouse::security::tokens::hash_token(&token)));
    let plain = stored.iter().flatten().filter(|value| value.contains(&token)).count();
    assert_eq!(plain, 0, "the token is not stored in the clear");
}

#[test]
fn remember_me_gives_a_lasting_cookie() {
    let app = TestApp::new();
    let user = app.member();
    let response = app.sign_in_with(&user.email, PASSWORD, true);
    let cookie = set_cookie(&response, "gatehouse_session").unwrap();
    assert!(cookie.contains(&format!("Max-Age={}", 30 * 86_400)), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
}

#[test]
fn every_sign_in_gets_a_new_token_and_ends_the_old_session() {
    let app = TestApp::new();
    let user = app.member();
    app.sign_in(&user);
    let first = app.cookie("gatehouse_session").unwrap();
    let first_token = app
        .client
        .cookies()
        .get_private("gatehouse_session")
        .unwrap()
        .value()
        .to_owned();
    app.sign_in(&user);
    let second_token = app
        .client
        .cookies()
        .get_private("gatehouse_session")
        .unwrap()
        .value()
        .to_owned();
    assert_ne!(first_token, second_token);
    let old = app
        .client
        .get("/users")
        .cookie(Cookie::new("gatehouse_session", first))
        .dispatch();
    assert_eq!(old.status(), Status::SeeOther, "the replaced session no longer works");
}

#[test]
fn sign_out_ends_the_session_on_the_server() {
    let app = TestApp::new();
    let user = app.member();
    app.sign_in(&user);
    let copied = app.cookie("gatehouse_session").unwrap();

    let response = app.sign_out();
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/login");
    drop(response);
    let sessions = app.sql_count("SELECT count(*) FROM sessions");
    assert_eq!(sessions, 0);
    assert_eq!(app.get("/users").status(), Status::SeeOther);
    assert!(app
        .get("/login")
        .into_string()
        .unwrap()
        .contains("You have signed out."));

    // A copy of the cookie taken before signing out is worthless now.
    let replay = app
        .client
        .get("/users")
        .cookie(Cookie::new("gatehouse_session", copied))
        .dispatch();
    assert_eq!(replay.status(), Status::SeeOther);
    assert_eq!(location(&replay), "/login?next=%2Fusers");
}

#[test]
fn sign_out_needs_a_signed_in_user() {
    let app = TestApp::new();
    let token = app.csrf("/login");
    let response = app.post("/logout", &[("csrf_token", &token)]);
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/login");
}

#[test]
fn sessions_survive_a_restart_on_the_same_database() {
    let app = TestApp::new();
    let user = app.member();
    app.sign_in(&user);
    let copied = app.cookie("gatehouse_session").unwrap();
    let app = app.restart();
    let response = app
        .client
        .get("/users")
        .cookie(Cookie::new("gatehouse_session", copied))
        .dispatch();
    assert_eq!(response.status(), Status::Ok);
    assert!(response.into_string().unwrap().contains(&user.name));
}

#[test]
fn the_cookie_key_is_generated_once_and_kept_in_the_database() {
    let app = TestApp::new();
    let key = |app: &TestApp| -> String { app.sql_one("SELECT value FROM settings WHERE key = 'secret_key'") };
    let first = key(&app);
    assert_eq!(first.len(), 64);
    let app = app.restart();
    assert_eq!(key(&app), first);
}

#[test]
fn a_configured_secret_key_wins_over_the_stored_one() {
    let app = TestApp::new();
    let user = app.member();
    app.sign_in(&user);
    let copied = app.cookie("gatehouse_session").unwrap();
    let configured = test_figment().merge(("secret_key", "ab".repeat(32)));
    let app = app.restart_with(configured);
    let response = app
        .client
        .get("/users")
        .cookie(Cookie::new("gatehouse_session", copied))
        .dispatch();
    assert_eq!(
        response.status(),
        Status::SeeOther,
        "a cookie sealed with the stored key does not open"
    );
    drop(response);
    app.sign_in(&user);
    assert_eq!(app.get("/users").status(), Status::Ok);
}

#[test]
fn an_expired_session_sends_the_user_to_sign_in() {
    let app = TestApp::new();
    let user = app.member();
    app.sign_in(&user);
    app.sql("UPDATE sessions SET expires_at = 0");
    assert_eq!(app.get("/users").status(), Status::SeeOther);
}

#[test]
fn an_idle_session_ends_but_a_remembered_one_lasts() {
    let app = TestApp::new();
    let user = app.member();
    app.sign_in(&user);
    let nine_hours_ago = gatehouse::clock::Clock::system().now() - 9 * 3600;
    app.sql(&format!("UPDATE sessions SET last_seen_at = {nine_hours_ago}"));
    assert_eq!(app.get("/users").status(), Status::SeeOther);

    assert_eq!(app.sign_in_with(&user.email, PASSWORD, true).status(), Status::SeeOther);
    app.sql(&format!("UPDATE sessions SET last_seen_at = {nine_hours_ago}"));
    assert_eq!(app.get("/users").status(), Status::Ok);
}

#[test]
fn sessions_end_when_the_app_clock_says_so() {
    let clock = gatehouse::clock::Clock::manual(1_800_000_000);
    let app = TestApp::with_clock(clock.clone());
    let user = app.member();
    app.sign_in(&user);
    let remembered = app.another_browser();
    assert_eq!(
        remembered.sign_in_with(&user.email, PASSWORD, true).status(),
        Status::SeeOther
    );
    // Seven hours of use, a request every hour: both stay signed in.
    for _ in 0..7 {
        clock.advance(3600);
        assert_eq!(app.get("/users").status(), Status::Ok);
    }
    // Nine idle hours end the one without "remember me" only.
    clock.advance(9 * 3600);
    assert_eq!(app.get("/users").status(), Status::SeeOther);
    assert_eq!(remembered.get("/users").status(), Status::Ok);
    // The absolute limit does not apply to a remembered session; 30 days do.
    clock.advance(30 * 86_400);
    assert_eq!(remembered.get("/users").status(), Status::SeeOther);
}

#[test]
fn the_client_address_is_not_taken_from_a_header() {
    let app = TestApp::new();
    let user = app.member();
    let token = app.csrf("/login");
    let response = app
        .client
        .post("/login")
        .header(rocket::http::ContentType::Form)
        .header(rocket::http::Header::new("X-Real-IP", "6.6.6.6"))
        .body(encode(&[
            ("email", &user.email),
            ("password", PASSWORD),
            ("csrf_token", &token),
        ]))
        .dispatch();
    assert_eq!(response.status(), Status::SeeOther);
    let address = app.sql_one("SELECT address FROM sessions");
    assert_ne!(address, "6.6.6.6");
}

#[test]
fn expired_sessions_are_purged() {
    let app = TestApp::new();
    let user = app.member();
    app.sql(&format!(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, persistent, created_at, last_seen_at, expires_at)
         VALUES ({}, {id}, 'a', TRUE, 0, 0, 1), ({}, {id}, 'b', FALSE, 0, 0, 9999999999)",
        bytes_sql(&[1]),
        bytes_sql(&[2]),
        id = user.id
    ));
    app.sign_in(&user);
    let left = app.sql_count("SELECT count(*) FROM sessions");
    assert_eq!(
        left, 1,
        "only the new session remains: one had expired, one was idle too long"
    );
}

#[test]
fn signing_in_again_over_a_temporary_password_session_ends_it() {
    let app = TestApp::new();
    let user = app.member();
    app.sql("UPDATE users SET must_change_password = TRUE");
    app.sign_in(&user);
    let token = app.csrf("/login");
    let response = app.post(
        "/login",
        &[("email", &user.email), ("password", PASSWORD), ("csrf_token", &token)],
    );
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    let sessions = app.sql_count("SELECT count(*) FROM sessions");
    assert_eq!(sessions, 1, "the earlier session was replaced, not left behind");
}

#[test]
fn the_account_page_lists_only_live_sessions() {
    let app = TestApp::new();
    let user = app.member();
    let old = app.another_browser();
    old.sign_in(&user);
    app.sql("UPDATE sessions SET last_seen_at = 0");
    app.sign_in(&user);
    let html = app.get("/account").into_string().unwrap();
    assert_eq!(html.matches("<td data-label=\"Device\">").count(), 1, "{html}");
}
