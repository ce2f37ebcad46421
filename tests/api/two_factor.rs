//! Two-step sign-in through HTTP, with codes computed from the secret the
//! set-up page shows, at times set by the app's clock: set up and confirmed,
//! a code accepted once (one step either side, not two), recovery codes
//! used once, wrong codes in the throttle, the policy, an administrator's
//! reset and the command line's.

use gatehouse::clock::Clock;
use gatehouse::domain::{Role, User};
use gatehouse::security::totp::{code_at, STEP};
use rocket::http::Status;

use crate::helpers::*;

const START: i64 = 1_800_000_000;

/// Sets two-step sign-in up for the signed-in `app`: the secret and the recovery codes.
pub fn set_up(app: &TestApp) -> (String, Vec<String>) {
    // The password first: an open session alone does not tie the account to a phone.
    for wrong in ["", "not the password"] {
        let refused = app.submit(
            "/account/two-factor",
            "/account/two-factor/start",
            &[("current_password", wrong)],
        );
        assert_eq!(refused.status(), Status::UnprocessableEntity);
        assert!(!refused.into_string().unwrap().contains("secret"));
    }
    let page = app.submit(
        "/account/two-factor",
        "/account/two-factor/start",
        &[("current_password", PASSWORD)],
    );
    assert_eq!(page.status(), Status::Ok);
    let html = page.into_string().unwrap();
    assert!(
        html.contains(r#"<svg role="img""#) && !html.contains("<?xml"),
        "an inline QR code"
    );
    let secret = secret_in(&html);
    assert_eq!(secret.len(), 32);
    let wrong = app.submit(
        "/account/two-factor",
        "/account/two-factor/confirm",
        &[("code", "12345")],
    );
    assert_eq!(wrong.status(), Status::UnprocessableEntity);
    assert!(wrong.into_string().unwrap().contains("That code is not right"));
    let code = code_at(&secret, app.clock.now());
    let done = app.submit("/account/two-factor", "/account/two-factor/confirm", &[("code", &code)]);
    assert_eq!(done.status(), Status::Ok);
    let html = done.into_string().unwrap();
    let codes: Vec<String> = html
        .split("<li><code>")
        .skip(1)
        .map(|c| c.split('<').next().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10, "{html}");
    (secret, codes)
}

/// The first step: the password; answers where it sends the browser.
fn password_step(app: &TestApp, user: &User, fields: &[(&str, &str)]) -> String {
    let mut all = vec![("email", user.email.as_str()), ("password", PASSWORD)];
    all.extend_from_slice(fields);
    let response = app.submit("/login", "/login", &all);
    assert_eq!(response.status(), Status::SeeOther);
    location(&response)
}

fn code_step(app: &TestApp, code: &str) -> (Status, String) {
    let response = app.submit("/login/code", "/login/code", &[("code", code)]);
    (response.status(), location(&response))
}

fn enrolled(app: &TestApp) -> (User, String, Vec<String>) {
    let member = app.member();
    app.sign_in(&member);
    let (secret, codes) = set_up(app);
    app.sign_out();
    (member, secret, codes)
}

#[test]
fn signing_in_takes_the_password_then_a_code_that_works_once() {
    let app = TestApp::with_clock(Clock::manual(START));
    let (member, secret, _) = enrolled(&app);
    assert_eq!(
        app.sql_count("SELECT count(*) FROM audit WHERE event = 'two_factor_on'"),
        1
    );

    let to = password_step(&app, &member, &[("remember", "true"), ("next", "/account")]);
    assert_eq!(to, "/login/code");
    // Waiting for the code opens no page.
    assert_eq!(app.get("/users").status(), Status::SeeOther);
    assert_eq!(location(&app.get("/account")), "/login?next=%2Faccount");
    assert_eq!(app.get("/login/code").status(), Status::Ok);

    // The code that confirmed the set-up was accepted once: not again.
    let (status, _) = code_step(&app, &code_at(&secret, START));
    assert_eq!(status, Status::UnprocessableEntity);
    app.clock.advance(STEP);
    let code = code_at(&secret, app.clock.now());
    let response = app.submit("/login/code", "/login/code", &[("code", &code)]);
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/account", "next carried through");
    let session = set_cookie(&response, "gatehouse_session").unwrap();
    assert!(session.contains("Max-Age="), "remember carried through: {session}");
    drop(response);
    assert_eq!(app.get("/users").status(), Status::Ok);

    // The same code, from another browser, is refused: replayed.
    let other = app.another_browser();
    assert_eq!(password_step(&other, &member, &[]), "/login/code");
    assert_eq!(code_step(&other, &code).0, Status::UnprocessableEntity);
    assert!(app.sql_count("SELECT count(*) FROM audit WHERE event = 'code_wrong'") >= 2);
}

#[test]
fn the_step_either_side_works_and_two_steps_away_does_not() {
    let app = TestApp::with_clock(Clock::manual(START));
    let (member, secret, _) = enrolled(&app);
    app.clock.advance(10 * STEP);
    let now = app.clock.now();
    for (offset, works) in [(-2 * STEP, false), (2 * STEP, false), (-STEP, true), (STEP, true)] {
        let browser = app.another_browser();
        password_step(&browser, &member, &[]);
        let (status, _) = code_step(&browser, &code_at(&secret, now + offset));
        assert_eq!(status == Status::SeeOther, works, "offset {offset}: {status}");
    }
}

#[test]
fn a_recovery_code_works_once_and_the_count_left_is_shown() {
    let app = TestApp::with_clock(Clock::manual(START));
    let (member, _, codes) = enrolled(&app);
    password_step(&app, &member, &[]);
    let (status, _) = code_step(&app, &codes[3].to_uppercase());
    assert_eq!(status, Status::SeeOther, "a recovery code, whatever its case");
    let html = app.get("/account/two-factor").into_string().unwrap();
    assert!(html.contains("9 recovery codes left."), "{html}");
    let account = app.get("/account").into_string().unwrap();
    assert!(account.contains("9 recovery codes left."), "the count on /account too");
    app.sign_out();
    password_step(&app, &member, &[]);
    assert_eq!(
        code_step(&app, &codes[3]).0,
        Status::UnprocessableEntity,
        "used once only"
    );
    assert_eq!(
        app.sql_count("SELECT count(*) FROM audit WHERE event = 'recovery_code_used'"),
        1
    );
}

#[test]
fn wrong_codes_count_in_the_sign_in_throttle() {
    let app = TestApp::with_clock(Clock::manual(START));
    let (member, secret, _) = enrolled(&app);
    password_step(&app, &member, &[]);
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(code_step(&app, "000000").0);
    }
    assert!(statuses.contains(&Status::TooManyRequests), "{statuses:?}");
    app.clock.advance(STEP);
    let (status, _) = code_step(&app, &code_at(&secret, app.clock.now()));
    assert_eq!(status, Status::TooManyRequests, "locked even for the right code");
}

