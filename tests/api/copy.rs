//! `gatehouse copy --to TARGET`: a whole database into an empty one, SQLite
//! to PostgreSQL and back when the harness runs on PostgreSQL (SQLite to
//! SQLite otherwise), with the counts printed and checked; the copy is a
//! database people go on using as before: same passwords, same sessions,
//! same cookie key, same security log, same throttle.

use rocket::http::{Cookie, Status};

use crate::cli::{create, gatehouse};
use crate::helpers::*;
use crate::server::Server;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Fills `db` through the app: an admin who signs in (a session, audit
/// rows, the cookie key), a member in a group with a passkey, two failed
/// sign-ins. Gives the admin's raw session cookie.
fn fill(db: &std::path::Path) -> String {
    let app = TestApp::on_database(db.to_owned());
    let admin = app.admin();
    app.member();
    let out = gatehouse(db, &["group", "create", "--name", "Contabilidad"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = gatehouse(
        db,
        &[
            "user",
            "groups",
            "--email",
            "member@example.com",
            "--set",
            "Contabilidad",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    app.sql(
        "INSERT INTO passkeys (user_id, credential_id, name, credential, created_at)
         SELECT id, 'a-credential-id', 'phone', '{}', 0 FROM users WHERE email = 'member@example.com'",
    );
    assert_eq!(
        app.sign_in_with("member@example.com", "wrong password", false).status(),
        Status::UnprocessableEntity
    );
    assert_eq!(
        app.sign_in_with("member@example.com", "wrong again", false).status(),
        Status::UnprocessableEntity
    );
    app.sign_in(&admin);
    app.cookie("gatehouse_session").expect("a session cookie")
}

/// Copies `from` into `to` with the binary, checks what it says, and that
/// the copy serves the same session and the same people.
fn copy_and_use(from: &std::path::Path, to: &std::path::Path, cookie: &str) {
    let out = gatehouse(from, &["copy", "--to", to.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    for line in [
        "2 users",
        "1 sessions",
        "2 failed sign-ins",
        "1 groups",
        "1 group memberships",
        "1 passkeys",
        "security log entries",
        "settings",
    ] {
        assert!(said.contains(line), "{line}: {said}");
    }
    assert!(!said.contains("password"), "no secret is printed: {said}");

    let copy = TestApp::on_database(to.to_owned());
    // The same cookie key and the same session: still signed in.
    let page = copy
        .client
        .get("/users")
        .cookie(Cookie::new("gatehouse_session", cookie.to_owned()))
        .dispatch();
    assert_eq!(page.status(), Status::Ok);
    let html = page.into_string().unwrap();
    assert!(html.contains("member@example.com"));
    assert!(
        html.contains(r#"Max Member<br><span class="muted">Contabilidad</span>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<span class="badge">passkey</span>"#),
        "the passkey came along: {html}"
    );
    // The same password, and new rows get new ids.
    assert_eq!(
        copy.sign_in_with("admin@example.com", PASSWORD, false).status(),
        Status::SeeOther
    );
    copy.create_user("new@example.com", "New Person", gatehouse::domain::Role::Member);
    assert_eq!(copy.sql_count("SELECT count(*) FROM users"), 3);
    let check = gatehouse(to, &["check"], None);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
}

#[test]
fn a_copy_is_the_same_database_on_either_engine() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("office.db");
    let cookie = fill(&file);
    if on_postgres() {
        // SQLite to PostgreSQL to grow, and back for a portable copy.
        copy_and_use(&file, &fresh_database(dir.path()), &cookie);
        let source = fresh_database(dir.path());
        let cookie = fill(&source);
        copy_and_use(&source, &dir.path().join("portable.db"), &cookie);
    } else {
        copy_and_use(&file, &dir.path().join("copy.db"), &cookie);
    }
}

#[test]
fn copy_refuses_a_target_that_is_not_empty_and_leaves_it_alone() {
    let dir = tempfile::tempdir().unwrap();
    let from = dir.path().join("from.db");
    assert_eq!(create(&from, "ann@example.com", true).status.code(), Some(0));
    let to = fresh_database_named(dir.path(), "to.db");
    assert_eq!(create(&to, "bo@example.com", true).status.code(), Some(0));
    let out = gatehouse(&from, &["copy", "--to", to.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.starts_with("error: ") && err.lines().count() == 1, "{err}");
    assert!(err.contains("not empty") || err.contains("exists"), "{err}");
    assert_eq!(run_sql(&to, "SELECT email FROM users"), [["bo@example.com"]]);
}

#[test]
fn copy_refuses_while_a_server_uses_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let from = fresh_database_named(dir.path(), "from.db");
    assert_eq!(create(&from, "ann@example.com", true).status.code(), Some(0));
    let to = dir.path().join("to.db");
    let server = Server::start(&from, &[]);
    let out = gatehouse(&from, &["copy", "--to", to.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("server is using") && err.lines().count() == 1, "{err}");
    assert!(!to.exists(), "nothing was made");
    drop(server);
    let out = gatehouse(&from, &["copy", "--to", to.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// What `copy` and `check` believe the tables are (store/tables.rs) is the
/// live schema, table by table and column by column, on this engine: a
/// column a migration adds and tables.rs misses would be left behind by
/// `copy`, and one tables.rs names that no migration made would stop it.
#[test]
fn the_tables_copy_knows_are_the_live_schema() {
    let dir = tempfile::tempdir().unwrap();
    let db = fresh_database(dir.path());
    drop(open_store(&db));
    let rows = if on_postgres() {
        run_sql(
            &db,
            "SELECT table_name, column_name FROM information_schema.columns
             WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
        )
    } else {
        run_sql(
            &db,
            "SELECT m.name, p.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid",
        )
    };
    // Kept by the engine as rows are written, or gatehouse's own record of
    // its migrations: not data to copy.
    let kept_by_the_engine =
        |table: &str| matches!(table, "counts" | "gatehouse_schema") || table.starts_with("users_search");
    let mut live: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for row in rows.iter().filter(|row| !kept_by_the_engine(&row[0])) {
        live.entry(row[0].clone()).or_default().push(row[1].clone());
    }
    let believed: std::collections::BTreeMap<String, Vec<String>> = gatehouse::store::sql::TABLES
        .iter()
        .map(|table| {
            let columns = table.columns.iter().map(|(name, _)| name.to_string()).collect();
            (table.name.to_owned(), columns)
        })
        .collect();
    assert_eq!(live, believed);
}
