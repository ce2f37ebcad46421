//! The directory's pages are made once and kept (behind the users
//! generation the database moves on every write to users): these show a
//! kept page is never wrong. A write on one instance shows on the next read
//! on the other; a page is never shown with another person's name, token or
//! role; a language change shows at once; a disabled or deleted viewer gets
//! no page. Instances share the database, as behind a load balancer; the
//! session cookie is sealed with the database's key, so a cookie from one
//! browser works on any instance.

use rocket::http::{Cookie, Status};
use rocket::local::blocking::LocalResponse;

use crate::helpers::*;

/// `uri` on `instance` with the raw (sealed) session cookie `raw`.
fn get_as<'c>(instance: &'c TestApp, raw: &str, uri: &str) -> LocalResponse<'c> {
    instance
        .client
        .get(uri.to_owned())
        .cookie(Cookie::new("gatehouse_session", raw.to_owned()))
        .dispatch()
}

fn page_as(instance: &TestApp, raw: &str, uri: &str) -> String {
    let response = get_as(instance, raw, uri);
    assert_eq!(response.status(), Status::Ok, "{uri}");
    response.into_string().unwrap()
}

/// Signs `user` in on a browser of its own and gives its raw session cookie.
fn session_of(t: &TestApp, user: &gatehouse::domain::User) -> String {
    let browser = t.another_browser();
    browser.sign_in(user);
    browser.cookie("gatehouse_session").expect("a session cookie")
}

/// Renames user `id` in the database without moving the generation (its
/// trigger dropped for that one statement, then made again as the
/// migration makes it): a page still showing the old name was kept.
fn rename_behind_the_cache(t: &TestApp, id: i64, name: &str) {
    let (drop, make) = match on_postgres() {
        true => (
            "DROP TRIGGER users_generation_moved ON users",
            "CREATE TRIGGER users_generation_moved AFTER INSERT OR DELETE OR UPDATE OF name, email, role, active, \
             password_hash, totp_secret ON users FOR EACH STATEMENT EXECUTE FUNCTION users_generation_moved()",
        ),
        false => (
            "DROP TRIGGER users_generation_changed",
            "CREATE TRIGGER users_generation_changed AFTER UPDATE OF name, email, role, active, password_hash, \
             totp_secret ON users BEGIN UPDATE counts SET value = value + 1 WHERE name = 'users_generation'; END",
        ),
    };
    let before = t.sql_one("SELECT value FROM counts WHERE name = 'users_generation'");
    t.sql(&format!("{drop}; UPDATE users SET name = '{name}' WHERE id = {id}"));
    match on_postgres() {
        true => {
            t.sql(make);
        }
        // The trigger's body has a `;` of its own, which `sql` would cut at.
        false => rusqlite::Connection::open(&t.db).unwrap().execute_batch(make).unwrap(),
    }
    assert_eq!(
        t.sql_one("SELECT value FROM counts WHERE name = 'users_generation'"),
        before
    );
}

#[test]
fn a_page_is_kept_until_the_generation_moves() {
    let t = TestApp::new();
    let admin = t.admin();
    let member = t.member();
    let raw = session_of(&t, &admin);
    assert!(page_as(&t, &raw, "/users").contains("Max Member"));
    rename_behind_the_cache(&t, member.id, "Quietly Renamed");
    assert!(page_as(&t, &raw, "/users").contains("Max Member"), "the kept page");
    // Another instance has kept nothing: it reads the database.
    assert!(page_as(&t.another_browser(), &raw, "/users").contains("Quietly Renamed"));
    // Any write to users moves the generation: every instance shows it.
    t.create_user("new@example.com", "Nora New", gatehouse::domain::Role::Member);
    let html = page_as(&t, &raw, "/users");
    assert!(html.contains("Quietly Renamed") && html.contains("Nora New"), "{html}");
}

