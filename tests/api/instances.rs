//! Several gatehouse instances on one database act as one: what decides
//! access is in the database, never only in one instance's memory. Each
//! `TestApp` here is its own Rocket instance (its own pools, hasher and
//! caches) on the same database, as behind a load balancer.

use rocket::http::{ContentType, Cookie, Status};

use crate::helpers::*;

/// `uri` on `instance` with the raw (sealed) session cookie `raw`, as a
/// load balancer sends a browser's next request to another instance.
fn get_with_session<'c>(instance: &'c TestApp, raw: &str, uri: &str) -> rocket::local::blocking::LocalResponse<'c> {
    instance
        .client
        .get(uri.to_owned())
        .cookie(Cookie::new("gatehouse_session", raw.to_owned()))
        .dispatch()
}

#[test]
fn a_session_started_on_one_instance_is_valid_on_the_other_and_ends_on_both() {
    let one = TestApp::new();
    let two = one.another_browser();
    let member = one.member();
    one.sign_in(&member);
    let raw = one.cookie("gatehouse_session").expect("a session cookie");
    // The cookie key is the database's: the other instance opens the cookie.
    let there = get_with_session(&two, &raw, "/users");
    assert_eq!(there.status(), Status::Ok);
    assert!(there.into_string().unwrap().contains("Max Member"));
    // Signed out on one: the same cookie is refused on the other.
    assert_eq!(one.sign_out().status(), Status::SeeOther);
    assert_eq!(get_with_session(&two, &raw, "/users").status(), Status::SeeOther);
}

#[test]
fn disabling_a_user_on_one_instance_ends_their_session_on_the_other() {
    let one = TestApp::new();
    let two = one.another_browser();
    let admin = one.admin();
    let member = one.member();
    two.sign_in(&member);
    one.sign_in(&admin);
    let response = one.submit(
        &format!("/users/{}/edit", member.id),
        &format!("/users/{}", member.id),
        &[("name", "Max Member"), ("email", &member.email), ("role", "member")],
    );
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    assert_eq!(two.get("/users").status(), Status::SeeOther, "signed out there too");
}

#[test]
fn a_lock_made_on_one_instance_holds_on_the_other() {
    let one = TestApp::new();
    let two = one.another_browser();
    let member = one.member();
    let attempt = |instance: &TestApp, password: &str| {
        let token = instance.csrf("/login");
        instance
            .client
            .post("/login")
            .header(ContentType::Form)
            .body(encode(&[
                ("email", member.email.as_str()),
                ("password", password),
                ("csrf_token", &token),
            ]))
            .dispatch()
            .status()
    };
    // Failures spread over both instances count together.
    for i in 0..10 {
        let instance = if i % 2 == 0 { &one } else { &two };
        assert_eq!(attempt(instance, "wrong password"), Status::UnprocessableEntity);
    }
    assert_eq!(attempt(&one, PASSWORD), Status::TooManyRequests);
    assert_eq!(attempt(&two, PASSWORD), Status::TooManyRequests);
    // An instance started after the lock sees it too.
    let three = one.another_browser();
    assert_eq!(attempt(&three, PASSWORD), Status::TooManyRequests);
}

#[test]
fn the_setup_link_is_the_same_on_every_instance_and_closes_on_all() {
    let one = TestApp::new();
    let two = one.another_browser();
    let token = gatehouse::service::setup::token(&one.service()).unwrap().expect("open");
    assert_eq!(
        gatehouse::service::setup::token(&two.service()).unwrap().as_deref(),
        Some(token.as_str())
    );
    let page = format!("/setup?token={token}");
    assert_eq!(two.get(&page).status(), Status::Ok);
    let response = one.submit(
        &page,
        &page,
        &[
            ("name", "Ada Admin"),
            ("email", "ada@example.com"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ],
    );
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    assert_eq!(two.get(&page).status(), Status::NotFound);
}
