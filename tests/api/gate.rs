//! The gate's endpoints as a proxy asks them (here through the local
//! client, from a trusted proxy's address or another's): nginx's
//! `auth_request` and Caddy's/Traefik's forward auth, the identity
//! headers, sign-in, refusals, and access ending at the next request.

use std::net::SocketAddr;
use std::time::Duration;

use gatehouse::domain::Role;
use gatehouse::security::totp::code_at;
use gatehouse::service::gate::LIFETIME;
use rocket::http::{Cookie, Header, Status};
use rocket::local::blocking::LocalResponse;

use crate::helpers::*;

const PROXY: &str = "127.0.0.1:40000";
const ELSEWHERE: &str = "192.0.2.7:40000";

fn gate_app() -> TestApp {
    TestApp::with_figment(
        test_figment()
            .merge(("trusted_proxies", vec!["127.0.0.1"]))
            .merge(("public_url", "https://auth.office.test")),
    )
}

/// nginx's subrequest for `url`, from `from`.
fn nginx<'a>(app: &'a TestApp, from: &str, url: &str, method: &str) -> LocalResponse<'a> {
    app.client
        .get("/auth/nginx")
        .remote(from.parse::<SocketAddr>().unwrap())
        .header(Header::new("X-Original-URL", url.to_owned()))
        .header(Header::new("X-Original-Method", method.to_owned()))
        .dispatch()
}

/// Caddy's forward auth for `host` and `uri`.
fn forward<'a>(app: &'a TestApp, host: &str, uri: &str, method: &str, accept: &str) -> LocalResponse<'a> {
    app.client
        .get("/auth/forward")
        .remote(PROXY.parse::<SocketAddr>().unwrap())
        .header(Header::new("X-Forwarded-Proto", "https"))
        .header(Header::new("X-Forwarded-Host", host.to_owned()))
        .header(Header::new("X-Forwarded-Uri", uri.to_owned()))
        .header(Header::new("X-Forwarded-Method", method.to_owned()))
        .header(Header::new("Accept", accept.to_owned()))
        .dispatch()
}

/// Waits out the gate's memory: a change another process makes (here, SQL
/// on the test's own connection, as a `gatehouse` command or another
/// instance would) counts once what the gate read before it has lapsed.
pub fn after_the_gates_memory() {
    std::thread::sleep(LIFETIME + Duration::from_millis(100));
}

fn identity(response: &LocalResponse<'_>) -> [String; 4] {
    ["Remote-User", "Remote-Email", "Remote-Name", "Remote-Groups"].map(|name| {
        response
            .headers()
            .get_one(name)
            .unwrap_or_else(|| panic!("{name} is always present"))
            .to_owned()
    })
}

fn add_app(app: &TestApp, fields: &[(&str, &str)]) {
    let mut all = vec![("kind", "proxy")];
    all.extend_from_slice(fields);
    assert_eq!(
        app.submit("/apps/new", "/apps", &all).status(),
        Status::SeeOther,
        "{fields:?}"
    );
}

