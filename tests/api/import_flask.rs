//! `gatehouse import flask` on a real Flask app's database: the tests make
//! one with Flask, Flask-Login, Flask-SQLAlchemy and Werkzeug from the
//! Python registry (a venv under target/, made once), in SQLite or, on the
//! PostgreSQL run, in a PostgreSQL database of its own; the people keep
//! their passwords, which sign in through HTTP and become bcrypt.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use rocket::http::Status;
use serde::Deserialize;

use crate::cli::{gatehouse, gatehouse_in};
use crate::helpers::*;

#[derive(Debug, Deserialize)]
struct Made {
    entry: String,
    password: Option<String>,
    hash: String,
    expected: String,
}

/// The venv's python, with the Flask app's requirements installed (once per run).
fn flask_python() -> PathBuf {
    static READY: OnceLock<PathBuf> = OnceLock::new();
    READY
        .get_or_init(|| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            let venv = root.join("target/flask-venv");
            let requirements = root.join("tests/flask_app/requirements.txt");
            let wanted = std::fs::read_to_string(&requirements).unwrap();
            let marker = venv.join("installed-requirements.txt");
            if std::fs::read_to_string(&marker).ok().as_deref() != Some(wanted.as_str()) {
                let made = Command::new("python3")
                    .args(["-m", "venv"])
                    .arg(&venv)
                    .status()
                    .unwrap();
                assert!(made.success(), "python3 -m venv (Debian: python3-venv)");
                let installed = Command::new(venv.join("bin/pip"))
                    .args(["install", "--quiet", "-r"])
                    .arg(&requirements)
                    .status()
                    .unwrap();
                assert!(installed.success(), "pip installs the Flask app's requirements");
                std::fs::write(&marker, wanted).unwrap();
            }
            venv.join("bin/python")
        })
        .clone()
}

