//! A full disk at run time: writes get a 503 page, reads go on, /healthz says
//! 503, and everything works again once space returns. It needs a small
//! filesystem of its own, so it mounts a tmpfs: root only, run by .ci/run
//! with `cargo test -- --ignored`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::server::Server;

/// A 2 MiB tmpfs, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount() -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
            .arg(dir.path())
            .status()
            .expect("mount runs");
        assert!(status.success(), "mounting a tmpfs needs root");
        SmallDisk { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(self.dir.path()).status();
    }
}

/// Fills the disk with one file; returns it.
fn fill(disk: &Path) -> PathBuf {
    use std::io::Write;
    let filler = disk.join("filler");
    let mut file = std::fs::File::create(&filler).unwrap();
    let block = vec![0u8; 4096];
    while file.write_all(&block).is_ok() {}
    let _ = file.sync_all();
    filler
}

/// Status, cookies and body of a GET, or of a POST of `form`.
fn fetch(url: &str, cookies: &str, form: Option<&str>) -> (u16, Vec<String>, String) {
    let agent = ureq::AgentBuilder::new().redirects(0).build();
    let request = if form.is_some() {
        agent.post(url)
    } else {
        agent.get(url)
    };
    let (status, cookies, _, body) = crate::http::fetch(request, cookies, form);
    (status, cookies, body)
}

fn sign_in(base: &str) -> (u16, String) {
    let (_, cookies, html) = fetch(&format!("{base}login"), "", None);
    let jar = cookies.join("; ");
    let form = crate::helpers::encode(&[
        ("csrf_token", &crate::helpers::csrf_in(&html).unwrap()),
        ("email", "ann@example.com"),
        ("password", "a good password"),
    ]);
    let (status, _, body) = fetch(&format!("{base}login"), &jar, Some(&form));
    (status, body)
}

fn wait_for_health(base: &str, want: u16) -> bool {
    for _ in 0..40 {
        if fetch(&format!("{base}healthz"), "", None).0 == want {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    false
}

#[test]
#[ignore = "needs root to mount a small filesystem; .ci/run runs it"]
fn a_full_disk_answers_503_for_writes_and_recovers() {
    let disk = SmallDisk::mount();
    let db = disk.path().join("g.db");
    assert_eq!(crate::cli::create(&db, "ann@example.com", true).status.code(), Some(0));
    let server = Server::start(&db, &[]);
    assert_eq!(sign_in(&server.base).0, 303, "signing in works while there is space");
    // An empty write-ahead log, so that the next write needs new space.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(conn);

    let filler = fill(disk.path());
    let (status, page) = sign_in(&server.base);
    assert_eq!(status, 503, "{page}");
    assert!(
        page.contains("disk may be full"),
        "a page that says what happened: {page}"
    );
    assert_eq!(fetch(&format!("{}login", server.base), "", None).0, 200, "reads go on");
    assert!(wait_for_health(&server.base, 503), "/healthz reports it");

    std::fs::remove_file(filler).unwrap();
    assert!(wait_for_health(&server.base, 200), "/healthz recovers");
    assert_eq!(sign_in(&server.base).0, 303, "writes work again");
    drop(server);
    assert_eq!(crate::cli::gatehouse(&db, &["check"], None).status.code(), Some(0));
}
