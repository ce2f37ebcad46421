//! Mail against a real SMTP server on loopback (tests/api/smtp.rs): an
//! invitation mailed in the reader's language whose link works; a server
//! that refuses or hangs still leaves the administrator the link and a
//! message, within the timeout; "Forgot your password?" only with mail, the
//! same answer for any address, throttled; `gatehouse mail test`.

use std::process::Command;
use std::time::{Duration, Instant};

use gatehouse::domain::Role;
use rocket::http::Status;

use crate::helpers::*;
use crate::smtp::{link_path, plain_text, SmtpServer, PUBLIC_URL};

const NEW_PASSWORD: &str = "a brand new passphrase";

fn app_with(server: &SmtpServer, timeout: u64) -> TestApp {
    TestApp::with_figment(server.settings(test_figment(), timeout))
}

fn invite(app: &TestApp, email: &str) -> String {
    let response = app.submit(
        "/users/new",
        "/users",
        &[
            ("name", "Ivy New"),
            ("email", email),
            ("password", ""),
            ("role", "member"),
        ],
    );
    assert_eq!(response.status(), Status::Ok);
    response.into_string().unwrap()
}

#[test]
fn an_invitation_is_mailed_in_the_reader_s_language_and_its_link_works() {
    let server = SmtpServer::start("accept");
    let app = app_with(&server, 5);
    let admin = app.admin();
    app.sign_in(&admin);
    let html = invite(&app, "ivy@example.com");
    assert!(html.contains("The link was also mailed to ivy@example.com."), "{html}");
    let messages = server.wait_for(1);
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert!(message.contains("To: \"Ivy New\" <ivy@example.com>"), "{message}");
    assert!(message.contains("From: Office <gatehouse@example.org>"));
    assert!(message.contains("multipart/alternative") && message.contains("text/html"));
    let text = plain_text(message);
    assert!(
        text.contains("Ada Admin added you to gatehouse") && text.contains("works once, until"),
        "{text}"
    );

    let path = link_path(message).unwrap();
    let ivy = app.another_browser();
    assert_eq!(ivy.get(&path).status(), Status::Ok);
    let done = ivy.submit(
        &path,
        &path,
        &[("new_password", NEW_PASSWORD), ("new_password_confirm", NEW_PASSWORD)],
    );
    assert_eq!(done.status(), Status::SeeOther);
    drop(done);
    assert_eq!(
        app.sql_count("SELECT count(*) FROM audit WHERE event = 'link_mailed'"),
        1
    );

    // An administrator reading Spanish sends a Spanish invitation.
    app.submit("/users", "/language", &[("lang", "es"), ("next", "/users")]);
    let html = invite(&app, "bruno@example.com");
    assert!(html.contains("El enlace también se ha enviado por correo a bruno@example.com."));
    let messages = server.wait_for(2);
    let text = plain_text(&messages[1]);
    assert!(text.contains("Hola, Ivy New:") && !text.contains("Hello"), "{text}");
    assert!(
        messages[1].contains("Subject: =?utf-8?") || messages[1].contains("invitado"),
        "{}",
        messages[1]
    );
}