#[test]
fn a_write_on_one_instance_shows_on_the_next_read_on_the_other() {
    let one = TestApp::new();
    let two = one.another_browser();
    let admin = one.admin();
    let member = one.member();
    one.sign_in(&admin);
    let raw = one.cookie("gatehouse_session").unwrap();
    for uri in ["/users", "/users?q=max"] {
        let html = page_as(&two, &raw, uri);
        assert!(html.contains("Max Member") && !html.contains("Maxine"), "{uri}");
    }
    // Renamed and disabled on one: the other's next page shows both.
    let response = one.submit(
        &format!("/users/{}/edit", member.id),
        &format!("/users/{}", member.id),
        &[("name", "Maxine Member"), ("email", &member.email), ("role", "member")],
    );
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    for uri in ["/users", "/users?q=max"] {
        let html = page_as(&two, &raw, uri);
        assert!(html.contains("Maxine Member"), "{uri}: {html}");
        assert!(html.contains(">disabled<"), "{uri}");
    }
    // Deleted on one: gone on the other, and the count with it.
    assert!(page_as(&two, &raw, "/users").contains("2 people"));
    let response = one.submit(
        &format!("/users/{}/delete", member.id),
        &format!("/users/{}/delete", member.id),
        &[],
    );
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    let html = page_as(&two, &raw, "/users");
    assert!(!html.contains("Maxine") && html.contains("One person"), "{html}");
}

#[test]
fn a_lock_on_one_instance_shows_on_the_others_kept_page() {
    let one = TestApp::new();
    let two = one.another_browser();
    let admin = one.admin();
    let member = one.member();
    let raw = session_of(&one, &admin);
    assert!(!page_as(&two, &raw, "/users").contains(">locked<"));
    for _ in 0..10 {
        let response = one.sign_in_with(&member.email, "wrong password", false);
        assert_eq!(response.status(), Status::UnprocessableEntity);
    }
    let html = page_as(&two, &raw, "/users");
    assert!(html.contains(">locked<") && html.contains("Unlock"), "{html}");
}

