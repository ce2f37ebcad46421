//! The first admin through the one-time setup link.

use gatehouse::domain::Role;
use rocket::http::Status;

use crate::helpers::*;

fn setup_token(app: &TestApp) -> String {
    gatehouse::service::setup::token(&app.service())
        .unwrap()
        .expect("setup is open")
}

#[test]
fn the_setup_link_creates_the_first_admin_and_signs_them_in() {
    let app = TestApp::new();
    let token = setup_token(&app);
    let page = format!("/setup?token={token}");
    let form = app.get(&page);
    assert_eq!(form.status(), Status::Ok);
    let html = form.into_string().unwrap();
    assert!(html.contains("Create the first administrator"));

    let response = app.submit(
        &page,
        &page,
        &[
            ("name", " Ada Admin "),
            ("email", "Ada@Example.com"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ],
    );
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/users");
    drop(response);
    let directory = app.get("/users");
    assert_eq!(directory.status(), Status::Ok);
    let html = directory.into_string().unwrap();
    assert!(html.contains("Welcome, Ada Admin."), "{html}");
    assert!(html.contains("ada@example.com"));

    let admin = block_on(gatehouse::service::users::find(&app.service(), 1)).unwrap();
    assert_eq!(admin.role, Role::Admin);
    assert!(!admin.must_change_password);

    // Setup is over: the link is gone for good, and so is its token; the
    // page says so and where to go, in the layout.
    let stranger = app.another_browser();
    let over = stranger.get(&page);
    assert_eq!(over.status(), Status::NotFound);
    let html = over.into_string().unwrap();
    assert!(
        html.contains("An administrator exists") && html.contains(r#"href="/login""#),
        "{html}"
    );
    let tokens = app.sql_count("SELECT count(*) FROM settings WHERE key = 'setup_token'");
    assert_eq!(tokens, 0);
    app.sign_out();
    let again = app.submit(
        "/login",
        &page,
        &[
            ("name", "Eve"),
            ("email", "eve@example.com"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ],
    );
    assert_eq!(again.status(), Status::NotFound);
    drop(again);
    let count = app.sql_count("SELECT count(*) FROM users");
    assert_eq!(count, 1);
}

#[test]
fn a_missing_or_wrong_token_is_refused() {
    let app = TestApp::new();
    let token = setup_token(&app);
    for uri in ["/setup", "/setup?token=", "/setup?token=0123"] {
        let response = app.get(uri);
        assert_eq!(response.status(), Status::Forbidden, "{uri}");
        assert!(response.into_string().unwrap().contains("This setup link is not valid"));
    }
    let response = app.submit(
        &format!("/setup?token={token}"),
        "/setup?token=wrong",
        &[
            ("name", "Eve"),
            ("email", "eve@example.com"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ],
    );
    assert_eq!(response.status(), Status::Forbidden);
}

#[test]
fn invalid_setup_input_keeps_the_values_and_says_what_to_fix() {
    let app = TestApp::new();
    let page = format!("/setup?token={}", setup_token(&app));
    let response = app.submit(
        &page,
        &page,
        &[
            ("name", "Ada <b>"),
            ("email", "not-an-email"),
            ("password", "short"),
            ("password_confirm", "short"),
        ],
    );
    assert_eq!(response.status(), Status::UnprocessableEntity);
    let html = response.into_string().unwrap();
    assert!(html.contains("Enter an email address like name@example.com."));
    assert!(html.contains("Choose a password of at least 8 characters."));
    assert!(html.contains(r#"value="not-an-email""#));
    assert!(html.contains("Ada &lt;b&gt;"), "kept and escaped");
    assert!(!html.contains(r#"value="short""#), "never the password");

    let mismatch = app.submit(
        &page,
        &page,
        &[
            ("name", "Ada"),
            ("email", "ada@example.com"),
            ("password", PASSWORD),
            ("password_confirm", "something else"),
        ],
    );
    assert_eq!(mismatch.status(), Status::UnprocessableEntity);
    assert!(mismatch
        .into_string()
        .unwrap()
        .contains("The two passwords are not the same."));

    let too_long = "x".repeat(73);
    let long = app.submit(
        &page,
        &page,
        &[
            ("name", "Ada"),
            ("email", "ada@example.com"),
            ("password", &too_long),
            ("password_confirm", &too_long),
        ],
    );
    assert_eq!(long.status(), Status::UnprocessableEntity);
    assert!(long.into_string().unwrap().contains("at most 72 bytes"));
    let count = app.sql_count("SELECT count(*) FROM users");
    assert_eq!(count, 0, "nothing was created");
}

#[test]
fn setup_closes_when_an_admin_is_created_elsewhere() {
    let app = TestApp::new();
    let token = setup_token(&app);
    app.admin();
    assert_eq!(app.get(&format!("/setup?token={token}")).status(), Status::NotFound);
    assert!(gatehouse::service::setup::token(&app.service()).unwrap().is_none());
}

#[test]
fn setup_needs_its_form_token() {
    let app = TestApp::new();
    let page = format!("/setup?token={}", setup_token(&app));
    app.get(&page);
    let response = app.post(
        &page,
        &[
            ("name", "Ada"),
            ("email", "ada@example.com"),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
        ],
    );
    assert_eq!(response.status(), Status::Forbidden);
}
