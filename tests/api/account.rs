//! One's own account: name, password (which ends the other sessions and
//! keeps this one with a new token), and the list of sessions.

use rocket::http::{Cookie, Status};

use crate::helpers::*;

#[test]
fn the_account_page_shows_the_profile_and_sessions() {
    let app = TestApp::new();
    let member = app.member();
    app.sign_in(&member);
    let other = app.another_browser();
    other.sign_in(&member);
    let response = app.get("/account");
    assert_eq!(response.status(), Status::Ok);
    let html = response.into_string().unwrap();
    assert!(html.contains("member@example.com") && html.contains(r#"value="Max Member""#));
    assert!(html.contains("this browser"));
    assert_eq!(
        html.matches("<td data-label=\"Device\">").count(),
        2,
        "two sessions listed"
    );
}

#[test]
fn a_member_changes_their_name() {
    let app = TestApp::new();
    let member = app.member();
    app.sign_in(&member);
    let response = app.submit("/account", "/account", &[("name", "  Max Moved ")]);
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/account");
    drop(response);
    let html = app.get("/account").into_string().unwrap();
    assert!(html.contains("Your name and language were saved.") && html.contains(r#"value="Max Moved""#));

    let bad = app.submit("/account", "/account", &[("name", "   ")]);
    assert_eq!(bad.status(), Status::UnprocessableEntity);
    assert!(bad.into_string().unwrap().contains("Enter a name."));
}

#[test]
fn changing_the_password_needs_the_current_one() {
    let app = TestApp::new();
    let member = app.member();
    app.sign_in(&member);
    let response = app.submit(
        "/account",
        "/account/password",
        &[
            ("current_password", "not it at all"),
            ("new_password", "a new password"),
        ],
    );
    assert_eq!(response.status(), Status::UnprocessableEntity);
    let html = response.into_string().unwrap();
    assert!(html.contains("That is not your current password.") && !html.contains("a new password\""));
    let weak = app.submit(
        "/account",
        "/account/password",
        &[("current_password", PASSWORD), ("new_password", "short")],
    );
    assert_eq!(weak.status(), Status::UnprocessableEntity);
    assert!(weak.into_string().unwrap().contains("at least 8 characters"));
    drop(app.get("/users"));
    assert_eq!(
        app.another_browser()
            .sign_in_with(&member.email, PASSWORD, false)
            .status(),
        Status::SeeOther,
        "unchanged"
    );
}

#[test]
fn a_new_password_ends_other_sessions_and_keeps_this_one_with_a_new_token() {
    let app = TestApp::new();
    let member = app.member();
    app.sign_in(&member);
    let old_cookie = app.cookie("gatehouse_session").unwrap();
    let phone = app.another_browser();
    phone.sign_in(&member);

    let response = app.submit(
        "/account",
        "/account/password",
        &[
            ("current_password", PASSWORD),
            ("new_password", "a better password"),
            ("new_password_confirm", "a better password"),
        ],
    );
    assert_eq!(response.status(), Status::SeeOther);
    assert!(set_cookie(&response, "gatehouse_session").is_some(), "a new token");
    drop(response);
    let html = app.get("/account").into_string().unwrap();
    assert!(
        html.contains("Your password was changed, and your other session was signed out."),
        "{html}"
    );
    assert_eq!(app.get("/users").status(), Status::Ok, "this browser stays signed in");
    assert_eq!(
        phone.get("/users").status(),
        Status::SeeOther,
        "the other one is signed out"
    );
    let replay = app
        .client
        .get("/users")
        .cookie(Cookie::new("gatehouse_session", old_cookie))
        .dispatch();
    assert_eq!(replay.status(), Status::SeeOther, "the old token is dead");
    assert_eq!(
        phone.sign_in_with(&member.email, "a better password", false).status(),
        Status::SeeOther
    );
    let events: Vec<String> = app
        .sql("SELECT event || ' ' || detail FROM audit WHERE event IN ('password_changed', 'sessions_ended') ORDER BY id")
        .into_iter()
        .map(|row| row[0].clone())
        .collect();
    assert_eq!(
        events,
        [
            "password_changed ",
            r#"sessions_ended {"kind":"other-sessions","count":1}"#
        ]
    );
}

#[test]
fn a_temporary_password_must_be_replaced_before_anything_else() {
    let app = TestApp::new();
    let admin = app.admin();
    app.sign_in(&admin);
    app.submit(
        "/users/new",
        "/users",
        &[
            ("name", "Tia Temp"),
            ("email", "tia@example.com"),
            ("password", "temporary pass"),
            ("role", "member"),
        ],
    );

    let tia = app.another_browser();
    let response = tia.sign_in_with("tia@example.com", "temporary pass", false);
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    for (page, remembered) in [
        ("/", "%2F"),
        ("/users", "%2Fusers"),
        ("/account", "%2Faccount"),
        ("/users?q=x", "%2Fusers%3Fq%3Dx"),
    ] {
        let response = tia.get(page);
        assert_eq!(response.status(), Status::SeeOther, "{page}");
        assert_eq!(
            location(&response),
            format!("/account/password?next={remembered}"),
            "{page}"
        );
    }
    let form = tia
        .get("/account/password?next=%2Fusers%3Fq%3Dx")
        .into_string()
        .unwrap();
    assert!(
        form.contains(r#"<input type="hidden" name="next" value="/users?q=x">"#),
        "{form}"
    );
    let form = tia.get("/account/password");
    assert_eq!(form.status(), Status::Ok);
    assert!(form.into_string().unwrap().contains("Choose your own password"));
    let token = tia.csrf("/account/password");
    assert_eq!(
        tia.post("/account", &[("csrf_token", &token), ("name", "Sneaky")])
            .status(),
        Status::SeeOther
    );

    let response = tia.submit(
        "/account/password",
        "/account/password",
        &[
            ("current_password", "temporary pass"),
            ("new_password", "my own password"),
            ("next", "//evil.example/x"),
        ],
    );
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/", "never off the site");
    drop(response);
    assert_eq!(tia.get("/users").status(), Status::Ok, "free to go on");
    let name = app.sql_one("SELECT name FROM users WHERE email = 'tia@example.com'");
    assert_eq!(name, "Tia Temp", "nothing else could be changed before");
}

#[test]
fn a_temporary_password_is_asked_for_first_and_the_sign_in_goes_on_where_it_was_going() {
    let app = TestApp::new();
    let member = app.member();
    app.sql("UPDATE users SET must_change_password = TRUE");
    let token = app.csrf("/login");
    let response = app.post(
        "/login",
        &[
            ("csrf_token", &token),
            ("email", &member.email),
            ("password", PASSWORD),
            ("next", "/users?page=2"),
        ],
    );
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(
        location(&response),
        "/account/password?next=%2Fusers%3Fpage%3D2",
        "straight to the step the office requires, carrying the destination"
    );
    drop(response);
    let response = app.submit(
        "/account/password?next=%2Fusers%3Fpage%3D2",
        "/account/password",
        &[
            ("current_password", PASSWORD),
            ("new_password", "my very own password"),
            ("next", "/users?page=2"),
        ],
    );
    assert_eq!(location(&response), "/users?page=2");
}

#[test]
fn a_temporary_password_blocks_admin_pages_too() {
    let app = TestApp::new();
    let admin = app.admin();
    app.sql("UPDATE users SET must_change_password = TRUE");
    app.sign_in(&admin);
    let response = app.get("/users/new");
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/account/password?next=%2Fusers%2Fnew");
    assert_eq!(app.sign_out().status(), Status::SeeOther, "signing out still works");
}

#[test]
fn one_session_or_every_other_can_be_signed_out() {
    let app = TestApp::new();
    let member = app.member();
    app.sign_in(&member);
    let laptop = app.another_browser();
    laptop.sign_in(&member);
    let phone = app.another_browser();
    phone.sign_in(&member);
    let ids: Vec<i64> = app
        .sql("SELECT id FROM sessions ORDER BY id")
        .into_iter()
        .map(|row| row[0].parse().unwrap())
        .collect();
    let html = app.get("/account").into_string().unwrap();
    assert!(html.contains("Sign out everywhere else"));

    let response = app.submit("/account", &format!("/account/sessions/{}/revoke", ids[1]), &[]);
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    assert_eq!(
        laptop.get("/users").status(),
        Status::SeeOther,
        "the laptop is signed out"
    );
    assert_eq!(phone.get("/users").status(), Status::Ok);

    let response = app.submit("/account", "/account/sessions/revoke-others", &[]);
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    assert_eq!(phone.get("/users").status(), Status::SeeOther);
    assert_eq!(app.get("/users").status(), Status::Ok, "this browser stays");
    assert!(app.get("/account").into_string().unwrap().contains("this browser"));
}

#[test]
fn someone_elses_session_cannot_be_signed_out() {
    let app = TestApp::new();
    let member = app.member();
    let admin = app.admin();
    let other = app.another_browser();
    other.sign_in(&admin);
    app.sign_in(&member);
    let admins_session = app.sql_count(&format!("SELECT id FROM sessions WHERE user_id = {}", admin.id));
    for id in [admins_session.to_string(), "abc".into(), "0".into()] {
        let response = app.submit("/account", &format!("/account/sessions/{id}/revoke"), &[]);
        assert_eq!(response.status(), Status::NotFound, "{id}");
    }
    assert_eq!(other.get("/users").status(), Status::Ok);
}
