//! Groups, through the pages an administrator uses and the command line:
//! created, renamed, people added and taken out, shown and filtered in the
//! directory, set on a person's edit page, deleted; every change in the
//! security log; members and visitors kept out.

use gatehouse::domain::Role;
use rocket::http::Status;

use crate::cli::gatehouse;
use crate::helpers::*;

/// Creates a group through the form; its page's path.
fn create_group(app: &TestApp, name: &str) -> String {
    let response = app.submit("/groups/new", "/groups", &[("name", name)]);
    assert_eq!(response.status(), Status::SeeOther, "{name}");
    location(&response)
}

fn id_of(group_page: &str) -> &str {
    &group_page["/groups/".len()..]
}

#[test]
fn an_administrator_manages_groups_and_their_people() {
    let app = TestApp::new();
    let admin = app.admin();
    let bo = app.create_user("bo@example.com", "Bo Ibáñez", Role::Member);
    app.create_user("cy@example.com", "Cy Member", Role::Member);
    app.sign_in(&admin);

    let page = create_group(&app, "  Contabilidad ");
    let html = app.get(&page).into_string().unwrap();
    assert!(html.contains("<h1>Contabilidad</h1>"), "{html}");
    assert!(html.contains("Group “Contabilidad” created."), "the notice: {html}");

    // The same name in other capitals is taken; an empty or long one is refused.
    for (name, message) in [
        ("CONTABILIDAD", "There is a group with this name already"),
        ("   ", "Enter a name for the group."),
        (&"x".repeat(65), "at most 64 characters"),
    ] {
        let response = app.submit("/groups/new", "/groups", &[("name", name)]);
        assert_eq!(response.status(), Status::UnprocessableEntity, "{name}");
        assert!(response.into_string().unwrap().contains(message), "{name}");
    }
    assert_eq!(app.sql_one("SELECT count(*) FROM user_groups"), "1");

    // People are added by email; an unknown email is said, nothing added.
    let members = format!("{page}/members");
    let response = app.submit(&page, &members, &[("email", "nobody@example.com")]);
    assert_eq!(response.status(), Status::UnprocessableEntity);
    assert!(response
        .into_string()
        .unwrap()
        .contains("No one in gatehouse has this email address"));
    let response = app.submit(&page, &members, &[("email", " BO@example.com ")]);
    assert_eq!(location(&response), page);
    drop(response);
    // Twice is once.
    app.submit(&page, &members, &[("email", "bo@example.com")]);
    assert_eq!(app.sql_one("SELECT count(*) FROM group_members"), "1");
    let html = app.get(&page).into_string().unwrap();
    assert!(html.contains("Bo Ibáñez") && !html.contains("Cy Member"), "{html}");

    // The directory shows each person's groups, and filters by one.
    let html = app.get("/users").into_string().unwrap();
    assert!(
        html.contains(r#"Bo Ibáñez<br><span class="muted">Contabilidad</span>"#),
        "{html}"
    );
    let html = app
        .get(&format!("/users?group={}", id_of(&page)))
        .into_string()
        .unwrap();
    assert!(html.contains("People in the group “Contabilidad”"), "{html}");
    assert!(
        html.contains("bo@example.com") && !html.contains("cy@example.com"),
        "{html}"
    );
    let searched = app
        .get(&format!("/users?group={}&q=IBA%C3%91", id_of(&page)))
        .into_string()
        .unwrap();
    assert!(
        searched.contains("bo@example.com"),
        "without regard to case or accents: {searched}"
    );
    let none = app
        .get(&format!("/users?group={}&q=cy", id_of(&page)))
        .into_string()
        .unwrap();
    assert!(!none.contains("cy@example.com"), "{none}");
    assert_eq!(app.get("/users?group=999").status(), Status::NotFound);
    assert_eq!(app.get("/users?group=x").status(), Status::NotFound);

    // Renamed: the new name everywhere, another group's name refused.
    create_group(&app, "Ventas");
    let response = app.submit(&page, &page, &[("name", "ventas")]);
    assert_eq!(response.status(), Status::UnprocessableEntity);
    let response = app.submit(&page, &page, &[("name", "Contabilidad y nóminas")]);
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    let html = app.get("/groups").into_string().unwrap();
    assert!(
        html.contains("Contabilidad y nóminas") && html.contains("1 person"),
        "{html}"
    );

    // Taken out.
    let response = app.submit(&page, &format!("{page}/members/{}/remove", bo.id), &[]);
    assert_eq!(location(&response), page);
    drop(response);
    assert_eq!(app.sql_one("SELECT count(*) FROM group_members"), "0");

    // Deleted, after a page that says what it does.
    let html = app.get(&format!("{page}/delete")).into_string().unwrap();
    assert!(html.contains("Delete the group “Contabilidad y nóminas”?"), "{html}");
    let response = app.submit(&format!("{page}/delete"), &format!("{page}/delete"), &[]);
    assert_eq!(location(&response), "/groups");
    drop(response);
    assert_eq!(app.get(&page).status(), Status::NotFound);

    // Every change is in the security log.
    let log = app.get("/audit").into_string().unwrap();
    for event in [
        "Group created",
        "Group renamed",
        "Group deleted",
        "Added to a group",
        "Taken out of a group",
    ] {
        assert!(log.contains(event), "{event}: {log}");
    }
    assert!(log.contains("from “Contabilidad” to “Contabilidad y nóminas”"), "{log}");
}

#[test]
fn a_person_s_groups_are_set_on_their_edit_page() {
    let app = TestApp::new();
    let admin = app.admin();
    let bo = app.create_user("bo@example.com", "Bo Member", Role::Member);
    app.sign_in(&admin);
    let ventas = create_group(&app, "Ventas");
    let it = create_group(&app, "IT");
    let edit = format!("/users/{}/edit", bo.id);
    let html = app.get(&edit).into_string().unwrap();
    assert!(
        html.contains(&format!(r#"name="groups" value="{}">"#, id_of(&ventas))),
        "unchecked: {html}"
    );
    fn fields<'a>(groups: &[&'a str]) -> Vec<(&'static str, &'a str)> {
        let mut fields = vec![
            ("name", "Bo Member"),
            ("email", "bo@example.com"),
            ("password", ""),
            ("role", "member"),
            ("active", "true"),
            ("groups_shown", "true"),
        ];
        fields.extend(groups.iter().map(|g| ("groups", *g)));
        fields
    }
    let save = |groups: &[&str]| {
        let response = app.submit(&edit, &format!("/users/{}", bo.id), &fields(groups));
        assert_eq!(response.status(), Status::SeeOther);
    };
    save(&[id_of(&ventas), id_of(&it)]);
    let names =
        || app.sql("SELECT g.name FROM group_members m JOIN user_groups g ON g.id = m.group_id ORDER BY g.name");
    assert_eq!(names(), [["IT"], ["Ventas"]]);
    let html = app.get(&edit).into_string().unwrap();
    assert!(
        html.contains(&format!(r#"name="groups" value="{}" checked>"#, id_of(&it))),
        "checked: {html}"
    );
    save(&[id_of(&it), "12345"]);
    assert_eq!(names(), [["IT"]], "a group that is not there is left aside");
    save(&[]);
    assert!(names().is_empty(), "none checked is none");
    // A form that does not show the groups leaves them as they are.
    save(&[id_of(&it)]);
    let without: Vec<_> = fields(&[]).into_iter().filter(|(k, _)| *k != "groups_shown").collect();
    let response = app.submit(&edit, &format!("/users/{}", bo.id), &without);
    assert_eq!(response.status(), Status::SeeOther);
    drop(response);
    assert_eq!(names(), [["IT"]]);
}

#[test]
fn groups_are_for_administrators_only() {
    let app = TestApp::new();
    let admin = app.admin();
    let member = app.member();
    app.sign_in(&admin);
    let page = create_group(&app, "Ventas");
    let visitor = app.another_browser();
    for uri in ["/groups", "/groups/new", page.as_str(), &format!("{page}/delete")] {
        let response = visitor.get(uri);
        assert_eq!(response.status(), Status::SeeOther, "{uri}");
        assert!(location(&response).starts_with("/login?next="), "{uri}");
    }
    let bo = app.another_browser();
    bo.sign_in(&member);
    for uri in ["/groups", "/groups/new", page.as_str(), &format!("{page}/delete")] {
        assert_eq!(bo.get(uri).status(), Status::Forbidden, "{uri}");
    }
    let token = bo.csrf("/users");
    for uri in [
        "/groups".to_owned(),
        page.clone(),
        format!("{page}/members"),
        format!("{page}/members/{}/remove", member.id),
        format!("{page}/delete"),
    ] {
        let form = [
            ("csrf_token", token.as_str()),
            ("name", "Mine"),
            ("email", "member@example.com"),
        ];
        assert_eq!(bo.post(&uri, &form).status(), Status::Forbidden, "{uri}");
    }
    assert_eq!(app.sql_one("SELECT count(*) FROM group_members"), "0");
    assert_eq!(app.sql_one("SELECT name FROM user_groups"), "Ventas");
}

#[test]
fn the_command_line_manages_groups() {
    let app = TestApp::new();
    app.create_user("ana@example.com", "Ana", Role::Member);
    let run = |args: &[&str]| {
        let out = gatehouse(&app.db, args, None);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, _) = run(&["group", "create", "--name", "Contabilidad"]);
    assert_eq!((code, out.trim()), (Some(0), "Group “Contabilidad” created."));
    let (code, _, err) = run(&["group", "create", "--name", "contabilidad"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("error: there is a group with this name already"), "{err}");
    run(&["group", "create", "--name", "I+D, Madrid"]);
    let (code, _, err) = run(&[
        "user",
        "groups",
        "--email",
        "ana@example.com",
        "--set",
        "CONTABILIDAD,Nope",
    ]);
    assert_eq!(code, Some(1));
    assert!(err.contains("--set “Nope”: there is no group with this name"), "{err}");
    assert_eq!(app.sql_one("SELECT count(*) FROM group_members"), "0", "all or nothing");
    let (code, out, _) = run(&["user", "groups", "--email", "ana@example.com", "--set", "contabilidad"]);
    assert_eq!((code, out.trim()), (Some(0), "ana@example.com is now in: Contabilidad"));
    let (_, out, _) = run(&["group", "list", "--json"]);
    let listed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(listed[0]["name"], "Contabilidad");
    assert_eq!(listed[0]["members"][0], "ana@example.com");
    assert_eq!(listed[1]["name"], "I+D, Madrid");
    // A comma inside a name is written `\,`, as the spreadsheets write it.
    let (code, out, err) = run(&[
        "user",
        "groups",
        "--email",
        "ana@example.com",
        "--set",
        r"Contabilidad, I+D\, Madrid",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("Contabilidad") && out.contains("I+D, Madrid"), "{out}");
    assert_eq!(app.sql_one("SELECT count(*) FROM group_members"), "2");
    run(&["user", "groups", "--email", "ana@example.com", "--set", "contabilidad"]);
    let (code, out, _) = run(&["group", "rename", "--name", "contabilidad", "--to", "Nóminas"]);
    assert_eq!(
        (code, out.trim()),
        (Some(0), "Group “Contabilidad” is now called “Nóminas”.")
    );
    let (code, out, _) = run(&["user", "groups", "--email", "ana@example.com", "--set", ""]);
    assert_eq!((code, out.trim()), (Some(0), "ana@example.com is now in no group."));
    let (code, out, _) = run(&["group", "delete", "--name", "i+d, madrid"]);
    assert_eq!(
        (code, out.trim()),
        (Some(0), "Group “I+D, Madrid” deleted (0 people were in it).")
    );
    let (_, out, _) = run(&["group", "list"]);
    assert_eq!(out.trim(), "Nóminas (0 people)");
    let events = app.sql("SELECT event FROM audit WHERE event LIKE 'group%' ORDER BY id");
    assert_eq!(events.len(), 8, "{events:?}");
}