#[test]
fn a_refusing_or_silent_server_still_leaves_the_link_and_a_message() {
    for (mode, says) in [("refuse", "550"), ("hang", "did not answer within 2 seconds")] {
        let server = SmtpServer::start(mode);
        let app = app_with(&server, 2);
        let admin = app.admin();
        let member = app.member();
        app.sign_in(&admin);
        let started = Instant::now();
        let edit = format!("/users/{}/edit", member.id);
        let response = app.submit(&edit, &format!("/users/{}/reset-link", member.id), &[]);
        let took = started.elapsed();
        assert_eq!(response.status(), Status::Ok, "{mode}");
        let html = response.into_string().unwrap();
        assert!(
            html.contains("could not be mailed to member@example.com"),
            "{mode}: {html}"
        );
        assert!(html.contains(says), "{mode}: {html}");
        assert!(
            html.contains(r#"id="link""#) && html.contains("/reset/"),
            "the link is still there"
        );
        assert!(took < Duration::from_secs(8), "{mode} took {took:?}");
        let failed = app.sql("SELECT detail FROM audit WHERE event = 'link_mail_failed'");
        assert_eq!(failed.len(), 1, "{mode}");
        assert!(failed[0][0].contains(says) || mode == "hang", "{failed:?}");
        assert!(app.get("/audit").into_string().unwrap().contains("mail not sent"));
    }
}

#[test]
fn without_mail_there_is_no_forgot_page() {
    let app = TestApp::new();
    assert!(!app.get("/login").into_string().unwrap().contains("/forgot"));
    assert_eq!(app.get("/forgot").status(), Status::NotFound);
    assert_eq!(
        app.submit("/login", "/forgot", &[("email", "a@b.c")]).status(),
        Status::NotFound
    );
}

#[test]
fn forgot_answers_the_same_for_any_address_and_mails_only_active_users() {
    let server = SmtpServer::start("accept");
    let app = app_with(&server, 5);
    let member = app.member();
    let off = app.create_user("off@example.com", "Off Person", Role::Member);
    app.sql(&format!("UPDATE users SET active = FALSE WHERE id = {}", off.id));
    let login = app.get("/login").into_string().unwrap();
    assert!(login.contains(r#"href="/forgot""#));
    assert_eq!(app.get("/forgot").status(), Status::Ok);

    let page = |email: &str| {
        let response = app.submit("/forgot", "/forgot", &[("email", email)]);
        assert_eq!(response.status(), Status::Ok, "{email}");
        let html = response.into_string().unwrap();
        let main = html
            .split("<main")
            .nth(1)
            .unwrap()
            .split("</main>")
            .next()
            .unwrap()
            .to_owned();
        main.replace(email, "ADDRESS")
    };
    let known = page(&member.email);
    let unknown = page("nobody@example.com");
    let disabled = page(&off.email);
    assert_eq!(known, unknown, "the same answer for a known and an unknown address");
    assert_eq!(known, disabled);
    let messages = server.wait_for(1);
    std::thread::sleep(Duration::from_millis(300));
    let messages = if messages.len() == 1 {
        server.messages()
    } else {
        messages
    };
    assert_eq!(messages.len(), 1, "only the active member gets mail");
    let text = plain_text(&messages[0]);
    assert!(
        text.contains("Someone, most likely you, asked for a new gatehouse password"),
        "{text}"
    );

    // The link works, and ends the sessions the member had.
    let path = link_path(&messages[0]).unwrap();
    let elsewhere = app.another_browser();
    elsewhere.sign_in(&member);
    let visitor = app.another_browser();
    let done = visitor.submit(
        &path,
        &path,
        &[("new_password", NEW_PASSWORD), ("new_password_confirm", NEW_PASSWORD)],
    );
    assert_eq!(done.status(), Status::SeeOther);
    drop(done);
    assert_eq!(elsewhere.get("/users").status(), Status::SeeOther);

    // Three requests for one address in the window, then 429.
    page(&member.email);
    page(&member.email);
    let throttled = app.submit("/forgot", "/forgot", &[("email", &member.email)]);
    assert_eq!(throttled.status(), Status::TooManyRequests);
    assert!(throttled.headers().get_one("Retry-After").is_some());
}

/// Runs `gatehouse mail test` with a Rocket.toml naming `server`.
fn mail_test(server: &SmtpServer, extra: &str, password: Option<&str>) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("Rocket.toml");
    std::fs::write(
        &config,
        format!(
            "[default]\npublic_url = \"{PUBLIC_URL}\"\n[default.smtp]\nhost = \"127.0.0.1\"\nport = {}\nfrom = \"gatehouse@example.org\"\nsecurity = \"none\"\ntimeout = 3\n{extra}",
            server.port
        ),
    )
    .unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_gatehouse"));
    command
        .env("LANGUAGE", "en")
        .env("ROCKET_CONFIG", &config)
        .env_remove("GATEHOUSE_SMTP_PASSWORD")
        .args(["mail", "test", "--to", "someone@example.com"]);
    if let Some(password) = password {
        command.env("GATEHOUSE_SMTP_PASSWORD", password);
    }
    command.output().unwrap()
}

#[test]
fn mail_test_reports_the_server_s_answer_and_a_wrong_password() {
    let server = SmtpServer::start("accept");
    let out = mail_test(&server, "", None);
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        said.contains("Sent a test message to someone@example.com") && said.contains("queued as"),
        "{said}"
    );
    assert_eq!(server.wait_for(1).len(), 1);

    let auth = SmtpServer::start("auth");
    let wrong = mail_test(&auth, "username = \"office\"\n", Some("wrong password"));
    assert_eq!(wrong.status.code(), Some(1));
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert!(said.starts_with("error: the test message was not sent"), "{said}");
    assert!(said.to_lowercase().contains("auth"), "{said}");
    let right = mail_test(&auth, "username = \"office\"\n", Some("right password"));
    assert_eq!(
        right.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&right.stderr)
    );

    let refused = SmtpServer::start("refuse");
    let out = mail_test(&refused, "", None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("550"));

    let none = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .env("LANGUAGE", "en")
        .env("ROCKET_CONFIG", "/nonexistent/Rocket.toml")
        .args(["mail", "test", "--to", "someone@example.com"])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&none.stderr).contains("[default.smtp]"));
}

