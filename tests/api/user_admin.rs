//! Managing users: every admin route as anonymous, member and admin; the
//! validation rules; duplicate emails; never without an admin; sessions that
//! end when a user is disabled, deleted or given a new password.

use gatehouse::domain::{Problem, Role};
use gatehouse::service::{Caller, ServiceError};
use rocket::http::Status;

use crate::helpers::*;

fn count(app: &TestApp, sql: &str) -> i64 {
    app.sql_count(sql)
}

fn new_user_fields<'a>(name: &'a str, email: &'a str, password: &'a str, role: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![("name", name), ("email", email), ("password", password), ("role", role)]
}

#[test]
fn admin_pages_send_visitors_to_sign_in() {
    let app = TestApp::new();
    let member = app.member();
    let id = member.id;
    for uri in [
        "/users/new".to_owned(),
        format!("/users/{id}/edit"),
        format!("/users/{id}/delete"),
        "/account".to_owned(),
    ] {
        let response = app.get(&uri);
        assert_eq!(response.status(), Status::SeeOther, "{uri}");
        assert!(location(&response).starts_with("/login?next="), "{uri}");
    }
    let token = app.csrf("/login");
    for uri in [
        "/users".to_owned(),
        format!("/users/{id}"),
        format!("/users/{id}/delete"),
        "/account".to_owned(),
        "/account/password".to_owned(),
    ] {
        let response = app.post(
            &uri,
            &[
                ("csrf_token", &token),
                ("name", "X"),
                ("email", "x@x"),
                ("role", "admin"),
                ("active", "true"),
            ],
        );
        assert_eq!(response.status(), Status::SeeOther, "{uri}");
        assert_eq!(location(&response), "/login", "{uri}");
    }
    assert_eq!(count(&app, "SELECT count(*) FROM users WHERE name = 'X'"), 0);
}

