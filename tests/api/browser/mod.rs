//! A real headless Chromium driving the real binary: Debian's `chromium` and
//! `chromium-driver` (`apt install chromium chromium-driver`) spoken to over
//! WebDriver with fantoccini. Each test gets its own gatehouse, chromedriver
//! and empty browser profile; one browser runs at a time, so that two cores
//! are enough. Whatever the browser's console reports is collected: anything
//! but a page's own expected 4xx fails the test.

mod accessibility;
mod desktop;
mod gate;
mod journeys;
mod languages;
mod passkeys;
mod relying_party;
mod screenshots;
mod tour;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use rocket::tokio::sync::{Mutex, MutexGuard};
use serde_json::{json, Value};

use crate::server::Server;

/// The switches that make Chromium headless, runnable as root, and quiet on a
/// machine without the internet (no background fetches to Google's hosts).
/// English; [`Browser::start_in`] puts its language's `--lang` in its place.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--lang=en-GB",
];

/// A language the browser is set to: Chromium's own (`--lang`) and the
/// `Accept-Language` it sends (the pref `intl.accept_languages`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Language {
    /// The catalogue's code under locales/, as `<html lang>` names it.
    pub code: &'static str,
    chromium: &'static str,
    accept: &'static str,
}

pub const ENGLISH: Language = Language {
    code: "en",
    chromium: "en-GB",
    accept: "en-GB,en",
};
pub const SPANISH: Language = Language {
    code: "es",
    chromium: "es",
    accept: "es-ES,es",
};

/// The catalogue of `language` ("en", "es"): locales/<code>/gatehouse.ftl.
pub fn catalogue(language: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(language)
        .join("gatehouse.ftl");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text of `key` in the catalogue of `language`, for a message on one
/// line. Placeables such as `{ $name }` are left as written.
pub fn message(language: &str, key: &str) -> String {
    let catalogue = catalogue(language);
    let mut lines = catalogue.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(value) = line.strip_prefix(key).and_then(|rest| rest.strip_prefix(" = ")) {
            let continued = lines.peek().is_some_and(|next| next.starts_with(' '));
            assert!(
                !value.is_empty() && !continued,
                "{key} in the {language} catalogue is not a one-line message"
            );
            return value.to_owned();
        }
    }
    panic!("no message {key} in the {language} catalogue");
}

pub const DESKTOP: (u32, u32) = (1280, 800);
pub const PHONE: (u32, u32) = (390, 844);

/// Tests that start a browser take turns (each test has its own runtime; this
/// lock works across them).
static ONE_BROWSER_AT_A_TIME: Mutex<()> = Mutex::const_new(());

fn program(variable: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default));
    assert!(
        path.exists(),
        "the browser tests need Chromium and ChromeDriver: {} is missing. On Debian or Ubuntu: \
         `apt install chromium chromium-driver` (or set {variable} to where it is).",
        path.display()
    );
    path
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// One gatehouse with its users, made on the command line, and its server.
pub struct Office {
    pub server: Server,
    /// Its database, as `--db` takes it.
    pub db: PathBuf,
    // Removed after the server has stopped (fields drop in this order).
    _dir: tempfile::TempDir,
}

pub const PASSWORD: &str = "a good password";
pub const ADA: (&str, &str, bool) = ("Ada Admin", "ada@example.com", true);

/// An XPath to the row of the directory that shows `email`.
fn row_of(email: &str) -> String {
    format!("//tr[td[contains(., '{email}')]]")
}

impl Office {
    /// `people`: (name, email, admin), each with the password [`PASSWORD`].
    pub fn with(people: &[(&str, &str, bool)]) -> Office {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::helpers::fresh_database_named(dir.path(), "office.db");
        for (name, email, admin) in people {
            let mut args = vec!["user", "create", "--name", name, "--email", email, "--password-stdin"];
            if *admin {
                args.push("--admin");
            }
            let out = crate::cli::gatehouse(&db, &args, Some(&format!("{PASSWORD}\n")));
            assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        }
        let server = Server::start(&db, &[]);
        Office { server, db, _dir: dir }
    }

    pub fn url(&self, path: &str) -> String {
        let base = &self.server.base;
        format!("{}{path}", base.trim_end_matches('/'))
    }
}

