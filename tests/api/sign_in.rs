//! Signing in: protected pages send visitors to sign in and back; right,
//! wrong and unknown credentials; `next` only to paths on this site.

use gatehouse::domain::Role;
use rocket::http::Status;

use crate::helpers::*;

#[test]
fn a_visitor_is_sent_to_sign_in_with_the_page_asked_for() {
    let app = TestApp::new();
    for (asked, next) in [
        ("/users", "%2Fusers"),
        ("/users?q=ann&page=2", "%2Fusers%3Fq%3Dann%26page%3D2"),
        ("/", "%2F"),
    ] {
        let response = app.get(asked);
        assert_eq!(response.status(), Status::SeeOther, "{asked}");
        assert_eq!(location(&response), format!("/login?next={next}"), "{asked}");
    }
}

#[test]
fn the_sign_in_page_carries_next_and_a_form_token() {
    let app = TestApp::new();
    let response = app.get("/login?next=%2Fusers%3Fq%3Dann");
    assert_eq!(response.status(), Status::Ok);
    let html = response.into_string().unwrap();
    assert!(html.contains(r#"name="next" value="/users?q=ann""#), "{html}");
    assert!(csrf_in(&html).is_some_and(|t| unmasked(&t).len() == 64));
    for field in [r#"name="email""#, r#"name="password""#, r#"name="remember""#] {
        assert!(html.contains(field), "{field}");
    }
}

#[test]
fn the_right_password_signs_in_and_returns_to_next() {
    let app = TestApp::new();
    let user = app.member();
    let token = app.csrf("/login?next=%2Fusers%3Fpage%3D1");
    let response = app.post(
        "/login",
        &[
            ("email", "  MEMBER@example.com "),
            ("password", PASSWORD),
            ("next", "/users?page=1"),
            ("csrf_token", &token),
        ],
    );
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/users?page=1");
    drop(response);
    let page = app.get("/users");
    assert_eq!(page.status(), Status::Ok);
    assert!(page.into_string().unwrap().contains(&user.name));
}

#[test]
fn without_next_sign_in_goes_home_and_home_goes_to_the_directory() {
    let app = TestApp::new();
    let user = app.member();
    let response = app.sign_in_with(&user.email, PASSWORD, false);
    assert_eq!(location(&response), "/");
    drop(response);
    let home = app.get("/");
    assert_eq!(home.status(), Status::SeeOther);
    assert_eq!(location(&home), "/users");
}

#[test]
fn wrong_password_unknown_email_and_disabled_user_get_the_same_answer() {
    let app = TestApp::new();
    let user = app.member();
    let disabled = app.create_user("gone@example.com", "Gone", Role::Member);
    app.sql(&format!("UPDATE users SET active = FALSE WHERE id = {}", disabled.id));

    let mut answers = Vec::new();
    for (email, password) in [
        (user.email.as_str(), "wrong password"),
        ("nobody@example.com", PASSWORD),
        (disabled.email.as_str(), PASSWORD),
        ("not an email", PASSWORD),
    ] {
        let response = app.sign_in_with(email, password, false);
        let status = response.status();
        assert!(
            set_cookie(&response, "gatehouse_session").is_none(),
            "{email}: no session"
        );
        let html = response.into_string().unwrap();
        assert!(
            html.contains("The email address or password is not right."),
            "{email}: {html}"
        );
        answers.push((
            status,
            tokens_unmasked(&html)
                .replace(email, "EMAIL")
                .replace(&html_escaped(email), "EMAIL"),
        ));
    }
    assert!(answers.iter().all(|(s, _)| *s == Status::UnprocessableEntity));
    assert!(
        answers.windows(2).all(|w| w[0].1 == w[1].1),
        "every failure reads the same"
    );
    // Still nobody signed in.
    assert_eq!(app.get("/users").status(), Status::SeeOther);
}

fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

#[test]
fn the_failed_form_keeps_the_email_but_never_the_password() {
    let app = TestApp::new();
    app.member();
    let html = app
        .sign_in_with("member@example.com", "my wrong secret", false)
        .into_string()
        .unwrap();
    assert!(html.contains(r#"value="member@example.com""#));
    assert!(!html.contains("my wrong secret"));
}

#[test]
fn text_past_byte_72_of_a_password_is_not_ignored() {
    let app = TestApp::new();
    let long = "p".repeat(72);
    let hash = gatehouse::security::Hasher::new(4)
        .hash_blocking(&gatehouse::domain::Password::parse(&long).unwrap())
        .unwrap();
    let user = app.member();
    let at = gatehouse::clock::Clock::system().now();
    let set: Result<bool, gatehouse::store::StoreError> = app
        .store()
        .write_blocking(|repo| repo.set_password(user.id, &hash, false, at));
    assert!(set.unwrap());
    assert_eq!(
        app.sign_in_with(&user.email, &format!("{long}extra"), false).status(),
        Status::UnprocessableEntity
    );
    assert_eq!(app.sign_in_with(&user.email, &long, false).status(), Status::SeeOther);
}

#[test]
fn next_never_leads_off_the_site() {
    let app = TestApp::new();
    let user = app.member();
    for next in [
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "http:evil.example",
        "javascript:alert(1)",
        "/%2F%2Fevil.example",
        "%2F%2Fevil.example",
        "/%5Cevil.example",
        "/%252F%252Fevil.example",
        "/\t/evil.example",
        "evil.example",
        "",
    ] {
        let token = app.csrf("/login");
        let response = app.post(
            "/login",
            &[
                ("email", &user.email),
                ("password", PASSWORD),
                ("next", next),
                ("csrf_token", &token),
            ],
        );
        assert_eq!(response.status(), Status::SeeOther, "{next:?}");
        assert_eq!(location(&response), "/", "{next:?}");
        drop(response);
        app.sign_out();
        // The sign-in page does not carry it either.
        let html = app
            .get(&format!(
                "/login?next={}",
                rocket::http::RawStr::new(next).percent_encode()
            ))
            .into_string()
            .unwrap();
        let form = html.split("<footer").next().unwrap();
        assert!(!form.contains(r#"name="next""#), "{next:?} kept on the page");
        assert!(
            html.contains(r#"name="next" value="/login">"#),
            "{next:?} kept in the footer's way back"
        );
    }
}

#[test]
fn a_signed_in_visit_to_the_sign_in_page_goes_on() {
    let app = TestApp::new();
    app.sign_in(&app.member());
    let response = app.get("/login?next=%2Fusers%3Fpage%3D2");
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/users?page=2");
}

#[test]
fn the_sign_in_page_points_to_setup_while_there_is_no_admin() {
    let app = TestApp::new();
    let html = app.get("/login").into_string().unwrap();
    assert!(html.contains("No administrator has been set up yet"));
    // The whole command, for this server's own database: copied as shown,
    // it makes the administrator here, not in another database.
    let db = app.service().store.describe();
    let command = gatehouse::domain::admin_command::create_admin_command(Some(&db)).replace('"', "&quot;");
    assert!(command.starts_with("gatehouse --db ") && command.contains("--email you@example.com"));
    assert!(html.contains(&command), "{command} in {html}");
    app.admin();
    assert!(!app
        .get("/login")
        .into_string()
        .unwrap()
        .contains("No administrator has been set up yet"));
}

#[test]
fn a_hash_made_at_another_cost_is_upgraded_at_sign_in() {
    let app = TestApp::new();
    let user = app.member();
    let old = bcrypt::hash(PASSWORD, 5).unwrap();
    app.sql(&format!("UPDATE users SET password_hash = '{old}'"));
    app.sign_in(&user);
    let now = app.sql_one("SELECT password_hash FROM users");
    assert!(now.starts_with("$2b$04$"), "re-hashed at the configured cost: {now}");
    assert!(bcrypt::verify(PASSWORD, &now).unwrap());
}
