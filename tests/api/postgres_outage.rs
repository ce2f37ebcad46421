//! PostgreSQL going away and coming back while gatehouse serves: pages and
//! /healthz answer 503 in the layout while it is away, everything recovers
//! without a restart once it is back (the session too), and SIGTERM then
//! stops the server cleanly. It stops the test cluster, so it runs alone:
//! `tests/run.sh` runs it after the PostgreSQL suite.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::cli::create;
use crate::helpers::*;
use crate::server::{agent, fetch, Server};

/// `pg_ctlcluster VERSION NAME ACTION` for the cluster on `PGPORT`.
fn cluster(action: &str) {
    let port = std::env::var("PGPORT").expect("PGPORT from pg_virtualenv");
    let listed = Command::new("pg_lsclusters").arg("-h").output().expect("pg_lsclusters");
    let listed = String::from_utf8_lossy(&listed.stdout);
    let line = listed
        .lines()
        .find(|l| l.split_whitespace().nth(2) == Some(port.as_str()))
        .unwrap_or_else(|| panic!("no cluster on port {port}: {listed}"));
    let mut fields = line.split_whitespace();
    let (version, name) = (fields.next().unwrap(), fields.next().unwrap());
    let done = Command::new("pg_ctlcluster")
        .args([version, name, action, "--", "-m", "fast", "-w"])
        .status()
        .expect("pg_ctlcluster");
    assert!(done.success(), "pg_ctlcluster {version} {name} {action}");
}

fn get(server: &Server, path: &str, cookies: &str) -> (u16, String) {
    let (status, _, _, body) = fetch(
        agent().get(&format!("{}{}", server.base, path.trim_start_matches('/'))),
        cookies,
        None,
    );
    (status, body)
}

#[test]
#[ignore = "stops the PostgreSQL server: tests/run.sh runs it alone"]
fn postgresql_stopped_and_started_while_serving() {
    assert!(
        on_postgres(),
        "run with GATEHOUSE_TEST_ENGINE=postgres: bash tests/run.sh"
    );
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database(dir.path());
    assert_eq!(create(&db, "ann@example.com", true).status.code(), Some(0));
    let mut server = Server::start(&db, &[]);
    assert!(server
        .banner
        .iter()
        .any(|l| l.starts_with("Database: postgres://") && !l.contains("password")));

    // Sign in, with the password `cli::create` gives.
    let jar = crate::http::sign_in(&server.base, "ann@example.com", "a good password");
    assert_eq!(get(&server, "/users", &jar).0, 200);

    cluster("stop");
    let (health, _) = get(&server, "/healthz", "");
    assert_eq!(health, 503, "health says the database is away");
    let (status, page) = get(&server, "/users", &jar);
    assert_eq!(status, 503);
    assert!(
        page.contains("<html") && page.contains("Not available just now"),
        "{page}"
    );
    let (login, _) = get(&server, "/login", "");
    assert_eq!(login, 503, "the sign-in page needs the database too");

    cluster("start");
    let deadline = Instant::now() + Duration::from_secs(30);
    while get(&server, "/healthz", "").0 != 200 {
        assert!(Instant::now() < deadline, "gatehouse did not recover");
        std::thread::sleep(Duration::from_millis(200));
    }
    let (status, page) = get(&server, "/users", &jar);
    assert_eq!(status, 200, "the same session, without a restart: {page}");
    assert!(page.contains("ann@example.com"));

    let ended = server.stop();
    assert!(ended.success(), "SIGTERM ends the server cleanly: {ended:?}");
}
