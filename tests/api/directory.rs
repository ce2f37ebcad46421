//! The user directory: read-only for now, searched, paged, ordered by name.

use gatehouse::domain::Role;
use rocket::http::Status;

use crate::helpers::*;

#[test]
fn members_and_admins_see_the_directory() {
    let app = TestApp::new();
    let admin = app.admin();
    let member = app.member();
    for user in [&admin, &member] {
        app.sign_in(user);
        let response = app.get("/users");
        assert_eq!(response.status(), Status::Ok);
        assert_eq!(response.headers().get_one("Cache-Control"), Some("no-store"));
        let html = response.into_string().unwrap();
        assert!(html.contains("Ada Admin") && html.contains("Max Member"), "{html}");
        assert!(html.contains("2 people"));
    }
}

#[test]
fn search_matches_name_and_email_and_wildcards_are_literal() {
    let app = TestApp::new();
    let me = app.member();
    app.create_user("zoe@example.com", "Zoë 100% Sure", Role::Member);
    app.create_user("under_score@example.com", "Una", Role::Member);
    app.create_user("plain@example.com", "Percy", Role::Member);
    app.sign_in(&me);

    let by_name = app.get("/users?q=zo%C3%AB").into_string().unwrap();
    assert!(by_name.contains("zoe@example.com") && !by_name.contains("plain@example.com"));
    let by_email = app.get("/users?q=PLAIN%40").into_string().unwrap();
    assert!(by_email.contains("Percy") && by_email.contains("One person matches"));
    let percent = app.get("/users?q=100%25").into_string().unwrap();
    assert!(percent.contains("One person"), "% is literal: {percent}");
    let underscore = app.get("/users?q=r_s").into_string().unwrap();
    assert!(
        underscore.contains("One person") && underscore.contains("Una"),
        "_ is literal"
    );
    let none = app.get("/users?q=nobody").into_string().unwrap();
    assert!(none.contains("Nobody matches"));
}

