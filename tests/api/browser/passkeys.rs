//! Passkeys in a real browser: Chromium's virtual authenticator (the
//! WebDriver extension chromedriver implements) stands for a laptop's
//! fingerprint reader. A person adds a passkey on /account/passkeys, signs
//! in with it from the email field's autofill, with the button, and as the
//! second step after the password or a reset link; removes one confirming
//! with a passkey; a replayed answer, a removed passkey and a disabled
//! person are refused. The pages are opened at `localhost`: browsers refuse
//! an IP address as a relying party, and 127.0.0.1 sends the person there.
//!
//! With a virtual authenticator, the browser's autofill picks the passkey
//! as soon as the sign-in page asks (nobody is there to choose), so the
//! journeys that go by the button or the password first open the pages as
//! a browser whose autofill offers no passkeys (`without_autofill`).

use serde_json::{json, Value};

use super::{Browser, Office, PASSWORD, SPANISH};

const ANA: (&str, &str, bool) = ("Ana García", "ana@example.com", false);

/// The office's address at `localhost` (the server listens on loopback).
fn at_localhost(office: &Office, path: &str) -> String {
    office.url(path).replacen("127.0.0.1", "localhost", 1)
}

/// A platform authenticator that keeps discoverable passkeys and verifies
/// its user (a fingerprint, always right).
fn add_authenticator(browser: &Browser) -> String {
    let id = browser.driver_call(
        "POST",
        "webauthn/authenticator",
        Some(json!({
            "protocol": "ctap2",
            "transport": "internal",
            "hasResidentKey": true,
            "hasUserVerification": true,
            "isUserVerified": true,
        })),
    );
    id.as_str().expect("an authenticator id").to_owned()
}

/// From now on, pages see a browser whose autofill does not offer passkeys
/// (as some do not): the sign-in page's own request waits for the button.
fn without_autofill(browser: &Browser) {
    browser.driver_call(
        "POST",
        "goog/cdp/execute",
        Some(json!({
            "cmd": "Page.addScriptToEvaluateOnNewDocument",
            "params": { "source": "PublicKeyCredential.isConditionalMediationAvailable = async () => false;" }
        })),
    );
}

