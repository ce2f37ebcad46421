//! Crash safety, shown on the real binary: while clients add users, the
//! server is killed with SIGKILL, many times; after each restart every user
//! whose creation was answered with success must be there, and `check` must
//! pass. A short run is part of .ci/run; for a long one:
//! `CRASH_TRIALS=200 cargo test --release --test api crash -- --ignored --nocapture`
//! (under `--release` the server is the release binary).

use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::server::{fetch, Server};

/// Signs in as the admin; the session cookie and the form token.
pub fn admin_session(base: &str) -> (String, String) {
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let (_, cookies, _, html) = fetch(agent.get(&format!("{base}login")), "", None);
    let form = crate::helpers::encode(&[
        ("csrf_token", &crate::helpers::csrf_in(&html).unwrap()),
        ("email", "ann@example.com"),
        ("password", "a good password"),
    ]);
    let (status, cookies, _, _) = fetch(agent.post(&format!("{base}login")), &cookies.join("; "), Some(&form));
    assert_eq!(status, 303);
    let session = cookies
        .into_iter()
        .find(|c| c.starts_with("gatehouse_session="))
        .unwrap();
    let (_, _, _, html) = fetch(agent.get(&format!("{base}users/new")), &session, None);
    (session, crate::helpers::csrf_in(&html).unwrap())
}

fn emails_in(db: &Path) -> HashSet<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT email FROM users").unwrap();
    let emails = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    emails
}

#[test]
#[ignore = "kills the server many times; .ci/run runs a short version"]
fn acknowledged_writes_survive_sigkill() {
    let trials: usize = std::env::var("CRASH_TRIALS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(10);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    assert_eq!(crate::cli::create(&db, "ann@example.com", true).status.code(), Some(0));
    let acknowledged = Arc::new(Mutex::new(HashSet::new()));
    let mut answered = 0usize;
    for trial in 0..trials {
        let mut server = Server::start(&db, &[]);
        let (session, token) = admin_session(&server.base);
        let stop = Arc::new(AtomicBool::new(false));
        let writers: Vec<_> = (0..4)
            .map(|writer| {
                let (base, session, token) = (server.base.clone(), session.clone(), token.clone());
                let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
                std::thread::spawn(move || {
                    let agent = ureq::AgentBuilder::new()
                        .redirects(0)
                        .timeout(Duration::from_secs(5))
                        .build();
                    let (mut sent, mut answered) = (0usize, 0usize);
                    while !stop.load(Ordering::Relaxed) {
                        let email = format!("t{trial}-w{writer}-{sent}@example.com");
                        sent += 1;
                        let form = crate::helpers::encode(&[
                            ("csrf_token", &token),
                            ("name", "Crash Test"),
                            ("email", &email),
                            ("password", "crash test password"),
                            ("role", "member"),
                        ]);
                        let request = agent
                            .post(&format!("{base}users"))
                            .set("Cookie", &session)
                            .set("Content-Type", "application/x-www-form-urlencoded");
                        match request.send_string(&form) {
                            Ok(r) if r.status() == 303 => {
                                answered += 1;
                                acknowledged.lock().unwrap().insert(email);
                            }
                            Ok(_) | Err(ureq::Error::Status(..)) => answered += 1,
                            // Refused or cut off by the kill: no answer, no promise.
                            Err(_) => {}
                        }
                    }
                    answered
                })
            })
            .collect();
        // Let the writers run a random-ish while, then pull the plug.
        std::thread::sleep(Duration::from_millis(150 + (trial as u64 * 37) % 300));
        server.kill_hard();
        stop.store(true, Ordering::Relaxed);
        answered += writers.into_iter().map(|w| w.join().unwrap()).sum::<usize>();

        let check = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
            .env("LANGUAGE", "en")
            .arg("--db")
            .arg(&db)
            .arg("check")
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(check.success(), "trial {trial}: check failed after SIGKILL");
        let present = emails_in(&db);
        let missing: Vec<_> = acknowledged.lock().unwrap().difference(&present).cloned().collect();
        assert!(missing.is_empty(), "trial {trial}: acknowledged but lost: {missing:?}");
    }
    let acknowledged = acknowledged.lock().unwrap().len();
    let present = emails_in(&db).len() - 1;
    println!(
        "crash test: {trials} trials, {answered} writes answered, {acknowledged} acknowledged, {present} found, 0 lost"
    );
    assert!(acknowledged > 0, "the writers got through");
}
