//! The real binary serving on a socket: the banner, the setup link, signing
//! in as the admin created on the command line, and a clear error when the
//! port is taken.

use std::path::Path;
use std::process::{Child, Command, Stdio};

pub use crate::http::{agent, fetch};

/// A running `gatehouse serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub banner: Vec<String>,
    pub base: String,
}

impl Server {
    pub fn start(db: &Path, extra: &[&str]) -> Server {
        Server::start_with_env(db, extra, &[])
    }

    /// On `port` (a free one the test chose: its address is in a setting),
    /// with the settings of the file `config`.
    pub fn start_on(db: &Path, port: u16, config: &Path) -> Server {
        Server::spawn(db, port, &[], &[("ROCKET_CONFIG", config)])
    }

    fn start_with_env(db: &Path, extra: &[&str], env: &[(&str, &Path)]) -> Server {
        Server::spawn(db, 0, extra, env)
    }

    fn spawn(db: &Path, port: u16, extra: &[&str], env: &[(&str, &Path)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
            .env("LANGUAGE", "en")
            .arg("--db")
            .arg(db)
            .args(["serve", "--port", &port.to_string(), "--no-open"])
            .args(extra)
            .current_dir(crate::helpers::working_folder(db))
            .env("ROCKET_BCRYPT_COST", "4")
            .env_remove("GATEHOUSE_LOG")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let lines = crate::banner::lines_of(child.stdout.take().unwrap());
        let (banner, base) = crate::banner::read_banner(&lines, std::time::Duration::from_millis(500));
        Server { child, banner, base }
    }

    pub fn setup_url(&self) -> Option<String> {
        self.banner
            .iter()
            .find(|l| l.contains("setup?token="))
            .map(|l| l.trim().to_owned())
    }
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGTERM, as a service manager stops it: requests in flight finish and
    /// the database is closed. Gives how the process ended.
    pub fn stop(&mut self) -> std::process::ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        self.child.wait().unwrap()
    }

    /// SIGKILL: the process gets no chance to clean up.
    pub fn kill_hard(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn token_in(html: &str) -> String {
    crate::helpers::csrf_in(html).expect("a form token")
}

#[test]
fn a_newcomer_reaches_the_directory_through_the_setup_link() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::helpers::fresh_database(dir.path());
    let server = Server::start(&db, &[]);
    assert!(server.banner[0].starts_with("gatehouse "), "{:?}", server.banner);
    assert!(server
        .banner
        .iter()
        .any(|l| l.contains("Database:") && l.contains(&crate::helpers::database_name(&db))));
    let setup = server.setup_url().expect("a setup link while there is no admin");
    assert!(setup.starts_with(&format!("{}setup?token=", server.base)), "{setup}");

    let agent = agent();
    let (status, _, _, body) = fetch(agent.get(&format!("{}healthz", server.base)), "", None);
    assert_eq!((status, body.as_str()), (200, "ok"));

    let (status, cookies, _, html) = fetch(agent.get(&setup), "", None);
    assert_eq!(status, 200);
    let jar = cookies.join("; ");
    let form = crate::helpers::encode(&[
        ("csrf_token", &token_in(&html)),
        ("name", "Ada Admin"),
        ("email", "ada@example.com"),
        ("password", "a good password"),
        ("password_confirm", "a good password"),
    ]);
    let (status, cookies, location, _) = fetch(agent.post(&setup), &jar, Some(&form));
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/users"));
    let session = cookies
        .iter()
        .find(|c| c.starts_with("gatehouse_session="))
        .expect("signed in")
        .clone();
    let (status, _, _, html) = fetch(agent.get(&format!("{}users", server.base)), &session, None);
    assert_eq!(status, 200);
    assert!(html.contains("Ada Admin") && html.contains("ada@example.com"));
    let (status, _, _, _) = fetch(agent.get(&setup), "", None);
    assert_eq!(status, 404, "the setup link is spent");
}

#[test]
fn an_admin_made_on_the_command_line_signs_in_and_no_setup_link_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::helpers::fresh_database(dir.path());
    assert_eq!(crate::cli::create(&db, "ann@example.com", true).status.code(), Some(0));
    let server = Server::start(&db, &[]);
    assert!(server.setup_url().is_none(), "{:?}", server.banner);

