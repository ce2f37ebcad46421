//! `backup`, `restore` and the snapshot before a migration, through the real
//! binary and a real server.

use std::path::Path;

use crate::cli::{create, gatehouse};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn emails(db: &Path) -> Vec<String> {
    let out = gatehouse(db, &["user", "list", "--json"], None);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_backup_taken_while_serving_is_complete_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    assert_eq!(create(&db, "ann@example.com", true).status.code(), Some(0));
    let _server = crate::server::Server::start(&db, &[]);
    assert_eq!(
        create(&db, "bo@example.com", false).status.code(),
        Some(0),
        "the CLI writes while serving"
    );

    let dest = dir.path().join("copy.db");
    let out = gatehouse(&db, &["backup", dest.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Backed up"));
    let check = gatehouse(&dest, &["check"], None);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert_eq!(emails(&dest), ["ann@example.com", "bo@example.com"]);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn an_unwritable_destination_is_a_clear_error_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    assert_eq!(create(&db, "ann@example.com", true).status.code(), Some(0));
    let mut cases = vec![
        (dir.path().join("missing").join("copy.db"), "does not exist"),
        (dir.path().to_owned(), "is a folder"),
    ];
    if cfg!(target_os = "linux") {
        cases.push((Path::new("/dev/full").to_owned(), "not a regular file"));
    }
    for (dest, message) in cases {
        let out = gatehouse(&db, &["backup", dest.to_str().unwrap()], None);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{dest:?}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains(message) && err.lines().count() == 1,
            "{err}"
        );
    }
    let backup_of_nothing = gatehouse(&dir.path().join("none.db"), &["backup", "x.db"], None);
    assert_eq!(backup_of_nothing.status.code(), Some(1));
}

#[test]
fn restore_is_refused_while_serving_and_keeps_the_replaced_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    let saved = dir.path().join("saved.db");
    assert_eq!(create(&db, "ann@example.com", true).status.code(), Some(0));
    assert_eq!(
        gatehouse(&db, &["backup", saved.to_str().unwrap()], None).status.code(),
        Some(0)
    );
    assert_eq!(create(&db, "later@example.com", false).status.code(), Some(0));

    {
        let _server = crate::server::Server::start(&db, &[]);
        let out = gatehouse(&db, &["restore", saved.to_str().unwrap()], None);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out.stderr).contains("a gatehouse server is using"),
            "{}",
            text(&out.stderr)
        );
    }
    assert_eq!(emails(&db).len(), 2, "nothing changed while serving");

    let out = gatehouse(&db, &["restore", saved.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("Restored") && said.contains("before-restore"), "{said}");
    assert_eq!(emails(&db), ["ann@example.com"]);
    assert_eq!(gatehouse(&db, &["check"], None).status.code(), Some(0));
    let kept = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.to_string_lossy().contains("before-restore"))
        .expect("the replaced database is kept");
    assert_eq!(emails(&kept).len(), 2);
}

#[test]
fn a_bad_backup_is_not_restored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    assert_eq!(create(&db, "ann@example.com", true).status.code(), Some(0));
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![1u8; 8192]).unwrap();
    let empty = dir.path().join("empty.db");
    rusqlite::Connection::open(&empty)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    for (src, message) in [
        (junk, "not a gatehouse database"),
        (empty, "not a gatehouse database"),
        (dir.path().join("none.db"), "no database file"),
    ] {
        let out = gatehouse(&db, &["restore", src.to_str().unwrap()], None);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(message) && err.lines().count() == 1, "{err}");
    }
    assert_eq!(emails(&db), ["ann@example.com"]);
}

#[test]
fn a_snapshot_is_kept_before_a_migration() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    assert_eq!(create(&db, "ann@example.com", true).status.code(), Some(0));
    // Make it look like a version-1 database.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TABLE webauthn_ceremonies; DROP TABLE passkeys;
         DROP TABLE user_imports; ALTER TABLE users DROP COLUMN last_sign_in_at;
         DROP TABLE oidc_consents; DROP TABLE oidc_tokens; DROP TABLE oidc_codes; DROP TABLE oidc_grants;
         DROP TABLE oidc_keys; DROP TRIGGER users_subject_given; DROP INDEX users_subject;
         ALTER TABLE users DROP COLUMN subject; ALTER TABLE sessions DROP COLUMN amr;
         DROP TABLE app_groups; DROP TABLE apps; DROP TABLE group_members; DROP TABLE user_groups;
         DROP TRIGGER users_generation_in; DROP TRIGGER users_generation_out; DROP TRIGGER users_generation_changed;
         DROP TRIGGER users_counted_in; DROP TRIGGER users_counted_out; DROP TABLE counts;
         DROP TRIGGER users_search_in; DROP TRIGGER users_search_out; DROP TRIGGER users_search_changed;
         DROP TABLE users_search; DROP TABLE audit; DROP TABLE sign_in_failures;
         DROP TABLE links; DROP TABLE recovery_codes; DROP TABLE pending_sign_ins;
         ALTER TABLE users DROP COLUMN language; ALTER TABLE users DROP COLUMN totp_secret;
         ALTER TABLE users DROP COLUMN totp_pending; ALTER TABLE users DROP COLUMN totp_last_step;
         DROP INDEX users_by_sort_key; ALTER TABLE users DROP COLUMN sort_key;
         CREATE INDEX users_by_name ON users (name COLLATE NOCASE, id);
         PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(conn);
    let upgraded = gatehouse::store::sqlite::SqliteStore::open(&db, false).unwrap();
    assert_eq!(
        gatehouse::store::sqlite::migrate::schema_version(&upgraded.conn().unwrap()).unwrap(),
        gatehouse::store::sqlite::migrate::known_version()
    );
    drop(upgraded);
    let snapshot = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("old.db.v1-"))
        .expect("a snapshot of the version-1 file");
    let conn = rusqlite::Connection::open(&snapshot).unwrap();
    assert_eq!(gatehouse::store::sqlite::migrate::schema_version(&conn).unwrap(), 1);
    let users: i64 = conn.query_row("SELECT count(*) FROM users", [], |r| r.get(0)).unwrap();
    assert_eq!(users, 1);
}

#[cfg(unix)]
#[test]
fn copies_are_private_and_the_database_cannot_be_its_own_backup() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    assert_eq!(create(&db, "ann@example.com", true).status.code(), Some(0));
    let dest = dir.path().join("copy.db");
    assert_eq!(
        gatehouse(&db, &["backup", dest.to_str().unwrap()], None).status.code(),
        Some(0)
    );
    assert_eq!(std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777, 0o600);
    let onto_itself = gatehouse(&db, &["backup", db.to_str().unwrap()], None);
    assert_eq!(onto_itself.status.code(), Some(1));
    assert!(text(&onto_itself.stderr).contains("is the database itself"));
    assert_eq!(emails(&db), ["ann@example.com"]);
}
