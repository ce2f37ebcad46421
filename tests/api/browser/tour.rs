//! The main pages, each reached as a person reaches it (a wrong form is
//! really sent), for the accessibility checks and the screenshots. Each page
//! is checked to be in the browser's language: `<html lang>`, a sentence of
//! its own from that language's catalogue, and, away from English, no
//! English phrase left.

use super::{catalogue, message, Browser, Office, ADA, ENGLISH, PASSWORD};

/// The people in the office the tour walks through.
pub const STAFF: &[(&str, &str, bool)] = &[
    ADA,
    ("Bruno Díaz", "bruno.diaz@example.com", false),
    ("Chloé Martin", "chloe.martin@example.com", false),
    ("Dev Patel", "dev.patel@example.com", true),
    ("Elif Yılmaz", "elif.yilmaz@example.com", false),
    ("Frank O'Neill", "frank.oneill@example.com", false),
    ("Grace Kim", "grace.kim@example.com", false),
    ("Hiro Tanaka", "hiro.tanaka@example.com", false),
];

/// The pages signed in as an admin, after the sign-in pages.
pub const PAGES: &[&str] = &[
    "sign-in",
    "sign-in-failed",
    "users",
    "users-search",
    "new-user-errors",
    "invite-link",
    "choose-password",
    "edit-user",
    "delete-user",
    "account",
    "two-factor-setup",
    "change-password",
    "security-log",
    "not-found",
];

/// Shows `page` of [`PAGES`]; the browser must be signed in as Ada for every
/// page after the two sign-in pages, and signed out for those.
pub async fn show(browser: &Browser, office: &Office, page: &str) {
    match page {
        "sign-in" => browser.open(&office.url("/login")).await,
        "sign-in-failed" => {
            browser.sign_in(office, ADA.1, "not the password").await;
        }
        "users" => browser.open(&office.url("/users")).await,
        "users-search" => browser.open(&office.url("/users?q=ch")).await,
        "new-user-errors" => {
            browser.open(&office.url("/users/new")).await;
            browser.fill("#name", "Ines").await;
            browser.fill("#email", "ines@").await;
            browser.fill("#password", "password").await;
            browser.click("form[action='/users'] button[type=submit]").await;
        }
        "invite-link" => {
            // A new address each time: the tour runs more than once on one office.
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos();
            browser.open(&office.url("/users/new")).await;
            browser.fill("#name", "Grace Kim").await;
            browser.fill("#email", &format!("grace.{nanos}@example.com")).await;
            browser.click("form[action='/users'] button[type=submit]").await;
        }
        "choose-password" => {
            // The invitation just made, as its person opens it.
            let url = browser.find("#link").await.prop("value").await.unwrap().unwrap();
            browser.open(&url).await;
        }
        "edit-user" | "delete-user" => {
            browser.open(&office.url("/users")).await;
            let key = if page == "edit-user" {
                "users-edit"
            } else {
                "users-delete"
            };
            let link = message(browser.language.code, key);
            browser.follow_in_row("grace.kim@example.com", &link).await;
        }
        "account" => browser.open(&office.url("/account")).await,
        "two-factor-setup" => {
            browser.open(&office.url("/account/two-factor")).await;
            browser.fill("#start_password", PASSWORD).await;
            browser
                .click("form[action='/account/two-factor/start'] button[type=submit]")
                .await;
        }
        "change-password" => browser.open(&office.url("/account/password")).await,
        "security-log" => browser.open(&office.url("/audit")).await,
        "not-found" => browser.open(&office.url("/no/such/page")).await,
        other => panic!("no page {other} in the tour"),
    }
}

/// The catalogue message that `page` of [`PAGES`] shows (its heading, or
/// the message it is there for), with Grace Kim for `{ $name }`.
fn says(language: &str, page: &str) -> String {
    let key = match page {
        "sign-in" => "login-title",
        "sign-in-failed" => "login-failed",
        "users" => "users-title",
        "users-search" => "users-clear",
        "new-user-errors" => "problem-email-shape",
        "invite-link" => "link-issued-invite-title",
        "choose-password" => "link-choose-invite-title",
        "edit-user" => "user-edit-title",
        "delete-user" => "user-delete-title",
        "account" => "account-title",
        "two-factor-setup" => "two-factor-setup-title",
        "change-password" => "password-heading",
        "security-log" => "audit-title",
        "not-found" => "error-title-404",
        other => panic!("no page {other} in the tour"),
    };
    message(language, key).replace("{ $name }", "Grace Kim")
}

/// The pieces of the English catalogue's messages (between their
/// placeables) long enough to be a phrase, and not the same in `language`.
fn english_phrases(language: &str) -> Vec<String> {
    let (english, other) = (catalogue("en"), catalogue(language));
    let mut phrases = Vec::new();
    for line in english.lines().filter(|line| !line.starts_with('#')) {
        let value = line.split_once(" = ").map_or(line, |(_, value)| value);
        for piece in value.split(['{', '}', '[', ']', '*']) {
            let piece = piece.trim();
            let phrase = piece.split_whitespace().count() >= 2 && piece.len() >= 10 && !piece.starts_with('$');
            if phrase && !other.contains(piece) {
                phrases.push(piece.to_owned());
            }
        }
    }
    phrases
}

/// Whether the page shown is in the browser's language, as `page` of the tour.
async fn check_language(browser: &Browser, page: &str, english_phrases: &[String]) {
    let code = browser.language.code;
    assert_eq!(browser.lang().await, code, "<html lang> of {page}");
    let title = browser.script("return document.title").await;
    let text = format!("{}\n{}", title.as_str().unwrap_or_default(), browser.text().await);
    let own = says(code, page);
    assert!(text.contains(&own), "{page} in {code} does not say \"{own}\": {text}");
    let left: Vec<&String> = english_phrases.iter().filter(|p| text.contains(p.as_str())).collect();
    assert!(left.is_empty(), "{page} in {code} still shows English: {left:?}");
}

/// Walks every page of the tour, calling `at` on each.
pub async fn walk(browser: &Browser, office: &Office, mut at: impl AsyncFnMut(&str)) {
    let english_phrases = if browser.language == ENGLISH {
        Vec::new()
    } else {
        english_phrases(browser.language.code)
    };
    for (i, page) in PAGES.iter().enumerate() {
        if i == 2 {
            browser.sign_in(office, ADA.1, PASSWORD).await;
        }
        show(browser, office, page).await;
        check_language(browser, page, &english_phrases).await;
        at(page).await;
    }
    browser.sign_out().await;
}
