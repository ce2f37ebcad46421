//! Bad input everywhere: every query parameter, path id and form field is
//! sent a corpus of hostile values (NUL and other control characters,
//! invalid and overlong UTF-8 escapes, lone surrogates, full-text operators
//! and quotes, 5,000 characters). Each answer is a page, a redirect or a
//! 4xx, never a 5xx, and the server goes on answering.

use rocket::http::{ContentType, Status};
use rocket::local::blocking::LocalResponse;

use crate::helpers::*;

/// Hostile values, already percent-encoded as they travel in a URL or a form body.
fn corpus() -> Vec<String> {
    let mut values: Vec<String> = [
        // NUL and other control characters, alone and inside text.
        "%00",
        "ab%00c",
        "%00%00%00",
        "abc%00",
        "a%01b%1Fc%7F",
        "%0D%0ASet-Cookie:%20x=1",
        "%09tab%0B%0C",
        "%C2%85next%E2%80%A8line",
        // Invalid, overlong and surrogate UTF-8.
        "%FF",
        "%FE%FF",
        "%C0%AF",
        "%C0%80",
        "%E0%80%AF",
        "%ED%A0%80",
        "%ED%BF%BF",
        "a%ED%A0%80b",
        "%F4%90%80%80",
        "%F8%88%80%80%80",
        // Broken escapes.
        "%",
        "%2",
        "%ZZ",
        "%%",
        // Full-text operators, quotes and wildcards.
        "%22",
        "%22%22%22",
        "a%22b",
        "%22abc",
        "'",
        "'--",
        "abc%20AND%20def",
        "OR%20NOT%20x",
        "NEAR(abc%20def)",
        "*",
        "abc*",
        "%5Eabc",
        "name:abc",
        "%22a%22%20OR%20%22b%22",
        "(abc",
        "abc)",
        "%2B-",
        "%25%25%25",
        "___",
        "%5C%5C%5C",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        // Numbers that are not ids or pages.
        "-1",
        "0",
        "99999999999999999999999",
        "1e9",
    ]
    .iter()
    .map(|v| v.to_string())
    .collect();
    values.push("x".repeat(5000));
    values.push("%C3%A9".repeat(5000));
    values.push("%00".repeat(5000));
    values.push("%22".repeat(5000));
    values
}

/// A form's fields and their valid values.
type Fields<'a> = Vec<(&'a str, &'a str)>;

fn assert_answered(response: LocalResponse<'_>, what: &str) {
    let status = response.status();
    assert!(status.code < 500, "{what} answered {status}");
    if status.code >= 400 {
        let html = response.into_string().unwrap_or_default();
        assert!(
            html.is_empty() || html.contains("<html"),
            "{what}: a {status} must be a page in the layout: {html}"
        );
    }
}

/// A form body: `fields` encoded, then `field` with the raw `value`.
fn body(fields: &[(&str, &str)], field: &str, value: &str, token: &str) -> String {
    let mut kept: Vec<(&str, &str)> = fields.iter().filter(|(k, _)| *k != field).copied().collect();
    kept.push(("csrf_token", token));
    format!("{}&{field}={value}", encode(&kept))
}

fn post_raw<'c>(app: &'c TestApp, uri: &str, body: String) -> LocalResponse<'c> {
    app.client
        .post(uri.to_owned())
        .header(ContentType::Form)
        .body(body)
        .dispatch()
}

