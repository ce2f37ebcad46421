//! Invitation and reset links through HTTP and the command line: made by an
//! administrator, opened (GET changes nothing), used once (POST), refused
//! with 410 once used, replaced, expired, or when their person is disabled
//! or deleted; pages that carry a token send no Referer and are not cached.

use gatehouse::clock::Clock;
use gatehouse::domain::{Role, User};
use rocket::http::Status;
use rocket::local::blocking::LocalResponse;

use crate::helpers::*;

const NEW_PASSWORD: &str = "a brand new passphrase";

/// The link a page shows, as a path (`/invite/…`), and its full address.
fn link_in(html: &str) -> (String, String) {
    let start = html.find(r#"id="link""#).expect("a link on the page");
    let value = html[start..].split(r#"value=""#).nth(1).unwrap();
    let url = value.split('"').next().unwrap().to_owned();
    let path = format!("/{}", url.splitn(4, '/').nth(3).unwrap());
    (path, url)
}

fn assert_token_headers(response: &LocalResponse<'_>) {
    assert_eq!(response.headers().get_one("Referrer-Policy"), Some("no-referrer"));
    assert_eq!(response.headers().get_one("Cache-Control"), Some("no-store"));
}

/// An administrator adds `email` with no password: the invitation's path.
fn invite(app: &TestApp, name: &str, email: &str) -> String {
    let response = app.submit(
        "/users/new",
        "/users",
        &[
            ("name", name),
            ("email", email),
            ("password", ""),
            ("role", "member"),
            ("active", "true"),
        ],
    );
    assert_eq!(response.status(), Status::Ok);
    assert_token_headers(&response);
    let html = response.into_string().unwrap();
    assert!(html.contains("It works until"), "{html}");
    link_in(&html).0
}

/// An administrator makes a reset link for `user`: its path.
fn reset_link(app: &TestApp, user: &User) -> String {
    let edit = format!("/users/{}/edit", user.id);
    let response = app.submit(&edit, &format!("/users/{}/reset-link", user.id), &[]);
    assert_eq!(response.status(), Status::Ok);
    assert_token_headers(&response);
    link_in(&response.into_string().unwrap()).0
}

/// Chooses `password` by the link at `path`, from `browser`.
fn choose<'a>(browser: &'a TestApp, path: &str, password: &str) -> LocalResponse<'a> {
    browser.submit(
        path,
        path,
        &[("new_password", password), ("new_password_confirm", password)],
    )
}

fn events(app: &TestApp, event: &str) -> i64 {
    app.sql_count(&format!("SELECT count(*) FROM audit WHERE event = '{event}'"))
}

