//! An app that signs in through gatehouse, in a real browser: Chromium
//! opens a page Apache's mod_auth_openidc protects at `localhost`, is sent
//! to gatehouse at `127.0.0.1`, signs in with the password and a two-step
//! code, and is back at the page, which knows who it is and how they signed
//! in; signing out at the app signs out of gatehouse and comes back.

use super::{Browser, ENGLISH};
use crate::helpers::{run_sql, PASSWORD};
use crate::oidc_client::OidcOffice;
use crate::proxies::free_port;
use crate::relying_party::apache;

async fn wait_for_host(browser: &Browser, host: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let at = browser.client.current_url().await.unwrap();
        if at.host_str() == Some(host) || std::time::Instant::now() > deadline {
            return at.to_string();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[rocket::async_test]
async fn a_person_signs_in_to_an_app_through_gatehouse_with_a_code_and_out_again() {
    let port = free_port();
    let callback = format!("http://localhost:{port}/app/callback");
    // Outside the protected path: a page anyone may see after signing out.
    let bye = format!("http://localhost:{port}/bye");
    let mut office = OidcOffice::start(&["--redirect-uri", &callback, "--redirect-uri", &bye, "--two-factor"]);
    let issuer = office.issuer.clone();
    // Ana signs in in two steps (her authenticator's secret, as setting it up leaves it).
    let totp = gatehouse::security::totp::new_secret();
    run_sql(
        &office.db,
        &format!("UPDATE users SET totp_secret = '{totp}' WHERE email = 'ana@example.com'"),
    );
    let apache_dir = tempfile::tempdir().unwrap();
    let _apache = apache(
        apache_dir.path(),
        port,
        &issuer,
        &office.client_id,
        &office.client_secret,
    );
    let browser = Browser::start_with(ENGLISH, &[]).await;
    let page = format!("http://localhost:{port}/app/page.sh");

    browser.open(&page).await;
    let at = browser.client.current_url().await.unwrap();
    assert_eq!(at.host_str(), Some("127.0.0.1"), "sent to gatehouse: {at}");
    assert_eq!(at.path(), "/login");
    browser.send_sign_in("ana@example.com", PASSWORD).await;
    assert_eq!(browser.path().await, "/login/code");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    browser
        .fill("#code", &gatehouse::security::totp::code_at(&totp, now))
        .await;
    browser.click("form[action='/login/code'] button[type=submit]").await;
    let back = wait_for_host(&browser, "localhost").await;
    assert!(back.starts_with(&page), "back at the page: {back}");
    let seen = browser.text().await;
    assert!(seen.contains("REMOTE_USER=ana@example.com"), "{seen}");
    assert!(seen.contains("OIDC_CLAIM_amr=pwd,otp"), "{seen}");

    // Signing out at the app: out of gatehouse too, and back at the app's address.
    browser
        .open(&format!(
            "{callback}?logout={}",
            rocket::http::RawStr::new(&bye).percent_encode()
        ))
        .await;
    let at = wait_for_host(&browser, "localhost").await;
    assert!(at.starts_with(&bye), "{at}");
    browser.open(&format!("{issuer}/account")).await;
    assert!(browser.path().await.starts_with("/login?"), "signed out of gatehouse");
    office.server.stop();
}
