//! People in and out as spreadsheets, through HTTP as a browser uploads and
//! downloads them: /users/import (a multipart upload, a preview that writes
//! nothing, a confirmation that writes every row or none) and
//! /users/export.csv; a corpus of the files offices make (semicolons, BOMs,
//! Windows-1252 accents, quotes and newlines in cells, duplicates, formula
//! cells), in both languages; and the same from the command line.

use rocket::http::{ContentType, Header, Status};

use crate::cli::{gatehouse, gatehouse_in};
use crate::helpers::*;

const BOUNDARY: &str = "gatehouse-test-boundary-7MA4YWxkTrZu0gW";

/// A multipart body with the CSRF token and one file.
fn multipart(token: &str, file_name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn form_data() -> ContentType {
    ContentType::new("multipart", "form-data").with_params(("boundary", BOUNDARY))
}

/// Uploads `bytes` from the import page, as a browser does.
fn upload(t: &TestApp, file_name: &str, bytes: &[u8]) -> (Status, String) {
    let token = t.csrf("/users/import");
    let response = t
        .client
        .post("/users/import")
        .header(form_data())
        .body(multipart(&token, file_name, bytes))
        .dispatch();
    (response.status(), response.into_string().unwrap_or_default())
}

/// The id a preview's confirmation form carries.
fn import_id(html: &str) -> Option<String> {
    html.split(r#"name="import" value=""#)
        .nth(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
}

fn confirm(t: &TestApp, id: &str) -> (Status, String) {
    let response = t.submit("/users/import", "/users/import/confirm", &[("import", id)]);
    (response.status(), response.into_string().unwrap_or_default())
}

/// An administrator signed in (Ada), a member (Max) in group Ventas.
fn office() -> TestApp {
    office_and_max().0
}

/// `office()`, and Max.
fn office_and_max() -> (TestApp, gatehouse::domain::User) {
    let t = TestApp::new();
    let admin = t.admin();
    let max = t.member();
    t.sign_in(&admin);
    let id = {
        let ventas = t.submit("/groups/new", "/groups", &[("name", "Ventas")]);
        assert_eq!(ventas.status(), Status::SeeOther);
        location(&ventas).rsplit('/').next().unwrap().to_owned()
    };
    t.submit(
        &format!("/groups/{id}"),
        &format!("/groups/{id}/members"),
        &[("email", "member@example.com")],
    );
    (t, max)
}

fn count(t: &TestApp, sql: &str) -> i64 {
    t.sql_count(sql)
}

#[test]
fn a_spanish_excel_file_is_previewed_then_applied_all_at_once() {
    let t = office();
    // Spanish Excel: semicolons, Windows-1252, CRLF, a Spanish header.
    let mut file = b"Nombre;Correo;Rol;Grupos;Idioma;Tel\xe9fono\r\n".to_vec();
    file.extend(b"Jos\xe9 N\xfa\xf1ez;jose@example.com;miembro;Ventas, Almac\xe9n;es;600 000 000\r\n");
    file.extend(b"\"Luc\xeda \"\"la jefa\"\" Ruiz\";lucia@example.com;administrador;;;\r\n");
    file.extend(b";MEMBER@example.com;admin;Ventas;;\r\n");
    file.extend(b"Ada Admin;admin@example.com;;;;\r\n");
    let users_before = count(&t, "SELECT count(*) FROM users");
    let (status, html) = upload(&t, "C:\\Users\\ada\\personal.csv", &file);
    assert_eq!(status, Status::Ok, "{html}");
    assert!(html.contains("personal.csv") && html.contains("Windows-1252"), "{html}");
    assert!(
        html.contains("José Núñez") && html.contains("Lucía &quot;la jefa&quot; Ruiz"),
        "{html}"
    );
    assert!(
        html.contains("2 new, 1 changed, 1 unchanged, 0 with a problem"),
        "{html}"
    );
    assert!(html.contains("These groups will be made: Almacén."), "{html}");
    assert!(html.contains("These columns are left aside: Teléfono."), "{html}");
    // The preview wrote nothing but the file kept for its confirmation.
    assert_eq!(count(&t, "SELECT count(*) FROM users"), users_before);
    assert_eq!(count(&t, "SELECT count(*) FROM user_groups"), 1);
    assert_eq!(count(&t, "SELECT count(*) FROM user_imports"), 1);

    let id = import_id(&html).expect("a confirmation form");
    let (status, done) = confirm(&t, &id);
    assert_eq!(status, Status::Ok, "{done}");
    assert!(done.contains("2 new, 1 changed, one group made"), "{done}");
    // No mail server: the invitations are shown once, to hand out.
    let links: Vec<&str> = done
        .split("/invite/")
        .skip(1)
        .map(|r| r.split('"').next().unwrap())
        .collect();
    assert_eq!(links.len(), 2, "{done}");
    assert_eq!(count(&t, "SELECT count(*) FROM users"), users_before + 2);
    assert_eq!(
        t.sql_one("SELECT name FROM users WHERE email = 'jose@example.com'"),
        "José Núñez"
    );
    assert_eq!(
        t.sql_one("SELECT language FROM users WHERE email = 'jose@example.com'"),
        "es"
    );
    assert_eq!(
        t.sql_one("SELECT role FROM users WHERE email = 'lucia@example.com'"),
        "admin"
    );
    assert_eq!(
        t.sql_one("SELECT role FROM users WHERE email = 'member@example.com'"),
        "admin"
    );
    assert_eq!(
        count(
            &t,
            "SELECT count(*) FROM group_members m JOIN users u ON u.id = m.user_id WHERE u.email = 'jose@example.com'"
        ),
        2
    );
    assert_eq!(
        count(&t, "SELECT count(*) FROM user_imports"),
        0,
        "forgotten once applied"
    );
    assert_eq!(
        count(&t, "SELECT count(*) FROM audit WHERE event = 'users_imported'"),
        1
    );
    // An invitation works; the same confirmation cannot be applied twice.
    let invited = t.another_browser();
    assert_eq!(invited.get(&format!("/invite/{}", links[0])).status(), Status::Ok);
    let (again, _) = confirm(&t, &id);
    assert_eq!(again, Status::Gone);
    // Only the newest file an administrator chose waits: the table stays small.
    let (_, first) = upload(
        &t,
        "one.csv",
        b"email,name
uno@example.com,Uno
",
    );
    let (_, second) = upload(
        &t,
        "two.csv",
        b"email,name
dos@example.com,Dos
",
    );
    assert_eq!(count(&t, "SELECT count(*) FROM user_imports"), 1);
    assert_eq!(confirm(&t, &import_id(&first).unwrap()).0, Status::Gone);
    assert_eq!(confirm(&t, &import_id(&second).unwrap()).0, Status::Ok);
    assert_eq!(count(&t, "SELECT count(*) FROM users"), users_before + 3);
}

#[test]
fn one_wrong_row_stops_every_row_and_says_why_in_the_readers_language() {
    let t = office();
    t.sql("UPDATE users SET language = 'es' WHERE email = 'admin@example.com'");
    let file = "name,email,role,language\n\
                Ana,ana@example.com,member,es\n\
                ,nadie@example.com,,\n\
                Bo,bo@example.com,jefe,\n\
                Cy,not-an-address,,\n\
                Di,di@example.com,,klingon\n\
                Ana Bis,ANA@example.com,,\n\
                Ada Admin,admin@example.com,member,\n";
    let (status, html) = upload(&t, "people.csv", file.as_bytes());
    assert_eq!(status, Status::Ok);
    assert!(
        html.contains("Nuevas: 0; con cambios: 0; sin cambios: 0; con algún problema: 7."),
        "{html}"
    );
    for message in [
        "Esta persona es nueva: escriba su nombre.",
        "Escriba el rol como administrador o miembro",
        "Escriba el idioma como en, es o auto",
        "Esta dirección está también en otra fila del archivo",
    ] {
        assert!(html.contains(message), "{message} in {html}");
    }
    assert!(html.contains("Rol: "), "the field is named: {html}");
    assert!(import_id(&html).is_none(), "no confirmation offered");
    assert!(
        html.contains("No se importará nada mientras 7 filas tengan algún problema"),
        "{html}"
    );
    // Even sent by hand, the confirmation writes nothing.
    let kept = t.sql_one("SELECT id FROM user_imports");
    let (status, again) = confirm(&t, &kept);
    assert_eq!(status, Status::Conflict, "{again}");
    assert_eq!(count(&t, "SELECT count(*) FROM users"), 2);
    assert_eq!(
        count(&t, "SELECT count(*) FROM audit WHERE event = 'users_imported'"),
        0
    );
}

#[test]
fn the_last_administrator_cannot_be_demoted_by_a_file_and_another_cannot_confirm_it() {
    let (t, max) = office_and_max();
    // Max becomes an admin, then a file would demote both.
    t.sql("UPDATE users SET role = 'admin' WHERE email = 'member@example.com'");
    let (_, html) = upload(
        &t,
        "demote.csv",
        b"email,role\nmember@example.com,member\nadmin@example.com,member\n",
    );
    assert!(html.contains("This is the last active administrator"), "{html}");
    assert!(html.contains("You cannot"), "Ada cannot demote herself: {html}");
    // A file someone else uploaded cannot be confirmed by another administrator.
    let (_, html) = upload(&t, "fine.csv", b"email,name\nnew@example.com,New\n");
    let id = import_id(&html).unwrap();
    let other = t.another_browser();
    other.sign_in(&max);
    let response = other.submit("/users", "/users/import/confirm", &[("import", &id)]);
    assert_eq!(response.status(), Status::Gone);
    assert_eq!(
        count(&t, "SELECT count(*) FROM users WHERE email = 'new@example.com'"),
        0
    );
}

#[test]
fn a_changed_directory_since_the_preview_stops_the_confirmation() {
    let t = office();
    t.create_user("zoe@example.com", "Zoe", gatehouse::domain::Role::Member);
    // Zoe is there (her empty name cell changes nothing), Yan is new.
    let (_, html) = upload(
        &t,
        "two.csv",
        b"email,name
zoe@example.com,
yan@example.com,Yan
",
    );
    assert!(
        html.contains("1 new, 0 changed, 1 unchanged, 0 with a problem"),
        "{html}"
    );
    let id = import_id(&html).unwrap();
    // Meanwhile Zoe is deleted: her row would now make someone without a name.
    t.sql("DELETE FROM users WHERE email = 'zoe@example.com'");
    let (status, html) = confirm(&t, &id);
    assert_eq!(status, Status::Conflict, "{html}");
    assert!(html.contains("The directory has changed since this preview"), "{html}");
    assert!(html.contains("This person is new: write their name."), "{html}");
    assert_eq!(
        count(&t, "SELECT count(*) FROM users WHERE email = 'yan@example.com'"),
        0
    );
}

#[test]
fn files_that_are_not_people_are_refused_plainly_and_nothing_is_kept() {
    let (t, max) = office_and_max();
    let big = vec![b'a'; 1024 * 1024 + 10];
    let (status, html) = upload(&t, "big.csv", &big);
    assert_eq!(status, Status::PayloadTooLarge);
    assert!(html.contains("larger than 1 MB"), "{html}");
    let many = format!(
        "email\n{}",
        (0..5001).map(|i| format!("p{i}@example.com\n")).collect::<String>()
    );
    let (status, html) = upload(&t, "many.csv", many.as_bytes());
    assert_eq!(status, Status::PayloadTooLarge);
    assert!(html.contains("more than 5000 people"), "{html}");
    let (status, html) = upload(&t, "book.xlsx", b"PK\x03\x04\x14\x00\x06\x00 workbook");
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(html.contains("CSV UTF-8"), "{html}");
    let (status, html) = upload(&t, "names.csv", b"name,role\nAna,admin\n");
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(html.contains("must be “email”"), "{html}");
    let (status, html) = upload(&t, "broken.csv", b"email,name\na@example.com,\"Ana\n");
    assert_eq!(status, Status::UnprocessableEntity, "{html}");
    let (status, html) = upload(&t, "empty.csv", b"");
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(html.contains("Choose a CSV file first"), "{html}");
    assert_eq!(count(&t, "SELECT count(*) FROM user_imports"), 0);

    // Without the form's token: 403, nothing kept; a member: 403.
    let response = t
        .client
        .post("/users/import")
        .header(form_data())
        .body(multipart("0000", "x.csv", b"email\na@example.com\n"))
        .dispatch();
    assert_eq!(response.status(), Status::Forbidden);
    let from_elsewhere = t
        .client
        .post("/users/import")
        .header(form_data())
        .header(Header::new("Sec-Fetch-Site", "cross-site"))
        .body(multipart(&t.csrf("/users/import"), "x.csv", b"email\na@example.com\n"))
        .dispatch();
    assert_eq!(from_elsewhere.status(), Status::Forbidden);
    assert_eq!(count(&t, "SELECT count(*) FROM user_imports"), 0);
    let member = t.another_browser();
    member.sign_in(&max);
    assert_eq!(member.get("/users/import").status(), Status::Forbidden);
    assert_eq!(member.get("/users/export.csv").status(), Status::Forbidden);
    // The server goes on serving.
    assert_eq!(t.get("/users/import").status(), Status::Ok);
}

#[test]
fn the_export_opens_right_in_a_spreadsheet_runs_no_formula_and_comes_back_unchanged() {
    let t = office();
    t.sql("UPDATE users SET name = '=HYPERLINK(\"http://evil.example\",\"click\")' WHERE email = 'member@example.com'");
    t.submit("/groups/new", "/groups", &[("name", "I+D, Madrid")]);
    t.sql("INSERT INTO group_members (group_id, user_id) SELECT g.id, u.id FROM user_groups g, users u WHERE g.name = 'I+D, Madrid' AND u.email = 'member@example.com'");
    let response = t.get("/users/export.csv");
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(
        response.content_type().map(|c| c.to_string()).as_deref(),
        Some("text/csv; charset=utf-8")
    );
    assert_eq!(response.headers().get_one("Cache-Control"), Some("no-store"));
    let disposition = response.headers().get_one("Content-Disposition").unwrap().to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"gatehouse-people-"),
        "{disposition}"
    );
    let bytes = response.into_bytes().unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("name,email,role,groups,active,two_step,created,last_sign_in")
    );
    assert!(text.contains("Ada Admin,admin@example.com,admin,,yes,no,"), "{text}");
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",member@example.com"),
        "{text}"
    );
    assert!(text.contains("\"I+D\\, Madrid, Ventas\""), "{text}");
    assert!(!text.contains("$2b$"), "no hashes");
    assert_eq!(
        count(&t, "SELECT count(*) FROM audit WHERE event = 'users_exported'"),
        1
    );
    // The same file back: nothing to change.
    let (_, html) = upload(
        &t,
        "export.csv",
        &[b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    );
    assert!(
        html.contains("0 new, 0 changed, 2 unchanged, 0 with a problem"),
        "{html}"
    );
    assert!(html.contains("there is nothing to import"), "{html}");
}

