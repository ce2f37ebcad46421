//! What people do, in a real browser: follow a link while signed out, manage
//! users through the forms, sign out and press Back, replace a temporary
//! password, accept an invitation, set up two-step sign-in. The console
//! stays clean on every page.

use super::{Browser, Office, ADA, PASSWORD};

const MEL: (&str, &str, bool) = ("Mel Member", "mel@example.com", false);

#[rocket::async_test]
async fn a_deep_link_goes_through_sign_in_and_back_to_it() {
    let office = Office::with(&[ADA, MEL]);
    let browser = Browser::start().await;
    browser.open(&office.url("/users?q=mel")).await;
    assert_eq!(browser.path().await, "/login?next=%2Fusers%3Fq%3Dmel");
    assert!(browser.text().await.contains("Sign in"));
    assert_eq!(
        browser.focused_id().await,
        "email",
        "the cursor waits in the email field"
    );

    browser.send_sign_in(ADA.1, "not the password").await;
    let text = browser.text().await;
    assert!(text.contains("The email address or password is not right"), "{text}");
    assert_eq!(
        browser.find("#email").await.prop("value").await.unwrap().unwrap(),
        ADA.1
    );

    browser.send_sign_in(ADA.1, PASSWORD).await;
    assert_eq!(browser.path().await, "/users?q=mel");
    let text = browser.text().await;
    assert!(
        text.contains("Mel Member") && !text.contains("ada@example.com"),
        "{text}"
    );
    browser.assert_console_clean();
}

