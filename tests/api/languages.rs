//! English and Spanish: the catalogues are whole and used, every page can be
//! read in Spanish without an English sentence left, the language is chosen
//! in the contract's order (the account's choice, the footer switch's
//! cookie, Accept-Language, default_language), and times are the office's.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use gatehouse::clock::Clock;
use gatehouse::domain::Role;
use gatehouse::i18n::keys_of;
use rocket::http::{Header, Status};

use crate::helpers::*;
use crate::smtp::SmtpServer;

fn project(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Every catalogue: its language's code and its text.
fn catalogues() -> Vec<(String, String)> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(project("locales")).unwrap() {
        let dir = entry.unwrap().path();
        let mut text = String::new();
        for file in std::fs::read_dir(&dir).unwrap() {
            text.push_str(&std::fs::read_to_string(file.unwrap().path()).unwrap());
        }
        all.push((dir.file_name().unwrap().to_string_lossy().into_owned(), text));
    }
    all.sort();
    all
}

/// The English catalogue, the reference: every file of locales/en/.
fn english() -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(project("locales/en"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "ftl"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|file| std::fs::read_to_string(file).unwrap() + "\n")
        .collect()
}

/// The text of every file under `dir` with one of `suffixes`.
fn sources(dir: &Path, suffixes: &[&str], into: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, suffixes, into);
        } else if suffixes.iter().any(|s| path.to_string_lossy().ends_with(s)) {
            into.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn every_catalogue_has_every_message_and_no_other() {
    let reference = english();
    let english: BTreeSet<&str> = keys_of(&reference).into_iter().collect();
    let all = catalogues();
    assert!(all.iter().any(|(code, _)| code == "es"), "a Spanish catalogue");
    for (code, text) in &all {
        let keys: BTreeSet<&str> = keys_of(text).into_iter().collect();
        let missing: Vec<_> = english.difference(&keys).collect();
        let extra: Vec<_> = keys.difference(&english).collect();
        assert!(missing.is_empty(), "{code} lacks {missing:?}");
        assert!(extra.is_empty(), "{code} has messages English does not: {extra:?}");
        assert_eq!(keys_of(text).len(), keys.len(), "{code} names a message twice");
        for isolation in ['\u{2068}', '\u{2069}'] {
            assert!(!text.contains(isolation), "{code} holds an isolation mark");
        }
        let markup = ["</", "<a ", "<span", "<strong", "<em>", "<code>", "<br", "<p>"];
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            assert!(!markup.iter().any(|m| line.contains(m)), "{code} holds markup: {line}");
        }
    }
}

/// Message families whose keys the code builds from a value: the prefix,
/// and the values it is built from appear in the code as quoted strings.
const BUILT_KEYS: &[&str] = &[
    "problem-",
    "event-",
    "detail-field-",
    "detail-link-",
    "link-gone-",
    "link-refused-",
    "refused-",
    "role-",
    "month-",
    "oidc-scope-",
    "import-column-",
    "detail-passkey-refused-",
];

#[test]
fn every_message_is_used() {
    let mut code = String::new();
    sources(&project("src"), &[".rs"], &mut code);
    sources(&project("templates"), &[".tera"], &mut code);
    let english = english();
    let unused: Vec<&str> = keys_of(&english)
        .into_iter()
        .filter(|key| !code.contains(&format!("\"{key}\"")))
        .filter(|key| {
            let built = BUILT_KEYS.iter().find_map(|prefix| key.strip_prefix(prefix));
            match built {
                Some(month) if key.starts_with("month-") => !month
                    .trim_start_matches("long-")
                    .parse::<u32>()
                    .is_ok_and(|m| (1..=12).contains(&m)),
                // The event ids are written with underscores.
                Some(value) => !code.contains(&format!("\"{value}\"")),
                None => true,
            }
        })
        .collect();
    assert!(unused.is_empty(), "messages nothing uses: {unused:?}");
}

