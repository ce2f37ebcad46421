//! Sign-in protection: throttling per account and per address (kept across a
//! restart, unlocked by an admin), and the audit log of security events.

use gatehouse::domain::Role;
use rocket::http::{ContentType, Status};

use crate::helpers::*;

fn attempt_from(app: &TestApp, email: &str, password: &str, address: &str) -> (Status, Option<String>, String) {
    let token = app.csrf("/login");
    let response = app
        .client
        .post("/login")
        .header(ContentType::Form)
        .remote(format!("{address}:5000").parse().unwrap())
        .body(encode(&[
            ("email", email),
            ("password", password),
            ("csrf_token", &token),
        ]))
        .dispatch();
    let retry = response.headers().get_one("Retry-After").map(str::to_owned);
    (response.status(), retry, response.into_string().unwrap_or_default())
}

#[test]
fn ten_failures_lock_the_account_even_for_the_right_password() {
    let app = TestApp::new();
    let user = app.member();
    let other = app.create_user("other@example.com", "Olga Other", Role::Member);
    for _ in 0..10 {
        let (status, _, _) = attempt_from(&app, "Member@Example.com", "wrong password", "10.0.0.1");
        assert_eq!(status, Status::UnprocessableEntity);
    }
    let (status, retry, html) = attempt_from(&app, &user.email, PASSWORD, "10.0.0.2");
    assert_eq!(status, Status::TooManyRequests);
    let seconds: i64 = retry.expect("Retry-After").parse().unwrap();
    assert!(seconds > 800 && seconds <= 900, "{seconds}");
    assert!(html.contains("try again in 15 minutes"), "{html}");
    assert!(app.cookie("gatehouse_session").is_none(), "not signed in");

    // Another account is not affected.
    let (status, _, _) = attempt_from(&app, &other.email, PASSWORD, "10.0.0.1");
    assert_eq!(status, Status::SeeOther);

    // The lock survives a restart.
    let app = app.restart();
    let (status, _, _) = attempt_from(&app, &user.email, PASSWORD, "10.0.0.3");
    assert_eq!(status, Status::TooManyRequests);
}

#[test]
fn unknown_emails_are_throttled_the_same_way() {
    let app = TestApp::new();
    for _ in 0..10 {
        attempt_from(&app, "ghost@example.com", "whatever pass", "10.0.0.1");
    }
    let (status, _, _) = attempt_from(&app, "ghost@example.com", "whatever pass", "10.0.0.1");
    assert_eq!(status, Status::TooManyRequests);
}

#[test]
fn one_address_failing_on_many_accounts_is_throttled() {
    let app = TestApp::new();
    let user = app.member();
    for i in 0..50 {
        let (status, _, _) = attempt_from(&app, &format!("guess{i}@example.com"), "wrong password", "10.9.9.9");
        assert_eq!(status, Status::UnprocessableEntity, "attempt {i}");
    }
    let (status, _, _) = attempt_from(&app, &user.email, PASSWORD, "10.9.9.9");
    assert_eq!(status, Status::TooManyRequests);
    let (status, _, _) = attempt_from(&app, &user.email, PASSWORD, "10.1.1.1");
    assert_eq!(status, Status::SeeOther, "another address is not affected");
}

#[test]
fn sign_ins_tried_at_once_cannot_pass_the_limit() {
    let app = TestApp::new();
    let member = app.member();
    // Thirty wrong attempts at the same moment, through three instances' use cases.
    let instances = [app.service(), app.service(), app.service()];
    let start = std::sync::Arc::new(std::sync::Barrier::new(30));
    let attempts: Vec<_> = (0..30)
        .map(|i| {
            let service = instances[i % 3].clone();
            let (email, start) = (member.email.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                let how = gatehouse::service::sign_in::Entering {
                    remember: false,
                    client: gatehouse::domain::Client {
                        user_agent: String::new(),
                        address: "10.0.0.9".to_owned(),
                    },
                    replacing: None,
                };
                block_on(gatehouse::service::sign_in::attempt(
                    &service,
                    &email,
                    gatehouse::domain::Secret::new("wrong password"),
                    gatehouse::domain::ContinueTo::Home,
                    how,
                ))
                .unwrap()
            })
        })
        .collect();
    let failed = attempts
        .into_iter()
        .map(|t| t.join().unwrap())
        .filter(|a| {
            matches!(
                a,
                gatehouse::service::sign_in::Outcome::Refused(gatehouse::service::sign_in::Refusal::Failed)
            )
        })
        .count();
    assert_eq!(failed, 10, "exactly the limit was tried; the rest were refused");
}