/// A mailed link goes where `public_url` says, whatever Host the request
/// that made it named: bound to the network, an IP literal passes the host
/// check, and a reset link mailed to `http://10.9.9.9:8000/reset/…` would
/// hand the token to whoever holds that address.
#[test]
fn a_mailed_link_starts_with_public_url_never_with_the_request_s_host() {
    let server = SmtpServer::start("accept");
    let figment = server.settings(test_figment().merge(("address", "0.0.0.0")), 5);
    let app = TestApp::with_figment(figment);
    let admin = app.admin();
    let member = app.member();
    let forged = rocket::http::Header::new("Host", "10.9.9.9:8000");
    let form = app
        .client
        .get("/forgot")
        .header(forged.clone())
        .dispatch()
        .into_string()
        .unwrap();
    let token = csrf_in(&form).unwrap();
    let sent = app
        .client
        .post("/forgot")
        .header(forged.clone())
        .header(rocket::http::ContentType::Form)
        .body(encode(&[("email", &member.email), ("csrf_token", &token)]))
        .dispatch();
    assert_eq!(sent.status(), Status::Ok);
    let messages = server.wait_for(1);
    let text = plain_text(&messages[0]);
    assert!(text.contains(&format!("{PUBLIC_URL}/reset/")), "{text}");
    assert!(!messages[0].contains("10.9.9.9"), "{}", messages[0]);

    // An administrator's own screen may show the address in use; the mail
    // still starts with public_url.
    app.sign_in(&admin);
    let page = app
        .client
        .get(format!("/users/{}/edit", member.id))
        .header(forged.clone())
        .dispatch()
        .into_string()
        .unwrap();
    let token = csrf_in(&page).unwrap();
    let made = app
        .client
        .post(format!("/users/{}/reset-link", member.id))
        .header(forged)
        .header(rocket::http::ContentType::Form)
        .body(encode(&[("csrf_token", &token)]))
        .dispatch();
    assert_eq!(made.status(), Status::Ok);
    drop(made);
    let messages = server.wait_for(2);
    assert!(plain_text(&messages[1]).contains(&format!("{PUBLIC_URL}/reset/")));
    assert!(!messages[1].contains("10.9.9.9"));
}

/// Mail without `public_url` does not start: it says what to write.
#[test]
fn mail_without_public_url_stops_the_start_and_says_what_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("Rocket.toml");
    std::fs::write(
        &config,
        "[default.smtp]\nhost = \"127.0.0.1\"\nfrom = \"gatehouse@example.org\"\nsecurity = \"none\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .env("LANGUAGE", "en")
        .env("LC_ALL", "en")
        .env("ROCKET_CONFIG", &config)
        .arg("--db")
        .arg(dir.path().join("g.db"))
        .args(["serve", "--port", "0", "--no-open"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.starts_with("error:") && said.contains("public_url"), "{said}");
}
