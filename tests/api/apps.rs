//! The apps behind the gate, as administrators register them at /apps and
//! on the command line, and as a person sees the ones they may open.

use rocket::http::Status;

use crate::cli::gatehouse;
use crate::helpers::*;

/// The fields of an app's form.
fn app_fields<'a>(name: &'a str, host: &'a str, prefix: &'a str, access: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("kind", "proxy"),
        ("host", host),
        ("path_prefix", prefix),
        ("access", access),
    ]
}

#[test]
fn an_administrator_registers_changes_and_removes_apps() {
    let app = TestApp::new();
    let admin = app.admin();
    app.sign_in(&admin);
    let response = app.submit("/groups/new", "/groups", &[("name", "Ventas")]);
    let group_id = location(&response)["/groups/".len()..].to_owned();
    drop(response);

    // Each wrong field says what to write.
    for (fields, message) in [
        (
            app_fields("", "wiki.office.test", "", "everyone"),
            "Enter a name for the app.",
        ),
        (
            app_fields("Wiki", "wiki office", "", "everyone"),
            "Enter the host name people type",
        ),
        (
            app_fields("Wiki", "*.test", "", "everyone"),
            "Enter the host name people type",
        ),
        (
            app_fields("Wiki", "wiki.office.test:99999", "", "everyone"),
            "A port is a number from 1 to 65535",
        ),
        (
            app_fields("Wiki", "wiki.office.test", "public", "everyone"),
            "A path prefix starts with /",
        ),
        (
            app_fields("Wiki", "wiki.office.test", "/a/../b", "everyone"),
            "A path prefix starts with /",
        ),
        (
            app_fields("Wiki", "wiki.office.test", "", "groups"),
            "Choose at least one group",
        ),
        (
            app_fields("Wiki", "wiki.office.test", "", "root"),
            "Choose who may enter the app.",
        ),
    ] {
        let response = app.submit("/apps/new", "/apps", &fields);
        assert_eq!(response.status(), Status::UnprocessableEntity, "{fields:?}");
        let html = response.into_string().unwrap();
        assert!(html.contains(message), "{message}: {html}");
    }
    assert_eq!(app.sql_one("SELECT count(*) FROM apps"), "0");

    let mut wiki = app_fields("Wiki", "Wiki.Office.Test", "", "groups");
    wiki.push(("groups", &group_id));
    wiki.push(("two_factor", "true"));
    let response = app.submit("/apps/new", "/apps", &wiki);
    assert_eq!(location(&response), "/apps");
    drop(response);
    let list = app.get("/apps").into_string().unwrap();
    assert!(list.contains("App “Wiki” added."), "{list}");
    assert!(list.contains("<code>wiki.office.test</code>"), "{list}");
    assert!(list.contains("people in Ventas"), "{list}");

    // The same name in other capitals, or the same place, is taken.
    let response = app.submit(
        "/apps/new",
        "/apps",
        &app_fields("WIKI", "other.office.test", "", "everyone"),
    );
    assert!(response
        .into_string()
        .unwrap()
        .contains("There is an app with this name already"));
    let response = app.submit(
        "/apps/new",
        "/apps",
        &app_fields("Wiki 2", "wiki.office.test", "", "everyone"),
    );
    assert!(response
        .into_string()
        .unwrap()
        .contains("Another app has this host and path prefix"));
    let response = app.submit(
        "/apps/new",
        "/apps",
        &app_fields("Wiki public", "wiki.office.test", "/public/", "anyone"),
    );
    assert_eq!(response.status(), Status::SeeOther, "another prefix is another place");
    drop(response);

    // Changed: the form shows what it is, and keeps what is sent.
    let id = app.sql_one("SELECT id FROM apps WHERE name = 'Wiki'");
    let page = format!("/apps/{id}");
    let html = app.get(&page).into_string().unwrap();
    assert!(
        html.contains(r#"value="wiki.office.test""#) && html.contains(r#"value="groups" checked"#),
        "{html}"
    );
    let response = app.submit(&page, &page, &app_fields("Wiki", "wiki.office.test", "", "admins"));
    assert_eq!(location(&response), "/apps");
    drop(response);
    assert_eq!(
        app.sql_one(&format!("SELECT access FROM apps WHERE id = {id}")),
        "admins"
    );
    assert_eq!(
        app.sql_one("SELECT count(*) FROM app_groups"),
        "0",
        "no groups unless access is groups"
    );

    // Removed, after a page that says what it does.
    let html = app.get(&format!("{page}/delete")).into_string().unwrap();
    assert!(html.contains("will be refused by the gate"), "{html}");
    let response = app.submit(&format!("{page}/delete"), &format!("{page}/delete"), &[]);
    assert_eq!(location(&response), "/apps");
    drop(response);
    assert_eq!(app.get(&page).status(), Status::NotFound);

    let log = app.get("/audit").into_string().unwrap();
    for event in ["App added", "App changed", "App removed"] {
        assert!(log.contains(event), "{event}: {log}");
    }
    assert!(
        log.contains("wiki.office.test: people in Ventas, with two-step sign-in"),
        "{log}"
    );
}

#[test]
fn a_person_sees_the_apps_they_may_open_and_nothing_else_of_them() {
    let app = TestApp::new();
    let admin = app.admin();
    let member = app.member();
    app.sign_in(&admin);
    let response = app.submit("/groups/new", "/groups", &[("name", "Ventas")]);
    let group_id = location(&response)["/groups/".len()..].to_owned();
    drop(response);
    for fields in [
        app_fields("Wiki", "wiki.office.test", "", "everyone"),
        app_fields("Accounts", "accounts.office.test", "", "admins"),
        app_fields("Status", "status.office.test", "", "anyone"),
        app_fields("Files", "*.files.office.test", "", "everyone"),
    ] {
        assert_eq!(app.submit("/apps/new", "/apps", &fields).status(), Status::SeeOther);
    }
    let mut crm = app_fields("CRM", "crm.office.test", "", "groups");
    crm.push(("groups", &group_id));
    assert_eq!(app.submit("/apps/new", "/apps", &crm).status(), Status::SeeOther);

    // OpenID apps open at the site of their redirect address.
    let nube = [
        "app",
        "create",
        "--name",
        "Nube",
        "--oidc",
        "--redirect-uri",
        "https://nube.office.test/index.php/apps/oidc/redirect",
    ];
    let grafana = [
        "app",
        "create",
        "--name",
        "Grafana",
        "--oidc",
        "--redirect-uri",
        "https://grafana.office.test:3000/login/generic_oauth",
        "--allow",
        "group:Ventas",
    ];
    for args in [&nube[..], &grafana[..]] {
        let public = [("ROCKET_PUBLIC_URL", "https://auth.office.test")];
        let made = crate::cli::gatehouse_with("en", &app.db, args, None, &public);
        assert_eq!(made.status.code(), Some(0), "{}", String::from_utf8_lossy(&made.stderr));
    }

    let bo = app.another_browser();
    bo.sign_in(&member);
    let home = bo.get("/");
    assert_eq!(
        location(&home),
        "/apps/mine",
        "a member's start, where the office has apps"
    );
    drop(home);
    let mine = bo.get("/apps/mine").into_string().unwrap();
    assert!(
        mine.contains(r#"<a href="http://wiki.office.test/">Wiki</a>"#),
        "{mine}"
    );
    assert!(
        mine.contains(r#"<a href="https://nube.office.test/">Nube</a>"#),
        "{mine}"
    );
    for hidden in ["Accounts", "CRM", "Status", "Grafana"] {
        assert!(!mine.contains(hidden), "{hidden}: {mine}");
    }
    assert!(
        mine.contains("<li>Files <span class=\"muted\">*.files.office.test</span>"),
        "a wildcard has no one address: {mine}"
    );
    assert_eq!(bo.get("/apps").status(), Status::Forbidden);
    assert_eq!(bo.get("/apps/new").status(), Status::Forbidden);

    app.sql(&format!(
        "INSERT INTO group_members (group_id, user_id) VALUES ({group_id}, {})",
        member.id
    ));
    let mine = bo.get("/apps/mine").into_string().unwrap();
    assert!(
        mine.contains("CRM") && mine.contains(r#"<a href="https://grafana.office.test:3000/">Grafana</a>"#),
        "in the group now: {mine}"
    );
    let admins = app.get("/apps/mine").into_string().unwrap();
    assert!(
        admins.contains(">Accounts</a>") && !admins.contains(">CRM</a>"),
        "an administrator is not in every group: {admins}"
    );
}

#[test]
fn the_command_line_registers_lists_and_removes_apps() {
    let app = TestApp::new();
    let run = |args: &[&str]| {
        let out = gatehouse(&app.db, args, None);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    run(&["group", "create", "--name", "Ventas"]);
    let (code, out, err) = run(&[
        "app",
        "create",
        "--name",
        "CRM",
        "--host",
        "crm.office.test",
        "--allow",
        "group:ventas",
        "--two-factor",
    ]);
    assert_eq!(
        (code, out.trim()),
        (Some(0), "App “CRM” added at crm.office.test."),
        "{err}"
    );
    let (code, _, err) = run(&[
        "app",
        "create",
        "--name",
        "X",
        "--host",
        "x.office.test",
        "--allow",
        "group:nope",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("--allow group:nope: there is no group with this name"),
        "{err}"
    );
    let (code, _, err) = run(&["app", "create", "--name", "Y", "--host", "y..test"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("--host: enter the host name people type"), "{err}");
    run(&[
        "app",
        "create",
        "--name",
        "Status",
        "--host",
        "crm.office.test",
        "--path",
        "/health",
        "--allow",
        "anyone",
    ]);
    let (_, out, _) = run(&["app", "list"]);
    assert_eq!(
        out.trim(),
        "CRM  crm.office.test  group:Ventas two-step\nStatus  crm.office.test/health  anyone"
    );
    let (_, out, _) = run(&["app", "list", "--json"]);
    let listed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(listed[0]["access"]["kind"], "groups");
    let (code, out, _) = run(&["app", "delete", "--name", "crm"]);
    assert_eq!((code, out.trim()), (Some(0), "App “CRM” removed."));
    assert_eq!(app.sql_one("SELECT count(*) FROM apps"), "1");
}