#[test]
fn nginx_asks_and_the_gate_answers_by_app_person_and_group() {
    let app = gate_app();
    let admin = app.admin();
    let member = app.create_user("bo@example.com", "Bo Núñez", Role::Member);
    app.sign_in(&admin);
    let ventas = app.submit("/groups/new", "/groups", &[("name", "Ventas, Madrid")]);
    let ventas_id = location(&ventas)["/groups/".len()..].to_owned();
    drop(ventas);
    add_app(
        &app,
        &[("name", "Wiki"), ("host", "wiki.office.test"), ("access", "everyone")],
    );
    add_app(
        &app,
        &[
            ("name", "Wiki public"),
            ("host", "wiki.office.test"),
            ("path_prefix", "/public"),
            ("access", "anyone"),
        ],
    );
    add_app(
        &app,
        &[
            ("name", "CRM"),
            ("host", "crm.office.test"),
            ("access", "groups"),
            ("groups", &ventas_id),
        ],
    );
    app.sign_out();

    // Only a trusted proxy is answered.
    assert_eq!(
        nginx(&app, ELSEWHERE, "https://wiki.office.test/", "GET").status(),
        Status::Forbidden
    );
    // A host no app names is refused; so is a path in a form an app may read otherwise.
    assert_eq!(
        nginx(&app, PROXY, "https://other.office.test/", "GET").status(),
        Status::Forbidden
    );
    assert_eq!(
        nginx(&app, PROXY, "https://wiki.office.test/public/../secret", "GET").status(),
        Status::Forbidden
    );

    // Signed out: 401 with where to sign in, and back.
    let response = nginx(&app, PROXY, "https://wiki.office.test/page?x=1", "GET");
    assert_eq!(response.status(), Status::Unauthorized);
    assert_eq!(
        location(&response),
        "https://auth.office.test/login?rd=https:%2F%2Fwiki.office.test%2Fpage%3Fx%3D1"
    );
    drop(response);
    // A public path lets anyone through, with empty identity headers.
    let response = nginx(&app, PROXY, "https://wiki.office.test/public/logo.png", "GET");
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(identity(&response), ["", "", "", ""].map(String::from));
    drop(response);

    // Signed in: through, with who it is.
    app.sign_in(&member);
    let response = nginx(&app, PROXY, "https://wiki.office.test/page", "GET");
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(
        identity(&response),
        ["bo@example.com", "bo@example.com", "Bo Núñez", ""].map(String::from)
    );
    drop(response);
    // Not in the app's group: refused, and said in the log once a minute.
    for _ in 0..3 {
        assert_eq!(
            nginx(&app, PROXY, "https://crm.office.test/", "GET").status(),
            Status::Forbidden
        );
    }
    assert_eq!(
        app.sql_one("SELECT count(*) FROM audit WHERE event = 'app_refused' AND target = 'CRM'"),
        "1"
    );
    // From where: the browser's address, as the proxy forwards it.
    let response = app
        .client
        .get("/auth/nginx")
        .remote(PROXY.parse::<SocketAddr>().unwrap())
        .header(Header::new("X-Original-URL", "https://crm.office.test/"))
        .header(Header::new("X-Forwarded-For", "198.51.100.4"))
        .dispatch();
    assert_eq!(response.status(), Status::Forbidden);
    drop(response);
    assert_eq!(
        app.sql("SELECT address FROM audit WHERE event = 'app_refused' AND target = 'CRM' ORDER BY id"),
        [["127.0.0.1"], ["198.51.100.4"]]
    );
    // In the group: through, the group's name escaped where it has a comma.
    app.sql(&format!(
        "INSERT INTO group_members (group_id, user_id) VALUES ({ventas_id}, {})",
        member.id
    ));
    after_the_gates_memory();
    let response = nginx(&app, PROXY, "https://crm.office.test/", "GET");
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(identity(&response)[3], r"Ventas\, Madrid");
    drop(response);
    // Taken out of the group: refused.
    app.sql("DELETE FROM group_members");
    after_the_gates_memory();
    assert_eq!(
        nginx(&app, PROXY, "https://crm.office.test/", "GET").status(),
        Status::Forbidden
    );
    // Signed out: no more access, at once.
    app.sign_out();
    assert_eq!(
        nginx(&app, PROXY, "https://wiki.office.test/page", "GET").status(),
        Status::Unauthorized
    );
}