/// A headless Chromium under chromedriver, closed when dropped.
pub struct Browser {
    pub client: Client,
    /// What Chromium was told to speak and to ask pages for.
    pub language: Language,
    driver: Child,
    driver_url: String,
    session: String,
    _profile: tempfile::TempDir,
    _turn: MutexGuard<'static, ()>,
}

impl Browser {
    /// An English browser.
    pub async fn start() -> Browser {
        Browser::start_in(ENGLISH).await
    }

    /// A browser whose own language, and the one it asks pages for, is `language`.
    pub async fn start_in(language: Language) -> Browser {
        Browser::start_with(language, &[]).await
    }

    /// The same, with more of Chromium's flags (`--host-resolver-rules`…).
    pub async fn start_with(language: Language, flags: &[&str]) -> Browser {
        let turn = ONE_BROWSER_AT_A_TIME.lock().await;
        let chromium = program("CHROMIUM", "/usr/bin/chromium");
        let chromedriver = program("CHROMEDRIVER", "/usr/bin/chromedriver");
        let port = free_port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver_url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while ureq::get(&format!("{driver_url}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not answer on {driver_url}");
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().unwrap();
        let mut args: Vec<String> = CHROMIUM_FLAGS
            .iter()
            .filter(|f| !f.starts_with("--lang="))
            .map(|f| f.to_string())
            .collect();
        args.push(format!("--lang={}", language.chromium));
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push(format!("--window-size={},{}", DESKTOP.0, DESKTOP.1));
        args.extend(flags.iter().map(|f| f.to_string()));
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": args,
                "prefs": { "intl.accept_languages": language.accept },
            },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver_url)
            .await
            .expect("chromedriver starts Chromium");
        let session = client.session_id().await.unwrap().expect("a WebDriver session");
        Browser {
            client,
            language,
            driver,
            driver_url,
            session,
            _profile: profile,
            _turn: turn,
        }
    }

    /// A command that only chromedriver knows (logs, DevTools), sent beside fantoccini.
    fn driver_command(&self, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}/{path}", self.driver_url, self.session);
        let answer = ureq::post(&url)
            .set("Content-Type", "application/json")
            .send_string(&body.to_string())
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .into_string()
            .unwrap();
        serde_json::from_str::<Value>(&answer).unwrap()["value"].take()
    }

    /// A WebDriver command of another method (the virtual authenticator's).
    pub fn driver_call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}/{path}", self.driver_url, self.session);
        let request = ureq::request(method, &url).set("Content-Type", "application/json");
        let answer = match body {
            Some(body) => request.send_string(&body.to_string()),
            None => request.call(),
        }
        .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
        .into_string()
        .unwrap();
        serde_json::from_str::<Value>(&answer).unwrap()["value"].take()
    }

    /// Loads a page and waits for it.
    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    /// The path and query of the page shown.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// The language the page says it is in: `<html lang>`.
    pub async fn lang(&self) -> String {
        let lang = self.script("return document.documentElement.lang").await;
        lang.as_str().unwrap_or_default().to_owned()
    }

    /// The text a person sees on the page.
    pub async fn text(&self) -> String {
        self.find("body").await.text().await.unwrap()
    }

    pub async fn find(&self, css: &str) -> Element {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css} on the page: {e}"))
    }

    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client.find_all(Locator::Css(css)).await.unwrap()
    }

    /// Types into a field, replacing what it held.
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.find(css).await;
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }

    /// Clicks something that loads a new page, and waits until it has.
    pub async fn click_and_wait(&self, element: Element) {
        self.client
            .execute("window.gatehouseOldPage = true", vec![])
            .await
            .unwrap();
        element.click().await.unwrap();
        self.wait_for_new_page().await;
    }

    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        self.click_and_wait(element).await;
    }

    /// Waits until the page marked before a click or key press is replaced and loaded.
    pub async fn wait_for_new_page(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let state = self
                .client
                .execute("return window.gatehouseOldPage ? 'old' : document.readyState", vec![])
                .await;
            if matches!(state, Ok(Value::String(ref s)) if s == "complete") {
                return;
            }
            assert!(Instant::now() < deadline, "no new page after the click");
            tokio_sleep(Duration::from_millis(25)).await;
        }
    }

    /// Signs in through the form, as a person would.
    pub async fn sign_in(&self, office: &Office, email: &str, password: &str) {
        self.open(&office.url("/login")).await;
        self.send_sign_in(email, password).await;
    }

    /// Fills in and sends the sign-in form on the page shown.
    pub async fn send_sign_in(&self, email: &str, password: &str) {
        self.fill("#email", email).await;
        self.fill("#password", password).await;
        self.click("form[action='/login'] button[type=submit]").await;
    }

    /// The text of the directory's row that shows `email`.
    pub async fn row_text(&self, email: &str) -> String {
        let row = self.client.find(Locator::XPath(&row_of(email))).await;
        row.unwrap_or_else(|e| panic!("no row for {email}: {e}"))
            .text()
            .await
            .unwrap()
    }

    /// Follows the link that starts with `link` ("Edit", "Delete") in the
    /// directory's row that shows `email`.
    pub async fn follow_in_row(&self, email: &str, link: &str) {
        let xpath = format!("{}//a[starts-with(., '{link}')]", row_of(email));
        let found = self.client.find(Locator::XPath(&xpath)).await;
        let found = found.unwrap_or_else(|e| panic!("no {link} link for {email}: {e}"));
        self.click_and_wait(found).await;
    }

    pub async fn sign_out(&self) {
        self.click("form[action='/logout'] button").await;
    }

    /// Runs JavaScript in the page (test-side only: WebDriver is not held to
    /// the page's CSP) and gives its result.
    pub async fn script(&self, source: &str) -> Value {
        self.client.execute(source, vec![]).await.unwrap()
    }

    /// The id of the element that has the keyboard focus.
    pub async fn focused_id(&self) -> String {
        self.script("return document.activeElement ? document.activeElement.id : ''")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// What the console said since the last call, as "source level message"
    /// lines, leaving out the network errors of pages that answer 4xx on
    /// purpose (a 403 page, a 422 form). A failed asset load still counts.
    pub fn console_problems(&self) -> Vec<String> {
        let entries = self.driver_command("se/log", json!({ "type": "browser" }));
        entries
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|entry| {
                let source = entry["source"].as_str().unwrap_or_default();
                let level = entry["level"].as_str().unwrap_or_default();
                let message = entry["message"].as_str().unwrap_or_default();
                let expected_page_status = source == "network"
                    && !message.contains("/assets/")
                    && (message.contains("status of 4") || message.contains("status of 503"));
                (!expected_page_status && level != "DEBUG").then(|| format!("{source} {level} {message}"))
            })
            .collect()
    }

    pub fn assert_console_clean(&self) {
        let problems = self.console_problems();
        assert!(problems.is_empty(), "the console reported: {problems:#?}");
    }

    /// Emulates the system's dark or light setting.
    pub fn prefer_dark(&self, dark: bool) {
        let scheme = if dark { "dark" } else { "light" };
        self.driver_command(
            "goog/cdp/execute",
            json!({
                "cmd": "Emulation.setEmulatedMedia",
                "params": { "features": [{ "name": "prefers-color-scheme", "value": scheme }] }
            }),
        );
    }

    /// Sets the size of the page's viewport (not the window's outer size).
    pub async fn viewport(&self, (width, height): (u32, u32)) {
        self.driver_command(
            "goog/cdp/execute",
            json!({
                "cmd": "Emulation.setDeviceMetricsOverride",
                "params": { "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }
            }),
        );
        let inner = self.script("return [window.innerWidth, window.innerHeight]").await;
        assert_eq!(inner, json!([width, height]), "the viewport took the size");
    }

    /// axe-core's WCAG 2.1 A/AA checks on the page shown: one line per
    /// violation and element, empty when the page passes.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        const AXE: &str = include_str!("axe.min.js");
        let loaded = self.script(&format!("{AXE}\n;return typeof axe")).await;
        assert_eq!(loaded, json!("object"), "axe-core loaded into the page");
        let report = self
            .script(
                "return axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })
                   .then(r => r.violations.flatMap(v => v.nodes.map(n =>
                     v.id + ': ' + v.help + ' at ' + n.target.join(' ') + ' (' + n.failureSummary + ')')))",
            )
            .await;
        report
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    }

    /// Saves what the viewport shows as a PNG.
    pub async fn screenshot(&self, path: &Path) {
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ends the WebDriver session (chromedriver quits Chromium), then the driver.
        let url = format!("{}/session/{}", self.driver_url, self.session);
        let _ = ureq::delete(&url).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

async fn tokio_sleep(duration: Duration) {
    rocket::tokio::time::sleep(duration).await;
}