#[rocket::async_test]
async fn an_admin_adds_edits_disables_and_deletes_a_user_through_the_forms() {
    let office = Office::with(&[ADA]);
    let browser = Browser::start().await;
    browser.sign_in(&office, ADA.1, PASSWORD).await;
    assert_eq!(browser.path().await, "/users");

    browser.click("a[href='/users/new']").await;
    assert_eq!(browser.path().await, "/users/new");
    browser.fill("#name", "Bo Brown").await;
    browser.fill("#email", "bo at example.com").await;
    browser.fill("#password", "short").await;
    browser.click("form[action='/users'] button[type=submit]").await;
    // The form comes back with a message at each wrong field, tied to it,
    // the cursor in the first one, and the name kept.
    let email = browser.find("#email").await;
    assert_eq!(email.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
    assert_eq!(
        email.attr("aria-describedby").await.unwrap().as_deref(),
        Some("email-error")
    );
    let email_error = browser.find("#email-error").await.text().await.unwrap();
    assert!(email_error.contains("email address"), "{email_error}");
    let password_error = browser.find("#password-error").await.text().await.unwrap();
    assert!(password_error.contains("at least 8"), "{password_error}");
    assert_eq!(browser.focused_id().await, "email");
    assert_eq!(
        browser.find("#name").await.prop("value").await.unwrap().unwrap(),
        "Bo Brown"
    );
    assert_eq!(
        browser.find("#password").await.prop("value").await.unwrap().unwrap(),
        ""
    );

    browser.fill("#email", "bo@example.com").await;
    browser.fill("#password", "a temporary one").await;
    browser
        .find("input[name=role][value=admin]")
        .await
        .click()
        .await
        .unwrap();
    browser.click("form[action='/users'] button[type=submit]").await;
    assert_eq!(browser.path().await, "/users");
    let text = browser.text().await;
    assert!(text.contains("Bo Brown") && text.contains("bo@example.com"), "{text}");

    browser.follow_in_row("bo@example.com", "Edit").await;
    assert!(browser.text().await.contains("Edit Bo Brown"));
    browser.fill("#name", "Bo Browne").await;
    let active = browser.find("input[name=active]").await;
    assert_eq!(active.prop("checked").await.unwrap().as_deref(), Some("true"));
    active.click().await.unwrap();
    browser.click("form[action^='/users/'] button[type=submit]").await;
    assert_eq!(browser.path().await, "/users");
    let row = browser.row_text("bo@example.com").await;
    assert!(row.contains("Bo Browne") && row.contains("disabled"), "{row}");

    browser.follow_in_row("bo@example.com", "Delete").await;
    assert!(browser.path().await.ends_with("/delete"));
    assert!(browser.text().await.contains("Delete Bo Browne?"));
    browser.click("form[action$='/delete'] button[type=submit]").await;
    assert_eq!(browser.path().await, "/users");
    let text = browser.text().await;
    assert!(
        text.contains("Bo Browne was deleted.") && !text.contains("bo@example.com"),
        "{text}"
    );
    browser.assert_console_clean();
}

#[rocket::async_test]
async fn a_member_sees_no_admin_controls() {
    let office = Office::with(&[ADA, MEL]);
    let browser = Browser::start().await;
    browser.sign_in(&office, MEL.1, PASSWORD).await;
    assert_eq!(browser.path().await, "/users");
    let text = browser.text().await;
    assert!(text.contains("Ada Admin") && text.contains("Mel Member"), "{text}");
    for control in [
        "a[href='/users/new']",
        "a[href$='/edit']",
        "a[href$='/delete']",
        "a[href='/audit']",
        "form[action$='/unlock']",
    ] {
        assert!(browser.find_all(control).await.is_empty(), "a member sees {control}");
    }
    assert!(!text.contains("Add a user") && !text.contains("Security log"), "{text}");
    // Typing an admin address gives a page in plain words, not a form.
    browser.open(&office.url("/users/new")).await;
    let text = browser.text().await;
    assert!(
        text.contains("This page is for administrators, and you are signed in as a member."),
        "{text}"
    );
    assert!(browser.find_all("form[action='/users']").await.is_empty());
    browser.click("a[href='/users']").await;
    assert_eq!(browser.path().await, "/users", "the menu is still there");
    browser.assert_console_clean();
}

#[rocket::async_test]
async fn after_signing_out_back_shows_nothing_private() {
    let office = Office::with(&[ADA, ("Cy Secret", "cy@example.com", false)]);
    let browser = Browser::start().await;
    browser.sign_in(&office, ADA.1, PASSWORD).await;
    browser.open(&office.url("/users")).await;
    assert!(browser.text().await.contains("cy@example.com"));
    browser.open(&office.url("/account")).await;
    assert!(browser.text().await.contains("ada@example.com"));
    browser.sign_out().await;
    assert_eq!(browser.path().await, "/login");
    assert!(browser.text().await.contains("You have signed out."));

    for _ in 0..2 {
        browser.script("window.gatehouseOldPage = true").await;
        browser.client.back().await.unwrap();
        browser.wait_for_new_page().await;
        let text = browser.text().await;
        assert!(
            browser.path().await.starts_with("/login?next="),
            "{}",
            browser.path().await
        );
        assert!(
            !text.contains("cy@example.com") && !text.contains("Ada Admin") && !text.contains("ada@example.com"),
            "Back after signing out shows: {text}"
        );
    }
    browser.assert_console_clean();
}

#[rocket::async_test]
async fn a_temporary_password_must_be_replaced_before_anything_else() {
    let office = Office::with(&[ADA]);
    let browser = Browser::start().await;
    browser.sign_in(&office, ADA.1, PASSWORD).await;
    browser.open(&office.url("/users/new")).await;
    browser.fill("#name", "Tess Temp").await;
    browser.fill("#email", "tess@example.com").await;
    browser.fill("#password", "given by ada").await;
    browser.click("form[action='/users'] button[type=submit]").await;
    browser.sign_out().await;

    // Tess follows a link to her account page, and has to choose a password first.
    browser.open(&office.url("/account")).await;
    browser.send_sign_in("tess@example.com", "given by ada").await;
    assert_eq!(browser.path().await, "/account/password?next=%2Faccount");
    assert!(browser.text().await.contains("Choose your own password"));
    assert!(browser.find_all("form[action='/account/password']").await.len() == 1);
    browser.open(&office.url("/users")).await;
    assert_eq!(
        browser.path().await,
        "/account/password?next=%2Fusers",
        "no way around the form"
    );
    browser.open(&office.url("/account")).await;

    browser.fill("#current_password", "given by ada").await;
    browser.fill("#new_password", "tess chose this").await;
    browser.fill("#new_password_confirm", "tess chose this").await;
    browser
        .click("form[action='/account/password'] button[type=submit]")
        .await;
    assert_eq!(browser.path().await, "/account", "on to the page she asked for");
    assert!(browser.text().await.contains("Your password was changed."));
    browser.sign_out().await;
    browser.sign_in(&office, "tess@example.com", "tess chose this").await;
    assert_eq!(
        browser.path().await,
        "/users",
        "the new password works and is not temporary"
    );
    browser.assert_console_clean();
}

/// The console check itself: an inline script added to a page is refused by
/// the CSP, and the refusal reaches the test.
#[rocket::async_test]
async fn the_console_check_catches_a_csp_violation() {
    let office = Office::with(&[ADA]);
    let browser = Browser::start().await;
    browser.open(&office.url("/login")).await;
    browser.assert_console_clean();
    browser
        .script("const s = document.createElement('script'); s.textContent = 'window.ran = 1'; document.body.appendChild(s)")
        .await;
    assert_eq!(
        browser.script("return window.ran === undefined").await,
        true,
        "the CSP stopped it"
    );
    let problems = browser.console_problems();
    assert!(
        problems.iter().any(|p| p.contains("Content Security Policy")),
        "{problems:#?}"
    );
}

#[rocket::async_test]
async fn an_invited_person_opens_the_link_chooses_a_password_and_lands_signed_in() {
    let office = Office::with(&[ADA]);
    let browser = Browser::start().await;
    browser.sign_in(&office, ADA.1, PASSWORD).await;
    browser.open(&office.url("/users/new")).await;
    browser.fill("#name", "Iris Invited").await;
    browser.fill("#email", "iris@example.com").await;
    browser.click("form[action='/users'] button[type=submit]").await;
    // The page shows the link, in a read-only field the cursor is already in.
    let text = browser.text().await;
    assert!(text.contains("Invitation for Iris Invited"), "{text}");
    assert_eq!(browser.focused_id().await, "link");
    let link = browser.find("#link").await;
    assert_eq!(link.attr("readonly").await.unwrap().as_deref(), Some("true"));
    let url = link.prop("value").await.unwrap().unwrap();
    assert!(url.contains("/invite/"), "{url}");
    browser.open(&office.url("/users")).await;
    assert!(browser.row_text("iris@example.com").await.contains("invited"));
    browser.sign_out().await;

    // Iris opens the link: only the form, until she chooses.
    browser.open(&url).await;
    assert!(browser.text().await.contains("Welcome, Iris Invited"));
    assert_eq!(browser.focused_id().await, "new_password");
    browser.fill("#new_password", "iris chose this").await;
    browser.fill("#new_password_confirm", "iris chose this").await;
    browser.click("main form button[type=submit]").await;
    assert_eq!(browser.path().await, "/users", "signed in, on the directory");
    assert!(browser
        .find(".who-name")
        .await
        .text()
        .await
        .unwrap()
        .contains("Iris Invited"));

    // The link is used up; her password works.
    browser.sign_out().await;
    browser.open(&url).await;
    assert!(browser.text().await.contains("This link was used already."));
    browser.sign_in(&office, "iris@example.com", "iris chose this").await;
    assert_eq!(browser.path().await, "/users");
    browser.assert_console_clean();
}

#[rocket::async_test]
async fn two_step_sign_in_is_set_up_in_the_browser_and_asked_for_next_time() {
    use gatehouse::security::totp::{code_at, STEP};
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
    };
    let office = Office::with(&[ADA]);
    let browser = Browser::start().await;
    browser.sign_in(&office, ADA.1, PASSWORD).await;
    browser.open(&office.url("/account/two-factor")).await;
    browser.fill("#start_password", PASSWORD).await;
    browser
        .click("form[action='/account/two-factor/start'] button[type=submit]")
        .await;
    // The secret as the page shows it, for typing into an app: read it as a person would.
    let shown = browser.find("#secret").await.text().await.unwrap();
    let secret: String = shown.split_whitespace().collect();
    assert_eq!(secret.len(), 32, "{shown}");
    assert!(!browser.find_all(".qr svg").await.is_empty(), "a QR code to scan");
    browser.fill("#code", &code_at(&secret, now())).await;
    browser
        .click("form[action='/account/two-factor/confirm'] button[type=submit]")
        .await;
    let text = browser.text().await;
    assert!(
        text.contains("Your recovery codes") && text.contains("Two-step sign-in is on."),
        "{text}"
    );
    assert_eq!(browser.find_all(".codes li").await.len(), 10);
    browser.sign_out().await;

    browser.send_sign_in(ADA.1, PASSWORD).await;
    assert_eq!(browser.path().await, "/login/code");
    assert_eq!(browser.focused_id().await, "code");
    // The next step's code: the one just used to confirm is spent.
    browser.fill("#code", &code_at(&secret, now() + STEP)).await;
    browser.click("form[action='/login/code'] button[type=submit]").await;
    assert_eq!(browser.path().await, "/users", "signed in");
    browser.assert_console_clean();
}