#[test]
fn a_waiting_sign_in_expires() {
    let app = TestApp::with_clock(Clock::manual(START));
    let (member, secret, _) = enrolled(&app);
    password_step(&app, &member, &[]);
    app.clock.advance(5 * 60);
    assert_eq!(location(&app.get("/login/code")), "/login");
    let (status, to) = code_step(&app, &code_at(&secret, app.clock.now()));
    assert_eq!((status, to.as_str()), (Status::SeeOther, "/login"));
}

#[test]
fn turning_it_off_needs_the_password_and_an_admin_or_the_command_line_can_reset_it() {
    let app = TestApp::with_clock(Clock::manual(START));
    let admin = app.admin();
    let (member, _, _) = enrolled(&app);
    // The member's browser is signed in with a recovery-free code run.
    let phone = app.another_browser();
    phone.sign_in_with(&member.email, PASSWORD, false);

    app.sign_in(&admin);
    let html = app.get("/users").into_string().unwrap();
    assert!(html.contains("two-step"), "the directory shows who has it");
    let edit = format!("/users/{}/edit", member.id);
    let reset = app.submit(&edit, &format!("/users/{}/two-factor/reset", member.id), &[]);
    assert_eq!(reset.status(), Status::SeeOther);
    drop(reset);
    assert_eq!(
        app.sql_count("SELECT count(*) FROM audit WHERE event = 'two_factor_reset'"),
        1
    );
    let alone = app.another_browser();
    assert_eq!(password_step(&alone, &member, &[]), "/", "the password alone again");
    app.sign_out();

    // Turning one's own off: the password first.
    let started = alone.submit(
        "/account/two-factor",
        "/account/two-factor/start",
        &[("current_password", PASSWORD)],
    );
    let secret = secret_in(&started.into_string().unwrap());
    let code = code_at(&secret, alone.clock.now());
    assert_eq!(
        alone
            .submit("/account/two-factor", "/account/two-factor/confirm", &[("code", &code)])
            .status(),
        Status::Ok
    );
    let wrong = alone.submit(
        "/account/two-factor",
        "/account/two-factor/disable",
        &[("current_password", "nope nope")],
    );
    assert_eq!(wrong.status(), Status::UnprocessableEntity);
    drop(wrong);
    let off = alone.submit(
        "/account/two-factor",
        "/account/two-factor/disable",
        &[("current_password", PASSWORD)],
    );
    assert_eq!(off.status(), Status::SeeOther);
    drop(off);
    assert_eq!(
        app.sql_count("SELECT count(*) FROM audit WHERE event = 'two_factor_off'"),
        1
    );

    // The command line.
    let db = app.db.clone();
    let out = crate::cli::gatehouse(&db, &["user", "reset-two-factor", "--email", &member.email], None);
    assert_eq!(out.status.code(), Some(1), "it is off already");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not on"));
}