#[test]
fn a_kept_page_never_shows_another_persons_name_token_or_role() {
    let t = TestApp::new();
    let ada = t.admin();
    // Two members share the page kept for members; an administrator's page
    // is kept for them alone (their own row offers no delete).
    let bea = t.create_user("bea@example.com", "Bea Boss", gatehouse::domain::Role::Member);
    let max = t.member();
    let (raw_ada, raw_bea, raw_max) = (session_of(&t, &ada), session_of(&t, &bea), session_of(&t, &max));
    let html_ada = page_as(&t, &raw_ada, "/users");
    assert!(
        !html_ada.contains(&format!("/users/{}/delete", ada.id)),
        "no delete on one's own row"
    );
    assert!(html_ada.contains(&format!("/users/{}/delete", max.id)));
    page_as(&t, &raw_max, "/users");
    // From here on only a kept page shows the old name: Bea's is the same page.
    rename_behind_the_cache(&t, max.id, "Renamed Quietly");
    let html_bea = page_as(&t, &raw_bea, "/users");
    assert!(html_bea.contains("Max Member"), "Bea got the kept page");
    let who = |html: &str| {
        html.split("who-name\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .trim()
            .to_owned()
    };
    assert_eq!(who(&html_ada), "Ada Admin");
    assert_eq!(who(&html_bea), "Bea Boss");
    let token_ada = csrf_in(&html_ada).unwrap();
    let token_bea = csrf_in(&html_bea).unwrap();
    assert_ne!(token_ada, token_bea);
    assert!(!html_bea.contains(&token_ada), "no token of Ada's on Bea's page");
    for html in [&html_ada, &html_bea] {
        assert!(!html.contains("gatehouse-slot"), "every slot filled");
        let tokens = html.matches("name=\"csrf_token\"").count();
        assert!(tokens >= 2, "the sign-out and language forms");
    }
    assert_eq!(
        html_bea.matches(&token_bea).count(),
        html_bea.matches("name=\"csrf_token\"").count()
    );
    // Bea's own token works: she can sign out with it (on another instance,
    // so that this one's browser keeps no notice of it).
    let elsewhere = t.another_browser();
    let response = elsewhere
        .client
        .post("/logout")
        .header(rocket::http::ContentType::Form)
        .cookie(Cookie::new("gatehouse_session", raw_bea.clone()))
        .body(encode(&[("csrf_token", &token_bea)]))
        .dispatch();
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    // A member's page is a member's: no administrator's links or name.
    let html_max = page_as(&t, &raw_max, "/users");
    assert_eq!(who(&html_max), "Renamed Quietly", "their own name");
    assert!(
        html_max.contains("Max Member"),
        "the member's page is kept too (made before the rename)"
    );
    assert!(!html_max.contains("/users/new") && !html_max.contains("/edit") && !html_max.contains("/audit"));
    assert!(!html_max.contains("Ada Admin <span") && !html_max.contains(&token_ada));
    // And an administrator after the member still gets an administrator's page.
    let html_ada = page_as(&t, &raw_ada, "/users");
    assert!(html_ada.contains("/users/new") && html_ada.contains(&format!("/users/{}/edit", max.id)));
}

#[test]
fn a_language_change_shows_at_once() {
    let t = TestApp::new();
    let admin = t.admin();
    t.sign_in(&admin);
    let english = t.get("/users").into_string().unwrap();
    assert!(english.contains("<html lang=\"en\">") && english.contains("Users"));
    let response = t.submit("/users", "/language", &[("lang", "es"), ("next", "/users")]);
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    // The switch leaves a notice: that page is its own; the next one is kept.
    for _ in 0..2 {
        let spanish = t.get("/users").into_string().unwrap();
        assert!(
            spanish.contains("<html lang=\"es\">") && spanish.contains("Usuarios"),
            "{spanish}"
        );
    }
    // Another person, with no choice of their own, on the same instance: English.
    let raw = session_of(&t, &t.member());
    let fresh = TestApp::on_clock(t.dir.clone(), t.db.clone(), t.figment.clone(), t.clock.clone());
    assert!(page_as(&fresh, &raw, "/users").contains("<html lang=\"en\">"));
    let spanish = fresh
        .client
        .get("/users")
        .cookie(Cookie::new("gatehouse_session", raw.clone()))
        .header(rocket::http::Header::new("Accept-Language", "es-MX"))
        .dispatch()
        .into_string()
        .unwrap();
    assert!(
        spanish.contains("<html lang=\"es\">"),
        "the browser's language, at once"
    );
    assert!(
        page_as(&fresh, &raw, "/users").contains("<html lang=\"en\">"),
        "and back"
    );
}

#[test]
fn a_disabled_or_deleted_viewer_gets_no_kept_page() {
    let t = TestApp::new();
    let admin = t.admin();
    t.sign_in(&admin);
    let member = t.member();
    let second = t.create_user("second@example.com", "Sam Second", gatehouse::domain::Role::Member);
    let raw_member = session_of(&t, &member);
    let raw_second = session_of(&t, &second);
    // Their pages are kept on an instance where they are the only browsers.
    let theirs = t.another_browser();
    for raw in [&raw_member, &raw_second] {
        for uri in ["/users", "/users?q=max"] {
            page_as(&theirs, raw, uri);
        }
    }
    let response = t.submit(
        &format!("/users/{}/edit", member.id),
        &format!("/users/{}", member.id),
        &[("name", "Max Member"), ("email", &member.email), ("role", "member")],
    );
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    let response = t.submit(
        &format!("/users/{}/delete", second.id),
        &format!("/users/{}/delete", second.id),
        &[],
    );
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    for raw in [&raw_member, &raw_second] {
        for uri in ["/users", "/users?q=max"] {
            let response = get_as(&theirs, raw, uri);
            assert_eq!(response.status(), Status::SeeOther, "{uri}");
            assert!(location(&response).starts_with("/login"));
        }
    }
}

#[test]
fn a_notice_is_shown_once_and_not_kept() {
    let t = TestApp::new();
    let admin = t.admin();
    let member = t.member();
    t.sign_in(&admin);
    t.get("/users");
    let response = t.submit(
        &format!("/users/{}/edit", member.id),
        &format!("/users/{}", member.id),
        &[
            ("name", "Max Member"),
            ("email", &member.email),
            ("role", "admin"),
            ("active", "true"),
        ],
    );
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    let with_notice = t.get("/users").into_string().unwrap();
    assert!(with_notice.contains("class=\"flash"), "{with_notice}");
    let after = t.get("/users").into_string().unwrap();
    assert!(!after.contains("class=\"flash"));
    let other = t.another_browser();
    other.sign_in(&member);
    assert!(!other.get("/users").into_string().unwrap().contains("class=\"flash"));
}

/// `uri` as `raw`'s browser asks for it with `Accept-Encoding: accept`,
/// decompressed; and the coding it came in.
fn decoded_as(instance: &TestApp, raw: &str, uri: &str, accept: &str) -> (String, String) {
    let response = instance
        .client
        .get(uri.to_owned())
        .header(rocket::http::Header::new("Accept-Encoding", accept.to_owned()))
        .cookie(Cookie::new("gatehouse_session", raw.to_owned()))
        .dispatch();
    assert_eq!(response.status(), Status::Ok, "{uri}");
    let coding = response.headers().get_one("Content-Encoding").unwrap_or("").to_owned();
    let bytes = response.into_bytes().unwrap();
    let mut plain = Vec::new();
    match coding.as_str() {
        "br" => brotli::BrotliDecompress(&mut &bytes[..], &mut plain).unwrap(),
        "gzip" => {
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut plain).unwrap();
        }
        _ => plain = bytes,
    }
    (coding, String::from_utf8(plain).unwrap())
}