/// A Flask app's database with its people (see tests/flask_app/make_people.py):
/// the source as `--from` takes it, and what was written.
fn flask_database(dir: &Path) -> (String, Vec<Made>) {
    let (source, sqlalchemy) = match on_postgres() {
        false => {
            let file = dir.join("flask-app.db");
            (file.display().to_string(), format!("sqlite:///{}", file.display()))
        }
        true => {
            let url = fresh_database_named(dir, "unused").display().to_string();
            let sqlalchemy = url.replacen("postgres://", "postgresql+psycopg://", 1);
            (url, sqlalchemy)
        }
    };
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/flask_app");
    let output = Command::new(flask_python())
        .arg(app.join("make_people.py"))
        .arg(&sqlalchemy)
        .current_dir(&app)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    (source, serde_json::from_slice(&output.stdout).unwrap())
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_flask_apps_people_keep_their_passwords_and_get_bcrypt_at_first_sign_in() {
    let t = TestApp::new();
    let (source, made) = flask_database(t.dir.path());
    let werkzeug: Vec<&Made> = made.iter().filter(|m| m.hash.starts_with("scrypt:")).collect();
    assert!(!werkzeug.is_empty());
    assert!(
        made.iter().any(|m| m.hash.starts_with("pbkdf2:sha256:")),
        "both formats"
    );

    // A dry run first: every row said, nothing written.
    let dry = gatehouse(&t.db, &["import", "flask", "--from", &source], None);
    assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
    let said = stdout(&dry);
    for row in &made {
        let line = said
            .lines()
            .find(|l| l.contains(&format!(" {}", row.entry)))
            .unwrap_or_else(|| panic!("{} in {said}", row.entry));
        assert!(line.trim_start().starts_with(&row.expected), "{line}");
    }
    assert!(said.contains("not an email address"), "{said}");
    assert!(said.contains("more memory or time"), "{said}");
    assert!(said.contains("Nothing was written"), "{said}");
    assert_eq!(t.sql_count("SELECT count(*) FROM users"), 0);

    let applied = gatehouse(&t.db, &["import", "flask", "--from", &source, "--apply"], None);
    assert!(applied.status.success(), "{}", String::from_utf8_lossy(&applied.stderr));
    assert!(stdout(&applied).contains("5 brought in"), "{}", stdout(&applied));
    assert_eq!(t.sql_count("SELECT count(*) FROM users"), 5);
    assert_eq!(
        t.sql_one("SELECT password_hash FROM users WHERE email = 'ana@example.com'"),
        made[0].hash,
        "the Werkzeug hash is kept as it is"
    );
    assert_eq!(
        t.sql_one("SELECT role FROM users WHERE email = 'carmen@example.com'"),
        "admin"
    );
    assert_eq!(
        t.sql_count("SELECT CAST(active AS INTEGER) FROM users WHERE email = 'dario@example.com'"),
        0,
        "disabled in the app, disabled here"
    );
    assert_eq!(
        t.sql_count("SELECT count(*) FROM audit WHERE event = 'users_imported'"),
        1
    );

    // Each signs in with the password they had; the hash becomes bcrypt.
    for person in made.iter().filter(|m| m.expected == "new") {
        let browser = t.another_browser();
        let password = person.password.as_deref().unwrap();
        let wrong = browser.sign_in_with(&person.entry, "not the password", false);
        assert_eq!(
            wrong.status(),
            Status::UnprocessableEntity,
            "a wrong password is refused"
        );
        let active = person.entry != "dario@example.com";
        let response = browser.sign_in_with(&person.entry, password, false);
        let hash = t.sql_one(&format!(
            "SELECT password_hash FROM users WHERE email = '{}'",
            person.entry
        ));
        if !active {
            assert_eq!(
                response.status(),
                Status::UnprocessableEntity,
                "a disabled person stays out"
            );
            assert_eq!(hash, person.hash);
            continue;
        }
        assert_eq!(response.status(), Status::SeeOther, "{} signs in", person.entry);
        let temporary = t.sql_count(&format!(
            "SELECT CAST(must_change_password AS INTEGER) FROM users WHERE email = '{}'",
            person.entry
        ));
        if password.len() < 8 {
            // Too short for gatehouse: kept, and to be changed before any other page.
            assert_eq!(hash, person.hash);
            assert_eq!(temporary, 1);
            assert!(
                location(&response).starts_with("/account/password"),
                "{}",
                location(&response)
            );
            let chosen = browser.submit(
                "/account/password",
                "/account/password",
                &[("current_password", password), ("new_password", "a longer one now")],
            );
            assert_eq!(chosen.status(), Status::SeeOther);
            let hash = t.sql_one(&format!(
                "SELECT password_hash FROM users WHERE email = '{}'",
                person.entry
            ));
            assert!(hash.starts_with("$2b$04$"), "{hash}");
            continue;
        }
        assert!(hash.starts_with("$2b$04$"), "{}: {hash}", person.entry);
        assert_eq!(temporary, 0);
        browser.sign_out();
        let again = browser.sign_in_with(&person.entry, password, false);
        assert_eq!(again.status(), Status::SeeOther, "and again, with bcrypt");
    }

    // A second import finds them here.
    let twice = gatehouse(&t.db, &["import", "flask", "--from", &source], None);
    assert!(
        stdout(&twice).contains("0 to bring in, 5 already here"),
        "{}",
        stdout(&twice)
    );
}

#[test]
fn a_source_that_cannot_be_read_or_understood_says_what_to_write() {
    let t = TestApp::new();
    let missing = t.dir.path().join("nothing.db");
    let gone = gatehouse(
        &t.db,
        &["import", "flask", "--from", &missing.display().to_string()],
        None,
    );
    assert_eq!(gone.status.code(), Some(1));
    let err = String::from_utf8_lossy(&gone.stderr);
    assert!(err.starts_with("error: cannot read"), "{err}");

    let odd = t.dir.path().join("odd.db");
    {
        let conn = rusqlite::Connection::open(&odd).unwrap();
        conn.execute_batch(
            "CREATE TABLE people (id INTEGER PRIMARY KEY, mail_addr TEXT, secret TEXT);
             INSERT INTO people (mail_addr, secret) VALUES ('zoe@example.com', 'pbkdf2:sha256:1000$salt$0000000000000000000000000000000000000000000000000000000000000000')",
        )
        .unwrap();
    }
    let odd = odd.display().to_string();
    let unknown = gatehouse(&t.db, &["import", "flask", "--from", &odd], None);
    assert_eq!(unknown.status.code(), Some(1));
    let err = String::from_utf8_lossy(&unknown.stderr);
    assert!(err.contains("--table"), "{err}");
    let columns = gatehouse(&t.db, &["import", "flask", "--from", &odd, "--table", "people"], None);
    let err = String::from_utf8_lossy(&columns.stderr);
    assert!(err.contains("mail_addr") && err.contains("--columns"), "{err}");
    let named = gatehouse_in(
        "es_ES.UTF-8",
        &t.db,
        &[
            "import",
            "flask",
            "--from",
            &odd,
            "--table",
            "people",
            "--columns",
            "mail_addr,secret",
        ],
        None,
    );
    assert!(named.status.success(), "{}", String::from_utf8_lossy(&named.stderr));
    let said = stdout(&named);
    assert!(
        said.contains("zoe@example.com") && said.contains("Por importar: 1;"),
        "{said}"
    );
    let wrong_shape = gatehouse(
        &t.db,
        &["import", "flask", "--from", &odd, "--columns", "mail_addr"],
        None,
    );
    assert_eq!(wrong_shape.status.code(), Some(1));
}