#[test]
fn the_policy_sends_people_to_set_it_up_first() {
    let app = TestApp::with_figment(test_figment().merge(("two_factor", "everyone")));
    let member = app.member();
    app.sign_in(&member);
    for page in ["/users", "/account", "/audit"] {
        assert_eq!(location(&app.get(page)), "/account/two-factor", "{page}");
    }
    let html = app.get("/account/two-factor").into_string().unwrap();
    assert!(html.contains("asks you to set up two-step sign-in"));
    let (_, _) = set_up(&app);
    assert_eq!(app.get("/users").status(), Status::Ok, "free to go once it is on");
    let on = app.sql("SELECT detail FROM audit WHERE event = 'two_factor_on'");
    assert!(
        on[0][0].contains("required"),
        "the log says the policy required it: {on:?}"
    );

    let admins_only = TestApp::with_figment(test_figment().merge(("two_factor", "admins")));
    let member = admins_only.member();
    admins_only.sign_in(&member);
    assert_eq!(admins_only.get("/users").status(), Status::Ok, "members need not");
    let admin = admins_only.create_user("boss@example.com", "Boss", Role::Admin);
    let boss = admins_only.another_browser();
    boss.sign_in(&admin);
    assert_eq!(location(&boss.get("/users/new")), "/account/two-factor");
}

