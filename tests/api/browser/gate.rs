//! The gate in a real browser: Chromium opens an app behind nginx by its
//! name (`wiki.office.test`, mapped to 127.0.0.1 by `--host-resolver-rules`),
//! is sent to gatehouse's sign-in at `auth.office.test`, signs in, and is
//! back at the app, which knows who it is.

use super::{Browser, ENGLISH};
use crate::helpers::PASSWORD;
use crate::proxies::{free_port, nginx, office, Upstream};

#[rocket::async_test]
async fn a_person_opens_the_wiki_signs_in_at_gatehouse_and_is_back_at_the_wiki() {
    let dir = tempfile::tempdir().unwrap();
    let gate = free_port();
    let (mut server, _db) = office(dir.path(), gate);
    let upstream = Upstream::start();
    let proxy_dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let _nginx = nginx(proxy_dir.path(), port, &[gate], upstream.port);
    let browser = Browser::start_with(ENGLISH, &["--host-resolver-rules=MAP *.office.test 127.0.0.1"]).await;

    browser.open(&format!("http://wiki.office.test:{port}/page?x=1")).await;
    let at = browser.client.current_url().await.unwrap();
    assert_eq!(at.host_str(), Some("auth.office.test"), "sent to sign in: {at}");
    assert_eq!(at.path(), "/login");
    browser.send_sign_in("ana@example.com", PASSWORD).await;
    // A page at gatehouse sends the browser on (CSP keeps forms to this site).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut back = browser.client.current_url().await.unwrap();
    while back.host_str() != Some("wiki.office.test") && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        back = browser.client.current_url().await.unwrap();
    }
    assert_eq!(back.as_str(), format!("http://wiki.office.test:{port}/page?x=1"));
    let seen = browser.text().await;
    assert!(seen.contains("remote-user: ana@example.com"), "{seen}");
    assert!(seen.contains("remote-groups: ventas"), "{seen}");
    server.stop();
}