/// The pieces of an English message's own text (between its arguments)
/// long enough to be a phrase rather than a word.
fn english_phrases() -> Vec<String> {
    let english = english();
    let mut phrases = Vec::new();
    let mut text = String::new();
    for line in english.lines() {
        if line.starts_with('#') {
            continue;
        }
        let value = match line.split_once(" = ") {
            Some((key, value)) if key.starts_with(|c: char| c.is_ascii_lowercase()) => value,
            _ => line.trim(),
        };
        text.push_str(value);
        text.push('\n');
    }
    for piece in text.split(['{', '}', '\n', '[', ']', '*']) {
        let piece = piece.trim();
        if piece.split_whitespace().count() >= 2 && piece.len() >= 10 && !piece.starts_with('$') {
            phrases.push(piece.to_owned());
        }
    }
    phrases
}

fn unescaped(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Switches `app`'s browser to Spanish with the footer's switch.
fn choose_spanish(app: &TestApp, from: &str) {
    let response = app.submit(from, "/language", &[("lang", "es"), ("next", from)]);
    assert_eq!(response.status(), Status::SeeOther);
}

#[test]
fn every_page_reads_in_spanish_without_an_english_sentence() {
    let server = SmtpServer::start("accept");
    let app = TestApp::with_figment(server.settings(test_figment(), 5));
    let admin = app.admin();
    let member = app.create_user("bo@example.com", "Bo Member", Role::Member);
    let mut pages: Vec<(String, String)> = Vec::new();
    let mut keep = |what: &str, response: rocket::local::blocking::LocalResponse<'_>| {
        let html = response.into_string().unwrap_or_default();
        assert!(
            html.contains(r#"<html lang="es">"#),
            "{what} is not marked Spanish: {html}"
        );
        pages.push((what.to_owned(), unescaped(&html)));
        html
    };

    choose_spanish(&app, "/login");
    keep("the sign-in page", app.get("/login"));
    keep(
        "a failed sign-in",
        app.submit("/login", "/login", &[("email", "x@y.z"), ("password", "nope nope")]),
    );
    keep("no such page", app.get("/nothing-here"));
    app.sign_in(&admin);
    let pages_list = [
        "/users",
        "/users?q=zzzz",
        "/users?page=9",
        "/users?page=x",
        "/users/new",
        "/account",
        "/account/password",
        "/audit",
        "/audit?page=7",
    ];
    for uri in pages_list {
        keep(uri, app.get(uri));
    }
    keep("the edit page", app.get(&format!("/users/{}/edit", member.id)));
    keep("the delete page", app.get(&format!("/users/{}/delete", member.id)));
    keep(
        "a new user's mistakes",
        app.submit(
            "/users/new",
            "/users",
            &[("name", ""), ("email", "no"), ("password", "x"), ("role", "boss")],
        ),
    );
    keep(
        "deleting oneself",
        app.submit("/users", &format!("/users/{}/delete", admin.id), &[]),
    );
    keep(
        "a password mistake",
        app.submit(
            "/account",
            "/account/password",
            &[
                ("current_password", "wrong"),
                ("new_password", "x"),
                ("new_password_confirm", "y"),
            ],
        ),
    );
    let saved = app.submit(
        &format!("/users/{}/edit", member.id),
        &format!("/users/{}", member.id),
        &[
            ("name", "Bo Renamed"),
            ("email", "bo@example.com"),
            ("password", ""),
            ("role", "member"),
            ("active", "true"),
        ],
    );
    assert_eq!(saved.status(), Status::SeeOther);
    keep("a flash message", app.get("/users"));
    // Groups, in Spanish too.
    keep("no groups yet", app.get("/groups"));
    keep("a new group", app.get("/groups/new"));
    keep(
        "a group's name missing",
        app.submit("/groups/new", "/groups", &[("name", " ")]),
    );
    let created = app.submit("/groups/new", "/groups", &[("name", "Contabilidad")]);
    let group_page = location(&created);
    drop(created);
    keep("a group's page with its notice", app.get(&group_page));
    keep(
        "a person no one is",
        app.submit(
            &group_page,
            &format!("{group_page}/members"),
            &[("email", "nadie@example.com")],
        ),
    );
    app.submit(
        &group_page,
        &format!("{group_page}/members"),
        &[("email", "bo@example.com")],
    );
    keep("the groups", app.get("/groups"));
    keep(
        "a group's people in the directory",
        app.get(&format!("/users?group={}", &group_page["/groups/".len()..])),
    );
    keep(
        "the edit page with groups",
        app.get(&format!("/users/{}/edit", member.id)),
    );
    keep("deleting a group", app.get(&format!("{group_page}/delete")));
    // Apps behind the gate, in Spanish too.
    keep("no apps yet", app.get("/apps"));
    keep("a new app", app.get("/apps/new"));
    keep(
        "an app's mistakes",
        app.submit(
            "/apps/new",
            "/apps",
            &[
                ("name", ""),
                ("kind", "proxy"),
                ("host", "no host"),
                ("path_prefix", "x"),
                ("access", "groups"),
            ],
        ),
    );
    let added = app.submit(
        "/apps/new",
        "/apps",
        &[
            ("name", "Wiki"),
            ("kind", "proxy"),
            ("host", "wiki.oficina.test"),
            ("access", "everyone"),
        ],
    );
    assert_eq!(added.status(), Status::SeeOther);
    drop(added);
    keep("the apps with a notice", app.get("/apps"));
    keep("your apps", app.get("/apps/mine"));
    let invited = keep(
        "an invitation link",
        app.submit(
            "/users/new",
            "/users",
            &[
                ("name", "Ivy"),
                ("email", "ivy@example.com"),
                ("password", ""),
                ("role", "member"),
            ],
        ),
    );
    let link = invited
        .split("/invite/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    keep("the log after changes", app.get("/audit"));
    let ivy = app.another_browser();
    choose_spanish(&ivy, "/login");
    let path = format!("/invite/{link}");
    keep("choosing a password by a link", ivy.get(&path));
    keep(
        "a link's password mistake",
        ivy.submit(&path, &path, &[("new_password", "x"), ("new_password_confirm", "x")]),
    );
    let good = [
        ("new_password", "a brand new passphrase"),
        ("new_password_confirm", "a brand new passphrase"),
    ];
    assert_eq!(ivy.submit(&path, &path, &good).status(), Status::SeeOther);
    keep("a used link", ivy.get(&path));
    // Two-step sign-in, set up and used, in Spanish.
    keep("two-step, off", ivy.get("/account/two-factor"));
    let setup = keep(
        "two-step set-up",
        ivy.submit(
            "/account/two-factor",
            "/account/two-factor/start",
            &[("current_password", "a brand new passphrase")],
        ),
    );
    let secret = secret_in(&setup);
    keep(
        "two-step, a wrong code",
        ivy.submit("/account/two-factor", "/account/two-factor/confirm", &[("code", "1")]),
    );
    let code = gatehouse::security::totp::code_at(&secret, app.clock.now());
    keep(
        "recovery codes",
        ivy.submit("/account/two-factor", "/account/two-factor/confirm", &[("code", &code)]),
    );
    keep("two-step, on", ivy.get("/account/two-factor"));
    ivy.sign_out();
    ivy.submit(
        "/login",
        "/login",
        &[("email", "ivy@example.com"), ("password", "a brand new passphrase")],
    );
    keep("the code step", ivy.get("/login/code"));
    keep(
        "the code step, wrong",
        ivy.submit("/login/code", "/login/code", &[("code", "000000")]),
    );
    ivy.sign_out();
    keep("forgot", ivy.get("/forgot"));
    keep(
        "forgot, sent",
        ivy.submit("/forgot", "/forgot", &[("email", "ivy@example.com")]),
    );

    let bo = app.another_browser();
    choose_spanish(&bo, "/login");
    let signed_in = bo.sign_in_with(&member.email, PASSWORD, false);
    assert_eq!(signed_in.status(), Status::SeeOther, "{:?}", signed_in.into_string());
    keep("a member on an admin page", bo.get("/audit"));
    for _ in 0..10 {
        bo.sign_out();
        bo.sign_in_with(&member.email, "wrong password", false);
    }
    keep(
        "the throttle",
        bo.submit("/login", "/login", &[("email", &member.email), ("password", PASSWORD)]),
    );

    // The mail too: the invitation (in the administrator's Spanish) and the reset.
    for (n, message) in server.wait_for(2).iter().enumerate() {
        pages.push((format!("mail {n}"), crate::smtp::plain_text(message)));
    }
    assert_eq!(pages.iter().filter(|(what, _)| what.starts_with("mail")).count(), 2);
    let phrases = english_phrases();
    assert!(phrases.len() > 100, "{} phrases", phrases.len());
    for (what, html) in &pages {
        let left: Vec<&String> = phrases.iter().filter(|p| html.contains(p.as_str())).collect();
        assert!(left.is_empty(), "{what} still shows English: {left:?}");
    }
}

#[test]
fn the_browser_s_languages_choose_with_their_weights_and_regions() {
    let app = TestApp::new();
    let page_language = |header: Option<&str>| {
        let mut request = app.client.get("/login");
        if let Some(header) = header {
            request = request.header(Header::new("Accept-Language", header.to_owned()));
        }
        let html = request.dispatch().into_string().unwrap();
        html.split(r#"<html lang=""#)
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(page_language(None), "en");
    assert_eq!(page_language(Some("es")), "es");
    assert_eq!(page_language(Some("es-MX,es;q=0.9")), "es");
    assert_eq!(page_language(Some("es-419")), "es");
    assert_eq!(page_language(Some("en;q=0.4, es;q=0.8")), "es");
    assert_eq!(page_language(Some("es;q=0.4, en;q=0.8")), "en");
    assert_eq!(page_language(Some("fr-CA, de")), "en");
    assert_eq!(page_language(Some(&format!("{}es", "x,".repeat(600)))), "en");
    let html = app
        .client
        .get("/login")
        .header(Header::new("Accept-Language", "es-ES"))
        .dispatch()
        .into_string()
        .unwrap();
    assert!(html.contains("Iniciar sesión") && html.contains("Contraseña"));

    let spanish_office = TestApp::with_figment(test_figment().merge(("default_language", "es")));
    let html = spanish_office.get("/login").into_string().unwrap();
    assert!(html.contains(r#"<html lang="es">"#));
}

#[test]
fn a_wrong_default_language_or_zone_stops_the_start_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database(dir.path());
    for (setting, value, says) in [
        ("default_language", "klingon", "en, es"),
        ("time_zone", "Mars/Olympus", "Europe/Madrid"),
    ] {
        let figment = test_figment().merge((setting, value));
        let error = gatehouse::rocket(open_store(&db), figment, Clock::system()).unwrap_err();
        assert!(error.contains(setting) && error.contains(says), "{error}");
    }
}

#[test]
fn the_footer_switch_sets_the_language_and_comes_back() {
    let app = TestApp::new();
    let response = app.submit(
        "/login",
        "/language",
        &[("lang", "es"), ("next", "/login?next=%2Faudit")],
    );
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/login?next=%2Faudit");
    let cookie = set_cookie(&response, "gatehouse_lang").unwrap();
    assert!(cookie.contains("gatehouse_lang=es") && cookie.contains("HttpOnly") && cookie.contains("Max-Age="));
    drop(response);
    let html = app.get("/login").into_string().unwrap();
    assert!(html.contains(r#"<html lang="es">"#) && html.contains(r#"value="en""#) && html.contains("English"));

    // The cookie wins over the browser's languages.
    let html = app
        .client
        .get("/login")
        .header(Header::new("Accept-Language", "en"))
        .dispatch()
        .into_string()
        .unwrap();
    assert!(html.contains(r#"<html lang="es">"#));

    // `next` is checked as sign-in's is.
    for next in ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""] {
        let response = app.submit("/login", "/language", &[("lang", "en"), ("next", next)]);
        assert_eq!(location(&response), "/", "next {next:?}");
    }
    // No token, no change; an unknown language is refused with a message.
    let response = app.post("/language", &[("lang", "es"), ("next", "/login")]);
    assert_eq!(response.status(), Status::Forbidden);
    assert!(set_cookie(&response, "gatehouse_lang").is_none());
    drop(response);
    let response = app.submit("/login", "/language", &[("lang", "xx"), ("next", "/login")]);
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(response
        .into_string()
        .unwrap()
        .contains("Choose one of the languages offered."));
}

#[test]
fn a_signed_in_switch_is_kept_for_the_user_on_every_browser() {
    let app = TestApp::new();
    let member = app.member();
    app.sign_in(&member);
    let response = app.submit("/users", "/language", &[("lang", "es"), ("next", "/users?page=1")]);
    assert_eq!(location(&response), "/users?page=1");
    drop(response);
    assert_eq!(
        app.sql_one(&format!("SELECT language FROM users WHERE id = {}", member.id)),
        "es"
    );

    // Another browser that asks for English gets the user's Spanish once signed in.
    let other = app.another_browser();
    other.sign_in(&member);
    let html = other
        .client
        .get("/users")
        .header(Header::new("Accept-Language", "en"))
        .dispatch()
        .into_string()
        .unwrap();
    assert!(html.contains(r#"<html lang="es">"#) && html.contains("Usuarios"));
}

#[test]
fn the_account_page_keeps_a_language_and_auto_goes_back_to_the_browser_s() {
    let app = TestApp::new();
    let member = app.member();
    app.sign_in(&member);
    let html = app.get("/account").into_string().unwrap();
    assert!(html.contains(r#"<option value="auto" selected>"#), "{html}");

    let response = app.submit("/account", "/account", &[("name", "Max Member"), ("language", "es")]);
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    let html = app.get("/account").into_string().unwrap();
    assert!(html.contains(r#"<html lang="es">"#));
    assert!(
        html.contains("Se han guardado su nombre y su idioma."),
        "the notice is in the new language"
    );
    assert!(html.contains(r#"<option value="es" lang="es" selected>"#));
    // Only the language changed: no "changed name" event.
    assert_eq!(
        app.sql_count("SELECT count(*) FROM audit WHERE event = 'user_changed'"),
        0
    );

    let wrong = app.submit("/account", "/account", &[("name", "Max Member"), ("language", "xx")]);
    assert_eq!(wrong.status(), Status::UnprocessableEntity);
    assert!(wrong.into_string().unwrap().contains("Elija uno de los idiomas"));

    app.submit("/account", "/account", &[("name", "Max Member"), ("language", "auto")]);
    assert_eq!(
        app.sql_one(&format!("SELECT language FROM users WHERE id = {}", member.id)),
        ""
    );
    let html = app.get("/account").into_string().unwrap();
    assert!(html.contains(r#"<html lang="en">"#));
}

#[test]
fn counts_take_the_plural_their_number_needs() {
    let app = TestApp::new();
    let admin = app.admin();
    app.sign_in(&admin);
    let heading = |app: &TestApp, uri: &str| {
        let html = app.get(uri).into_string().unwrap();
        let muted = html.split(r#"<p class="muted">"#).nth(1).unwrap();
        muted.split("</p>").next().unwrap().to_owned()
    };
    assert_eq!(heading(&app, "/users"), "One person");
    assert_eq!(heading(&app, "/users?q=nobody"), "0 people match “nobody”");
    app.create_user("bo@example.com", "Bo", Role::Member);
    assert_eq!(heading(&app, "/users"), "2 people");
    assert_eq!(heading(&app, "/users?q=bo"), "One person matches “bo”");
    choose_spanish(&app, "/users");
    assert_eq!(heading(&app, "/users"), "2 personas");
    assert_eq!(heading(&app, "/users?q=bo"), "Una persona coincide con «bo»");
}

#[test]
fn times_are_shown_in_the_office_s_zone_the_way_the_language_writes_them() {
    // 2026-12-01 17:05 UTC: 12:05 in Quito.
    let clock = Clock::manual(1_796_144_700);
    let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let db = fresh_database(dir.path());
    let figment = test_figment().merge(("time_zone", "America/Guayaquil"));
    let app = TestApp::on_clock(dir, db, figment, clock);
    let admin = app.admin();
    app.sign_in(&admin);
    let html = app.get("/audit").into_string().unwrap();
    assert!(html.contains("1 Dec 2026, 12:05"), "{html}");
    assert!(
        html.contains("Times are in America/Guayaquil (UTC\u{2212}5)."),
        "{html}"
    );
    assert!(!html.contains("17:05"));
    choose_spanish(&app, "/audit");
    let html = app.get("/account").into_string().unwrap();
    assert!(html.contains("1 dic 2026, 12:05"), "{html}");
}

#[test]
fn the_command_line_speaks_the_computer_s_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database(dir.path());
    let run = |language: &str, args: &[&str], stdin: Option<&str>| crate::cli::gatehouse_in(language, &db, args, stdin);
    let created = run(
        "es_ES.UTF-8",
        &[
            "user",
            "create",
            "--email",
            "ana@example.com",
            "--name",
            "Ana",
            "--admin",
            "--password-stdin",
        ],
        Some("correct horse battery\n"),
    );
    assert_eq!(created.status.code(), Some(0));
    let said = String::from_utf8_lossy(&created.stdout);
    assert!(
        said.contains("administrador") && said.contains("ana@example.com"),
        "{said}"
    );

    let list = run("es_MX", &["user", "list"], None);
    let said = String::from_utf8_lossy(&list.stdout);
    assert!(said.contains("CORREO") && said.contains("activo"), "{said}");

    let taken = run(
        "es",
        &[
            "user",
            "create",
            "--email",
            "ana@example.com",
            "--name",
            "Ana",
            "--password-stdin",
        ],
        Some("correct horse battery\n"),
    );
    assert_eq!(taken.status.code(), Some(1));
    let said = String::from_utf8_lossy(&taken.stderr);
    assert!(said.starts_with("error: ") && said.contains("ya"), "{said}");

    let wrong = run(
        "es",
        &["user", "create", "--email", "nope", "--name", "X", "--password-stdin"],
        None,
    );
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert!(said.contains("--email: escriba"), "{said}");

    let check = run("es_ES.UTF-8", &["check"], None);
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(said.contains("está en buen estado"), "{said}");

    let english = run("en_GB.UTF-8", &["user", "list"], None);
    assert!(String::from_utf8_lossy(&english.stdout).contains("EMAIL"));
}

#[test]
fn what_a_message_says_about_a_person_is_escaped() {
    let app = TestApp::new();
    let admin = app.admin();
    let odd = app.create_user("odd@example.com", "<b>Odd</b> & \"Co\"", Role::Member);
    app.sign_in(&admin);
    let html = app.get(&format!("/users/{}/delete", odd.id)).into_string().unwrap();
    assert!(html.contains("&lt;b&gt;Odd&lt;/b&gt; &amp; &quot;Co&quot;"), "{html}");
    assert!(!html.contains("<b>Odd"));
}

/// A signed-out visitor whose first page is a 404 still has the language
/// switch, and it works.
#[test]
fn a_signed_out_404_has_the_language_switch() {
    let app = TestApp::new();
    let missing = app.get("/no/such/page");
    assert_eq!(missing.status(), Status::NotFound);
    assert!(
        set_cookie(&missing, "gatehouse_csrf").is_some(),
        "the form's cookie comes with it"
    );
    let html = missing.into_string().unwrap();
    assert!(html.contains(r#"action="/language""#), "{html}");
    assert!(html.contains(r#"name="next" value="/no/such/page""#), "{html}");
    let token = csrf_in(&html).unwrap();
    let switched = app.post(
        "/language",
        &[("lang", "es"), ("next", "/no/such/page"), ("csrf_token", &token)],
    );
    assert_eq!(switched.status(), Status::SeeOther);
    drop(switched);
    assert!(app
        .get("/no/such/page")
        .into_string()
        .unwrap()
        .contains(r#"<html lang="es">"#));
}
