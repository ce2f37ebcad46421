//! The user directory: `GET /users?q=…&page=…`, for everyone signed in.

use std::sync::OnceLock;

use rocket::http::Status;
use rocket::tokio::sync::Semaphore;
use rocket::State;
use serde_json::json;

use crate::db::Db;
use crate::error::AppError;
use crate::guards::CurrentUser;
use crate::users::{self, PageStart, PAGE_SIZE};
use crate::web::{Page, View};

/// The 422 page for a `page` value that is not one; `back` is the list's address.
pub(crate) fn unknown_page(view: View<'_>, message: &str, back: &str) -> Result<Page, AppError> {
    view.render_with_status(
        Status::UnprocessableEntity,
        "error.html.tera",
        json!({ "status": 422, "title": "Unknown page", "message": message, "back": back }),
    )
}

/// A `page` value as typed: a whole number from 1, or a message.
pub(crate) fn parse_page(page: Option<&str>) -> Result<u32, &'static str> {
    match page.map(str::trim) {
        None | Some("") => Ok(1),
        Some(text) => match text.parse::<u32>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err("The page number must be a whole number from 1."),
        },
    }
}

/// A link to another page of the same search; `after` makes it seek.
fn page_link(q: &str, page: u32, after: Option<i64>) -> String {
    let mut link = format!("/users?page={page}");
    if let Some(id) = after {
        link.push_str(&format!("&after={id}"));
    }
    if !q.is_empty() {
        link.push_str("&q=");
        link.push_str(rocket::http::RawStr::new(q).percent_encode().as_str());
    }
    link
}

/// Searches that run at once: one for every two cores. A search in a large
/// directory is CPU work that holds the index's lists of matches in memory
/// (megabytes at a million users); more at a time would take more memory and
/// the other cores, which the rest of the requests need, and finish no sooner.
fn search_turns() -> &'static Semaphore {
    static TURNS: OnceLock<Semaphore> = OnceLock::new();
    TURNS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Semaphore::new((cores / 2).max(1))
    })
}

/// What a row of the directory shows (only that: the page renders 50 of them).
#[derive(serde::Serialize)]
struct Row<'a> {
    id: i64,
    name: &'a str,
    email: &'a str,
    role: &'static str,
    active: bool,
    /// Too many failed sign-ins lately; an admin can unlock.
    locked: bool,
}

#[rocket::get("/users?<q>&<page>&<after>")]
pub async fn directory(
    q: Option<&str>,
    page: Option<&str>,
    after: Option<&str>,
    _user: CurrentUser,
    db: &State<Db>,
    view: View<'_>,
) -> Result<Page, AppError> {
    let q = q.unwrap_or("").trim().chars().take(200).collect::<String>();
    let page = match parse_page(page) {
        Ok(page) => page,
        Err(message) => return unknown_page(view, message, "/users"),
    };
    // `after` (from a "next" link) seeks; a page number alone counts rows.
    let start = match after.and_then(|a| a.parse::<i64>().ok()).filter(|id| *id > 0) {
        Some(id) if page > 1 => PageStart::After(id),
        _ => PageStart::Number(page),
    };
    let query = q.clone();
    // Never closed, so acquiring cannot fail; a plain listing needs no turn.
    let _turn = match q.is_empty() {
        true => None,
        false => search_turns().acquire().await.ok(),
    };
    let (found, locked) = db
        .run(move |c| {
            let found = users::directory(c, &query, start)?;
            let locked = crate::throttle::locked_emails(c)?;
            Ok::<_, users::UserError>((found, locked))
        })
        .await?;
    let rows: Vec<Row<'_>> = found
        .users
        .iter()
        .map(|u| Row {
            id: u.id,
            name: &u.name,
            email: &u.email,
            role: u.role.as_str(),
            active: u.active,
            locked: locked.contains(&u.email),
        })
        .collect();
    let pages = ((found.total + i64::from(PAGE_SIZE) - 1) / i64::from(PAGE_SIZE)).max(1);
    let full_page = found.users.len() == PAGE_SIZE as usize;
    let more = full_page && (found.more_than_cap || i64::from(page) < pages);
    let previous = (page > 1).then(|| page_link(&q, page - 1, None));
    let next = more.then(|| page_link(&q, page + 1, found.users.last().map(|u| u.id)));
    view.render(
        "users/index.html.tera",
        json!({
            "users": rows,
            "total": found.total,
            "more_than": found.more_than_cap.then_some(users::COUNT_CAP),
            "page": page,
            "pages": pages,
            "q": q,
            "previous": previous,
            "next": next,
            "first": page_link(&q, 1, None),
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_parse_or_explain() {
        assert_eq!(parse_page(None), Ok(1));
        assert_eq!(parse_page(Some("")), Ok(1));
        assert_eq!(parse_page(Some("3")), Ok(3));
        assert_eq!(parse_page(Some("1000000000")), Ok(1_000_000_000));
        for bad in ["0", "-1", "1e9", "two", "99999999999"] {
            assert!(parse_page(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn page_links_keep_the_search() {
        assert_eq!(page_link("", 2, None), "/users?page=2");
        assert_eq!(page_link("a&b c", 2, Some(7)), "/users?page=2&after=7&q=a%26b%20c");
    }
}
