//! HTTPS: with a certificate and key, cookies are `Secure` and HSTS is sent;
//! the real binary serves TLS with the PEM files given on its command line.

use std::path::{Path, PathBuf};

use rocket::http::Status;

use crate::helpers::*;

/// A self-signed certificate for localhost and its key, as PEM files in `dir`.
pub fn self_signed(dir: &Path) -> (PathBuf, PathBuf) {
    let names = vec!["localhost".to_owned(), "127.0.0.1".to_owned()];
    let certified = rcgen::generate_simple_self_signed(names).unwrap();
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert, certified.cert.pem()).unwrap();
    std::fs::write(&key, certified.signing_key.serialize_pem()).unwrap();
    (cert, key)
}

#[test]
fn under_tls_cookies_are_secure_and_hsts_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = self_signed(dir.path());
    let figment = test_figment().merge(("tls.certs", cert)).merge(("tls.key", key));
    let app = TestApp::with_figment(figment);
    let user = app.member();
    let login = app.get("/login");
    assert_eq!(
        login.headers().get_one("Strict-Transport-Security"),
        Some("max-age=31536000")
    );
    let csrf_cookie = set_cookie(&login, "gatehouse_csrf").unwrap();
    assert!(csrf_cookie.contains("Secure"), "{csrf_cookie}");
    drop(login);
    let response = app.sign_in_with(&user.email, PASSWORD, false);
    assert_eq!(response.status(), Status::SeeOther);
    let session = set_cookie(&response, "gatehouse_session").unwrap();
    assert!(session.contains("Secure") && session.contains("HttpOnly"), "{session}");
}

#[test]
fn without_tls_there_is_no_hsts() {
    let app = TestApp::new();
    assert!(app
        .get("/login")
        .headers()
        .get_one("Strict-Transport-Security")
        .is_none());
}

#[test]
fn the_binary_serves_https_with_the_given_pem_files() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = self_signed(dir.path());
    let db = dir.path().join("g.db");
    let (cert, key) = (cert.to_str().unwrap().to_owned(), key.to_str().unwrap().to_owned());
    let server = crate::server::Server::start(&db, &["--tls-cert", &cert, "--tls-key", &key]);
    assert!(server.base.starts_with("https://localhost:"), "{:?}", server.banner);
    let out = std::process::Command::new("curl")
        .args(["--silent", "--show-error", "--cacert", &cert, "--include"])
        .arg(format!("{}healthz", server.base.replace("127.0.0.1", "localhost")))
        .output()
        .expect("curl is installed (.ci/run installs it)");
    let answer = String::from_utf8_lossy(&out.stdout);
    assert!(
        answer.starts_with("HTTP/1.1 200") || answer.starts_with("HTTP/2 200"),
        "{answer}"
    );
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("strict-transport-security: max-age=31536000"),
        "{answer}"
    );
    assert!(answer.ends_with("ok"), "{answer}");
}

#[test]
fn a_missing_certificate_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    let out = crate::cli::gatehouse(
        &db,
        &["serve", "--no-open", "--tls-cert", "nope.pem", "--tls-key", "nope.key"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: cannot read the TLS certificate") && err.lines().count() == 1,
        "{err}"
    );
    let half = crate::cli::gatehouse(&db, &["serve", "--tls-cert", "x.pem"], None);
    assert_eq!(half.status.code(), Some(2), "--tls-cert needs --tls-key");
}
