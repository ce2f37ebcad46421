//! The main pages, each reached as a person reaches it (a wrong form is
//! really sent), for the accessibility checks and the screenshots.

use super::{Browser, Office, ADA, PASSWORD};

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
    "edit-user",
    "delete-user",
    "account",
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
        "edit-user" | "delete-user" => {
            browser.open(&office.url("/users")).await;
            let link = if page == "edit-user" { "Edit" } else { "Delete" };
            browser.follow_in_row("grace.kim@example.com", link).await;
        }
        "account" => browser.open(&office.url("/account")).await,
        "change-password" => browser.open(&office.url("/account/password")).await,
        "security-log" => browser.open(&office.url("/audit")).await,
        "not-found" => browser.open(&office.url("/no/such/page")).await,
        other => panic!("no page {other} in the tour"),
    }
}

/// Walks every page of the tour, calling `at` on each.
pub async fn walk(browser: &Browser, office: &Office, mut at: impl AsyncFnMut(&str)) {
    for (i, page) in PAGES.iter().enumerate() {
        if i == 2 {
            browser.sign_in(office, ADA.1, PASSWORD).await;
        }
        show(browser, office, page).await;
        at(page).await;
    }
    browser.sign_out().await;
}