#[test]
fn members_get_403_for_every_admin_route_and_see_no_admin_controls() {
    let app = TestApp::new();
    let admin = app.admin();
    let member = app.member();
    app.sign_in(&member);
    let directory = app.get("/users").into_string().unwrap();
    assert!(!directory.contains("/users/new") && !directory.contains("/edit") && !directory.contains("/delete"));
    let id = admin.id;
    for uri in [
        "/users/new".to_owned(),
        format!("/users/{id}/edit"),
        format!("/users/{id}/delete"),
    ] {
        let response = app.get(&uri);
        assert_eq!(response.status(), Status::Forbidden, "{uri}");
        let html = response.into_string().unwrap();
        // Said in plain words, with the menu still there to go elsewhere.
        assert!(html.contains("This page is for administrators, and you are signed in as a member."));
        assert!(html.contains(r#"href="/account""#) && html.contains(r#"action="/logout""#));
    }
    let token = app.csrf("/users");
    let form = [
        ("csrf_token", token.as_str()),
        ("name", "Hacked"),
        ("email", "hacked@example.com"),
        ("password", PASSWORD),
        ("role", "admin"),
        ("active", "true"),
    ];
    for uri in [
        "/users".to_owned(),
        format!("/users/{id}"),
        format!("/users/{id}/delete"),
    ] {
        assert_eq!(app.post(&uri, &form).status(), Status::Forbidden, "{uri}");
    }
    assert_eq!(count(&app, "SELECT count(*) FROM users"), 2);
    assert_eq!(count(&app, "SELECT count(*) FROM users WHERE name = 'Hacked'"), 0);
}

#[test]
fn an_admin_adds_a_user_with_a_temporary_password() {
    let app = TestApp::new();
    app.sign_in(&app.admin());
    let directory = app.get("/users").into_string().unwrap();
    assert!(directory.contains(r#"href="/users/new""#));
    let form = app.get("/users/new");
    assert_eq!(form.status(), Status::Ok);
    let response = app.submit(
        "/users/new",
        "/users",
        &new_user_fields(" Bea Baker ", "Bea@Example.com", PASSWORD, "member"),
    );
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/users");
    drop(response);
    let html = app.get("/users").into_string().unwrap();
    assert!(html.contains("Bea Baker was added."), "{html}");
    assert!(html.contains("bea@example.com"));
    assert_eq!(
        count(
            &app,
            "SELECT must_change_password FROM users WHERE email = 'bea@example.com'"
        ),
        1
    );

    let bea = app.another_browser();
    assert_eq!(
        bea.sign_in_with("bea@example.com", PASSWORD, false).status(),
        Status::SeeOther
    );
}

/// An 84-character Spanish name is saved whole; the form does not cut it
/// (no maxlength for the browser to cut with), the server decides.
#[test]
fn a_long_spanish_name_is_saved_whole() {
    let app = TestApp::new();
    app.sign_in(&app.admin());
    let name = "María de los Ángeles Fernández de Córdoba y Martínez-Villanueva del Río Sánchez-Bustamante";
    assert!(name.chars().count() > 80);
    let form = app.get("/users/new").into_string().unwrap();
    assert!(!form.contains(r#"maxlength="80""#), "the browser would cut it");
    let created = app.submit(
        "/users/new",
        "/users",
        &new_user_fields(name, "mar@example.com", PASSWORD, "member"),
    );
    assert_eq!(created.status(), Status::SeeOther);
    assert_eq!(
        app.sql_one("SELECT name FROM users WHERE email = 'mar@example.com'"),
        name
    );
}

#[test]
fn each_validation_rule_answers_422_with_the_values_kept() {
    let app = TestApp::new();
    app.sign_in(&app.admin());
    let long_name = "n".repeat(201);
    let long_email = format!("{}@example.com", "e".repeat(250));
    let long_password = "p".repeat(73);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            new_user_fields("", "a@example.com", PASSWORD, "member"),
            "Enter a name.",
        ),
        (
            new_user_fields(&long_name, "a@example.com", PASSWORD, "member"),
            "at most 200 characters",
        ),
        (
            new_user_fields("Tab\tName", "a@example.com", PASSWORD, "member"),
            "control characters",
        ),
        (
            new_user_fields("Ann", "", PASSWORD, "member"),
            "Enter an email address.",
        ),
        (
            new_user_fields("Ann", "ann.example.com", PASSWORD, "member"),
            "like name@example.com",
        ),
        (
            new_user_fields("Ann", "ann@@example.com", PASSWORD, "member"),
            "like name@example.com",
        ),
        (
            new_user_fields("Ann", "an n@example.com", PASSWORD, "member"),
            "cannot contain spaces",
        ),
        (
            new_user_fields("Ann", &long_email, PASSWORD, "member"),
            "at most 254 characters",
        ),
        (
            new_user_fields("Ann", "a@example.com", "short", "member"),
            "at least 8 characters",
        ),
        (
            new_user_fields("Ann", "a@example.com", "Password1", "member"),
            "one of the most common",
        ),
        (
            new_user_fields("Ann", "a@example.com", &long_password, "member"),
            "at most 72 bytes",
        ),
        (
            new_user_fields("Ann", "a@example.com", PASSWORD, "owner"),
            "administrator or member",
        ),
        (
            vec![("name", "Ann"), ("email", "a@example.com"), ("password", PASSWORD)],
            "administrator or member",
        ),
    ];
    for (fields, message) in cases {
        let response = app.submit("/users/new", "/users", &fields);
        assert_eq!(response.status(), Status::UnprocessableEntity, "{fields:?}");
        let html = response.into_string().unwrap();
        assert!(html.contains(message), "{message}: {html}");
        assert!(html.contains(r#"aria-invalid="true""#));
        let email = fields
            .iter()
            .find(|(k, _)| *k == "email")
            .map(|(_, v)| v.trim())
            .unwrap_or("");
        assert!(html.contains(&format!(r#"value="{email}""#)), "email kept: {fields:?}");
        assert!(
            !html.contains(PASSWORD) && !html.contains(&long_password),
            "never the password"
        );
    }
    assert_eq!(count(&app, "SELECT count(*) FROM users"), 1, "nothing was created");
}

#[test]
fn a_duplicate_email_in_any_case_is_refused() {
    let app = TestApp::new();
    app.sign_in(&app.admin());
    app.member();
    let response = app.submit(
        "/users/new",
        "/users",
        &new_user_fields("Other", "  MEMBER@Example.COM", PASSWORD, "member"),
    );
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(response
        .into_string()
        .unwrap()
        .contains("Someone already has this email address."));

    let edit = format!("/users/{}/edit", 1);
    let response = app.submit(
        &edit,
        "/users/1",
        &[
            ("name", "Ada Admin"),
            ("email", "Member@example.com"),
            ("role", "admin"),
            ("active", "true"),
        ],
    );
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(response
        .into_string()
        .unwrap()
        .contains("Someone already has this email address."));
    assert_eq!(
        count(&app, "SELECT count(*) FROM users WHERE email = 'member@example.com'"),
        1
    );
}

#[test]
fn simultaneous_creates_of_one_email_leave_one_user() {
    let app = TestApp::new();
    let results: Vec<_> = (0..8)
        .map(|i| {
            let service = app.service();
            std::thread::spawn(move || {
                let new = gatehouse::domain::NewUser {
                    name: gatehouse::domain::UserName::parse(&format!("Twin {i}")).unwrap(),
                    email: gatehouse::domain::Email::parse(if i % 2 == 0 {
                        "twin@example.com"
                    } else {
                        "TWIN@example.com"
                    })
                    .unwrap(),
                    role: Role::Member,
                };
                block_on(gatehouse::service::users::create(
                    &service,
                    &Caller::command_line(),
                    new,
                    gatehouse::domain::Password::parse(PASSWORD).unwrap(),
                    false,
                ))
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|t| t.join().unwrap())
        .collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert!(results
        .iter()
        .filter(|r| r.is_err())
        .all(|r| matches!(r, Err(ServiceError::Refused(Problem::EmailTaken)))));
    assert_eq!(count(&app, "SELECT count(*) FROM users"), 1);
}

#[test]
fn an_admin_edits_a_user_and_a_blank_password_keeps_it() {
    let app = TestApp::new();
    app.sign_in(&app.admin());
    let member = app.member();
    let before = app.sql_one(&format!("SELECT password_hash FROM users WHERE id = {}", member.id));
    let edit = format!("/users/{}/edit", member.id);
    let page = app.get(&edit).into_string().unwrap();
    assert!(page.contains(r#"value="Max Member""#) && page.contains(r#"name="active" value="true" checked"#));
    let response = app.submit(
        &edit,
        &format!("/users/{}", member.id),
        &[
            ("name", "Max Renamed"),
            ("email", "max@example.com"),
            ("password", ""),
            ("role", "admin"),
            ("active", "true"),
        ],
    );
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    assert!(app
        .get("/users")
        .into_string()
        .unwrap()
        .contains("Max Renamed was saved."));
    let row = app.sql(&format!(
        "SELECT name, email, role, password_hash FROM users WHERE id = {}",
        member.id
    ));
    let (name, email, role, hash) = (&row[0][0], &row[0][1], &row[0][2], &row[0][3]);
    assert_eq!(
        (name.as_str(), email.as_str(), role.as_str()),
        ("Max Renamed", "max@example.com", "admin")
    );
    assert_eq!(hash, &before, "a blank password leaves it unchanged");
}

#[test]
fn disabling_a_user_ends_their_sessions_and_stops_sign_in() {
    let app = TestApp::new();
    app.sign_in(&app.admin());
    let member = app.member();
    let max = app.another_browser();
    max.sign_in(&member);
    assert_eq!(max.get("/users").status(), Status::Ok);

    let edit = format!("/users/{}/edit", member.id);
    let response = app.submit(
        &edit,
        &format!("/users/{}", member.id),
        &[("name", "Max Member"), ("email", &member.email), ("role", "member")],
    );
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    assert!(app
        .get("/users")
        .into_string()
        .unwrap()
        .contains("They were signed out"));
    assert_eq!(max.get("/users").status(), Status::SeeOther, "signed out at once");
    assert_eq!(
        max.sign_in_with(&member.email, PASSWORD, false).status(),
        Status::UnprocessableEntity
    );
    assert!(app.get("/users").into_string().unwrap().contains("disabled"));

    // Enabled again, they can sign in.
    app.submit(
        &edit,
        &format!("/users/{}", member.id),
        &[
            ("name", "Max Member"),
            ("email", &member.email),
            ("role", "member"),
            ("active", "true"),
        ],
    );
    assert_eq!(
        max.sign_in_with(&member.email, PASSWORD, false).status(),
        Status::SeeOther
    );
}

#[test]
fn an_admin_set_password_is_temporary_and_ends_the_users_sessions() {
    let app = TestApp::new();
    app.sign_in(&app.admin());
    let member = app.member();
    let max = app.another_browser();
    max.sign_in(&member);
    let edit = format!("/users/{}/edit", member.id);
    let response = app.submit(
        &edit,
        &format!("/users/{}", member.id),
        &[
            ("name", "Max Member"),
            ("email", &member.email),
            ("password", "a temporary one"),
            ("role", "member"),
            ("active", "true"),
        ],
    );
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    assert_eq!(max.get("/users").status(), Status::SeeOther);
    assert_eq!(count(&app, "SELECT must_change_password FROM users WHERE id = 2"), 1);
    assert_eq!(
        max.sign_in_with(&member.email, PASSWORD, false).status(),
        Status::UnprocessableEntity
    );
    assert_eq!(
        max.sign_in_with(&member.email, "a temporary one", false).status(),
        Status::SeeOther
    );
}

#[test]
fn delete_asks_first_then_deletes_and_ends_sessions() {
    let app = TestApp::new();
    app.sign_in(&app.admin());
    let member = app.member();
    let max = app.another_browser();
    max.sign_in(&member);
    let confirm = format!("/users/{}/delete", member.id);
    let page = app.get(&confirm);
    assert_eq!(page.status(), Status::Ok);
    let html = page.into_string().unwrap();
    assert!(html.contains("Delete Max Member?") && html.contains(r#"method="post""#) && !html.contains("<script"));
    assert_eq!(count(&app, "SELECT count(*) FROM users"), 2, "asking deletes nothing");

    let response = app.submit(&confirm, &confirm, &[]);
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/users");
    drop(response);
    assert!(app
        .get("/users")
        .into_string()
        .unwrap()
        .contains("Max Member was deleted."));
    assert_eq!(count(&app, "SELECT count(*) FROM users"), 1);
    assert_eq!(count(&app, "SELECT count(*) FROM sessions WHERE user_id = 2"), 0);
    assert_eq!(max.get("/users").status(), Status::SeeOther);
    assert_eq!(app.get(&confirm).status(), Status::NotFound);
}

#[test]
fn delete_without_the_form_token_changes_nothing() {
    let app = TestApp::new();
    app.sign_in(&app.admin());
    let member = app.member();
    let response = app.post(&format!("/users/{}/delete", member.id), &[("csrf_token", "nope")]);
    assert_eq!(response.status(), Status::Forbidden);
    assert_eq!(count(&app, "SELECT count(*) FROM users"), 2);
}

#[test]
fn unknown_or_malformed_ids_are_404() {
    let app = TestApp::new();
    app.sign_in(&app.admin());
    let token = app.csrf("/users");
    for id in ["999", "0", "-1", "abc", "1e3", "99999999999999999999"] {
        assert_eq!(
            app.get(&format!("/users/{id}/edit")).status(),
            Status::NotFound,
            "edit {id}"
        );
        assert_eq!(
            app.get(&format!("/users/{id}/delete")).status(),
            Status::NotFound,
            "delete {id}"
        );
        let form = [
            ("csrf_token", token.as_str()),
            ("name", "X"),
            ("email", "x@example.com"),
            ("role", "member"),
        ];
        assert_eq!(
            app.post(&format!("/users/{id}"), &form).status(),
            Status::NotFound,
            "update {id}"
        );
        assert_eq!(
            app.post(&format!("/users/{id}/delete"), &form[..1]).status(),
            Status::NotFound,
            "post delete {id}"
        );
    }
}

#[test]
fn the_office_is_never_without_an_admin() {
    let app = TestApp::new();
    let admin = app.admin();
    app.sign_in(&admin);
    let me = format!("/users/{}", admin.id);
    let edit = format!("{me}/edit");
    for fields in [
        vec![
            ("name", "Ada Admin"),
            ("email", "admin@example.com"),
            ("role", "member"),
            ("active", "true"),
        ],
        vec![("name", "Ada Admin"), ("email", "admin@example.com"), ("role", "admin")],
    ] {
        let response = app.submit(&edit, &me, &fields);
        assert_eq!(response.status(), Status::UnprocessableEntity, "{fields:?}");
        assert!(response.into_string().unwrap().contains("administrator"));
    }
    let delete = format!("{me}/delete");
    let response = app.submit(&delete, &delete, &[]);
    assert_eq!(response.status(), Status::Conflict);
    assert!(response
        .into_string()
        .unwrap()
        .contains("You cannot delete your own account"));
    assert_eq!(
        count(&app, "SELECT count(*) FROM users WHERE role = 'admin' AND active"),
        1
    );

    // With a second admin, one may demote the other, but not the last one left.
    let second = app.create_user("second@example.com", "Sam Second", Role::Admin);
    let response = app.submit(
        &format!("/users/{}/edit", second.id),
        &format!("/users/{}", second.id),
        &[
            ("name", "Sam Second"),
            ("email", "second@example.com"),
            ("role", "member"),
            ("active", "true"),
        ],
    );
    assert_eq!(response.status(), Status::SeeOther);
}

#[test]
fn two_admins_demoting_each_other_at_once_leave_one_admin() {
    for _ in 0..5 {
        let app = TestApp::new();
        let a = app.admin();
        let b = app.create_user("b@example.com", "Bo Admin", Role::Admin);
        // All four at the same moment.
        let start = std::sync::Arc::new(std::sync::Barrier::new(4));
        let threads: Vec<_> = [(a.clone(), true), (b.clone(), false), (a, false), (b, true)]
            .into_iter()
            .map(|(user, delete)| {
                let (service, start) = (app.service(), start.clone());
                std::thread::spawn(move || {
                    let cli = Caller::command_line();
                    start.wait();
                    if delete {
                        block_on(gatehouse::service::users::delete(&service, &cli, user.id)).map(drop)
                    } else {
                        let changes = gatehouse::domain::UserChanges {
                            name: gatehouse::domain::UserName::parse(&user.name).unwrap(),
                            email: gatehouse::domain::Email::parse(&user.email).unwrap(),
                            role: Role::Member,
                            active: true,
                            password: None,
                            groups: None,
                        };
                        block_on(gatehouse::service::users::update(&service, &cli, user.id, changes)).map(drop)
                    }
                })
            })
            .collect();
        let results: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        assert!(results
            .iter()
            .any(|r| matches!(r, Err(ServiceError::Refused(Problem::LastAdmin)))));
        assert_eq!(
            count(&app, "SELECT count(*) FROM users WHERE role = 'admin' AND active"),
            1,
            "{results:?}"
        );
    }
}

#[test]
fn an_admin_changes_their_own_password_only_on_their_account_page() {
    let app = TestApp::new();
    let admin = app.admin();
    app.sign_in(&admin);
    let me = format!("/users/{}", admin.id);
    let response = app.submit(
        &format!("{me}/edit"),
        &me,
        &[
            ("name", "Ada Admin"),
            ("email", "admin@example.com"),
            ("role", "admin"),
            ("active", "true"),
            ("password", "sneaky new pass"),
        ],
    );
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(response.into_string().unwrap().contains("use Your account"));
    assert_eq!(
        app.another_browser()
            .sign_in_with(&admin.email, PASSWORD, false)
            .status(),
        Status::SeeOther
    );
}

#[test]
fn refusals_are_in_the_security_log() {
    let app = TestApp::new();
    let member = app.member();
    app.sign_in(&member);
    assert_eq!(app.get("/users/new").status(), Status::Forbidden);
    assert_eq!(
        app.post("/logout", &[("csrf_token", "forged")]).status(),
        Status::Forbidden
    );
    let events: Vec<String> = app
        .sql("SELECT event || ' ' || actor || ' ' || detail FROM audit WHERE event IN ('access_denied', 'form_refused') ORDER BY id")
        .into_iter()
        .map(|row| row[0].clone())
        .collect();
    assert_eq!(
        events,
        [
            r#"access_denied member@example.com {"kind":"refused","request":"GET /users/new","why":"needs-admin"}"#,
            r#"form_refused member@example.com {"kind":"refused","request":"POST /logout","why":"form-token"}"#
        ]
    );
    // The log page says it in words.
    let admin = app.another_browser();
    admin.sign_in(&admin.admin());
    let html = admin.get("/audit").into_string().unwrap();
    assert!(html.contains("GET /users/new: needs an administrator"), "{html}");
    assert!(html.contains("POST /logout: missing or wrong form token"));
}

/// What the directory and the edit page offer: an invited person shown as
/// invited (not active and invited); on one's own row and page no role,
/// active or delete control that would only be refused; after saving, back
/// to the page and search the edit was opened from.
#[test]
fn the_pages_offer_only_what_works_and_come_back_where_they_were() {
    let app = TestApp::new();
    let admin = app.admin();
    let member = app.member();
    app.sign_in(&admin);
    let invited = app.submit(
        "/users/new",
        "/users",
        &new_user_fields("Ivy New", "ivy@example.com", "", "member"),
    );
    assert_eq!(invited.status(), Status::Ok);
    drop(invited);
    let html = app.get("/users?q=ivy").into_string().unwrap();
    let row = html.split("Ivy New").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(row.contains(">invited<") && !row.contains(">active"), "{row}");

    let own = app.get(&format!("/users/{}/edit", admin.id)).into_string().unwrap();
    assert!(!own.contains(r#"name="active" value="true" checked"#) && !own.contains(r#"type="radio""#));
    assert!(!own.contains(&format!("/users/{}/delete", admin.id)), "{own}");
    assert!(!own.contains(r#"id="password""#));
    let saved = app.submit(
        &format!("/users/{}/edit", admin.id),
        &format!("/users/{}", admin.id),
        &[
            ("name", "Ada A. Admin"),
            ("email", "admin@example.com"),
            ("role", "admin"),
            ("active", "true"),
        ],
    );
    assert_eq!(saved.status(), Status::SeeOther);
    drop(saved);

    let list = app.get("/users?q=max").into_string().unwrap();
    let edit = format!("/users/{}/edit?back=%2Fusers%3Fq%3Dmax", member.id);
    assert!(list.contains(&edit), "{list}");
    let form = app.get(&edit).into_string().unwrap();
    assert!(form.contains(r#"name="back" value="/users?q=max""#), "{form}");
    let saved = app.submit(
        &edit,
        &format!("/users/{}", member.id),
        &[
            ("name", "Max Member"),
            ("email", "member@example.com"),
            ("role", "member"),
            ("active", "true"),
            ("back", "/users?q=max"),
        ],
    );
    assert_eq!(location(&saved), "/users?q=max");
    drop(saved);
    // Anywhere else is not a way back.
    let elsewhere = app.submit(
        &edit,
        &format!("/users/{}", member.id),
        &[
            ("name", "Max Member"),
            ("email", "member@example.com"),
            ("role", "member"),
            ("active", "true"),
            ("back", "https://evil.example/users"),
        ],
    );
    assert_eq!(location(&elsewhere), "/users");
}

/// The security log names the role only when it changed: "changed: name;
/// role: Member" read as a change of role.
#[test]
fn the_log_names_the_role_only_when_it_changed() {
    let app = TestApp::new();
    let admin = app.admin();
    let member = app.member();
    app.sign_in(&admin);
    let edit = format!("/users/{}/edit", member.id);
    let update = format!("/users/{}", member.id);
    let save = |name: &str, role: &str| {
        let fields = [
            ("name", name),
            ("email", "member@example.com"),
            ("role", role),
            ("active", "true"),
        ];
        assert_eq!(app.submit(&edit, &update, &fields).status(), Status::SeeOther);
    };
    save("Max M. Member", "member");
    let log = app.get("/audit").into_string().unwrap();
    assert!(log.contains(">changed: name<"), "{log}");
    save("Max Member", "admin");
    let log = app.get("/audit").into_string().unwrap();
    assert!(
        log.contains(">changed: name and role (the role is now Administrator)<"),
        "{log}"
    );
}
