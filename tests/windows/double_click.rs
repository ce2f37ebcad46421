//! The double-click: gatehouse.exe started with no arguments in an empty
//! folder finds its data folder under `%APPDATA%`, opens the browser at the
//! setup link, serves the newcomer through it, and a second double-click
//! opens the running server instead of starting another. A restart keeps
//! everyone signed in (the cookie key is in the database), and a computer
//! without a browser is told in one line where to go.

use std::time::Duration;

use crate::http::{agent, csrf_in, fetch, form};
use crate::wine::{beside, prefix, wait_for, Server, PASSWORD};

#[test]
#[ignore = "needs gatehouse.exe and Wine: bash tests/windows.sh"]
fn a_double_click_serves_from_appdata_and_a_second_one_opens_the_running_server() {
    let wine = prefix();
    let (user, appdata) = wine.user_and_appdata();
    let _ = std::fs::remove_dir_all(appdata.join("gatehouse"));
    let db = appdata.join("gatehouse/data/gatehouse.db");
    let folder = tempfile::tempdir().unwrap();
    // No arguments; only a free port, as 8000 may be taken on the test machine.
    let double_click = || {
        let mut command = wine.gatehouse(&[]);
        command.current_dir(folder.path()).env("GATEHOUSE_PORT", "0");
        command
    };

    let opened = wine.opened().len();
    let mut first = Server::start(double_click());
    assert!(first.banner[0].starts_with("gatehouse "), "{:?}", first.banner);
    let shown = format!(r"Database: C:\users\{user}\AppData\Roaming\gatehouse\data\gatehouse.db");
    assert!(first.banner.contains(&shown), "{shown} in {:?}", first.banner);
    assert!(db.exists(), "the database is at {}", db.display());
    let setup = first.setup_url().expect("a setup link while there is no administrator");
    assert!(setup.starts_with(&format!("{}setup?token=", first.base)), "{setup}");
    assert_eq!(
        wine.newly_opened(opened).as_deref(),
        Some(setup.as_str()),
        "the browser opens at the setup link"
    );
    assert_eq!(
        std::fs::read_dir(folder.path()).unwrap().count(),
        0,
        "nothing is written where it was double-clicked"
    );

    // A second double-click while it runs opens the running one.
    let opened = wine.opened().len();
    let second = wine.run(double_click(), None);
    let said = crate::wine::text(&second.stdout);
    assert_eq!(
        second.status.code(),
        Some(0),
        "{said}{}",
        crate::wine::text(&second.stderr)
    );
    assert!(said.contains("already running") && said.contains(&first.base), "{said}");
    assert_eq!(wine.newly_opened(opened).as_deref(), Some(setup.as_str()));

    // The newcomer follows the setup link from the Linux side.
    let (status, cookies, _, html) = fetch(agent().get(&setup), "", None);
    assert_eq!(status, 200);
    let fields = form(&[
        ("csrf_token", &csrf_in(&html).unwrap()),
        ("name", "Ada Núñez"),
        ("email", "ada@example.com"),
        ("password", PASSWORD),
        ("password_confirm", PASSWORD),
    ]);
    let (status, cookies, location, _) = fetch(agent().post(&setup), &cookies.join("; "), Some(&fields));
    assert_eq!((status, location.as_deref()), (303, Some("/users")));
    let session = cookies
        .into_iter()
        .find(|c| c.starts_with("gatehouse_session="))
        .expect("signed in");
    let users = format!("{}users", first.base);
    let (status, _, _, html) = fetch(agent().get(&users), &session, None);
    assert_eq!(status, 200);
    assert!(html.contains("Ada Núñez"), "{html}");

    // She adds a colleague.
    let (_, _, _, html) = fetch(agent().get(&format!("{users}/new")), &session, None);
    let fields = form(&[
        ("csrf_token", &csrf_in(&html).unwrap()),
        ("name", "Bea Peña"),
        ("email", "bea@example.com"),
        ("password", PASSWORD),
        ("role", "member"),
    ]);
    let (status, _, location, _) = fetch(agent().post(&users), &session, Some(&fields));
    assert_eq!((status, location.as_deref()), (303, Some("/users")));
    let (_, _, _, html) = fetch(agent().get(&users), &session, None);
    assert!(html.contains("Bea Peña") && html.contains("bea@example.com"), "{html}");

    // Ctrl-C stops it cleanly; the next double-click serves the same people,
    // and her session goes on.
    assert_eq!(first.ctrl_c(), Some(0), "Ctrl-C stops it and it exits 0");
    assert!(!beside(&db, ".address").exists(), "a clean stop forgets its address");
    let opened = wine.opened().len();
    let mut again = Server::start(double_click());
    assert!(again.setup_url().is_none(), "{:?}", again.banner);
    assert_eq!(
        wine.newly_opened(opened).as_deref(),
        Some(again.base.as_str()),
        "the browser opens at the start page"
    );
    let (status, _, _, html) = fetch(agent().get(&format!("{}users", again.base)), &session, None);
    assert_eq!(status, 200, "the session survives the restart");
    assert!(html.contains("Bea Peña"), "{html}");
    assert!(
        wait_for(Duration::from_secs(5), || beside(&db, ".address").exists()),
        "the running server says where it answers"
    );

    // On a computer without a browser, one line says to open the address by
    // hand, and it serves.
    assert_eq!(again.ctrl_c(), Some(0));
    wine.set_browser(false);
    let browserless = Server::start(double_click());
    let errors = browserless.error_lines(Duration::from_secs(3));
    wine.set_browser(true);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("warning: could not open a browser (")
            && errors[0].ends_with(&format!("open {} yourself", browserless.base)),
        "{errors:?}"
    );
    let (status, _, _, body) = fetch(agent().get(&format!("{}healthz", browserless.base)), "", None);
    assert_eq!((status, body.as_str()), (200, "ok"));
}
