//! Embedded assets with validators, health, headers, and error pages in the
//! app's own layout.

use rocket::http::{Header, Status};

use crate::helpers::*;

#[test]
fn assets_are_served_with_an_etag_and_revalidate_to_304() {
    let app = TestApp::new();
    let response = app.get("/assets/app.css");
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(response.content_type(), Some(rocket::http::ContentType::CSS));
    let etag = response.headers().get_one("ETag").expect("an ETag").to_owned();
    assert!(response.into_string().unwrap().contains("prefers-color-scheme"));

    let again = app
        .client
        .get("/assets/app.css")
        .header(Header::new("If-None-Match", etag.clone()))
        .dispatch();
    assert_eq!(again.status(), Status::NotModified);
    assert_eq!(again.headers().get_one("ETag"), Some(etag.as_str()));
    let stale = app
        .client
        .get("/assets/app.css")
        .header(Header::new("If-None-Match", "\"old\""))
        .dispatch();
    assert_eq!(stale.status(), Status::Ok);
}

#[test]
fn unknown_assets_and_paths_get_the_layouts_404() {
    let app = TestApp::new();
    for uri in [
        "/assets/nope.css",
        "/assets/../Cargo.toml",
        "/nowhere",
        "/users/extra/path",
    ] {
        let response = app.get(uri);
        assert_eq!(response.status(), Status::NotFound, "{uri}");
        let html = response.into_string().unwrap();
        assert!(html.contains("There is nothing at this address"), "{uri}: {html}");
        assert!(html.contains(r#"href="/assets/app.css?v="#), "in the layout");
        assert!(!html.contains("Rocket"), "no default catcher text");
    }
}

#[test]
fn health_says_ok_when_the_database_answers() {
    let app = TestApp::new();
    let response = app.get("/healthz");
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(response.into_string().as_deref(), Some("ok"));
}

#[test]
fn every_response_carries_the_security_headers() {
    let app = TestApp::new();
    for uri in ["/login", "/healthz", "/assets/app.css", "/nowhere"] {
        let response = app.get(uri);
        let csp = response
            .headers()
            .get_one("Content-Security-Policy")
            .unwrap_or_default();
        assert!(
            csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
            "{uri}"
        );
        assert_eq!(
            response.headers().get_one("X-Content-Type-Options"),
            Some("nosniff"),
            "{uri}"
        );
        assert!(response.headers().get_one("Referrer-Policy").is_some(), "{uri}");
    }
    assert_eq!(app.get("/login").headers().get_one("Cache-Control"), Some("no-store"));
}

#[test]
fn pages_have_no_inline_script_or_style() {
    let app = TestApp::new();
    let user = app.admin();
    let mut pages = vec![app.get("/login").into_string().unwrap()];
    app.sign_in(&user);
    pages.push(app.get("/users").into_string().unwrap());
    pages.push(app.get("/nowhere").into_string().unwrap());
    for html in pages {
        assert!(
            !html.contains("<script") && !html.contains("<style") && !html.contains("style="),
            "{html}"
        );
    }
}

#[test]
fn a_host_that_is_not_this_server_is_refused_before_any_route() {
    let app = TestApp::new();
    let user = app.member();
    let token = app.csrf("/login");
    let response = app
        .client
        .get("/login")
        .header(Header::new("Host", "rebind.evil.example"))
        .dispatch();
    assert_eq!(response.status(), Status::MisdirectedRequest);
    assert!(response
        .into_string()
        .unwrap()
        .contains("does not answer to that address"));
    let post = app
        .client
        .post("/login")
        .header(Header::new("Host", "rebind.evil.example:8000"))
        .header(rocket::http::ContentType::Form)
        .body(encode(&[
            ("email", &user.email),
            ("password", PASSWORD),
            ("csrf_token", &token),
        ]))
        .dispatch();
    assert_eq!(post.status(), Status::MisdirectedRequest);
    assert!(set_cookie(&post, "gatehouse_session").is_none());
    for host in ["localhost:8000", "127.0.0.1:8000", "[::1]:8000"] {
        assert_eq!(
            app.client
                .get("/healthz")
                .header(Header::new("Host", host))
                .dispatch()
                .status(),
            Status::Ok,
            "{host}"
        );
    }
}

#[test]
fn trace_is_not_answered() {
    let app = TestApp::new();
    let response = app.client.req(rocket::http::Method::Trace, "/").dispatch();
    assert_ne!(response.status(), Status::Ok);
}

#[test]
fn pages_link_versioned_assets_that_are_cached_for_a_year() {
    let app = TestApp::new();
    let html = app.get("/login").into_string().unwrap();
    let at = html.find("/assets/app.css?v=").expect("a versioned stylesheet link");
    let url = html[at..].split('"').next().unwrap().to_owned();
    let response = app.get(&url);
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(
        response.headers().get_one("Cache-Control"),
        Some("public, max-age=31536000, immutable")
    );
    let stale = app.get("/assets/app.css?v=000000000000");
    assert_eq!(
        stale.headers().get_one("Cache-Control"),
        Some("no-cache"),
        "an old version is revalidated"
    );
}

#[test]
fn text_assets_are_sent_gzipped_to_browsers_that_accept_it() {
    let app = TestApp::new();
    let plain = app.get("/assets/app.css").into_bytes().unwrap();
    let response = app
        .client
        .get("/assets/app.css")
        .header(Header::new("Accept-Encoding", "br, gzip;q=0.8"))
        .dispatch();
    assert_eq!(response.headers().get_one("Content-Encoding"), Some("gzip"));
    assert_eq!(response.headers().get_one("Vary"), Some("Accept-Encoding"));
    let etag = response.headers().get_one("ETag").unwrap().to_owned();
    let gz = response.into_bytes().unwrap();
    assert!(gz.len() < plain.len() / 2, "{} vs {}", gz.len(), plain.len());
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut unzipped).unwrap();
    assert_eq!(unzipped, plain);
    let again = app
        .client
        .get("/assets/app.css")
        .header(Header::new("Accept-Encoding", "gzip"))
        .header(Header::new("If-None-Match", etag))
        .dispatch();
    assert_eq!(again.status(), Status::NotModified);
}