    let agent = agent();
    let (status, _, location, _) = fetch(agent.get(&format!("{}users?q=ann", server.base)), "", None);
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/login?next=%2Fusers%3Fq%3Dann"));
    let login = format!("{}login?next=%2Fusers%3Fq%3Dann", server.base);
    let (_, cookies, _, html) = fetch(agent.get(&login), "", None);
    let form = crate::helpers::encode(&[
        ("csrf_token", &token_in(&html)),
        ("email", "ann@example.com"),
        ("password", "a good password"),
        ("next", "/users?q=ann"),
    ]);
    let (status, cookies, location, _) = fetch(
        agent.post(&format!("{}login", server.base)),
        &cookies.join("; "),
        Some(&form),
    );
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/users?q=ann"));
    let session = cookies
        .iter()
        .find(|c| c.starts_with("gatehouse_session="))
        .unwrap()
        .clone();
    let (status, _, _, html) = fetch(agent.get(&format!("{}users?q=ann", server.base)), &session, None);
    assert_eq!(status, 200);
    assert!(html.contains("ann@example.com"));
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .env("LANGUAGE", "en")
        .arg("--db")
        .arg(&db)
        .args(["serve", "--no-open", "--port", &port])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: cannot listen") && err.contains("--port"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// A stand-in browser that writes the URL it was asked to open into `opened`
/// (through `BROWSER`, which the opener reads on Linux and the BSDs).
#[cfg(all(unix, not(target_os = "macos")))]
fn fake_browser(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("browser.sh");
    let opened = dir.join("opened.txt");
    std::fs::write(&script, format!("#!/bin/sh\necho \"$1\" >> '{}'\n", opened.display())).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script, opened)
}