#[test]
fn an_invited_person_chooses_a_password_by_the_link_and_is_signed_in() {
    let app = TestApp::new();
    let admin = app.admin();
    app.sign_in(&admin);
    let path = invite(&app, "Ivy New", "ivy@example.com");
    assert!(
        path.starts_with("/invite/") && path.len() == "/invite/".len() + 64,
        "{path}"
    );
    let directory = app.get("/users").into_string().unwrap();
    assert!(
        directory.contains("invited"),
        "the directory shows who has not accepted"
    );
    // Only a hash is kept.
    assert_eq!(app.sql_count("SELECT count(*) FROM links WHERE kind = 'invite'"), 1);
    let token = path.trim_start_matches("/invite/");
    assert!(!app
        .sql("SELECT * FROM links")
        .concat()
        .iter()
        .any(|v| v.contains(token)));

    // Without a password, signing in is refused like any wrong password.
    let ivy = app.another_browser();
    let refused = ivy.sign_in_with("ivy@example.com", "", false);
    assert_eq!(refused.status(), Status::UnprocessableEntity);
    drop(refused);

    // Opening the link (twice, as a mail scanner would) only shows the form.
    for _ in 0..2 {
        let page = ivy.get(&path);
        assert_eq!(page.status(), Status::Ok);
        assert_token_headers(&page);
        let html = page.into_string().unwrap();
        assert!(html.contains("Welcome, Ivy New") && html.contains(r#"name="new_password""#));
    }
    let mistake = ivy.submit(
        &path,
        &path,
        &[
            ("new_password", NEW_PASSWORD),
            ("new_password_confirm", "something else"),
        ],
    );
    assert_eq!(mistake.status(), Status::UnprocessableEntity);
    assert!(mistake
        .into_string()
        .unwrap()
        .contains("The two passwords are not the same."));
    let done = choose(&ivy, &path, NEW_PASSWORD);
    assert_eq!(done.status(), Status::SeeOther);
    assert_eq!(location(&done), "/");
    assert!(set_cookie(&done, "gatehouse_session").is_some());
    drop(done);
    let html = ivy.get("/users").into_string().unwrap();
    assert!(html.contains("Ivy New"), "signed in as Ivy");

    // Used once: the link now answers 410, and the password works.
    let again = app.another_browser();
    let gone = again.get(&path);
    assert_eq!(gone.status(), Status::Gone);
    assert_token_headers(&gone);
    let html = gone.into_string().unwrap();
    assert!(html.contains("This link was used already.") && html.contains("Ask an administrator for a new link."));
    assert_eq!(
        again.sign_in_with("ivy@example.com", NEW_PASSWORD, false).status(),
        Status::SeeOther
    );
    assert!(!app.get("/users").into_string().unwrap().contains("invited"));
    assert_eq!(events(&app, "link_created"), 1);
    assert_eq!(events(&app, "link_used"), 1);
    assert!(events(&app, "link_refused") >= 1);
    let log = app.get("/audit").into_string().unwrap();
    assert!(
        log.contains("invitation link, works until") && log.contains("used already"),
        "{log}"
    );
}

#[test]
fn a_reset_link_sets_a_new_password_and_ends_the_other_sessions() {
    let app = TestApp::new();
    let admin = app.admin();
    let member = app.member();
    app.sign_in(&admin);
    let elsewhere = app.another_browser();
    elsewhere.sign_in(&member);
    let path = reset_link(&app, &member);
    assert!(path.starts_with("/reset/"));
    // The old password keeps working until the link is used.
    assert_eq!(
        app.another_browser()
            .sign_in_with(&member.email, PASSWORD, false)
            .status(),
        Status::SeeOther
    );

    let here = app.another_browser();
    assert_eq!(choose(&here, &path, NEW_PASSWORD).status(), Status::SeeOther);
    assert_eq!(
        elsewhere.get("/users").status(),
        Status::SeeOther,
        "signed out elsewhere"
    );
    assert_eq!(here.get("/users").status(), Status::Ok);
    let stranger = app.another_browser();
    let old = stranger.sign_in_with(&member.email, PASSWORD, false);
    assert_eq!(old.status(), Status::UnprocessableEntity);
    drop(old);
    assert_eq!(
        app.another_browser()
            .sign_in_with(&member.email, NEW_PASSWORD, false)
            .status(),
        Status::SeeOther
    );
}

#[test]
fn a_newer_link_replaces_the_older_and_links_expire_on_the_clock() {
    let app = TestApp::with_clock(Clock::manual(1_800_000_000));
    let admin = app.admin();
    let member = app.member();
    app.sign_in(&admin);
    let first = reset_link(&app, &member);
    let second = reset_link(&app, &member);
    let visitor = app.another_browser();
    let replaced = visitor.get(&first);
    assert_eq!(replaced.status(), Status::Gone);
    assert!(replaced
        .into_string()
        .unwrap()
        .contains("A newer link was made since this one."));
    assert_eq!(visitor.get(&second).status(), Status::Ok);
    // 24 hours by default: a second before, it works; at 24 hours, it has expired.
    app.clock.advance(86_399);
    assert_eq!(visitor.get(&second).status(), Status::Ok);
    app.clock.advance(1);
    let expired = visitor.get(&second);
    assert_eq!(expired.status(), Status::Gone);
    assert!(expired.into_string().unwrap().contains("This link has expired."));
    let posted = choose(&visitor, &second, NEW_PASSWORD);
    assert_eq!(posted.status(), Status::Gone, "nor can it be used");
    drop(posted);
    assert!(app
        .sql("SELECT detail FROM audit WHERE event = 'link_refused'")
        .concat()
        .iter()
        .any(|d| d.contains("expired")));
}

#[test]
fn lifetimes_and_the_public_address_come_from_the_settings() {
    let figment = test_figment()
        .merge(("invite_lifetime", "30m"))
        .merge(("public_url", "https://gatehouse.example.org/"));
    let app = TestApp::with_figment(figment);
    let admin = app.admin();
    app.sign_in(&admin);
    let response = app.submit(
        "/users/new",
        "/users",
        &[
            ("name", "Ivy"),
            ("email", "ivy@example.com"),
            ("password", ""),
            ("role", "member"),
        ],
    );
    let html = response.into_string().unwrap();
    let (_, url) = link_in(&html);
    assert!(url.starts_with("https://gatehouse.example.org/invite/"), "{url}");
    let expires = app.sql_one("SELECT expires_at - created_at FROM links");
    assert_eq!(expires, "1800");

    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database(dir.path());
    let error = gatehouse::rocket(
        open_store(&db),
        test_figment().merge(("reset_lifetime", "1 week")),
        Clock::system(),
    )
    .unwrap_err();
    assert!(error.contains("reset_lifetime") || error.contains("\"24h\""), "{error}");
}

#[test]
fn disabling_changing_the_password_or_deleting_ends_a_person_s_links() {
    let app = TestApp::new();
    let admin = app.admin();
    app.sign_in(&admin);
    let visitor = app.another_browser();

    // Disabled: the link is refused, and no new one is made.
    let member = app.member();
    let link = reset_link(&app, &member);
    let fields = [
        ("name", "Max Member"),
        ("email", "member@example.com"),
        ("password", ""),
        ("role", "member"),
    ];
    let edit = format!("/users/{}/edit", member.id);
    assert_eq!(
        app.submit(&edit, &format!("/users/{}", member.id), &fields).status(),
        Status::SeeOther
    );
    assert_eq!(visitor.get(&link).status(), Status::Gone);
    let refused = app.submit(&edit, &format!("/users/{}/reset-link", member.id), &[]);
    assert_eq!(refused.status(), Status::UnprocessableEntity);
    assert!(refused.into_string().unwrap().contains("This account is disabled"));

    // A password changed by the person themselves ends their links.
    let bo = app.create_user("bo@example.com", "Bo", Role::Member);
    let link = reset_link(&app, &bo);
    let bo_browser = app.another_browser();
    bo_browser.sign_in(&bo);
    let changed = bo_browser.submit(
        "/account",
        "/account/password",
        &[
            ("current_password", PASSWORD),
            ("new_password", NEW_PASSWORD),
            ("new_password_confirm", NEW_PASSWORD),
        ],
    );
    assert_eq!(changed.status(), Status::SeeOther);
    drop(changed);
    assert_eq!(visitor.get(&link).status(), Status::Gone);

    // Deleted: the link is unknown.
    let cy = app.create_user("cy@example.com", "Cy", Role::Member);
    let link = reset_link(&app, &cy);
    let deleted = app.submit(
        &format!("/users/{}/delete", cy.id),
        &format!("/users/{}/delete", cy.id),
        &[],
    );
    assert_eq!(deleted.status(), Status::SeeOther);
    drop(deleted);
    let gone = visitor.get(&link);
    assert_eq!(gone.status(), Status::Gone);
    assert!(gone.into_string().unwrap().contains("This link is not valid"));
    assert_eq!(app.sql_count("SELECT count(*) FROM links"), 0);
}

/// An invitation sent to a mistyped address must not outlive its
/// correction: whoever got it would become that person (an administrator,
/// if invited as one). Reset links the same.
#[test]
fn a_new_email_ends_the_person_s_unused_links() {
    let app = TestApp::new();
    let admin = app.admin();
    app.sign_in(&admin);
    let invited = invite(&app, "Ivy New", "ivy@exmaple.com");
    let ivy = app.sql_count("SELECT id FROM users WHERE email = 'ivy@exmaple.com'");
    let member = app.member();
    let reset = reset_link(&app, &member);
    for (id, name, email) in [
        (ivy, "Ivy New", "ivy@example.com"),
        (member.id, "Max Member", "max@example.com"),
    ] {
        let edit = format!("/users/{id}/edit");
        let fields = [
            ("name", name),
            ("email", email),
            ("password", ""),
            ("role", "member"),
            ("active", "true"),
        ];
        assert_eq!(
            app.submit(&edit, &format!("/users/{id}"), &fields).status(),
            Status::SeeOther
        );
    }
    let stranger = app.another_browser();
    for path in [&invited, &reset] {
        assert_eq!(stranger.get(path).status(), Status::Gone, "{path}");
        let used = choose(&stranger, path, NEW_PASSWORD);
        assert_eq!(used.status(), Status::Gone);
        assert!(set_cookie(&used, "gatehouse_session").is_none());
    }
    // A new invitation to the right address works.
    let again = app.submit(&format!("/users/{ivy}/edit"), &format!("/users/{ivy}/invite"), &[]);
    let (path, _) = link_in(&again.into_string().unwrap());
    assert_eq!(choose(&stranger, &path, NEW_PASSWORD).status(), Status::SeeOther);
}

/// A used or expired link asked for again and again is one line in the
/// security log, on every instance, not one per request.
#[test]
fn a_refused_link_is_recorded_once() {
    let app = TestApp::new();
    let admin = app.admin();
    app.sign_in(&admin);
    let path = invite(&app, "Ivy New", "ivy@example.com");
    let visitor = app.another_browser();
    assert_eq!(choose(&visitor, &path, NEW_PASSWORD).status(), Status::SeeOther);
    let others = app.another_browser();
    for _ in 0..5 {
        assert_eq!(others.get(&path).status(), Status::Gone);
        assert_eq!(app.get(&path).status(), Status::Gone);
    }
    assert_eq!(choose(&others, &path, NEW_PASSWORD).status(), Status::Gone);
    assert_eq!(events(&app, "link_refused"), 1);
}

#[test]
fn a_new_invitation_only_for_who_has_not_accepted_and_unknown_links_are_gone() {
    let app = TestApp::new();
    let admin = app.admin();
    app.sign_in(&admin);
    let first = invite(&app, "Ivy", "ivy@example.com");
    let ivy = app.sql_count("SELECT id FROM users WHERE email = 'ivy@example.com'");
    let edit = format!("/users/{ivy}/edit");
    let html = app.get(&edit).into_string().unwrap();
    assert!(
        html.contains(&format!(r#"action="/users/{ivy}/invite""#)),
        "the edit page offers a new invitation"
    );
    let again = app.submit(&edit, &format!("/users/{ivy}/invite"), &[]);
    assert_eq!(again.status(), Status::Ok);
    let second = link_in(&again.into_string().unwrap()).0;
    let visitor = app.another_browser();
    assert_eq!(visitor.get(&first).status(), Status::Gone);
    assert_eq!(choose(&visitor, &second, NEW_PASSWORD).status(), Status::SeeOther);
    let html = app.get(&edit).into_string().unwrap();
    assert!(!html.contains(&format!(r#"action="/users/{ivy}/invite""#)));
    let refused = app.submit(&edit, &format!("/users/{ivy}/invite"), &[]);
    assert_eq!(refused.status(), Status::UnprocessableEntity);
    assert!(refused.into_string().unwrap().contains("chosen a password already"));

    for path in [
        "/invite/nonsense",
        "/reset/0000",
        &format!("/reset/{}", "a".repeat(64)),
        "/invite/%00",
    ] {
        let response = visitor.get(path);
        assert_eq!(response.status(), Status::Gone, "{path}");
    }
    // An invitation is not a reset link.
    let member = app.member();
    let reset = reset_link(&app, &member);
    let as_invite = reset.replace("/reset/", "/invite/");
    assert_eq!(visitor.get(&as_invite).status(), Status::Gone);
}

#[test]
fn a_token_never_reaches_the_security_log() {
    let app = TestApp::new();
    let admin = app.admin();
    let member = app.member();
    app.sign_in(&admin);
    let link = reset_link(&app, &member);
    let token = link.trim_start_matches("/reset/").to_owned();
    let visitor = app.another_browser();
    // A form without its CSRF token is refused and recorded, path and all.
    let forged = visitor.post(
        &link,
        &[("new_password", NEW_PASSWORD), ("new_password_confirm", NEW_PASSWORD)],
    );
    assert_eq!(forged.status(), Status::Forbidden);
    drop(forged);
    visitor.get("/reset/not-a-real-token");
    let everything = app.sql("SELECT event || ' ' || actor || ' ' || target || ' ' || detail FROM audit");
    assert!(
        everything.concat().iter().any(|row| row.contains("/reset/…")),
        "{everything:?}"
    );
    assert!(!everything.concat().iter().any(|row| row.contains(&token)));
}

#[test]
fn the_command_line_invites_and_makes_reset_links() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database(dir.path());
    let run = |args: &[&str]| crate::cli::gatehouse(&db, args, None);
    let out = run(&["user", "invite", "--email", "Ivy@Example.com", "--name", "Ivy"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    let url = said.lines().last().unwrap().to_owned();
    assert!(url.starts_with("http://127.0.0.1:8000/invite/"), "{said}");
    assert!(said.contains("ivy@example.com") && said.contains("works once"));

    let taken = run(&["user", "invite", "--email", "ivy@example.com", "--name", "Ivy"]);
    assert_eq!(taken.status.code(), Some(1));
    let unknown = run(&["user", "reset-link", "--email", "nobody@example.com"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).starts_with("error: no user has the email"));

    let app = TestApp::on_database(db.clone());
    let path = url.trim_start_matches("http://127.0.0.1:8000").to_owned();
    assert_eq!(choose(&app, &path, NEW_PASSWORD).status(), Status::SeeOther);
    let reset = run(&["user", "reset-link", "--email", "ivy@example.com"]);
    assert_eq!(reset.status.code(), Some(0));
    let url = String::from_utf8_lossy(&reset.stdout)
        .lines()
        .last()
        .unwrap()
        .to_owned();
    assert!(url.contains("/reset/"));
    let other = app.another_browser();
    let path = url.trim_start_matches("http://127.0.0.1:8000").to_owned();
    assert_eq!(other.get(&path).status(), Status::Ok);
    assert_eq!(
        app.get("/users").status(),
        Status::Ok,
        "still signed in until the link is used"
    );
}

/// The real binary serving `db` from `dir` (where a Rocket.toml may be):
/// the process, the address it answers at, and its log files.
fn serve_in(
    dir: &std::path::Path,
    db: &std::path::Path,
) -> (std::process::Child, String, std::path::PathBuf, std::path::PathBuf) {
    let (out, err) = (dir.join("out.log"), dir.join("err.log"));
    let server = std::process::Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .env("LANGUAGE", "en")
        .env_remove("ROCKET_LOG_LEVEL")
        .env_remove("GATEHOUSE_LOG")
        .env_remove("ROCKET_CONFIG")
        .arg("--db")
        .arg(db)
        .args(["serve", "--port", "0", "--no-open"])
        .current_dir(dir)
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let base = loop {
        let banner = std::fs::read_to_string(&out).unwrap_or_default();
        if let Some(base) = banner.lines().find_map(|l| l.strip_prefix("Open ")?.split(' ').next()) {
            break base.trim_end_matches('/').to_owned();
        }
        assert!(started.elapsed().as_secs() < 60, "no banner: {banner}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    (server, base, out, err)
}

/// Stops `server` and gives all it wrote.
fn stop(mut server: std::process::Child, out: &std::path::Path, err: &std::path::Path) -> String {
    std::process::Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    server.wait().unwrap();
    std::fs::read_to_string(out).unwrap() + &std::fs::read_to_string(err).unwrap()
}

fn status_of(result: Result<ureq::Response, ureq::Error>) -> u16 {
    match result {
        Ok(response) => response.status(),
        Err(ureq::Error::Status(code, _)) => code,
        Err(e) => panic!("{e}"),
    }
}

/// No log line holds a token, at the levels older Rocket.toml files name
/// in Rocket's own words (`critical`: quiet; `normal` and `debug`: every
/// request), written in Rocket.toml's `[default]` as the docs showed (every
/// level and route: tests/api/logs.rs); `ip_header` written there is read
/// too (it was ignored, so that behind a proxy every client was the proxy,
/// and fifty wrong passwords from anyone locked everyone out).
#[test]
fn at_every_log_level_no_log_line_holds_a_token() {
    for level in ["critical", "normal", "debug"] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("Rocket.toml"),
            format!("[default]\nlog_level = \"{level}\"\nip_header = \"X-Real-IP\"\n"),
        )
        .unwrap();
        let db = fresh_database(dir.path());
        let invited = crate::cli::gatehouse(
            &db,
            &["user", "invite", "--email", "ivy@example.com", "--name", "Ivy"],
            None,
        );
        let url = String::from_utf8_lossy(&invited.stdout)
            .lines()
            .last()
            .unwrap()
            .to_owned();
        let path = format!("/invite/{}", url.split("/invite/").nth(1).unwrap());
        let token = path.trim_start_matches("/invite/").to_owned();
        let (server, base, out, err) = serve_in(dir.path(), &db);
        assert_eq!(status_of(ureq::get(&format!("{base}{path}?from=mail")).call()), 200);
        assert_eq!(status_of(ureq::get(&format!("{base}/reset/{token}")).call()), 410);
        // From behind the proxy: the client is who X-Real-IP names.
        let forged = ureq::post(&format!("{base}{path}"))
            .set("X-Real-IP", "203.0.113.9")
            .send_form(&[("new_password", NEW_PASSWORD)]);
        assert_eq!(status_of(forged), 403);
        assert_eq!(status_of(ureq::get(&format!("{base}{path}0")).call()), 410);
        let logged = stop(server, &out, &err);
        assert!(!logged.contains(&token), "{level}: a token in the log: {logged}");
        if level == "critical" {
            assert!(!logged.contains("INFO"), "{level}: warnings and errors only: {logged}");
        } else {
            assert!(
                logged.contains(r#"method="GET" path="/invite/…" status=200"#)
                    && logged.contains(r#"event="form_refused""#),
                "{level}: a line per request, and the security events: {logged}"
            );
        }
        // The refused form was recorded from the address the proxy named.
        let refused_from = run_sql(&db, "SELECT address FROM audit WHERE event = 'form_refused'");
        assert_eq!(
            refused_from,
            vec![vec!["203.0.113.9".to_owned()]],
            "{level}: ip_header read"
        );
    }
}
