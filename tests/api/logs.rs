//! The log of the real binary. At every level (and in JSON) a journey
//! through every route that carries a secret leaves no password, token,
//! code, authenticator key, cookie value or cookie key in the output; at
//! `info` a request is one line with the id its `X-Request-Id` gives, and
//! an error of that request carries the same id; JSON lines parse, with
//! their fields; at the default level, with the Rocket.toml gatehouse
//! ships, a session of requests and the other commands print nothing but
//! their own output.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use gatehouse::security::totp::{code_at, STEP};

use crate::helpers::{csrf_in, encode, fresh_database, on_postgres, run_sql, secret_in, unmasked};
use crate::http::agent;

/// A `gatehouse serve` whose standard output and error go to files.
struct Logged {
    child: Child,
    out: PathBuf,
    err: PathBuf,
    base: String,
    /// The banner's setup link, while there is no administrator.
    setup: Option<String>,
}

impl Logged {
    /// Serves `db` from `dir` (where a Rocket.toml may be) with `env` set;
    /// `setup`: a new database, whose banner ends with its setup link.
    fn start(dir: &Path, db: &Path, env: &[(&str, &str)], setup: bool) -> Logged {
        let (out, err) = (dir.join("out.log"), dir.join("err.log"));
        let child = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
            .env("LANGUAGE", "en")
            .env("ROCKET_BCRYPT_COST", "4")
            .env_remove("GATEHOUSE_LOG")
            .env_remove("ROCKET_LOG_LEVEL")
            .env_remove("ROCKET_CONFIG")
            .envs(env.iter().copied())
            .arg("--db")
            .arg(db)
            .args(["serve", "--port", "0", "--no-open"])
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(&err).unwrap())
            .spawn()
            .unwrap();
        // Stopped when dropped, a failed wait included.
        let mut logged = Logged {
            child,
            out,
            err,
            base: String::new(),
            setup: None,
        };
        let started = Instant::now();
        loop {
            let banner = std::fs::read_to_string(&logged.out).unwrap_or_default();
            let base = banner.lines().find_map(|l| l.strip_prefix("Open ")?.split(' ').next());
            let link = banner
                .lines()
                .find(|l| l.contains("setup?token="))
                .map(|l| l.trim().to_owned());
            if let (Some(base), true) = (base, link.is_some() == setup) {
                logged.base = base.trim_end_matches('/').to_owned();
                logged.setup = link;
                return logged;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "no banner: {banner}{}",
                std::fs::read_to_string(&logged.err).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server: what it wrote on standard output and on standard error.
    fn stop(mut self) -> (String, String) {
        // Every line is written as it is logged: nothing waits in a buffer.
        std::thread::sleep(Duration::from_millis(200));
        let _ = self.child.kill();
        let _ = self.child.wait();
        (
            std::fs::read_to_string(&self.out).unwrap(),
            std::fs::read_to_string(&self.err).unwrap(),
        )
    }
}

impl Drop for Logged {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer: status, `Location`, `X-Request-Id`, body.
struct Answer {
    status: u16,
    location: Option<String>,
    id: Option<String>,
    body: String,
}

/// A browser on one server: its cookies, and every cookie value and form
/// token it was given (secrets that no log line may hold).
struct Browser {
    base: String,
    jar: Vec<(String, String)>,
    given: Vec<String>,
}

impl Browser {
    fn new(base: &str) -> Browser {
        Browser {
            base: base.to_owned(),
            jar: Vec::new(),
            given: Vec::new(),
        }
    }

    fn send(&mut self, method: &str, path: &str, form: Option<&[(&str, &str)]>) -> Answer {
        let mut request = agent().request(method, &format!("{}{path}", self.base));
        if !self.jar.is_empty() {
            let cookies: Vec<String> = self.jar.iter().map(|(n, v)| format!("{n}={v}")).collect();
            request = request.set("Cookie", &cookies.join("; "));
        }
        let result = match form {
            Some(fields) => request
                .set("Content-Type", "application/x-www-form-urlencoded")
                .send_string(&encode(fields)),
            None => request.call(),
        };
        let response = match result {
            Ok(r) | Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{method} {path}: {e}"),
        };
        for cookie in response.all("set-cookie") {
            let pair = cookie.split(';').next().unwrap_or_default();
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            self.jar.retain(|(n, _)| n != name);
            if !value.is_empty() {
                self.jar.push((name.to_owned(), value.to_owned()));
                // Rocket's flash cookie holds the next page's notice, which it shows.
                if name != "_flash" {
                    self.given.push(value.to_owned());
                }
            }
        }
        let answer = Answer {
            status: response.status(),
            location: response.header("location").map(str::to_owned),
            id: response.header("x-request-id").map(str::to_owned),
            body: response.into_string().unwrap_or_default(),
        };
        if let Some(token) = csrf_in(&answer.body) {
            self.given.push(unmasked(&token));
            self.given.push(token);
        }
        answer
    }

    fn get(&mut self, path: &str) -> Answer {
        self.send("GET", path, None)
    }

    /// Posts `fields` to `path` with the form token of the page at `page`.
    fn submit(&mut self, page: &str, path: &str, fields: &[(&str, &str)]) -> Answer {
        let shown = self.get(page);
        let token = csrf_in(&shown.body).unwrap_or_else(|| panic!("a form on {page}: {}", shown.body));
        let mut all = fields.to_vec();
        all.push(("csrf_token", &token));
        self.send("POST", path, Some(&all))
    }
}

/// The path of the link a page shows (`/invite/…`, `/reset/…`).
fn link_in(html: &str) -> String {
    let start = html.find(r#"id="link""#).expect("a link on the page");
    let url = html[start..]
        .split(r#"value=""#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    format!("/{}", url.splitn(4, '/').nth(3).unwrap())
}

/// The recovery codes a page shows.
fn codes_in(html: &str) -> Vec<String> {
    let codes: Vec<String> = html
        .split("<li><code>")
        .skip(1)
        .map(|c| c.split('<').next().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10, "{html}");
    codes
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

const ADMIN_PASSWORD: &str = "Admin pass Qx7 Setup";
const BO_PASSWORD: &str = "Bo first pass Wz3";
const BO_RESET: &str = "Bo reset pass Lk9";
const IVY_PASSWORD: &str = "Ivy invited pass Mn4";
const IVY_CHANGED: &str = "Ivy changed pass Rt2";
const WRONG_PASSWORD: &str = "Ivy wrong guess Yh6";

/// Every secret-bearing route, as people use them: the setup link, a
/// sign-in, an invitation and a reset link opened and used, a password
/// changed, two-step sign-in set up and used with a code and with a
/// recovery code, new recovery codes, a wrong password. Gives the secrets
/// that went by, longest first, and the server's answers checked.
fn journey(server: &Logged, db: &Path) -> Vec<String> {
    let setup = server.setup.clone().expect("a new database's setup link");
    let setup_path = setup.trim_start_matches(&server.base).to_owned();
    let mut secrets: Vec<String> = vec![
        setup.split("token=").nth(1).unwrap().to_owned(),
        ADMIN_PASSWORD.into(),
        BO_PASSWORD.into(),
        BO_RESET.into(),
        IVY_PASSWORD.into(),
        IVY_CHANGED.into(),
        WRONG_PASSWORD.into(),
    ];
    let mut admin = Browser::new(&server.base);
    let done = admin.submit(
        &setup_path,
        &setup_path,
        &[
            ("name", "Ada Admin"),
            ("email", "ada@example.com"),
            ("password", ADMIN_PASSWORD),
            ("password_confirm", ADMIN_PASSWORD),
        ],
    );
    assert_eq!(done.status, 303, "{}", done.body);

    // An invitation, and a member with a password who gets a reset link.
    let new_user = |admin: &mut Browser, name: &str, email: &str, password: &str| {
        let fields = [
            ("name", name),
            ("email", email),
            ("password", password),
            ("password_confirm", password),
            ("role", "member"),
            ("active", "true"),
        ];
        admin.submit("/users/new", "/users", &fields)
    };
    let invited = new_user(&mut admin, "Ivy New", "ivy@example.com", "");
    assert_eq!(invited.status, 200, "{}", invited.body);
    let invitation = link_in(&invited.body);
    assert_eq!(
        new_user(&mut admin, "Bo Member", "bo@example.com", BO_PASSWORD).status,
        303
    );
    let bo = run_sql(db, "SELECT id FROM users WHERE email = 'bo@example.com'")[0][0].clone();
    let made = admin.submit(&format!("/users/{bo}/edit"), &format!("/users/{bo}/reset-link"), &[]);
    assert_eq!(made.status, 200, "{}", made.body);
    let reset = link_in(&made.body);
    for link in [&invitation, &reset] {
        secrets.push(link.rsplit('/').next().unwrap().to_owned());
    }

    let mut bo = Browser::new(&server.base);
    let chose = bo.submit(
        &reset,
        &reset,
        &[("new_password", BO_RESET), ("new_password_confirm", BO_RESET)],
    );
    assert_eq!(chose.status, 303, "{}", chose.body);

    let mut ivy = Browser::new(&server.base);
    let fields = [("new_password", IVY_PASSWORD), ("new_password_confirm", IVY_PASSWORD)];
    assert_eq!(ivy.submit(&invitation, &invitation, &fields).status, 303);

    // Two-step sign-in set up: the key, the confirming code, the recovery codes.
    let page = "/account/two-factor";
    let started = ivy.submit(page, "/account/two-factor/start", &[("current_password", IVY_PASSWORD)]);
    assert_eq!(started.status, 200, "{}", started.body);
    let key = secret_in(&started.body);
    assert_eq!(key.len(), 32, "{}", started.body);
    let first_code = code_at(&key, now());
    let confirmed = ivy.submit(page, "/account/two-factor/confirm", &[("code", &first_code)]);
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    let mut codes = codes_in(&confirmed.body);
    let again = ivy.submit(
        page,
        "/account/two-factor/recovery-codes",
        &[("current_password", IVY_PASSWORD)],
    );
    assert_eq!(again.status, 200, "{}", again.body);
    codes.extend(codes_in(&again.body));
    let changed = ivy.submit(
        "/account/password",
        "/account/password",
        &[
            ("current_password", IVY_PASSWORD),
            ("new_password", IVY_CHANGED),
            ("new_password_confirm", IVY_CHANGED),
        ],
    );
    assert_eq!(changed.status, 303, "{}", changed.body);

    // Signing in with the password and a code (the next step's: the
    // confirming one is spent), then with a recovery code.
    let second_code = code_at(&key, now() + STEP);
    for second in [("code", second_code.as_str()), ("recovery_code", codes[10].as_str())] {
        assert_eq!(ivy.submit("/users", "/logout", &[]).status, 303);
        let signed = ivy.submit(
            "/login",
            "/login",
            &[("email", "ivy@example.com"), ("password", IVY_CHANGED)],
        );
        assert_eq!(signed.location.as_deref(), Some("/login/code"), "{}", signed.body);
        let passed = ivy.submit("/login/code", "/login/code", &[second]);
        assert_eq!(passed.status, 303, "{second:?}: {}", passed.body);
    }
    let mut stranger = Browser::new(&server.base);
    let refused = stranger.submit(
        "/login",
        "/login",
        &[("email", "bo@example.com"), ("password", WRONG_PASSWORD)],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(admin.get("/users").status, 200);

    secrets.push(key);
    secrets.extend(codes);
    secrets.push(first_code);
    secrets.push(second_code);
    for browser in [admin, bo, ivy, stranger] {
        secrets.extend(browser.given);
    }
    let cookie_key = run_sql(db, "SELECT value FROM settings WHERE key = 'secret_key'");
    secrets.push(cookie_key[0][0].clone());
    // As a form or an address carries them, too.
    let encoded: Vec<String> = secrets
        .iter()
        .map(|s| percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string())
        .collect();
    secrets.extend(encoded);
    secrets.retain(|s| s.len() >= 6);
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets.dedup();
    secrets
}

/// Whether `text` holds `secret`: anywhere for a long one; for a short one
/// (a six-digit code, a recovery code), as a word of its own, so that a
/// timestamp's digits are not taken for it.
fn holds(text: &str, secret: &str) -> bool {
    if secret.len() > 12 {
        return text.contains(secret);
    }
    text.match_indices(secret).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + secret.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric()) && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// Runs the journey on a new server at `level` in `format`: its output
/// (less the banner's setup link, which is there to be shown), checked for
/// every secret.
fn no_secret_at(level: &str, format: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database(dir.path());
    let env = [("GATEHOUSE_LOG", level), ("ROCKET_LOG_FORMAT", format)];
    let server = Logged::start(dir.path(), &db, &env, true);
    let secrets = journey(&server, &db);
    let (out, err) = server.stop();
    let out: Vec<&str> = out.lines().filter(|l| !l.contains("setup?token=")).collect();
    let logged = format!("{}\n{err}", out.join("\n"));
    for secret in &secrets {
        assert!(
            !holds(&logged, secret),
            "{level} {format}: {secret:?} is in the log:\n{}",
            logged
                .lines()
                .filter(|l| holds(l, secret))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    // Shield was not asked to set a header a page had set (the token pages' referrer policy).
    assert!(!logged.contains("Refusing to overwrite"), "{logged}");
    err
}

#[test]
fn no_secret_in_the_log_at_error() {
    assert_eq!(no_secret_at("error", "text"), "", "nothing went wrong");
}

#[test]
fn no_secret_in_the_log_at_warn() {
    assert_eq!(no_secret_at("warn", "text"), "", "nothing went wrong");
}

#[test]
fn no_secret_in_the_log_at_info() {
    let err = no_secret_at("info", "text");
    for seen in [
        r#"path="/invite/…""#,
        r#"path="/reset/…""#,
        r#"path="/setup""#,
        r#"event="two_factor_on""#,
    ] {
        assert!(err.contains(seen), "{seen}: {err}");
    }
    assert!(!err.contains("rocket::"), "Rocket's narration is below info: {err}");
}

#[test]
fn no_secret_in_the_log_at_debug() {
    let err = no_secret_at("debug", "text");
    assert!(
        err.contains("rocket::server: Matched: (open_invite) GET /invite/…"),
        "{err}"
    );
}

#[test]
fn no_secret_in_the_log_at_trace() {
    let err = no_secret_at("trace", "text");
    assert!(
        err.contains("received request: Request {") && err.contains(r#""cookie": "…""#),
        "Rocket's own dumps, cut: {err}"
    );
}

#[test]
fn no_secret_in_the_json_log_at_info() {
    let err = no_secret_at("info", "json");
    assert!(err.contains(r#""path":"/invite/…""#), "{err}");
}

#[test]
fn no_secret_in_the_json_log_at_trace() {
    let err = no_secret_at("trace", "json");
    for line in err.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap_or_else(|e| panic!("{e}: {line}"));
    }
}

/// The lines of `err` that hold `id`.
fn lines_with<'a>(err: &'a str, id: &str) -> Vec<&'a str> {
    err.lines().filter(|l| l.contains(id)).collect()
}

/// Makes the sessions table unreadable under the running server, so that
/// the next signed-in request fails: a fault of the database's.
fn break_sessions(db: &Path) {
    let sql = match on_postgres() {
        true => "DROP TABLE sessions CASCADE",
        false => "DROP TABLE sessions",
    };
    run_sql(db, sql);
}

#[test]
fn at_info_a_request_is_one_line_with_its_id_and_so_is_its_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database(dir.path());
    assert_eq!(crate::cli::create(&db, "ann@example.com", true).status.code(), Some(0));
    let server = Logged::start(dir.path(), &db, &[("GATEHOUSE_LOG", "info")], false);
    let mut ann = Browser::new(&server.base);
    let health = ann.get("/healthz?probe=1");
    let signed = ann.submit(
        "/login",
        "/login",
        &[("email", "ann@example.com"), ("password", "a good password")],
    );
    assert_eq!(signed.status, 303);
    let refused_link = ann.get(&format!("/invite/{}", "ab".repeat(32)));
    assert_eq!(refused_link.status, 410);
    break_sessions(&db);
    let failed = ann.get("/users");
    assert_eq!(failed.status, 503, "{}", failed.body);
    let (_, err) = server.stop();

    // One line a request (the sign-in page, its form, and three more), each with its own id.
    let requests: Vec<&str> = err
        .lines()
        .filter(|l| l.contains(" INFO gatehouse::request: "))
        .collect();
    assert_eq!(requests.len(), 5, "{err}");
    let id = health.id.expect("X-Request-Id");
    assert!(id.len() == 16 && id.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
    let lines = lines_with(&err, &id);
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].contains(&format!(
            r#"request_id="{id}" method="GET" path="/healthz" status=200 ms="#
        )),
        "the path without its query: {err}"
    );
    let lines = lines_with(&err, refused_link.id.as_deref().unwrap());
    assert!(lines[0].contains(r#"path="/invite/…" status=410"#), "{err}");

    // The failure: its error line and its request line carry its id.
    let lines = lines_with(&err, failed.id.as_deref().unwrap());
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].contains(" ERROR ")
            && lines[0].contains(r#"method="GET" path="/users" doing="looking up a session" cause=""#)
            && lines[0].contains("sessions"),
        "the cause chain: {err}"
    );
    assert!(lines[1].contains(r#"path="/users" status=503"#), "{err}");
    assert!(
        err.contains(r#"INFO gatehouse::audit: event="signed_in" actor="ann@example.com""#),
        "{err}"
    );
}

#[test]
fn json_lines_parse_and_carry_their_fields() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database(dir.path());
    assert_eq!(crate::cli::create(&db, "ann@example.com", true).status.code(), Some(0));
    let env = [("GATEHOUSE_LOG", "info"), ("ROCKET_LOG_FORMAT", "json")];
    let server = Logged::start(dir.path(), &db, &env, false);
    let mut ann = Browser::new(&server.base);
    let signed = ann.submit(
        "/login",
        "/login",
        &[("email", "ann@example.com"), ("password", "a good password")],
    );
    let id = signed.id.unwrap();
    let (_, err) = server.stop();
    let lines: Vec<serde_json::Value> = err
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(lines.len(), 3, "the page, the form, its event: {err}");
    let request = lines.iter().find(|l| l["fields"]["request_id"] == id.as_str()).unwrap();
    assert_eq!(request["level"], "INFO");
    assert_eq!(request["target"], "gatehouse::request");
    assert_eq!(request["fields"]["method"], "POST");
    assert_eq!(request["fields"]["path"], "/login");
    assert_eq!(request["fields"]["status"], 303);
    assert!(request["fields"]["ms"].as_f64().is_some(), "{request}");
    assert!(request["timestamp"].as_str().is_some(), "{request}");
    let event = lines.iter().find(|l| l["target"] == "gatehouse::audit").unwrap();
    assert_eq!(event["fields"]["event"], "signed_in");
    assert_eq!(event["fields"]["actor"], "ann@example.com");
    assert_eq!(event["fields"]["target"], "ann@example.com");
    assert_eq!(event["fields"]["address"], "127.0.0.1");
}

/// Runs a command in `dir` as a person would, with the settings there: its output.
fn command_in(dir: &Path, db: &Path, args: &[&str], stdin: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .env("LANGUAGE", "en")
        .env("ROCKET_BCRYPT_COST", "4")
        .env_remove("GATEHOUSE_LOG")
        .env_remove("ROCKET_LOG_LEVEL")
        .env_remove("ROCKET_CONFIG")
        .arg("--db")
        .arg(db)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn at_the_default_level_a_session_and_the_commands_print_only_their_own_output() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("Rocket.toml");
    std::fs::copy(shipped, dir.path().join("Rocket.toml")).unwrap();
    let db = fresh_database(dir.path());
    let create = [
        "user",
        "create",
        "--email",
        "ann@example.com",
        "--name",
        "Ann",
        "--admin",
        "--password-stdin",
    ];
    let invite = ["user", "invite", "--email", "ivy@example.com", "--name", "Ivy"];
    let mut said = Vec::new();
    for args in [&create[..], &invite, &["user", "list"], &["check"]] {
        let out = command_in(dir.path(), &db, args, "a good password\n");
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?} prints nothing on standard error");
        assert!(
            !stdout.contains("audit") && !stdout.contains("INFO"),
            "{args:?}: {stdout}"
        );
        said.push(stdout.into_owned());
    }
    let invitation = said[1]
        .lines()
        .last()
        .unwrap()
        .split_once("/invite/")
        .unwrap()
        .1
        .to_owned();

    let server = Logged::start(dir.path(), &db, &[], false);
    let mut ann = Browser::new(&server.base);
    let signed = ann.submit(
        "/login",
        "/login",
        &[("email", "ann@example.com"), ("password", "a good password")],
    );
    assert_eq!(signed.status, 303);
    assert_eq!(ann.get("/users").status, 200);
    assert_eq!(ann.get("/users?q=ivy").status, 200);
    assert_eq!(ann.get("/no-such-page").status, 404);
    assert_eq!(ann.get("/favicon.ico").status, 404);
    // A page that carries a token sets its own referrer policy.
    let mut ivy = Browser::new(&server.base);
    assert_eq!(ivy.get(&format!("/invite/{invitation}")).status, 200);
    assert_eq!(ann.submit("/users", "/logout", &[]).status, 303);
    let (out, err) = server.stop();
    assert_eq!(err, "", "nothing on standard error");
    let banner: Vec<&str> = out.lines().collect();
    assert_eq!(banner.len(), 3, "the banner only: {out}");
    assert!(
        banner[0].starts_with("gatehouse ") && banner[1].starts_with("Database: "),
        "{out}"
    );
    assert!(
        banner[2].starts_with("Open http://localhost:") && banner[2].ends_with("Press Ctrl-C to stop."),
        "{out}"
    );
}