#[test]
fn a_disabled_person_and_an_ended_session_stop_at_the_next_request() {
    let app = gate_app();
    let admin = app.admin();
    let member = app.member();
    app.sign_in(&admin);
    add_app(
        &app,
        &[("name", "Wiki"), ("host", "wiki.office.test"), ("access", "everyone")],
    );
    let bo = app.another_browser();
    bo.sign_in(&member);
    let wiki = |browser: &TestApp| nginx(browser, PROXY, "https://wiki.office.test/", "GET").status();
    assert_eq!(wiki(&bo), Status::Ok);
    // Disabled at this instance's pages: refused by its gate at the very
    // next request, though it had just read the session. (The proxy asks
    // the instance the administrator uses, with Bo's cookie.)
    let session = bo.cookie("gatehouse_session").unwrap();
    let wiki_here = || {
        app.client
            .get("/auth/nginx")
            .remote(PROXY.parse::<SocketAddr>().unwrap())
            .header(Header::new("X-Original-URL", "https://wiki.office.test/"))
            .cookie(Cookie::new("gatehouse_session", session.clone()))
            .dispatch()
            .status()
    };
    assert_eq!(wiki_here(), Status::Ok);
    let edit = format!("/users/{}/edit", member.id);
    let save = |active: bool| {
        let mut fields = vec![
            ("name", member.name.as_str()),
            ("email", member.email.as_str()),
            ("password", ""),
            ("role", "member"),
        ];
        if active {
            fields.push(("active", "true"));
        }
        let response = app.submit(&edit, &format!("/users/{}", member.id), &fields);
        assert_eq!(response.status(), Status::SeeOther);
    };
    save(false);
    assert_eq!(wiki_here(), Status::Unauthorized, "disabled here: at once");
    save(true);
    bo.sign_in(&member);
    assert_eq!(wiki(&bo), Status::Ok);
    // Disabled, or the session ended, by another process: refused once the
    // gate's memory (a second) has lapsed.
    app.sql(&format!("UPDATE users SET active = FALSE WHERE id = {}", member.id));
    after_the_gates_memory();
    assert_eq!(wiki(&bo), Status::Unauthorized);
    app.sql(&format!("UPDATE users SET active = TRUE WHERE id = {}", member.id));
    bo.sign_in(&member);
    assert_eq!(wiki(&bo), Status::Ok);
    app.sql("DELETE FROM sessions");
    after_the_gates_memory();
    assert_eq!(wiki(&bo), Status::Unauthorized);
}