#[test]
fn the_command_line_imports_and_exports_the_same_way() {
    let t = office();
    let file = t.dir.path().join("gente.csv");
    std::fs::write(
        &file,
        "nombre;correo;grupos\nEva;eva@example.com;Ventas\nFede;no-es-correo;\n",
    )
    .unwrap();
    let path = file.display().to_string();
    let dry = gatehouse_in("es_ES.UTF-8", &t.db, &["user", "import", &path], None);
    assert!(dry.status.success());
    let said = String::from_utf8_lossy(&dry.stdout);
    assert!(
        said.contains("línea 2: nueva") && said.contains("línea 3: problema"),
        "{said}"
    );
    assert!(said.contains("Una fila tiene algún problema"), "{said}");
    let refused = gatehouse(&t.db, &["user", "import", &path, "--apply"], None);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).starts_with("error: one row has a problem"));
    assert_eq!(
        count(&t, "SELECT count(*) FROM users WHERE email = 'eva@example.com'"),
        0
    );
    std::fs::write(&file, "nombre;correo;grupos\nEva;eva@example.com;Ventas\n").unwrap();
    let applied = gatehouse(&t.db, &["user", "import", &path, "--apply"], None);
    assert!(applied.status.success(), "{}", String::from_utf8_lossy(&applied.stderr));
    let said = String::from_utf8_lossy(&applied.stdout);
    assert!(said.contains("/invite/") && said.contains("1 new"), "{said}");
    let out = t.dir.path().join("out.csv");
    let exported = gatehouse(&t.db, &["user", "export", "--output", &out.display().to_string()], None);
    assert!(exported.status.success());
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("\u{feff}name,email,role,groups"), "{text}");
    assert!(text.contains("Eva,eva@example.com,member,Ventas,yes,no,"), "{text}");
    let piped = gatehouse(&t.db, &["user", "export"], None);
    assert_eq!(
        piped.stdout,
        std::fs::read(&out).unwrap(),
        "the same bytes on standard output"
    );
}

