//! Screenshots of the main pages at a desktop and a phone width, light, plus
//! the directory in the dark scheme and in Spanish: the pictures in
//! README.md. They go to `target/tmp/screenshots`, or to
//! `$GATEHOUSE_SCREENSHOTS` (README.md's pictures are refreshed with
//! `GATEHOUSE_SCREENSHOTS=docs/screenshots`). At the phone width no page may
//! scroll sideways.

use std::path::PathBuf;

use super::tour::{self, STAFF};
use super::{Browser, Office, ADA, DESKTOP, PASSWORD, PHONE, SPANISH};

fn folder() -> PathBuf {
    let folder = match std::env::var_os("GATEHOUSE_SCREENSHOTS") {
        // Relative to the repository, where `cargo test` runs from.
        Some(dir) => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir),
        None => PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots"),
    };
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

/// The width and height a PNG file says it has.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

#[rocket::async_test]
async fn screenshots_of_the_main_pages_at_phone_and_desktop_widths() {
    let office = Office::with(STAFF);
    let browser = Browser::start().await;
    let folder = folder();
    let mut saved = Vec::new();
    for (size, width_name) in [(DESKTOP, "desktop"), (PHONE, "phone")] {
        browser.viewport(size).await;
        tour::walk(&browser, &office, async |page: &str| {
            let sideways = browser
                .script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                .await;
            assert_eq!(sideways, 0, "{page} scrolls sideways at {width_name} width");
            if [
                "sign-in",
                "users",
                "new-user-errors",
                "edit-user",
                "account",
                "security-log",
            ]
            .contains(&page)
            {
                let path = folder.join(format!("{page}-{width_name}.png"));
                browser.screenshot(&path).await;
                saved.push(path);
            }
        })
        .await;
    }
    browser.viewport(DESKTOP).await;
    browser.prefer_dark(true);
    browser.sign_in(&office, ADA.1, PASSWORD).await;
    let path = folder.join("users-desktop-dark.png");
    browser.screenshot(&path).await;
    saved.push(path);
    browser.assert_console_clean();
    // One browser at a time: the English one goes before the Spanish one starts.
    drop(browser);

    let browser = Browser::start_in(SPANISH).await;
    browser.viewport(DESKTOP).await;
    browser.sign_in(&office, ADA.1, PASSWORD).await;
    assert_eq!(browser.lang().await, SPANISH.code);
    let path = folder.join("users-desktop-es.png");
    browser.screenshot(&path).await;
    saved.push(path);
    browser.assert_console_clean();

    for path in &saved {
        let bytes = std::fs::read(path).unwrap();
        let (width, _) = png_size(&bytes);
        let expected = if path.to_string_lossy().contains("-phone") {
            PHONE.0
        } else {
            DESKTOP.0
        };
        assert_eq!(width, expected, "{}", path.display());
    }
}