#[test]
fn a_kept_page_goes_compressed_with_the_reader_s_own_name_and_token() {
    let t = TestApp::new();
    let ada = t.create_user("ada@example.com", "Ada Admin", gatehouse::domain::Role::Member);
    let zoe = t.create_user(
        "zoe@example.com",
        "Zoë \"Ünïcode\" & Co",
        gatehouse::domain::Role::Member,
    );
    t.add_members("Member", "member", 60, 2);
    let (raw_ada, raw_zoe) = (session_of(&t, &ada), session_of(&t, &zoe));
    let (_, made) = decoded_as(&t, &raw_ada, "/users", "identity");
    // From here on only a kept page shows the old name.
    rename_behind_the_cache(&t, ada.id, "Renamed Quietly");
    let (_, plain_zoe) = decoded_as(&t, &raw_zoe, "/users", "identity");
    assert!(
        plain_zoe.contains("Ada Admin") && plain_zoe.len() > 4096,
        "the kept page"
    );
    assert!(
        plain_zoe.contains("Zoë &quot;Ünïcode&quot; &amp; Co"),
        "her own name, escaped"
    );
    for accept in ["gzip, deflate, br", "br;q=0, gzip"] {
        let (coding, page) = decoded_as(&t, &raw_zoe, "/users", accept);
        assert_eq!(coding, if accept.starts_with("gzip") { "br" } else { "gzip" });
        assert_eq!(
            tokens_unmasked(&page),
            tokens_unmasked(&plain_zoe),
            "{coding}: the same page, her name and token in it"
        );
        let (_, page_ada) = decoded_as(&t, &raw_ada, "/users", accept);
        let token = |html: &str| unmasked(&csrf_in(html).unwrap());
        assert_eq!(token(&page_ada), token(&made), "{coding}: Ada's own token");
        assert!(page_ada.contains("Renamed Quietly") && token(&page_ada) != token(&page));
    }
}