#[test]
fn the_command_line_turns_it_off_for_a_lost_phone() {
    let app = TestApp::with_clock(Clock::manual(START));
    let (member, _, _) = enrolled(&app);
    let out = crate::cli::gatehouse(&app.db, &["user", "reset-two-factor", "--email", &member.email], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Two-step sign-in is off for Max Member"));
    assert_eq!(password_step(&app, &member, &[]), "/");
}

#[test]
fn a_code_for_another_account_and_a_recovery_code_raced_twice_are_refused() {
    let app = TestApp::with_clock(Clock::manual(START));
    let (member, _, codes) = enrolled(&app);
    let other = app.create_user("other@example.com", "Other", Role::Member);
    let browser = app.another_browser();
    browser.sign_in(&other);
    let (other_secret, _) = set_up(&browser);
    browser.sign_out();
    // Max's sign-in with a code from Other's app.
    password_step(&app, &member, &[]);
    app.clock.advance(STEP);
    let (status, _) = code_step(&app, &code_at(&other_secret, app.clock.now()));
    assert_eq!(status, Status::UnprocessableEntity);

    // Browsers at one recovery code at once: one gets in.
    let browsers: Vec<TestApp> = (0..4).map(|_| app.another_browser()).collect();
    for b in &browsers {
        password_step(b, &member, &[]);
    }
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(browsers.len()));
    let handles: Vec<_> = browsers
        .into_iter()
        .map(|b| {
            let (barrier, code) = (barrier.clone(), codes[0].clone());
            let token = b.csrf("/login/code");
            std::thread::spawn(move || {
                barrier.wait();
                b.post("/login/code", &[("code", &code), ("csrf_token", &token)])
                    .status()
            })
        })
        .collect();
    let results: Vec<Status> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(
        results.iter().filter(|s| **s == Status::SeeOther).count(),
        1,
        "{results:?}"
    );
}

/// The code step from a second browser of `app`'s that holds `copied`, a
/// copy of a waiting sign-in's cookie: where it goes.
fn code_step_from_a_copy(app: &TestApp, copied: &str, code: &str) -> String {
    let copy = app.another_browser();
    let value = copied.to_owned();
    let pending = rocket::http::Cookie::new("gatehouse_pending", value);
    let token = copy.csrf("/login");
    let response = copy
        .client
        .post("/login/code")
        .header(rocket::http::ContentType::Form)
        .cookie(pending)
        .body(encode(&[("code", code), ("csrf_token", &token)]))
        .dispatch();
    assert_eq!(response.status(), Status::SeeOther);
    location(&response)
}

#[test]
fn going_back_to_the_sign_in_page_drops_the_waiting_sign_in() {
    let app = TestApp::with_clock(Clock::manual(START));
    let (member, secret, _) = enrolled(&app);
    assert_eq!(password_step(&app, &member, &[]), "/login/code");
    let copied = app.cookie("gatehouse_pending").unwrap();
    assert_eq!(app.get("/login").status(), Status::Ok);
    assert_eq!(location(&app.get("/login/code")), "/login");
    // Ended on the server: a copy of its cookie is no use either.
    app.clock.advance(STEP);
    assert_eq!(
        code_step_from_a_copy(&app, &copied, &code_at(&secret, app.clock.now())),
        "/login"
    );
}

#[test]
fn a_waiting_sign_in_ends_with_a_new_password_and_with_sign_out_everywhere_else() {
    let app = TestApp::with_clock(Clock::manual(START));
    let (member, secret, _) = enrolled(&app);
    // Someone who has the password waits at the code.
    let intruder = app.another_browser();
    assert_eq!(password_step(&intruder, &member, &[]), "/login/code");
    // The person, signed in elsewhere, signs out everywhere else.
    assert_eq!(password_step(&app, &member, &[]), "/login/code");
    app.clock.advance(STEP);
    assert_eq!(code_step(&app, &code_at(&secret, app.clock.now())).0, Status::SeeOther);
    let ended = app.submit("/account", "/account/sessions/revoke-others", &[]);
    assert_eq!(ended.status(), Status::SeeOther);
    app.clock.advance(STEP);
    let (status, to) = code_step(&intruder, &code_at(&secret, app.clock.now()));
    assert_eq!((status, to.as_str()), (Status::SeeOther, "/login"), "ended");

    // And with a new password.
    assert_eq!(password_step(&intruder, &member, &[]), "/login/code");
    let changed = app.submit(
        "/account/password",
        "/account/password",
        &[
            ("current_password", PASSWORD),
            ("new_password", "a brand new passphrase"),
            ("new_password_confirm", "a brand new passphrase"),
        ],
    );
    assert_eq!(changed.status(), Status::SeeOther);
    app.clock.advance(STEP);
    let (status, to) = code_step(&intruder, &code_at(&secret, app.clock.now()));
    assert_eq!((status, to.as_str()), (Status::SeeOther, "/login"), "ended");
    assert_eq!(intruder.get("/users").status(), Status::SeeOther);
}