/// Waits (a few seconds at most) for the stand-in browser to have been
/// called and to have written the whole line (the shell creates the file
/// before `echo` writes to it).
#[cfg(all(unix, not(target_os = "macos")))]
fn read_opened(opened: &Path) -> Option<String> {
    for _ in 0..50 {
        match std::fs::read_to_string(opened) {
            Ok(text) if text.ends_with('\n') => return Some(text),
            _ => {}
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    None
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn a_bare_start_opens_the_browser_at_the_setup_link() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    let (browser, opened) = fake_browser(dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .env("LANGUAGE", "en")
        .current_dir(dir.path())
        .env("GATEHOUSE_DB", &db)
        .env("GATEHOUSE_PORT", "0")
        .env("BROWSER", &browser)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = read_opened(&opened);
    let _ = child.kill();
    let _ = child.wait();
    let url = url.expect("the browser was opened");
    assert!(
        url.starts_with("http://localhost:") && url.contains("/setup?token="),
        "{url}"
    );
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn no_open_keeps_the_browser_closed_and_open_opens_the_start_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    assert_eq!(crate::cli::create(&db, "ann@example.com", true).status.code(), Some(0));
    let (browser, opened) = fake_browser(dir.path());
    let quiet = Server::start_with_env(&db, &[], &[("BROWSER", &browser)]);
    // Time enough for a browser that was (wrongly) started to show up.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    drop(quiet);
    assert!(!opened.exists(), "--no-open opened a browser");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .env("LANGUAGE", "en")
        .arg("--db")
        .arg(&db)
        .args(["serve", "--port", "0", "--open"])
        .env("BROWSER", &browser)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = read_opened(&opened);
    let _ = child.kill();
    let _ = child.wait();
    let url = url.expect("--open opened the browser");
    assert!(
        url.trim().starts_with("http://localhost:") && url.trim().ends_with('/'),
        "{url}"
    );
}

#[test]
fn oversized_requests_get_a_4xx_and_the_server_keeps_serving() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("g.db"), &[]);
    let address = server
        .base
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let send = |request: &[u8]| -> String {
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        let _ = stream.write_all(request);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    };
    let huge_header = format!(
        "GET /healthz HTTP/1.1\r\nHost: {address}\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let answer = send(huge_header.as_bytes());
    let status: u16 = answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    assert!(matches!(status, 400 | 431), "{}", &answer[..answer.len().min(200)]);

    let body = format!("csrf_token=x&email={}", "a".repeat(200 * 1024));
    let big_form = format!(
        "POST /login HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let answer = send(big_form.as_bytes());
    assert!(
        answer.starts_with("HTTP/1.1 413"),
        "{}",
        &answer[..answer.len().min(200)]
    );
    assert!(answer.contains("too large"), "a page in the app's layout");

    let healthy = send(format!("GET /healthz HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").as_bytes());
    assert!(
        healthy.starts_with("HTTP/1.1 200") && healthy.ends_with("ok"),
        "{healthy}"
    );
}

#[cfg(unix)]
#[test]
fn sigterm_and_ctrl_c_stop_cleanly_with_the_log_checkpointed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    assert_eq!(crate::cli::create(&db, "ann@example.com", true).status.code(), Some(0));
    for signal in ["-TERM", "-INT"] {
        let mut server = Server::start(&db, &[]);
        let (status, _, _, _) = fetch(agent().get(&format!("{}healthz", server.base)), "", None);
        assert_eq!(status, 200);
        let pid = server.child.id().to_string();
        assert!(Command::new("kill").args([signal, &pid]).status().unwrap().success());
        let mut exit = None;
        for _ in 0..100 {
            if let Some(code) = server.child.try_wait().unwrap() {
                exit = Some(code);
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        assert_eq!(exit.and_then(|e| e.code()), Some(0), "{signal}: stopped and exited 0");
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        let wal_bytes = std::fs::metadata(std::path::PathBuf::from(wal))
            .map(|m| m.len())
            .unwrap_or(0);
        assert_eq!(
            wal_bytes, 0,
            "{signal}: the write-ahead log was checkpointed into the database"
        );
    }
    assert_eq!(crate::cli::gatehouse(&db, &["check"], None).status.code(), Some(0));
}

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn a_second_double_click_opens_the_running_server() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    assert_eq!(crate::cli::create(&db, "ann@example.com", true).status.code(), Some(0));
    let running = Server::start(&db, &[]);
    let (browser, opened) = fake_browser(dir.path());
    let second = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .env("LANGUAGE", "en")
        .current_dir(dir.path())
        .env("GATEHOUSE_DB", &db)
        .env("BROWSER", &browser)
        .output()
        .unwrap();
    assert_eq!(
        second.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert!(String::from_utf8_lossy(&second.stdout).contains("already running"));
    let url = read_opened(&opened).expect("the browser was opened");
    assert_eq!(url.trim(), running.base);

    // An explicit second `serve` says who has the database instead.
    let again = crate::cli::gatehouse(&db, &["serve", "--no-open", "--port", "0"], None);
    assert_eq!(again.status.code(), Some(1));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("already") || err.contains("is using"), "{err}");
    assert!(err.contains(&running.base), "{err}");
}

#[test]
fn bound_to_every_address_the_banner_lists_the_lan_addresses() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&dir.path().join("g.db"), &["--address", "0.0.0.0"]);
    let port = server.base.rsplit(':').next().unwrap().trim_end_matches('/').to_owned();
    let lan: Vec<String> = if_addrs::get_if_addrs()
        .unwrap()
        .into_iter()
        .map(|i| i.ip())
        .filter(|ip| ip.is_ipv4() && !ip.is_loopback())
        .map(|ip| format!("http://{ip}:{port}/"))
        .collect();
    let banner = server.banner.join("\n");
    if lan.is_empty() {
        assert!(
            banner.contains("colleagues use this computer's name or address"),
            "{banner}"
        );
    } else {
        assert!(banner.contains("Colleagues on the network can open:"), "{banner}");
        for url in lan {
            assert!(banner.contains(&url), "{url} missing from {banner}");
        }
    }
    assert!(
        server.base.starts_with("http://127.0.0.1:"),
        "this computer still uses loopback"
    );
}
