//! The browser's language in a real Chromium: one set to Spanish asks for
//! Spanish and gets it, and the footer's switch brings the page it is on
//! back in English, at the same address.

use super::{message, Browser, Office, ADA, ENGLISH, PASSWORD, SPANISH};

#[rocket::async_test]
async fn a_spanish_browser_gets_spanish_and_the_footer_switch_brings_the_page_back_in_english() {
    let office = Office::with(&[ADA, ("Bruno Díaz", "bruno.diaz@example.com", false)]);
    let browser = Browser::start_in(SPANISH).await;
    let languages = browser.script("return navigator.languages").await;
    assert_eq!(languages[0], "es-ES", "Chromium asks for Spanish: {languages}");

    browser.open(&office.url("/login")).await;
    assert_eq!(browser.lang().await, "es");
    assert!(browser.text().await.contains(&message("es", "login-title")));
    browser.send_sign_in(ADA.1, PASSWORD).await;
    browser.open(&office.url("/users?q=bruno")).await;
    assert_eq!(browser.lang().await, "es");
    let text = browser.text().await;
    assert!(text.contains(&message("es", "users-title")), "{text}");
    assert!(text.contains(&message("es", "users-clear")), "{text}");

    // The footer offers English, in English and marked so.
    let switch = "form[action='/language'] button[name=lang]";
    let buttons = browser.find_all(switch).await;
    assert_eq!(buttons.len(), 1, "one button per other language");
    let english = &buttons[0];
    assert_eq!(english.attr("value").await.unwrap().as_deref(), Some(ENGLISH.code));
    assert_eq!(english.attr("lang").await.unwrap().as_deref(), Some(ENGLISH.code));
    assert_eq!(english.text().await.unwrap(), message("en", "language-name"));

    browser.click(switch).await;
    assert_eq!(browser.path().await, "/users?q=bruno", "the same page");
    assert_eq!(browser.lang().await, "en");
    let text = browser.text().await;
    assert!(
        text.contains(&message("en", "users-title")) && text.contains(&message("en", "users-clear")),
        "{text}"
    );
    assert!(
        text.contains("Bruno Díaz") && !text.contains(&message("es", "users-clear")),
        "{text}"
    );
    // And now the footer offers Spanish.
    let spanish = browser.find(switch).await;
    assert_eq!(spanish.attr("value").await.unwrap().as_deref(), Some(SPANISH.code));
    assert_eq!(spanish.text().await.unwrap(), message("es", "language-name"));
    browser.assert_console_clean();
}