/// Waits until a script has led away from the page at `path`.
async fn wait_away_from(browser: &Browser, path: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let url = browser.client.current_url().await.unwrap();
        let ready = browser.script("return document.readyState").await;
        if url.path() != path && ready == json!("complete") {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "still at {path}: {url}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

fn credentials(browser: &Browser, authenticator: &str) -> Vec<Value> {
    let listed = browser.driver_call(
        "GET",
        &format!("webauthn/authenticator/{authenticator}/credentials"),
        None,
    );
    listed.as_array().cloned().unwrap_or_default()
}

fn sql(office: &Office, statement: &str) -> String {
    crate::helpers::run_sql(&office.db, statement)
        .first()
        .and_then(|row| row.first())
        .cloned()
        .unwrap_or_default()
}

/// Clicks a passkey button and waits for the page it leads to (or says
/// what the page said instead).
async fn passkey_click(browser: &Browser, css: &str) {
    browser
        .client
        .execute("window.gatehouseOldPage = true", vec![])
        .await
        .unwrap();
    browser.find(css).await.click().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let state = browser
            .client
            .execute(
                "return window.gatehouseOldPage ? ('old:' + (document.getElementById('passkey-status') || {}).textContent) : document.readyState",
                vec![],
            )
            .await
            .unwrap();
        if state == json!("complete") {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "no new page: {state}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Adds a passkey named `name` on the account page (signed in already).
async fn add_passkey(browser: &Browser, office: &Office, name: &str) {
    browser.open(&at_localhost(office, "/account/passkeys")).await;
    browser.fill("#new-name", name).await;
    passkey_click(browser, "[data-passkey=add]").await;
}

#[rocket::async_test]
async fn a_passkey_is_added_and_signs_in_from_autofill_alone_and_as_the_second_step() {
    let office = Office::with(&[ANA]);
    let browser = Browser::start().await;
    let authenticator = add_authenticator(&browser);

    browser.open(&at_localhost(&office, "/login")).await;
    browser.send_sign_in(ANA.1, PASSWORD).await;
    add_passkey(&browser, &office, "work laptop").await;
    let page = browser.text().await;
    assert!(page.contains("work laptop") && page.contains("not used yet"), "{page}");
    let stored = credentials(&browser, &authenticator);
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0]["isResidentCredential"], true,
        "discoverable: it signs in alone"
    );
    assert_eq!(stored[0]["rpId"], "localhost");
    assert_eq!(sql(&office, "SELECT count(*) FROM passkeys"), "1");

    // The email field's autofill offers it on the sign-in page; picked
    // (the virtual authenticator picks at once), it signs her in.
    browser.open(&at_localhost(&office, "/account")).await;
    browser.sign_out().await;
    wait_away_from(&browser, "/login").await;
    assert!(browser.text().await.contains(ANA.0), "signed in as Ana");
    assert_eq!(
        sql(&office, "SELECT amr FROM sessions ORDER BY id DESC LIMIT 1"),
        "hwk mfa"
    );

    // Alone, by the button, instead of the password.
    without_autofill(&browser);
    browser.sign_out().await;
    browser.open(&at_localhost(&office, "/login")).await;
    passkey_click(&browser, "[data-passkey=sign-in]").await;
    assert!(browser.text().await.contains(ANA.0), "signed in as Ana");
    assert_eq!(
        sql(&office, "SELECT amr FROM sessions ORDER BY id DESC LIMIT 1"),
        "hwk mfa"
    );
    assert_ne!(sql(&office, "SELECT last_used_at FROM passkeys"), "");

    // After the password, the passkey is the second step.
    browser.sign_out().await;
    browser.open(&at_localhost(&office, "/login")).await;
    browser.send_sign_in(ANA.1, PASSWORD).await;
    browser.wait_for_new_page().await;
    assert_eq!(browser.path().await, "/login/code");
    passkey_click(&browser, "[data-passkey=sign-in]").await;
    assert!(browser.text().await.contains(ANA.0));
    assert_eq!(
        sql(&office, "SELECT amr FROM sessions ORDER BY id DESC LIMIT 1"),
        "pwd hwk"
    );
    browser.assert_console_clean();

    // Lost with the laptop: `user reset-two-factor` removes the passkeys too,
    // and ends the sessions.
    let reset = crate::cli::gatehouse(&office.db, &["user", "reset-two-factor", "--email", ANA.1], None);
    assert_eq!(
        reset.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&reset.stderr)
    );
    assert_eq!(sql(&office, "SELECT count(*) FROM passkeys"), "0");
    assert_eq!(sql(&office, "SELECT count(*) FROM sessions"), "0");
}

/// Runs a sign-in ceremony in the page and sends its answer as given by
/// `send` (a JavaScript function of `post`, the start's answer and the
/// credential), returning what `send` returns.
async fn ceremony_in_page(browser: &Browser, send: &str) -> Value {
    let script = format!(
        r#"const done = arguments[arguments.length - 1];
        const token = document.querySelector('[data-passkey]').dataset.csrf;
        const post = (url, body, csrf) => fetch(url, {{method: 'POST', credentials: 'same-origin',
            headers: {{'Content-Type': 'application/json', 'X-CSRF-Token': csrf || token}}, body: JSON.stringify(body)}});
        (async () => {{
            const started = await (await post('/login/passkey/start', {{}})).json();
            const credential = await navigator.credentials.get({{publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(started.publicKey)}});
            const send = {send};
            return await send(post, started, credential.toJSON());
        }})().then(done, e => done('error: ' + e));"#
    );
    browser.client.execute_async(&script, vec![]).await.unwrap()
}

#[rocket::async_test]
async fn a_replayed_answer_a_removed_passkey_and_a_disabled_person_are_refused() {
    let office = Office::with(&[ANA]);
    let browser = Browser::start().await;
    let authenticator = add_authenticator(&browser);
    without_autofill(&browser);
    browser.open(&at_localhost(&office, "/login")).await;
    browser.send_sign_in(ANA.1, PASSWORD).await;
    add_passkey(&browser, &office, "phone").await;
    browser.sign_out().await;

    // The same answer twice: the ceremony is used once. The answer to one
    // ceremony sent with another's id: its challenge is not that one's.
    browser.open(&at_localhost(&office, "/login")).await;
    let statuses = ceremony_in_page(
        &browser,
        r#"async (post, started, answer) => {
            const other = await (await post('/login/passkey/start', {})).json();
            const elsewhere = (await post('/login/passkey/finish', {ceremony: other.ceremony, credential: answer})).status;
            const third = await (await post('/login/passkey/start', {})).json();
            const junk = (await post('/login/passkey/finish', {ceremony: third.ceremony, credential: {id: 'x'}})).status;
            const first = (await post('/login/passkey/finish', {ceremony: started.ceremony, credential: answer})).status;
            // Signed in now: the forms' token is the session's.
            const page = await (await fetch('/account')).text();
            const fresh = page.match(/name="csrf_token" value="([0-9a-f]+)"/)[1];
            const again = (await post('/login/passkey/finish', {ceremony: started.ceremony, credential: answer}, fresh)).status;
            return [elsewhere, junk, first, again];
        }"#,
    )
    .await;
    // Another ceremony's challenge, an answer that is none, then the right
    // one, then the same again (its ceremony used).
    assert_eq!(statuses, json!([401, 401, 200, 401]), "{statuses}");
    assert_eq!(
        sql(&office, "SELECT count(*) FROM audit WHERE event = 'passkey_refused'"),
        "3",
        "each refusal is in the security log, the replay too"
    );
    browser.open(&at_localhost(&office, "/account")).await;
    browser.sign_out().await;

    // A disabled person's passkey does not sign in.
    crate::helpers::run_sql(
        &office.db,
        "UPDATE users SET active = CAST(0 AS BOOLEAN) WHERE email = 'ana@example.com'",
    );
    browser.open(&at_localhost(&office, "/login")).await;
    let disabled = ceremony_in_page(
        &browser,
        r#"async (post, started, answer) => (await post('/login/passkey/finish', {ceremony: started.ceremony, credential: answer})).status"#,
    )
    .await;
    assert_eq!(disabled, json!(401));
    assert_eq!(
        sql(
            &office,
            "SELECT count(*) FROM audit WHERE event = 'passkey_refused' AND detail LIKE '%disabled%'"
        ),
        "1"
    );
    crate::helpers::run_sql(
        &office.db,
        "UPDATE users SET active = CAST(1 AS BOOLEAN) WHERE email = 'ana@example.com'",
    );

    // The same key with its signature counter set back (a copied passkey):
    // refused, and said in the security log.
    let copied = credentials(&browser, &authenticator).remove(0);
    let id = copied["credentialId"].as_str().unwrap().to_owned();
    browser.driver_call(
        "DELETE",
        &format!("webauthn/authenticator/{authenticator}/credentials/{id}"),
        None,
    );
    browser.driver_call(
        "POST",
        &format!("webauthn/authenticator/{authenticator}/credential"),
        Some(json!({
            "credentialId": id,
            "isResidentCredential": true,
            "rpId": copied["rpId"],
            "privateKey": copied["privateKey"],
            "userHandle": copied["userHandle"],
            "signCount": 0,
        })),
    );
    browser.open(&at_localhost(&office, "/login")).await;
    let set_back = ceremony_in_page(
        &browser,
        r#"async (post, started, answer) => (await post('/login/passkey/finish', {ceremony: started.ceremony, credential: answer})).status"#,
    )
    .await;
    assert_eq!(set_back, json!(401));
    assert_eq!(
        sql(
            &office,
            "SELECT count(*) FROM audit WHERE event = 'passkey_refused' AND detail LIKE '%counter%'"
        ),
        "1"
    );

    // Removed on the server (the authenticator still has it): refused.
    crate::helpers::run_sql(&office.db, "DELETE FROM passkeys");
    browser.open(&at_localhost(&office, "/login")).await;
    let removed = ceremony_in_page(
        &browser,
        r#"async (post, started, answer) => (await post('/login/passkey/finish', {ceremony: started.ceremony, credential: answer})).status"#,
    )
    .await;
    assert_eq!(removed, json!(401));
    assert_eq!(
        sql(
            &office,
            "SELECT count(*) FROM audit WHERE event = 'passkey_refused' AND detail LIKE '%unknown%'"
        ),
        "1"
    );
    assert_eq!(credentials(&browser, &authenticator).len(), 1);
    browser.assert_console_clean();
}