#[test]
fn with_mail_set_up_the_new_people_are_mailed_their_invitations_in_their_language() {
    let server = crate::smtp::SmtpServer::start("accept");
    let t = TestApp::with_figment(server.settings(test_figment(), 5));
    let admin = t.admin();
    t.sign_in(&admin);
    let (_, html) = upload(
        &t,
        "new.csv",
        "name,email,language\nIvy New,ivy@example.com,\nÍñigo Nuevo,inigo@example.com,es\n".as_bytes(),
    );
    let id = import_id(&html).unwrap();
    let (status, done) = confirm(&t, &id);
    assert_eq!(status, Status::Ok);
    assert_eq!(done.matches("invitation mailed").count(), 2, "{done}");
    assert!(!done.contains("/invite/"), "mailed links are not shown: {done}");
    let messages = server.wait_for(2);
    let to_inigo = messages.iter().find(|m| m.contains("inigo@example.com")).unwrap();
    assert!(
        to_inigo.contains("de Ada Admin para usar gatehouse"),
        "in Spanish: {to_inigo}"
    );
    let to_ivy = messages.iter().find(|m| m.contains("ivy@example.com")).unwrap();
    assert!(
        !to_ivy.contains("para usar gatehouse"),
        "in the administrator's language: {to_ivy}"
    );
    let path = crate::smtp::link_path(to_inigo).expect("a link");
    assert_eq!(t.another_browser().get(&path).status(), Status::Ok);
}

#[test]
fn a_cell_that_holds_the_delimiter_without_quotes_is_a_problem_not_a_guess() {
    let t = office();
    let (_, html) = upload(
        &t,
        "shifted.csv",
        "correo;nombre\nana@example.com;García; Ana\n".as_bytes(),
    );
    assert!(html.contains("needs quotes around it"), "{html}");
    assert!(import_id(&html).is_none());
}