#[test]
fn forward_auth_sends_browsers_to_sign_in_and_tells_programs_401() {
    let app = gate_app();
    let admin = app.admin();
    app.sign_in(&admin);
    add_app(
        &app,
        &[
            ("name", "Wiki"),
            ("host", "wiki.office.test"),
            ("access", "everyone"),
            ("two_factor", "true"),
        ],
    );
    app.sign_out();
    let html = "text/html,application/xhtml+xml";
    let response = forward(&app, "wiki.office.test", "/page", "GET", html);
    assert_eq!(response.status(), Status::Found);
    assert_eq!(
        location(&response),
        "https://auth.office.test/login?rd=https:%2F%2Fwiki.office.test%2Fpage"
    );
    drop(response);
    assert_eq!(
        forward(&app, "wiki.office.test", "/form", "POST", html).status(),
        Status::SeeOther
    );
    assert_eq!(
        forward(&app, "wiki.office.test", "/api", "GET", "application/json").status(),
        Status::Unauthorized
    );
    assert_eq!(
        forward(&app, "nowhere.office.test", "/", "GET", html).status(),
        Status::Forbidden
    );
    // The app requires two-step sign-in: someone without it goes to set it
    // up first, told which app asks, and is led back to it after.
    app.sign_in(&admin);
    let response = forward(&app, "wiki.office.test", "/page", "GET", html);
    assert_eq!(response.status(), Status::Found);
    let setup = location(&response);
    assert_eq!(
        setup,
        "https://auth.office.test/account/two-factor?rd=https:%2F%2Fwiki.office.test%2Fpage"
    );
    drop(response);
    let setup = &setup["https://auth.office.test".len()..];
    let page = app.get(setup).into_string().unwrap();
    assert!(
        page.contains("The app at wiki.office.test asks for two-step sign-in"),
        "{page}"
    );
    let spanish = app
        .client
        .get(setup.to_owned())
        .header(Header::new("Accept-Language", "es"))
        .dispatch()
        .into_string()
        .unwrap();
    assert!(spanish.contains("La aplicación de wiki.office.test pide"), "{spanish}");
    let back = "https://wiki.office.test/page";
    let started = app.submit(
        setup,
        "/account/two-factor/start",
        &[("current_password", PASSWORD), ("rd", back)],
    );
    let html = started.into_string().unwrap();
    assert!(
        html.contains(&format!(r#"name="rd" value="{back}""#)),
        "carried: {html}"
    );
    let code = code_at(&secret_in(&html), app.clock.now());
    let done = app.submit(setup, "/account/two-factor/confirm", &[("code", &code), ("rd", back)]);
    let html = done.into_string().unwrap();
    assert!(
        html.contains(&format!(
            r#"<a class="button" href="{back}">Go back to wiki.office.test</a>"#
        )),
        "{html}"
    );
    assert_eq!(
        forward(&app, "wiki.office.test", "/page", "GET", html_accept()).status(),
        Status::Ok
    );
    // An address that is no app's is never offered.
    let response = app.get("/account/two-factor?rd=https:%2F%2Fevil.example%2F");
    assert_eq!(
        response.status(),
        Status::Ok,
        "{:?}",
        response.headers().get_one("Location")
    );
    let page = response.into_string().unwrap();
    assert!(
        !page.contains(r#"href="https://evil.example"#)
            && !page.contains("Go back")
            && !page.contains("asks for two-step"),
        "{page}"
    );
}

fn html_accept() -> &'static str {
    "text/html,application/xhtml+xml"
}

#[test]
fn the_client_address_comes_from_forwarding_headers_only_through_a_trusted_proxy() {
    let app = gate_app();
    let token = app.csrf("/login");
    for (from, claimed) in [(PROXY, "198.51.100.4"), (ELSEWHERE, "203.0.113.66")] {
        let response = app
            .client
            .post("/login")
            .remote(from.parse::<SocketAddr>().unwrap())
            .header(rocket::http::ContentType::Form)
            .header(Header::new("X-Forwarded-For", format!("6.6.6.6, {claimed}")))
            .header(Header::new("X-Real-IP", "6.6.6.6"))
            .body(format!(
                "csrf_token={token}&email=who%40example.com&password=nope+nope+nope"
            ))
            .dispatch();
        assert_eq!(response.status(), Status::UnprocessableEntity);
    }
    let addresses = app.sql("SELECT address FROM audit WHERE event = 'sign_in_failed' ORDER BY id");
    assert_eq!(
        addresses,
        [["198.51.100.4"], ["192.0.2.7"]],
        "the proxy's rightmost hop; another address's headers ignored"
    );
}

/// `rd` values that must not be followed, for the apps `wiki.office.test`
/// (any port), `*.apps.office.test` and `files.office.test:8443`, with
/// gatehouse served over TLS (docs/design/gate-research.md §4: oauth2-proxy's
/// and Authelia's advisories, and what browsers make of each).
const RD_HOSTILE: &[&str] = &[
    "https://evil.test/",                                    // host is not a registered app
    "https://wiki.office.test.evil.test/", // registered host as a prefix of another domain (suffix evil.test)
    "https://evilwiki.office.test/",       // suffix match without a dot boundary
    "https://wiki.office.test@evil.test/", // userinfo: the host is evil.test
    "https://wiki.office.test:443@evil.test/", // userinfo that looks like host:port; host is evil.test
    "https://wiki.office.test%40evil.test/", // percent-encoded '@' in the authority
    "https://user:pass@wiki.office.test/", // any userinfo is refused (credentials in URL, parser differences)
    "https://evil.test\\@wiki.office.test/", // backslash: WHATWG treats it as '/', so the host is evil.test (some parsers see wiki)
    "https://evil.test;@wiki.office.test/", // userinfo 'evil.test;' - parsers disagree on the host; refuse any '@' in the authority
    "https://evil.test#@wiki.office.test/", // host is evil.test, wiki is only in the fragment
    "https://evil.test?@wiki.office.test/", // host is evil.test, wiki is only in the query
    "https://evil.test\\\\wiki.office.test/", // backslashes end the authority in browsers: host evil.test
    "https:/evil.test/", // one slash: a browser goes to https://evil.test/ (a 'relative path' to a naive check)
    "https:evil.test/",  // no slashes: a browser goes to https://evil.test/
    "https:/wiki.office.test/", // not in the literal https:// form; refuse rather than rely on repair
    "https:///evil.test/", // three slashes: a browser goes to https://evil.test/
    "//evil.test/",      // protocol-relative: goes to evil.test
    "///evil.test/",     // protocol-relative with extra slash: goes to evil.test
    "/\\evil.test/",     // '/\' is '//' to a browser (oauth2-proxy GHSA-qqxw-m5fj-f7gv)
    "\\/evil.test/",     // '\/' is '//' to a browser
    "/\t/evil.test/",    // tab is stripped by browsers: '//evil.test' (GHSA-j7px-6hwj-hpjg)
    "/%09/evil.test",    // encoded tab, decoded once by a later layer: '//evil.test' (GHSA-j7px-6hwj-hpjg)
    "/%2F%2Fevil.test",  // encoded '//' (decoded by a later layer)
    "/%5Cevil.test",     // encoded backslash: '/\evil.test' after one decode
    "https%3A%2F%2Fevil.test%2F", // fully percent-encoded absolute URL (double-decoding)
    "https://wiki.office.test%2eevil.test/", // encoded dot in the host: the parser decodes it to wiki.office.test.evil.test
    "https://wiki%2Eoffice%2Etest/",         // percent-encoded host: what is compared is not what was sent
    "https://wiki.office.test%00.evil.test/", // encoded NUL in the host (C-string truncation tricks)
    "https://wiki.office.test%09.evil.test/", // encoded whitespace in the host
    "https://evil.test%23.wiki.office.test/", // encoded '#' in the host: decoded it ends the host at evil.test
    " https://evil.test/",                   // leading space (parsers strip it); raw bytes must be printable ASCII
    "https://evil.test\t/",                  // raw tab (browsers delete tabs and newlines anywhere in a URL)
    "https://wiki.office.test\t@evil.test/", // raw tab before '@': browsers delete it, host is evil.test
    "https://wiki.office.test/\r\nSet-Cookie:x=y", // raw CR LF: header injection into Location
    "https://wiki\u{3002}office\u{3002}test/", // ideographic full stops (U+3002) become dots under IDNA: refuse non-ASCII
    "https://wiki.office.test\u{ff0e}evil.test/", // fullwidth full stop (U+FF0E): IDNA makes it wiki.office.test.evil.test
    "https://\u{ff57}\u{ff49}\u{ff4b}\u{ff49}.office.test/", // fullwidth letters, mapped by IDNA: refuse non-ASCII
    "https://wiki.office.test\u{200b}/",          // zero-width space, silently dropped by IDNA: refuse non-ASCII
    "https://wiki.office.test./",                 // trailing dot: an extra empty label, not the registered host
    "https://wiki.office.test../",                // two trailing dots (empty labels)
    "javascript:alert(1)",                        // script URL
    "JaVaScRiPt://wiki.office.test/%0Aalert(1)", // script URL whose 'host' is registered (passes a host-only check such as tinyauth's IsRedirectSafe)
    "java\tscript:alert(1)",                     // tab inside the scheme (browsers delete it): script URL
    "data:text/html,<script>alert(1)</script>",  // data URL
    "ftp://wiki.office.test/",                   // scheme other than https
    "wss://wiki.office.test/",                   // scheme other than https (Authelia accepts wss; gatehouse need not)
    "http://wiki.office.test/", // http while gatehouse is served over TLS (accepted only when gatehouse itself runs on http)
    "https://127.0.0.1/",       // IP address, not a registered app host
    "https://0x7f.1/",          // IPv4 in hex shorthand (the parser makes it 127.0.0.1)
    "https://[::1]/",           // IPv6 literal
    "https://wiki.office.test:99999/", // port out of range
    "https://wiki.office.test:/", // empty port (accepted by WHATWG; refuse non-canonical ports)
    "https://wiki.office.test:+443/", // signed port
    "https://files.office.test/", // port 443, the app names 8443
    "https://files.office.test:443/", // explicit port 443, the app names 8443
    "https://files.office.test:8444/", // port differs from the app's 8443
    "https://files.office.test:08443/", // non-canonical port (leading zero); refuse rather than normalise
    "https://files.office.test.:8443/", // trailing dot with the right port
    "https://apps.office.test/", // wildcard *.apps.office.test needs one label in front
    "https://a.b.apps.office.test/", // wildcard is one label, not two (TLS-style; confirm against the app-matching rule)
    "https://evilapps.office.test/", // wildcard suffix without a dot boundary
    "https://x.apps.office.test.evil.test/", // wildcard match as a prefix of another domain
    "https://.apps.office.test/",    // empty label in the wildcard position
    "https://*.apps.office.test/",   // a literal '*' label must not match the pattern
    "https://x_y.apps.office.test/", // label that is not letters-digits-hyphens
    "https://auth.office.test/",     // gatehouse's own host is not a registered app (falls back to /)
    "wiki.office.test/",             // no scheme: relative to gatehouse, not the app
    "/users",                        // relative path: rd must be an absolute URL (use next= for local paths)
    "",                              // empty
];

/// `rd` values that must be followed.
const RD_ACCEPTED: &[&str] = &[
    "https://wiki.office.test/",                       // plain
    "https://wiki.office.test/page?x=1&y=%2F#top",     // query, encoded slash in the query, fragment
    "https://wiki.office.test:8443/",                  // app without a port: any port
    "https://WIKI.Office.Test/Mixed", // host case does not matter (redirect to the re-serialised, lower-cased URL)
    "HTTPS://wiki.office.test/",      // scheme case does not matter
    "https://team1.apps.office.test/board", // one label under the wildcard
    "https://files.office.test:8443/share/a%20b", // the app's port
    "https://wiki.office.test/%2F%2Fevil.test", // looks scary, but it is a path on wiki
    "https://wiki.office.test#@evil.test", // host is wiki; '@evil.test' is the fragment
    "https://wiki.office.test?next=https://evil.test", // host is wiki; the query is the app's business
    "https://wiki.office.test/path/../other", // dot segments in the path stay on wiki
];

/// The Location a signed-in browser gets for `/login?rd=VALUE`.
fn after_login(app: &TestApp, rd: &str) -> String {
    let encoded = percent_encoding::utf8_percent_encode(rd, percent_encoding::NON_ALPHANUMERIC).to_string();
    let response = app.get(&format!("/login?rd={encoded}"));
    assert_eq!(response.status(), Status::SeeOther, "{rd:?}");
    location(&response)
}

#[test]
fn rd_goes_only_to_a_registered_app_s_address() {
    // Served over TLS: an app's address must be https too.
    let certs = tempfile::tempdir().unwrap();
    let (cert, key) = crate::tls::self_signed(certs.path());
    let app = TestApp::with_figment(
        test_figment()
            .merge(("trusted_proxies", vec!["127.0.0.1"]))
            .merge(("tls", rocket::config::TlsConfig::from_paths(cert, key))),
    );
    let admin = app.admin();
    app.sign_in(&admin);
    add_app(
        &app,
        &[("name", "Wiki"), ("host", "wiki.office.test"), ("access", "everyone")],
    );
    add_app(
        &app,
        &[("name", "Apps"), ("host", "*.apps.office.test"), ("access", "everyone")],
    );
    add_app(
        &app,
        &[
            ("name", "Files"),
            ("host", "files.office.test:8443"),
            ("access", "everyone"),
        ],
    );
    for rd in RD_HOSTILE {
        assert_eq!(after_login(&app, rd), "/", "{rd:?} must not be followed");
    }
    for rd in RD_ACCEPTED {
        let to = after_login(&app, rd);
        assert!(to.starts_with("https://"), "{rd:?} must be followed, went to {to:?}");
        let host = to["https://".len()..].split(['/', '?', ':']).next().unwrap().to_owned();
        assert!(
            host == "wiki.office.test" || host == "files.office.test" || host.ends_with(".apps.office.test"),
            "{rd:?} went to {to:?}"
        );
    }
}

#[test]
fn signing_in_goes_back_to_the_app_the_gate_sent_the_browser_from() {
    let app = gate_app();
    let admin = app.admin();
    let member = app.member();
    app.sign_in(&admin);
    add_app(
        &app,
        &[("name", "Wiki"), ("host", "wiki.office.test"), ("access", "everyone")],
    );
    let bo = app.another_browser();
    let gate = nginx(&bo, PROXY, "https://wiki.office.test/page?x=1", "GET");
    let sign_in = location(&gate)["https://auth.office.test".len()..].to_owned();
    drop(gate);
    let page = bo.get(&sign_in).into_string().unwrap();
    assert!(
        page.contains(r#"<input type="hidden" name="rd" value="https://wiki.office.test/page?x=1">"#),
        "{page}"
    );
    let token = bo.csrf(&sign_in);
    let response = bo.post(
        "/login",
        &[
            ("csrf_token", &token),
            ("email", &member.email),
            ("password", PASSWORD),
            ("rd", "https://wiki.office.test/page?x=1"),
        ],
    );
    // A page here goes on (a form may only lead to this site: CSP form-action).
    assert_eq!(response.status(), Status::Ok);
    let html = response.into_string().unwrap();
    assert!(
        html.contains(r#"<meta http-equiv="refresh" content="0;url=https://wiki.office.test/page?x=1">"#),
        "{html}"
    );
    assert_eq!(
        nginx(&bo, PROXY, "https://wiki.office.test/page?x=1", "GET").status(),
        Status::Ok
    );
    // A forged rd on the form goes home instead.
    bo.sign_out();
    let token = bo.csrf("/login");
    let response = bo.post(
        "/login",
        &[
            ("csrf_token", &token),
            ("email", &member.email),
            ("password", PASSWORD),
            ("rd", "https://evil.test/"),
        ],
    );
    assert_eq!(location(&response), "/");
}

#[test]
fn on_an_anyone_app_a_signed_in_person_s_identity_headers_are_filled() {
    let app = gate_app();
    let admin = app.admin();
    let member = app.create_user("bo@example.com", "Bo Núñez", Role::Member);
    app.sign_in(&admin);
    let ventas = app.submit("/groups/new", "/groups", &[("name", "Ventas, Madrid")]);
    let ventas_id = location(&ventas)["/groups/".len()..].to_owned();
    drop(ventas);
    let group = format!("/groups/{ventas_id}");
    let added = app.submit(&group, &format!("{group}/members"), &[("email", &member.email)]);
    assert_eq!(added.status(), Status::SeeOther);
    drop(added);
    add_app(
        &app,
        &[
            ("name", "Handbook"),
            ("host", "handbook.office.test"),
            ("access", "anyone"),
        ],
    );
    let bo = app.another_browser();
    // A visitor: through, every header present and empty.
    let response = forward(&bo, "handbook.office.test", "/", "GET", html_accept());
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(identity(&response), ["", "", "", ""].map(String::from));
    drop(response);
    // Signed in: through, with who it is, by either endpoint.
    bo.sign_in(&member);
    let filled = ["bo@example.com", "bo@example.com", "Bo Núñez", r"Ventas\, Madrid"].map(String::from);
    let response = forward(&bo, "handbook.office.test", "/chapter/1", "GET", html_accept());
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(identity(&response), filled);
    drop(response);
    let response = nginx(&bo, PROXY, "https://handbook.office.test/chapter/1", "GET");
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(identity(&response), filled);
    drop(response);
    // Signed out again: empty again.
    bo.sign_out();
    let response = nginx(&bo, PROXY, "https://handbook.office.test/chapter/1", "GET");
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(identity(&response), ["", "", "", ""].map(String::from));
}

#[test]
fn forward_auth_sends_a_visitor_s_head_to_sign_in_with_302_and_other_methods_with_303() {
    let app = gate_app();
    let admin = app.admin();
    app.sign_in(&admin);
    add_app(
        &app,
        &[("name", "Wiki"), ("host", "wiki.office.test"), ("access", "everyone")],
    );
    app.sign_out();
    let sign_in = "https://auth.office.test/login?rd=https:%2F%2Fwiki.office.test%2Fpage";
    for (method, status) in [
        ("GET", Status::Found),
        ("HEAD", Status::Found),
        ("POST", Status::SeeOther),
        ("PUT", Status::SeeOther),
        ("DELETE", Status::SeeOther),
    ] {
        let response = forward(&app, "wiki.office.test", "/page", method, html_accept());
        assert_eq!(response.status(), status, "{method}");
        assert_eq!(location(&response), sign_in, "{method}");
    }
    // A program's HEAD (no HTML taken): 401.
    assert_eq!(
        forward(&app, "wiki.office.test", "/page", "HEAD", "application/json").status(),
        Status::Unauthorized
    );
}

#[test]
fn rd_carries_through_the_second_step_to_the_app() {
    let clock = gatehouse::clock::Clock::manual(1_800_000_000);
    let dir = std::sync::Arc::new(tempfile::tempdir().unwrap());
    let db = fresh_database(dir.path());
    let figment = test_figment()
        .merge(("trusted_proxies", vec!["127.0.0.1"]))
        .merge(("public_url", "https://auth.office.test"));
    let app = TestApp::on_clock(dir, db, figment, clock);
    let admin = app.admin();
    let member = app.member();
    app.sign_in(&admin);
    add_app(
        &app,
        &[("name", "Wiki"), ("host", "wiki.office.test"), ("access", "everyone")],
    );
    let bo = app.another_browser();
    bo.sign_in(&member);
    let (secret, _) = crate::two_factor::set_up(&bo);
    assert_eq!(bo.sign_out().status(), Status::SeeOther);
    // The code the set-up used is spent: the next one.
    app.clock.advance(30);
    let back = "https://wiki.office.test/page?x=1";
    let sign_in = "/login?rd=https:%2F%2Fwiki.office.test%2Fpage%3Fx%3D1";
    let page = bo.get(sign_in).into_string().unwrap();
    assert!(
        page.contains(&format!(r#"<input type="hidden" name="rd" value="{back}">"#)),
        "{page}"
    );
    let response = bo.submit(
        sign_in,
        "/login",
        &[("email", &member.email), ("password", PASSWORD), ("rd", back)],
    );
    assert_eq!(response.status(), Status::SeeOther);
    assert_eq!(location(&response), "/login/code");
    drop(response);
    // Not in yet.
    assert_eq!(
        nginx(&bo, PROXY, back, "GET").status(),
        Status::Unauthorized,
        "the password alone opens nothing"
    );
    let code = code_at(&secret, app.clock.now());
    let response = bo.submit("/login/code", "/login/code", &[("code", &code)]);
    // A page here goes on to the app (a form may only lead to this site).
    assert_eq!(response.status(), Status::Ok);
    let html = response.into_string().unwrap();
    assert!(
        html.contains(&format!(r#"<meta http-equiv="refresh" content="0;url={back}">"#)),
        "{html}"
    );
    let response = nginx(&bo, PROXY, back, "GET");
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(identity(&response)[0], member.email);
}
