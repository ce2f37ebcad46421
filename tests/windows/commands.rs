//! gatehouse.exe's command line: an administrator created with the password
//! typed in, a list, a backup and a check, on a database whose path has
//! spaces and accents (`C:\Users\José Núñez\…`), then served and signed in
//! to; and a computer set to Spanish, which gets every word in Spanish.

use crate::http::{agent, fetch, sign_in};
use crate::wine::{prefix, text, Server, PASSWORD};

#[test]
#[ignore = "needs gatehouse.exe and Wine: bash tests/windows.sh"]
fn the_command_line_works_on_a_folder_with_spaces_and_accents() {
    let wine = prefix();
    let folder = wine.c_drive().join("users/José Núñez/Mis documentos");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let db = r"C:\Users\José Núñez\Mis documentos\oficina.db";
    let copy = r"C:\Users\José Núñez\Mis documentos\copia de seguridad.db";

    let created = wine.run(
        wine.gatehouse(&[
            "--db",
            db,
            "user",
            "create",
            "--admin",
            "--email",
            "ana@example.com",
            "--name",
            "Ana Núñez",
            "--password-stdin",
        ]),
        Some(&format!("{PASSWORD}\n")),
    );
    let said = text(&created.stdout);
    assert_eq!(created.status.code(), Some(0), "{said}{}", text(&created.stderr));
    assert!(
        said.contains("Ana Núñez <ana@example.com>") && said.contains(db),
        "{said}"
    );
    assert!(folder.join("oficina.db").exists());

    let listed = wine.run(wine.gatehouse(&["--db", db, "user", "list"]), None);
    let said = text(&listed.stdout);
    assert_eq!(listed.status.code(), Some(0), "{said}");
    assert!(said.contains("Ana Núñez") && said.contains("ana@example.com"), "{said}");

    let backed_up = wine.run(wine.gatehouse(&["--db", db, "backup", copy]), None);
    let said = text(&backed_up.stdout);
    assert_eq!(backed_up.status.code(), Some(0), "{said}{}", text(&backed_up.stderr));
    assert!(said.contains(copy), "{said}");
    assert!(folder.join("copia de seguridad.db").exists());
    for database in [db, copy] {
        let checked = wine.run(wine.gatehouse(&["--db", database, "check"]), None);
        let said = text(&checked.stdout);
        assert_eq!(checked.status.code(), Some(0), "{said}{}", text(&checked.stderr));
        assert!(said.contains("is sound"), "{said}");
    }

    // Someone added after the backup is gone once it is restored.
    let added = wine.run(
        wine.gatehouse(&[
            "--db",
            db,
            "user",
            "invite",
            "--email",
            "bea@example.com",
            "--name",
            "Bea Peña",
        ]),
        None,
    );
    assert_eq!(added.status.code(), Some(0), "{}", text(&added.stderr));
    let restored = wine.run(wine.gatehouse(&["--db", db, "restore", copy]), None);
    let said = text(&restored.stdout);
    assert_eq!(restored.status.code(), Some(0), "{said}{}", text(&restored.stderr));
    assert!(said.contains(&format!("Restored {db}")), "{said}");
    let listed = wine.run(wine.gatehouse(&["--db", db, "user", "list"]), None);
    let said = text(&listed.stdout);
    assert!(said.contains("Ana Núñez") && !said.contains("Bea Peña"), "{said}");

    let server = Server::start(wine.gatehouse(&["--db", db, "serve", "--no-open", "--port", "0"]));
    assert!(
        server.banner.iter().any(|line| line == &format!("Database: {db}")),
        "{:?}",
        server.banner
    );
    let session = sign_in(&server.base, "ana@example.com", PASSWORD);
    let (status, _, _, html) = fetch(agent().get(&format!("{}users", server.base)), &session, None);
    assert_eq!(status, 200);
    assert!(html.contains("Ana Núñez"), "{html}");
}

/// Wine takes the Windows locale from the Linux locale variables.
#[test]
#[ignore = "needs gatehouse.exe and Wine: bash tests/windows.sh"]
fn a_computer_set_to_spanish_gets_spanish() {
    let wine = prefix();
    let dir = tempfile::tempdir().unwrap();
    let db = crate::wine::windows_path(&dir.path().join("oficina.db"));
    let in_spanish = |args: &[&str]| {
        let mut command = wine.gatehouse(args);
        command.env("LC_ALL", "es_ES.UTF-8");
        command
    };

    let listed = wine.run(in_spanish(&["--db", &db, "user", "list"]), None);
    let said = text(&listed.stdout);
    assert_eq!(listed.status.code(), Some(0), "{said}");
    assert!(said.contains("Todavía no hay usuarios"), "{said}");

    let mistyped = wine.run(in_spanish(&["--db", &db, "usr", "list"]), None);
    let said = text(&mistyped.stderr);
    assert_eq!(mistyped.status.code(), Some(2), "{said}");
    assert!(said.contains("no se reconoce el comando «usr»"), "{said}");

    let refused = wine.run(
        in_spanish(&[
            "--db",
            &db,
            "user",
            "set-password",
            "--email",
            "nadie@example.com",
            "--password-stdin",
        ]),
        Some(&format!("{PASSWORD}\n")),
    );
    let said = text(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{said}");
    assert!(
        said.starts_with("error: ningún usuario tiene el correo electrónico nadie@example.com"),
        "{said}"
    );

    let server = Server::start(in_spanish(&["--db", &db, "serve", "--no-open", "--port", "0"]));
    assert!(
        server.banner.iter().any(|line| line == &format!("Base de datos: {db}")),
        "{:?}",
        server.banner
    );
    assert!(
        server.banner.iter().any(|line| line.starts_with("Abra http")),
        "{:?}",
        server.banner
    );
    assert!(
        server
            .banner
            .iter()
            .any(|line| line.starts_with("Todavía no hay ninguna cuenta")),
        "{:?}",
        server.banner
    );
}
