//! Every page through axe-core's WCAG 2.1 A and AA rules (labels, names,
//! contrast, landmarks, headings), in the light and the dark scheme, in
//! English and in Spanish, with no script of its own (so it works with
//! JavaScript off), and signing in with the keyboard alone.

use fantoccini::key::Key;

use super::tour::{self, STAFF};
use super::{message, Browser, Language, Office, ADA, ENGLISH, PASSWORD, SPANISH};

#[rocket::async_test]
async fn every_english_page_passes_axe_in_light_and_dark() {
    every_page_passes_axe_in_light_and_dark(ENGLISH).await;
}

#[rocket::async_test]
async fn every_spanish_page_passes_axe_in_light_and_dark() {
    every_page_passes_axe_in_light_and_dark(SPANISH).await;
}

/// The tour and the first-admin page, with a browser that asks for `language`.
async fn every_page_passes_axe_in_light_and_dark(language: Language) {
    let office = Office::with(STAFF);
    let browser = Browser::start_in(language).await;
    let mut failures = Vec::new();
    for dark in [false, true] {
        browser.prefer_dark(dark);
        tour::walk(&browser, &office, async |page: &str| {
            let scheme = if dark { "dark" } else { "light" };
            // The one script, on the pages that offer passkeys, is for them alone.
            let scripts = browser
                .script("return [...document.scripts].filter(s => !s.src.includes('/assets/passkeys.js')).length")
                .await;
            if scripts != 0 {
                failures.push(format!(
                    "{page}: {scripts} script element(s); pages must work without JavaScript"
                ));
            }
            for violation in browser.accessibility_violations().await {
                failures.push(format!("{page} ({scheme}): {violation}"));
            }
        })
        .await;
    }
    assert!(failures.is_empty(), "{failures:#?}");
    browser.assert_console_clean();

    // The first-admin page, on a gatehouse that has none yet.
    let empty = Office::with(&[]);
    let setup = empty.server.setup_url().unwrap();
    browser.open(&setup).await;
    assert_eq!(browser.lang().await, language.code, "<html lang> of setup");
    let heading = message(language.code, "setup-heading");
    assert!(browser.text().await.contains(&heading), "setup says \"{heading}\"");
    assert_eq!(
        browser.focused_id().await,
        "name",
        "the cursor starts in the first field"
    );
    let violations = browser.accessibility_violations().await;
    assert!(violations.is_empty(), "setup: {violations:#?}");
    // A mistake brings the form back with the cursor in the wrong field.
    browser.fill("#name", "Sam Setup").await;
    browser.fill("#email", "sam.example.com").await;
    browser.fill("#password", PASSWORD).await;
    browser.fill("#password_confirm", PASSWORD).await;
    browser.click("form[action^='/setup'] button[type=submit]").await;
    assert_eq!(browser.focused_id().await, "email");
    assert_eq!(
        browser.lang().await,
        language.code,
        "<html lang> of setup with a mistake"
    );
    let violations = browser.accessibility_violations().await;
    assert!(violations.is_empty(), "setup with a mistake: {violations:#?}");
    browser.assert_console_clean();
}

/// The axe check itself: a field without a label is reported.
#[rocket::async_test]
async fn the_accessibility_check_catches_an_unlabelled_field() {
    let office = Office::with(&[ADA]);
    let browser = Browser::start().await;
    browser.open(&office.url("/login")).await;
    browser
        .script(
            "const i = document.createElement('input'); i.type = 'text'; document.querySelector('form').appendChild(i)",
        )
        .await;
    let violations = browser.accessibility_violations().await;
    assert!(violations.iter().any(|v| v.starts_with("label:")), "{violations:#?}");
}

#[rocket::async_test]
async fn signing_in_takes_only_the_keyboard() {
    let office = Office::with(&[ADA]);
    let browser = Browser::start().await;
    browser.open(&office.url("/users")).await;
    // The cursor starts in the email field; Tab goes on to the password;
    // Enter sends the form.
    assert_eq!(browser.focused_id().await, "email");
    let keys = format!("{}{}{PASSWORD}", ADA.1, char::from(Key::Tab));
    browser
        .client
        .active_element()
        .await
        .unwrap()
        .send_keys(&keys)
        .await
        .unwrap();
    assert_eq!(browser.focused_id().await, "password");
    browser.script("window.gatehouseOldPage = true").await;
    let enter = Key::Enter.to_string();
    browser
        .client
        .active_element()
        .await
        .unwrap()
        .send_keys(&enter)
        .await
        .unwrap();
    browser.wait_for_new_page().await;
    assert_eq!(browser.path().await, "/users");
    // From the top of a page, the first Tab reaches the skip link, and it
    // leads to the content.
    browser.script("document.activeElement.blur()").await;
    let tab = (char::from(Key::Tab)).to_string();
    browser.find("body").await.send_keys(&tab).await.unwrap();
    let focused = browser
        .script("return document.activeElement.getAttribute('href')")
        .await;
    assert_eq!(focused, "#main", "the skip link comes first");
    browser.assert_console_clean();
}