#[test]
fn pages_hold_fifty_users_by_name() {
    let app = TestApp::new();
    let me = app.member();
    app.add_members("User", "u", 119, 3);
    app.sign_in(&me);
    let first = app.get("/users").into_string().unwrap();
    assert!(first.contains("Page 1 of 3") && first.contains("120 people"));
    assert!(first.contains("Max Member") && first.contains("User 049") && !first.contains("User 050"));
    // "Next" seeks just after the last user shown; the page reached is the same.
    let last_id = app.sql_count("SELECT id FROM users WHERE name = 'User 049'");
    let next = format!("/users?page=2&amp;after={last_id}");
    assert!(first.contains(&format!(r#"href="{next}""#)), "{first}");
    let second = app.get(&next.replace("&amp;", "&")).into_string().unwrap();
    // The same page, but for the footer's way back to it.
    let main = |html: &str| tokens_unmasked(html.split("<footer").next().unwrap());
    assert_eq!(main(&second), main(&app.get("/users?page=2").into_string().unwrap()));
    assert!(second.contains("User 050") && second.contains("User 098") && !second.contains("User 049"));
    let last = app.get("/users?page=3").into_string().unwrap();
    assert!(last.contains("User 119") && !last.contains("User 098") && last.contains(r#"href="/users?page=2""#));
    let search = app.get("/users?q=user%200&page=2").into_string().unwrap();
    assert!(
        search.contains("Page 2 of 2") && search.contains(r#"href="/users?page=1&amp;q=user%200""#),
        "{search}"
    );
}

#[test]
fn any_page_value_gives_a_page_or_a_422() {
    let app = TestApp::new();
    app.sign_in(&app.member());
    for bad in ["0", "-1", "1e9", "two", "99999999999999"] {
        let response = app.get(&format!("/users?page={bad}"));
        assert_eq!(response.status(), Status::UnprocessableEntity, "{bad}");
        assert!(response.into_string().unwrap().contains("whole number from 1"));
    }
    let far = app.get("/users?page=1000000000");
    assert_eq!(far.status(), Status::Ok);
    assert!(far.into_string().unwrap().contains("There is nobody on this page"));
}

#[test]
fn names_are_escaped() {
    let app = TestApp::new();
    let me = app.member();
    app.create_user("x@example.com", "<script>alert(1)</script>", Role::Member);
    app.sign_in(&me);
    let html = app.get("/users").into_string().unwrap();
    assert!(!html.contains("<script>alert(1)"));
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn a_search_with_many_matches_says_more_than_a_thousand() {
    let app = TestApp::new();
    let me = app.member();
    app.add_members("Crowd", "crowd", 1200, 4);
    app.sign_in(&me);
    let html = app.get("/users?q=crowd").into_string().unwrap();
    assert!(html.contains("More than 1000 people match “crowd”"), "{html}");
    assert!(html.contains("Crowd 0001") && html.contains("rel=\"next\""));
    let all = app.get("/users").into_string().unwrap();
    assert!(all.contains("1201 people"), "the total comes from the counter");
    let rare = app.get("/users?q=crowd%200777").into_string().unwrap();
    assert!(rare.contains("One person") && rare.contains("Crowd 0777"));
    // Renaming and deleting keep the index and the counter right.
    app.sql("UPDATE users SET name = 'Renamed Person' WHERE name = 'Crowd 0777'");
    app.sql("DELETE FROM users WHERE name = 'Crowd 0778'");
    assert!(app
        .get("/users?q=crowd%200777")
        .into_string()
        .unwrap()
        .contains("Nobody matches"));
    assert!(app
        .get("/users?q=renamed")
        .into_string()
        .unwrap()
        .contains("Renamed Person"));
    assert!(app.get("/users").into_string().unwrap().contains("1200 people"));
}

/// The address of the page's "next" link, as a browser follows it.
fn next_link(html: &str) -> String {
    let before = html.split(r#"" rel="next""#).next().expect("a next link");
    before.rsplit(r#"href=""#).next().unwrap().replace("&amp;", "&")
}

/// The names of the page's users, in the order shown.
fn names_in(html: &str, prefixes: &[&str]) -> Vec<String> {
    let mut found: Vec<(usize, String)> = Vec::new();
    for prefix in prefixes {
        for (at, _) in html.match_indices(prefix) {
            let end = html[at..].find('<').map_or(html.len(), |e| at + e);
            found.push((at, html[at..end].to_owned()));
        }
    }
    found.sort();
    found.into_iter().map(|(_, name)| name).collect()
}

#[test]
fn a_search_with_thousands_of_matches_is_in_name_order_and_pages_on() {
    // More than the count shown, fewer than the sorting cap: the matches are
    // sorted from the index, wherever they fall in the alphabet.
    let app = TestApp::new();
    let me = app.member();
    app.add_members("Zoe", "crowd", 1500, 4);
    app.add_members("crowd", "early", 3, 1);
    app.sign_in(&me);
    let first = app.get("/users?q=crowd").into_string().unwrap();
    assert!(first.contains("More than 1000 people match “crowd”"), "{first}");
    let shown = names_in(&first, &["Zoe ", "crowd "]);
    let mut expected: Vec<String> = (1..=3).map(|i| format!("crowd {i}")).collect();
    expected.extend((1..=47).map(|i| format!("Zoe {i:04}")));
    assert_eq!(shown, expected, "case-blind name order across name and email matches");
    let second = app.get(&next_link(&first)).into_string().unwrap();
    let expected: Vec<String> = (48..=97).map(|i| format!("Zoe {i:04}")).collect();
    assert_eq!(names_in(&second, &["Zoe ", "crowd "]), expected);
    let numbered = app.get("/users?q=crowd&page=2").into_string().unwrap();
    assert_eq!(names_in(&numbered, &["Zoe ", "crowd "]), expected);
}

#[test]
fn a_search_matching_tens_of_thousands_walks_the_name_order() {
    // More than the sorting cap: the name order is walked instead.
    let app = TestApp::new();
    let me = app.member();
    app.add_members("Walker", "w", 50_001, 5);
    app.sign_in(&me);
    let first = app.get("/users?q=walker").into_string().unwrap();
    assert!(first.contains("More than 1000 people match “walker”"), "{first}");
    let expected: Vec<String> = (1..=50).map(|i| format!("Walker {i:05}")).collect();
    assert_eq!(names_in(&first, &["Walker "]), expected);
    let second = app.get(&next_link(&first)).into_string().unwrap();
    let expected: Vec<String> = (51..=100).map(|i| format!("Walker {i:05}")).collect();
    assert_eq!(names_in(&second, &["Walker "]), expected);
    let rare = app.get("/users?q=walker%2049999").into_string().unwrap();
    assert!(rare.contains("One person") && rare.contains("Walker 49999"), "{rare}");
}

/// Names in the order people read them, on both engines: without regard to
/// case or accents, ñ after n, numbers by their value; users written before
/// the sort key was kept (or by SQL of one's own) get theirs on the next start.
#[test]
fn names_are_sorted_as_people_read_them() {
    let app = TestApp::new();
    let admin = app.admin();
    for (email, name) in [
        ("zoe@example.com", "Zoe Martín"),
        ("alvaro@example.com", "Álvaro Ruiz"),
        ("oscar@example.com", "Óscar Peña"),
        ("inigo@example.com", "Íñigo Sanz"),
        ("ursula@example.com", "úrsula Díaz"),
        ("p10@example.com", "Persona 10"),
        ("p2@example.com", "Persona 2"),
    ] {
        app.create_user(email, name, Role::Member);
    }
    // Written by SQL, with no key: as an older gatehouse left it.
    app.sql("INSERT INTO users (name, email, password_hash, role, created_at, updated_at) VALUES ('Beatriz Old', 'bea@example.com', 'x', 'member', 0, 0)");
    let app = app.restart();
    app.sign_in(&admin);
    let html = app.get("/users").into_string().unwrap();
    let order: Vec<&str> = [
        "Ada Admin",
        "Álvaro Ruiz",
        "Beatriz Old",
        "Íñigo Sanz",
        "Óscar Peña",
        "Persona 2",
        "Persona 10",
        "úrsula Díaz",
        "Zoe Martín",
    ]
    .to_vec();
    let at: Vec<usize> = order
        .iter()
        .map(|name| {
            html.find(&format!(">{name}<"))
                .unwrap_or_else(|| panic!("{name} in {html}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{order:?} at {at:?}");
    // A search sorts the same way.
    let found = app.get("/users?q=ar").into_string().unwrap();
    let (alvaro, zoe) = (found.find("Álvaro Ruiz").unwrap(), found.find("Zoe Martín").unwrap());
    assert!(alvaro < zoe);
}
