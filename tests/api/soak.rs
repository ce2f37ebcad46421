//! A soak run on the real binary: concurrent clients mix reads (the
//! directory, searches, pages, health) and writes (new users, renames) for a
//! set time; it counts the answers by class, requires no 5xx, and reports the
//! server's memory. A short run is part of .ci/run; for a long one:
//! `SOAK_SECONDS=600 cargo test --release --test api soak -- --ignored --nocapture`

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::server::{fetch, Server};

/// The resident memory of a process, in KiB (Linux only).
fn resident_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
#[ignore = "runs for a while; .ci/run runs a short version"]
fn a_mixed_load_gets_no_5xx() {
    let seconds: u64 = std::env::var("SOAK_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("soak.db");
    assert_eq!(crate::cli::create(&db, "ann@example.com", true).status.code(), Some(0));
    let server = Server::start(&db, &[]);
    let idle_kib = resident_kib(server.pid());
    let (session, token) = crate::crash::admin_session(&server.base);

    let counts: Arc<[AtomicU64; 6]> = Arc::new(Default::default());
    let peak_kib = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let clients: Vec<_> = (0..8)
        .map(|client| {
            let (base, session, token, counts) = (server.base.clone(), session.clone(), token.clone(), counts.clone());
            std::thread::spawn(move || {
                let agent = ureq::AgentBuilder::new()
                    .redirects(0)
                    .timeout(Duration::from_secs(10))
                    .build();
                let mut n = 0u64;
                while Instant::now() < deadline {
                    n += 1;
                    let (status, _, _, _) = match n % 10 {
                        0 => {
                            let form = crate::helpers::encode(&[
                                ("csrf_token", &token),
                                ("name", &format!("Soak {client} {n}")),
                                ("email", &format!("soak-{client}-{n}@example.com")),
                                ("password", "soak test password"),
                                ("role", "member"),
                            ]);
                            fetch(agent.post(&format!("{base}users")), &session, Some(&form))
                        }
                        1 => {
                            let form = crate::helpers::encode(&[("csrf_token", &token), ("name", &format!("Ann {n}"))]);
                            fetch(agent.post(&format!("{base}account")), &session, Some(&form))
                        }
                        2 => fetch(agent.get(&format!("{base}users?q=soak-{client}")), &session, None),
                        3 => fetch(agent.get(&format!("{base}users?page=2")), &session, None),
                        4 => fetch(agent.get(&format!("{base}healthz")), "", None),
                        5 => fetch(agent.get(&format!("{base}login")), "", None),
                        6 => fetch(agent.get(&format!("{base}assets/app.css")), "", None),
                        _ => fetch(agent.get(&format!("{base}users")), &session, None),
                    };
                    let class = usize::from(status / 100).min(5);
                    counts[class].fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    while Instant::now() < deadline {
        if let Some(kib) = resident_kib(server.pid()) {
            peak_kib.fetch_max(kib, Ordering::Relaxed);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    clients.into_iter().for_each(|c| c.join().unwrap());
    let count = |class: usize| counts[class].load(Ordering::Relaxed);
    let total: u64 = (0..6).map(count).sum();
    println!(
        "soak: {seconds} s, 8 clients, {total} requests ({:.0}/s): 2xx {}, 3xx {}, 4xx {}, 5xx {}; memory idle {} KiB, peak {} KiB",
        total as f64 / seconds as f64,
        count(2),
        count(3),
        count(4),
        count(5),
        idle_kib.map_or("?".into(), |k| k.to_string()),
        peak_kib.load(Ordering::Relaxed),
    );
    assert_eq!(count(5), 0, "no 5xx");
    assert_eq!(count(4), 0, "no request in the mix should be refused");
    assert!(total > 0);
    drop(server);
    assert_eq!(crate::cli::gatehouse(&db, &["check"], None).status.code(), Some(0));
}
