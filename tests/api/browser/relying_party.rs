//! An app that signs in through gatehouse, in a real browser: Chromium
//! opens a page Apache's mod_auth_openidc protects at `localhost`, is sent
//! to gatehouse at `127.0.0.1`, signs in with the password and a two-step
//! code, and is back at the page, which knows who it is and how they signed
//! in; signing out at the app signs out of gatehouse and comes back.

use super::{Browser, ENGLISH};
use crate::cli::gatehouse_with;
use crate::helpers::{fresh_database, run_sql, PASSWORD};
use crate::proxies::free_port;
use crate::relying_party::apache;
use crate::server::Server;

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
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database(dir.path());
    let (gate, port) = (free_port(), free_port());
    let issuer = format!("http://127.0.0.1:{gate}");
    let env = [("ROCKET_PUBLIC_URL", issuer.as_str())];
    let run = |args: &[&str], stdin: Option<&str>| {
        let out = gatehouse_with("en", &db, args, stdin, &env);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(
        &[
            "user",
            "create",
            "--email",
            "ana@example.com",
            "--name",
            "Ana",
            "--password-stdin",
        ],
        Some(&format!("{PASSWORD}\n")),
    );
    // Ana signs in in two steps (her authenticator's secret, as setting it up leaves it).
    let totp = gatehouse::security::totp::new_secret();
    run_sql(
        &db,
        &format!("UPDATE users SET totp_secret = '{totp}' WHERE email = 'ana@example.com'"),
    );
    let callback = format!("http://localhost:{port}/app/callback");
    // Outside the protected path: a page anyone may see after signing out.
    let bye = format!("http://localhost:{port}/bye");
    let keys: serde_json::Value = serde_json::from_str(&run(
        &[
            "app",
            "create",
            "--name",
            "Page",
            "--oidc",
            "--redirect-uri",
            &callback,
            "--redirect-uri",
            &bye,
            "--two-factor",
            "--json",
        ],
        None,
    ))
    .unwrap();
    let config = dir.path().join("oidc.toml");
    std::fs::write(&config, format!("[default]\npublic_url = \"{issuer}\"\n")).unwrap();
    let mut server = Server::start_on(&db, gate, &config);
    let apache_dir = tempfile::tempdir().unwrap();
    let _apache = apache(
        apache_dir.path(),
        port,
        &issuer,
        keys["client_id"].as_str().unwrap(),
        keys["client_secret"].as_str().unwrap(),
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
    server.stop();
}