#[test]
fn hostile_values_never_get_a_5xx() {
    let app = TestApp::new();
    let admin = app.admin();
    let member = app.member();
    let corpus = corpus();
    let setup = app.another_browser();
    let token = gatehouse::service::setup::token(&app.service()).unwrap();
    assert!(token.is_none(), "an admin exists: setup is closed");

    // Anonymous pages and their parameters.
    for value in &corpus {
        for uri in [
            format!("/login?next={value}"),
            format!("/setup?token={value}"),
            format!("/users?q={value}"),
            format!("/assets/{value}"),
        ] {
            assert_answered(setup.get(&uri), &uri);
        }
    }

    app.sign_in(&admin);
    for value in &corpus {
        for uri in [
            format!("/users?q={value}"),
            format!("/users?page={value}"),
            format!("/users?page=2&after={value}"),
            format!("/users?q={value}&page={value}&after={value}"),
            format!("/audit?page={value}"),
            format!("/account/password?next={value}"),
            format!("/login?next={value}"),
            format!("/users/{value}/edit"),
            format!("/users/{value}/delete"),
        ] {
            assert_answered(app.get(&uri), &uri);
        }
    }

    let user_form = [
        ("name", "Fuzz Target"),
        ("email", "fuzz@example.com"),
        ("password", "a long enough password"),
        ("role", "member"),
        ("active", "true"),
    ];
    let forms: Vec<(String, String, Fields<'_>)> = vec![
        ("/users/new".into(), "/users".into(), user_form.to_vec()),
        (
            format!("/users/{}/edit", member.id),
            format!("/users/{}", member.id),
            user_form.to_vec(),
        ),
        ("/account".into(), "/account".into(), vec![("name", "Ada Admin")]),
        (
            "/account".into(),
            "/account/password".into(),
            // A wrong current password: nothing is changed, every field is still read.
            vec![
                ("current_password", "not the password"),
                ("new_password", "another long password"),
                ("new_password_confirm", "another long password"),
                ("next", "/users"),
            ],
        ),
    ];
    for (page, uri, fields) in &forms {
        for (field, _) in fields.iter().chain([("csrf_token", "")].iter()) {
            for value in &corpus {
                let token = app.csrf(page);
                let token = if *field == "csrf_token" {
                    value.as_str()
                } else {
                    token.as_str()
                };
                let response = post_raw(&app, uri, body(fields, field, value, token));
                assert_answered(response, &format!("POST {uri} with {field}={value:.40}"));
            }
        }
    }
    for uri in [
        format!("/users/{}/delete", member.id),
        format!("/users/{}/unlock", member.id),
        "/account/sessions/revoke-others".to_owned(),
    ] {
        for value in &corpus {
            let response = post_raw(&app, &uri, format!("csrf_token={value}"));
            assert_answered(response, &format!("POST {uri} with csrf_token={value:.40}"));
        }
    }

    // Sign-in and setup forms, from a browser that is not signed in; the
    // right password with a hostile `next` signs in and goes home.
    let anonymous = app.another_browser();
    let login = [
        ("email", member.email.as_str()),
        ("password", PASSWORD),
        ("remember", "true"),
        ("next", "/users"),
    ];
    for (field, _) in &login {
        for value in &corpus {
            let token = anonymous.csrf("/login");
            let response = post_raw(&anonymous, "/login", body(&login, field, value, &token));
            assert_answered(response, &format!("POST /login with {field}={value:.40}"));
            anonymous.client.cookies().remove_private("gatehouse_session");
        }
    }
    let setup_form = [
        ("name", "Ada"),
        ("email", "ada@example.com"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ];
    for (field, _) in &setup_form {
        for value in &corpus {
            let token = setup.csrf("/login");
            let response = post_raw(&setup, "/setup?token=x", body(&setup_form, field, value, &token));
            assert_answered(response, &format!("POST /setup with {field}={value:.40}"));
        }
    }

    // Still serving, still signing people in.
    assert_eq!(app.get("/healthz").status(), Status::Ok);
    assert_eq!(app.get("/users").status(), Status::Ok);
    let fresh = app.another_browser();
    assert_eq!(
        fresh.sign_in_with(&admin.email, PASSWORD, false).status(),
        Status::SeeOther
    );
}

#[test]
fn a_search_with_a_nul_byte_finds_nobody_and_says_so() {
    let app = TestApp::new();
    let admin = app.admin();
    app.sign_in(&admin);
    for q in ["ab%00c", "Ada%00", "%00%00%00%00"] {
        let response = app.get(&format!("/users?q={q}"));
        assert_eq!(response.status(), Status::Ok, "{q}");
        let html = response.into_string().unwrap();
        assert!(!html.contains("admin@example.com"), "{q}: nobody matches");
    }
    // The same search without the NUL still finds Ada.
    let html = app.get("/users?q=Ada").into_string().unwrap();
    assert!(html.contains("admin@example.com"));
}
