//! Cross-site request forgery: a state-changing POST without the right token
//! is answered 403 and changes nothing.

use rocket::http::Status;

use crate::helpers::*;

#[test]
fn sign_in_without_or_with_a_wrong_token_is_refused() {
    let app = TestApp::new();
    let user = app.member();
    app.csrf("/login");
    for fields in [
        vec![("email", user.email.as_str()), ("password", PASSWORD)],
        vec![
            ("email", user.email.as_str()),
            ("password", PASSWORD),
            ("csrf_token", ""),
        ],
        vec![
            ("email", user.email.as_str()),
            ("password", PASSWORD),
            ("csrf_token", &"0".repeat(64)),
        ],
    ] {
        let response = app.post("/login", &fields);
        assert_eq!(response.status(), Status::Forbidden);
        assert!(set_cookie(&response, "gatehouse_session").is_none());
        let html = response.into_string().unwrap();
        assert!(html.contains("reload the page and try again"), "{html}");
    }
    assert_eq!(app.get("/users").status(), Status::SeeOther, "not signed in");
}

#[test]
fn a_browser_without_the_form_cookie_is_refused() {
    let app = TestApp::new();
    let user = app.member();
    let token = app.csrf("/login");
    // Another browser (no pre-session cookie) posting a token it saw.
    let other = app.another_browser();
    let response = other.post(
        "/login",
        &[("email", &user.email), ("password", PASSWORD), ("csrf_token", &token)],
    );
    assert_eq!(response.status(), Status::Forbidden);
}

#[test]
fn sign_out_without_the_session_token_is_refused_and_the_session_lives() {
    let app = TestApp::new();
    let pre_session = app.csrf("/login");
    app.sign_in(&app.member());
    assert!(
        app.client.cookies().get_private("gatehouse_csrf").is_some(),
        "the pre-session token is still in the browser"
    );
    for token in ["", pre_session.as_str(), &"f".repeat(64)] {
        let response = app.post("/logout", &[("csrf_token", token)]);
        assert_eq!(response.status(), Status::Forbidden, "{token:?}");
    }
    assert_eq!(app.get("/users").status(), Status::Ok, "still signed in");
}

#[test]
fn each_session_has_its_own_token() {
    let app = TestApp::new();
    let user = app.member();
    app.sign_in(&user);
    let first = app.csrf("/users");
    app.sign_in(&user);
    let second = app.csrf("/users");
    assert_ne!(first, second, "a new session, a new token");
    assert_eq!(
        app.post("/logout", &[("csrf_token", &first)]).status(),
        Status::Forbidden
    );
    assert_eq!(
        app.post("/logout", &[("csrf_token", &second)]).status(),
        Status::SeeOther
    );
}

/// The token is never on a page as it is: each response carries it masked
/// by a pad of its own, so compressed beside text the request chose (the
/// address in the footer's language form), its characters cannot be read
/// from response sizes, as they could before (gzip and brotli alike).
#[test]
fn every_page_carries_the_token_masked_afresh() {
    let app = TestApp::new();
    let user = app.member();
    app.sign_in(&user);
    let stored = app.sql_one("SELECT csrf_token FROM sessions");
    let padded = format!("/account?q={}", "a".repeat(5000));
    let pages: Vec<String> = ["/account", "/account", &padded, "/users", "/users", "/no/such/page"]
        .iter()
        .map(|uri| app.get(uri).into_string().unwrap())
        .collect();
    let tokens: Vec<String> = pages.iter().map(|html| csrf_in(html).unwrap()).collect();
    for (html, token) in pages.iter().zip(&tokens) {
        assert!(!html.contains(&stored), "the session's token as it is");
        assert_eq!(tokens.iter().filter(|t| *t == token).count(), 1, "a token seen twice");
    }
    // Every one of them is good for the session's forms.
    for token in &tokens {
        let response = app.post("/account", &[("name", "Max Member"), ("csrf_token", token)]);
        assert_eq!(response.status(), Status::SeeOther);
    }
    assert_eq!(
        app.post("/account", &[("name", "M"), ("csrf_token", &stored)]).status(),
        Status::Forbidden
    );
}

#[test]
fn a_post_that_is_not_a_form_is_refused() {
    let app = TestApp::new();
    let response = app
        .client
        .post("/login")
        .header(rocket::http::ContentType::JSON)
        .body(r#"{"email":"a@b","password":"x"}"#)
        .dispatch();
    assert_eq!(response.status(), Status::UnsupportedMediaType);
}

#[test]
fn a_form_with_a_valid_token_but_missing_fields_gets_a_clear_page() {
    let app = TestApp::new();
    let token = app.csrf("/login");
    let response = app.post("/login", &[("csrf_token", &token)]);
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(response.into_string().unwrap().contains("Some of the form was missing"));
}

#[test]
fn cross_site_posts_are_refused_by_origin_and_fetch_metadata() {
    let app = TestApp::new();
    let user = app.member();
    let token = app.csrf("/login");
    let body = encode(&[("email", &user.email), ("password", PASSWORD), ("csrf_token", &token)]);
    let post = |headers: &[(&'static str, &'static str)]| {
        let mut request = app
            .client
            .post("/login")
            .header(rocket::http::ContentType::Form)
            .body(body.clone());
        for (name, value) in headers {
            request = request.header(rocket::http::Header::new(*name, *value));
        }
        request.dispatch().status()
    };
    assert_eq!(
        post(&[("Host", "localhost:8000"), ("Origin", "http://evil.example")]),
        Status::Forbidden
    );
    assert_eq!(
        post(&[("Host", "localhost:8000"), ("Origin", "null")]),
        Status::Forbidden
    );
    assert_eq!(
        post(&[("Host", "localhost:8000"), ("Sec-Fetch-Site", "cross-site")]),
        Status::Forbidden
    );
    assert_eq!(
        post(&[
            ("Host", "localhost:8000"),
            ("Origin", "null"),
            ("Sec-Fetch-Site", "cross-site")
        ]),
        Status::Forbidden
    );
    assert_eq!(app.get("/users").status(), Status::SeeOther, "none of them signed in");
    // A form on a no-referrer page (the invitation and reset forms): the
    // browser sends Origin: null, and says the request is its own.
    assert_eq!(
        post(&[
            ("Host", "localhost:8000"),
            ("Origin", "null"),
            ("Sec-Fetch-Site", "same-origin")
        ]),
        Status::SeeOther
    );
    app.sign_out();
    assert_eq!(
        post(&[
            ("Host", "localhost:8000"),
            ("Origin", "http://localhost:8000"),
            ("Sec-Fetch-Site", "same-origin")
        ]),
        Status::SeeOther
    );
}
