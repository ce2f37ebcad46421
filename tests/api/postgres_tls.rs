//! TLS to PostgreSQL: `sslmode=require` encrypts every connection gatehouse
//! opens (the server's `pg_stat_ssl` says so), `disable` none. Needs a
//! server with TLS on, as Debian's clusters are (pg_virtualenv's too).

use crate::cli::create;
use crate::helpers::*;
use crate::server::Server;

/// Whether every connection named `gatehouse` to database `name` is encrypted.
fn gatehouse_connections_encrypted(name: &str) -> String {
    run_sql(
        &admin_url(name),
        "SELECT coalesce(bool_and(s.ssl), FALSE) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
         WHERE a.application_name = 'gatehouse'",
    )
    .remove(0)
    .remove(0)
}

#[test]
#[ignore = "needs PostgreSQL: tests/run.sh runs it"]
fn sslmode_require_encrypts_and_disable_does_not() {
    assert!(
        on_postgres(),
        "run with GATEHOUSE_TEST_ENGINE=postgres: bash tests/run.sh"
    );
    let dir = tempfile::tempdir().unwrap();
    for (mode, encrypted) in [("require", "t"), ("disable", "f")] {
        let db = fresh_database(dir.path());
        let url = db
            .to_str()
            .unwrap()
            .replace("sslmode=disable", &format!("sslmode={mode}"));
        let db = std::path::PathBuf::from(url);
        assert_eq!(create(&db, "ann@example.com", true).status.code(), Some(0), "{mode}");
        let name = database_name(&db);
        let server = Server::start(&db, &[]);
        assert_eq!(gatehouse_connections_encrypted(&name), encrypted, "sslmode={mode}");
        drop(server);
    }
}