/// An HTTP client for which `localhost` is 127.0.0.1 (where the servers listen).
fn to_localhost() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .redirects(0)
        .resolver(|address: &str| -> std::io::Result<Vec<std::net::SocketAddr>> {
            let port = address.rsplit_once(':').map_or(80, |(_, p)| p.parse().unwrap_or(80));
            Ok(vec![std::net::SocketAddr::from(([127, 0, 0, 1], port))])
        })
        .build()
}

#[rocket::async_test]
async fn a_ceremony_started_on_one_instance_is_finished_on_another() {
    // Several instances share a database on PostgreSQL only.
    if !crate::helpers::on_postgres() {
        return;
    }
    let office = Office::with(&[ANA]);
    let base = at_localhost(&office, "");
    // A second instance on the same database, whose public address is the first's.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("Rocket.toml");
    std::fs::write(&config, format!("[default]\npublic_url = \"{base}\"\n")).unwrap();
    let port = super::free_port();
    let _second = crate::server::Server::start_on(&office.db, port, &config);

    let browser = Browser::start().await;
    add_authenticator(&browser);
    without_autofill(&browser);
    browser.open(&at_localhost(&office, "/login")).await;
    browser.send_sign_in(ANA.1, PASSWORD).await;
    add_passkey(&browser, &office, "laptop").await;
    browser.sign_out().await;
    browser.open(&at_localhost(&office, "/login")).await;
    // Started on the first instance, answered by the passkey in the page…
    let script = r#"const done = arguments[arguments.length - 1];
        const token = document.querySelector('[data-passkey]').dataset.csrf;
        (async () => {
            const started = await (await fetch('/login/passkey/start', {method: 'POST', credentials: 'same-origin',
                headers: {'Content-Type': 'application/json', 'X-CSRF-Token': token}, body: '{}'})).json();
            const credential = await navigator.credentials.get({publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(started.publicKey)});
            return {token: token, body: {ceremony: started.ceremony, credential: credential.toJSON()}};
        })().then(done, e => done('error: ' + e));"#;
    let answered = browser.client.execute_async(script, vec![]).await.unwrap();
    assert!(answered.is_object(), "{answered}");
    let cookie = browser
        .client
        .get_named_cookie("gatehouse_csrf")
        .await
        .expect("the sign-in page's token cookie");
    // …and finished on the second.
    let finish = format!("http://localhost:{port}/login/passkey/finish");
    let response = match to_localhost()
        .post(&finish)
        .set("Content-Type", "application/json")
        .set("X-CSRF-Token", answered["token"].as_str().unwrap())
        .set("Cookie", &format!("gatehouse_csrf={}", cookie.value()))
        .send_string(&answered["body"].to_string())
    {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(response.status(), 200, "{}", response.into_string().unwrap_or_default());
    assert!(response
        .all("set-cookie")
        .iter()
        .any(|c| c.starts_with("gatehouse_session=")));
    assert_eq!(
        sql(&office, "SELECT amr FROM sessions ORDER BY id DESC LIMIT 1"),
        "hwk mfa"
    );
    assert_eq!(
        sql(&office, "SELECT count(*) FROM webauthn_ceremonies"),
        "0",
        "used once"
    );
}

#[rocket::async_test]
async fn a_passkey_signs_in_to_an_app_that_requires_two_step_through_openid() {
    let port = crate::proxies::free_port();
    let callback = format!("http://localhost:{port}/app/callback");
    let office = crate::oidc_client::OidcOffice::start_at("localhost", &["--redirect-uri", &callback, "--two-factor"]);
    let issuer = office.issuer.clone();
    let apache_dir = tempfile::tempdir().unwrap();
    let _apache = crate::relying_party::apache(
        apache_dir.path(),
        port,
        &issuer,
        &office.client_id,
        &office.client_secret,
    );
    let browser = Browser::start().await;
    add_authenticator(&browser);
    // Ana adds a passkey at gatehouse.
    browser.open(&format!("{issuer}/login")).await;
    browser.send_sign_in("ana@example.com", crate::helpers::PASSWORD).await;
    browser.open(&format!("{issuer}/account/passkeys")).await;
    browser.fill("#new-name", "laptop").await;
    passkey_click(&browser, "[data-passkey=add]").await;
    browser.sign_out().await;

    // The app sends her to gatehouse, whose sign-in page offers her
    // passkey in the autofill; picked, the passkey alone signs her in, and
    // she is back at the app, which requires two-step sign-in.
    let page = format!("http://localhost:{port}/app/page.sh");
    browser.open(&page).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !browser.client.current_url().await.unwrap().as_str().starts_with(&page) {
        assert!(std::time::Instant::now() < deadline, "back at the app");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let seen = browser.text().await;
    assert!(seen.contains("REMOTE_USER=ana@example.com"), "{seen}");
    assert!(seen.contains("OIDC_CLAIM_amr=hwk,mfa"), "{seen}");
}

#[rocket::async_test]
async fn in_spanish_a_passkey_is_removed_with_a_passkey_and_a_reset_link_asks_for_one() {
    use super::message;
    let office = Office::with(&[ANA]);
    let browser = Browser::start_in(SPANISH).await;
    add_authenticator(&browser);
    without_autofill(&browser);
    browser.open(&at_localhost(&office, "/login")).await;
    browser.send_sign_in(ANA.1, PASSWORD).await;
    add_passkey(&browser, &office, "portátil").await;
    let page = browser.text().await;
    assert!(
        page.contains("portátil") && page.contains(&message("es", "passkeys-never-used")),
        "{page}"
    );

    // A wrong password does not remove it, and the page says so in Spanish.
    browser.fill("input[name=current_password]", "no es esta").await;
    browser.click("form[action$='/remove'] button[type=submit]").await;
    let page = browser.text().await;
    assert!(
        page.contains(&message("es", "problem-current-password-wrong")),
        "{page}"
    );
    assert_eq!(sql(&office, "SELECT count(*) FROM passkeys"), "1");

    // An answer that is none: refused, and its ceremony is used up; another
    // person's passkey number: not found. The passkey stays.
    let statuses = browser
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
            const button = document.querySelector('[data-passkey=remove]');
            const post = (url, body) => fetch(url, {method: 'POST', credentials: 'same-origin',
                headers: {'Content-Type': 'application/json', 'X-CSRF-Token': button.dataset.csrf}, body: JSON.stringify(body)});
            (async () => {
                const started = await (await post(button.dataset.url + '/start', {})).json();
                const junk = (await post(button.dataset.url + '/finish', {ceremony: started.ceremony, credential: {id: 'x'}})).status;
                const again = (await post(button.dataset.url + '/finish', {ceremony: started.ceremony, credential: {id: 'x'}})).status;
                const other = (await post('/account/passkeys/99999/remove/finish', {ceremony: started.ceremony, credential: {}})).status;
                return [junk, again, other];
            })().then(done, e => done('error: ' + e));"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(statuses, json!([400, 410, 404]), "{statuses}");
    assert_eq!(sql(&office, "SELECT count(*) FROM passkeys"), "1");

    // Confirmed with the passkey instead of the password: removed.
    passkey_click(&browser, "[data-passkey=remove]").await;
    let page = browser.text().await;
    let removed = message("es", "passkey-removed").replace("{ $name }", "portátil");
    assert!(page.contains(&removed), "{page}");
    assert!(page.contains(&message("es", "passkeys-none")), "{page}");
    assert_eq!(sql(&office, "SELECT count(*) FROM passkeys"), "0");
    assert_eq!(
        sql(&office, "SELECT count(*) FROM audit WHERE event = 'passkey_removed'"),
        "1"
    );

    // A passkey is her second step: a reset link (a mailbox alone) changes
    // nothing until the passkey is given; then the password is set.
    add_passkey(&browser, &office, "teléfono").await;
    let hash = "SELECT password_hash FROM users WHERE email = 'ana@example.com'";
    let old_hash = sql(&office, hash);
    let link = crate::cli::gatehouse(&office.db, &["user", "reset-link", "--email", ANA.1], None);
    let link = String::from_utf8_lossy(&link.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned();
    // (On PostgreSQL the command cannot see the server's address: the
    // link's path, at the server.)
    let path = &link[link.find("/reset/").unwrap_or_else(|| panic!("a reset link: {link}"))..];
    browser.open(&at_localhost(&office, path)).await;
    assert!(browser.text().await.contains(&message("es", "link-choose-passkey")));
    browser.fill("#new_password", "otra contraseña buena").await;
    browser.fill("#new_password_confirm", "otra contraseña buena").await;
    browser.click("form:not([action]) button[type=submit]").await;
    assert_eq!(browser.path().await, "/login/code");
    let page = browser.text().await;
    assert!(page.contains(&message("es", "link-passkey-next")), "{page}");
    assert_eq!(sql(&office, hash), old_hash, "nothing changed yet");
    assert_eq!(sql(&office, "SELECT count(*) FROM links WHERE used_at IS NULL"), "1");
    passkey_click(&browser, "[data-passkey=sign-in]").await;
    assert!(browser.text().await.contains(ANA.0), "signed in as Ana");
    assert_ne!(sql(&office, hash), old_hash, "the new password is set");
    assert_eq!(sql(&office, "SELECT count(*) FROM links WHERE used_at IS NULL"), "0");
    assert_eq!(
        sql(&office, "SELECT count(*) FROM sessions"),
        "1",
        "her other sessions ended"
    );
    assert_eq!(
        sql(&office, "SELECT amr FROM sessions"),
        "pwd hwk",
        "the one left is this sign-in's"
    );
    browser.assert_console_clean();
}