#[test]
fn a_reset_link_asks_for_the_code_before_it_changes_anything() {
    let app = TestApp::with_clock(Clock::manual(START));
    let admin = app.admin();
    let (member, secret, codes) = enrolled(&app);
    // The person is signed in somewhere.
    let elsewhere = app.another_browser();
    assert_eq!(password_step(&elsewhere, &member, &[]), "/login/code");
    app.clock.advance(STEP);
    assert_eq!(
        code_step(&elsewhere, &code_at(&secret, app.clock.now())).0,
        Status::SeeOther
    );
    app.sign_in(&admin);
    let edit = format!("/users/{}/edit", member.id);
    let made = app.submit(&edit, &format!("/users/{}/reset-link", member.id), &[]);
    let html = made.into_string().unwrap();
    let path = format!(
        "/reset/{}",
        html.split("/reset/").nth(1).unwrap().split('"').next().unwrap()
    );
    // Whoever holds the link (a mailbox is enough) sees a code field.
    let visitor = app.another_browser();
    let form = visitor.get(&path).into_string().unwrap();
    assert!(
        form.contains(r#"name="code""#) && form.contains(r#"name="recovery_code""#),
        "{form}"
    );
    let hash_before = app.sql_one(&format!("SELECT password_hash FROM users WHERE id = {}", member.id));
    let password = [
        ("new_password", "a brand new passphrase"),
        ("new_password_confirm", "a brand new passphrase"),
    ];
    for code in ["", "000000", "aaaaa-bbbbb"] {
        let mut fields = password.to_vec();
        fields.push(("code", code));
        let refused = visitor.submit(&path, &path, &fields);
        assert_eq!(refused.status(), Status::UnprocessableEntity, "{code:?}");
        assert!(set_cookie(&refused, "gatehouse_session").is_none());
    }
    let hash_after = app.sql_one(&format!("SELECT password_hash FROM users WHERE id = {}", member.id));
    assert_eq!(hash_before, hash_after, "the password is as it was");
    assert_eq!(elsewhere.get("/users").status(), Status::Ok, "no session ended");
    assert_eq!(visitor.get("/users").status(), Status::SeeOther, "not signed in");
    // With a recovery code in its own field: the password set, signed in.
    let mut fields = password.to_vec();
    fields.push(("recovery_code", &codes[0]));
    let used = visitor.submit(&path, &path, &fields);
    assert_eq!(used.status(), Status::SeeOther);
    assert_eq!(location(&used), "/");
    drop(used);
    assert_eq!(visitor.get("/users").status(), Status::Ok);
    assert_eq!(
        elsewhere.get("/users").status(),
        Status::SeeOther,
        "the other session ended"
    );
}

#[test]
fn wrong_codes_are_capped_over_a_day_and_the_person_is_told() {
    let server = crate::smtp::SmtpServer::start("accept");
    let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let db = fresh_database(dir.path());
    let figment = server.settings(test_figment(), 5);
    let app = TestApp::on_clock(dir, db, figment, Clock::manual(START));
    let (member, secret, _) = enrolled(&app);
    // Never the 15 minutes' limit: a few codes a window, all day long.
    let reach_the_cap = || {
        let mut wrong = 0;
        while wrong < 20 {
            app.clock.advance(16 * 60);
            assert_eq!(password_step(&app, &member, &[]), "/login/code");
            for _ in 0..5.min(20 - wrong) {
                let status = code_step(&app, "999999").0;
                assert_eq!(status, Status::UnprocessableEntity, "wrong code {wrong}");
                wrong += 1;
            }
        }
    };
    reach_the_cap();
    app.clock.advance(16 * 60);
    assert_eq!(password_step(&app, &member, &[]), "/login/code");
    let (status, _) = code_step(&app, &code_at(&secret, app.clock.now()));
    assert_eq!(status, Status::TooManyRequests, "the right code too, for a day");
    let messages = server.wait_for(1);
    let text = crate::smtp::plain_text(&messages[0]);
    assert!(
        text.contains("20 wrong two-step codes") && text.contains("change it"),
        "{text}"
    );
    // A day after the first of them, codes work again.
    app.clock.advance(24 * 60 * 60);
    assert_eq!(password_step(&app, &member, &[]), "/login/code");
    let (status, to) = code_step(&app, &code_at(&secret, app.clock.now()));
    assert_eq!((status, to.as_str()), (Status::SeeOther, "/"));
    assert_eq!(server.messages().len(), 1, "told once");
    app.sign_out();

    // An administrator's unlock lifts it at once.
    reach_the_cap();
    app.clock.advance(16 * 60);
    assert_eq!(password_step(&app, &member, &[]), "/login/code");
    assert_eq!(
        code_step(&app, &code_at(&secret, app.clock.now())).0,
        Status::TooManyRequests
    );
    let admin = app.admin();
    let office = app.another_browser();
    office.sign_in(&admin);
    let unlock = format!("/users/{}/unlock", member.id);
    assert_eq!(office.submit("/users", &unlock, &[]).status(), Status::SeeOther);
    app.clock.advance(STEP);
    let (status, to) = code_step(&app, &code_at(&secret, app.clock.now()));
    assert_eq!((status, to.as_str()), (Status::SeeOther, "/"));
}

#[test]
fn setting_it_up_ends_the_sessions_opened_without_it_and_this_one_counts_it() {
    let app = TestApp::with_clock(Clock::manual(START));
    let member = app.member();
    // Signed in with the password on another computer, before two-step.
    let elsewhere = app.another_browser();
    assert_eq!(password_step(&elsewhere, &member, &[]), "/");
    assert_eq!(elsewhere.get("/account").status(), Status::Ok);
    app.sign_in(&member);
    set_up(&app);
    // That session had no second step: an app that requires one must not
    // take it, so it ends. This one gave the code: it counts it.
    assert_eq!(location(&elsewhere.get("/account")), "/login?next=%2Faccount");
    assert_eq!(app.get("/account").status(), Status::Ok);
    let amr = format!("SELECT amr FROM sessions WHERE user_id = {}", member.id);
    assert_eq!(app.sql(&amr), [["pwd otp"]]);

    // A reset link's session, whose form took the code, counts it too.
    app.clock.advance(STEP);
    let admin = app.another_browser();
    admin.sign_in(&admin.admin());
    let edit = format!("/users/{}/edit", member.id);
    let made = admin.submit(&edit, &format!("/users/{}/reset-link", member.id), &[]);
    let html = made.into_string().unwrap();
    let url = html
        .split(r#"id="link""#)
        .nth(1)
        .unwrap()
        .split(r#"value=""#)
        .nth(1)
        .unwrap();
    let path = format!("/{}", url.split('"').next().unwrap().splitn(4, '/').nth(3).unwrap());
    let browser = app.another_browser();
    let code = code_at(
        &app.sql_one(&format!("SELECT totp_secret FROM users WHERE id = {}", member.id)),
        app.clock.now(),
    );
    let chosen = browser.submit(
        &path,
        &path,
        &[
            ("new_password", "a new good password"),
            ("new_password_confirm", "a new good password"),
            ("code", &code),
        ],
    );
    assert_eq!(chosen.status(), Status::SeeOther);
    drop(chosen);
    assert_eq!(app.sql(&amr), [["pwd otp"]]);
}