#[test]
fn a_success_forgets_earlier_failures() {
    let app = TestApp::new();
    let user = app.member();
    for _ in 0..9 {
        attempt_from(&app, &user.email, "wrong password", "10.0.0.1");
    }
    assert_eq!(
        attempt_from(&app, &user.email, PASSWORD, "10.0.0.1").0,
        Status::SeeOther
    );
    app.sign_out();
    for _ in 0..9 {
        attempt_from(&app, &user.email, "wrong password", "10.0.0.1");
    }
    assert_eq!(
        attempt_from(&app, &user.email, PASSWORD, "10.0.0.1").0,
        Status::SeeOther
    );
}

#[test]
fn admins_see_locked_accounts_and_unlock_them() {
    let app = TestApp::new();
    let admin = app.admin();
    let user = app.member();
    let attacker = app.another_browser();
    for _ in 0..10 {
        attempt_from(&attacker, &user.email, "wrong password", "10.0.0.1");
    }
    app.sign_in(&admin);
    let html = app.get("/users").into_string().unwrap();
    assert!(html.contains(">locked<"), "{html}");
    assert!(html.contains(&format!(r#"action="/users/{}/unlock""#, user.id)));

    let response = app.submit("/users", &format!("/users/{}/unlock", user.id), &[]);
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    assert!(app
        .get("/users")
        .into_string()
        .unwrap()
        .contains("Max Member can sign in again."));
    assert_eq!(
        attempt_from(&attacker, &user.email, PASSWORD, "10.0.0.2").0,
        Status::SeeOther
    );

    // A member cannot unlock.
    let member_view = app.another_browser();
    member_view.sign_in(&app.create_user("m2@example.com", "Mo", Role::Member));
    let token = member_view.csrf("/users");
    assert_eq!(
        member_view
            .post(&format!("/users/{}/unlock", user.id), &[("csrf_token", &token)])
            .status(),
        Status::Forbidden
    );
}

#[test]
fn security_events_are_recorded_and_shown_to_admins_only() {
    let app = TestApp::new();
    let admin = app.admin();
    let member = app.member();
    attempt_from(&app, &member.email, "wrong password", "10.0.0.7");
    app.sign_in(&admin);
    let edit = format!("/users/{}/edit", member.id);
    app.submit(
        &edit,
        &format!("/users/{}", member.id),
        &[
            ("name", "Max Member"),
            ("email", &member.email),
            ("role", "member"),
            ("password", "a temporary one"),
        ],
    );
    app.submit(
        &format!("/users/{}/delete", member.id),
        &format!("/users/{}/delete", member.id),
        &[],
    );

    let response = app.get("/audit");
    assert_eq!(response.status(), Status::Ok);
    let html = response.into_string().unwrap();
    for event in [
        "Sign-in failed",
        "Signed in",
        "User disabled",
        "Password set by an administrator",
        "User deleted",
    ] {
        assert!(html.contains(event), "{event}: {html}");
    }
    assert!(html.contains("10.0.0.7"));
    let newest = html.find("User deleted").unwrap();
    let oldest = html.find("Sign-in failed").unwrap();
    assert!(newest < oldest, "newest first");
    assert!(!html.contains("a temporary one"), "never a password");

    let member_view = app.another_browser();
    member_view.sign_in(&app.create_user("m2@example.com", "Mo", Role::Member));
    assert_eq!(member_view.get("/audit").status(), Status::Forbidden);
    let anonymous = app.another_browser();
    assert_eq!(anonymous.get("/audit").status(), Status::SeeOther);
    assert_eq!(app.get("/audit?page=0").status(), Status::UnprocessableEntity);
}
