//! The double-click, with a real browser: started with no arguments,
//! gatehouse opens Chromium at the setup page; started again while it runs,
//! it opens Chromium at the running one. `BROWSER` points at a script that
//! runs headless Chromium on the URL and keeps the page it rendered.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{program, CHROMIUM_FLAGS};

/// A `BROWSER` for the opener: renders the URL in headless Chromium and
/// writes the resulting page to `<name>.html` beside it.
fn headless_opener(dir: &Path, name: &str) -> (PathBuf, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join(format!("{name}.sh"));
    let page = dir.join(format!("{name}.html"));
    let profile = dir.join(format!("{name}-profile"));
    let chromium = program("CHROMIUM", "/usr/bin/chromium");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\n'{}' {} --user-data-dir='{}' --dump-dom \"$1\" > '{}.part' 2>/dev/null && mv '{}.part' '{}'\n",
            chromium.display(),
            CHROMIUM_FLAGS.join(" "),
            profile.display(),
            page.display(),
            page.display(),
            page.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script, page)
}

/// The page the browser rendered, once it has.
fn rendered(page: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(html) = std::fs::read_to_string(page) {
            return html;
        }
        assert!(Instant::now() < deadline, "the browser showed nothing");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A started gatehouse, stopped when the test ends, passed or not.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_double_click_shows_the_setup_page_and_a_second_one_the_running_gatehouse() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.db");
    let double_click = |browser: &Path| {
        // No arguments at all, as a file manager starts it; the port is left
        // to the system so that tests can run side by side.
        Command::new(env!("CARGO_BIN_EXE_gatehouse"))
            .env("LANGUAGE", "en")
            .current_dir(dir.path())
            .env("GATEHOUSE_DB", &db)
            .env("GATEHOUSE_PORT", "0")
            .env("BROWSER", browser)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let (first_browser, first_page) = headless_opener(dir.path(), "first");
    let _first = Running(double_click(&first_browser));
    let html = rendered(&first_page);
    assert!(html.contains("Create the first administrator"), "{html}");

    let (second_browser, second_page) = headless_opener(dir.path(), "second");
    let second = double_click(&second_browser).wait_with_output().unwrap();
    assert_eq!(second.status.code(), Some(0), "the second start ends quietly");
    // The running gatehouse answered, at its setup page still: no administrator yet.
    let again = rendered(&second_page);
    assert!(again.contains("Create the first administrator"), "{again}");
    let form = |html: &str| {
        html.split("action=\"")
            .nth(1)
            .map(|a| a.split('"').next().unwrap().to_owned())
    };
    assert_eq!(form(&again), form(&html), "the same setup link");
}
