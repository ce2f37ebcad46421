//! The user directory: `GET /users?q=…&page=…`, for everyone signed in.

use std::sync::Arc;

use rocket::http::uri::Origin;
use rocket::State;
use serde_json::json;

use crate::domain::{page_count, PageStart, SearchQuery, SignedIn, COUNT_CAP, PAGE_SIZE};
use crate::service::{groups, users, App};
use crate::web::error::AppError;
use crate::web::page_cache::{Key, PageCache};
use crate::web::pagination::{parse_page, unknown_page};
use crate::web::view::{Page, View};

/// A link to another page of the same search (within a group, when
/// there is one); `after` makes it seek.
fn page_link(q: &str, group: Option<i64>, page: u32, after: Option<i64>) -> String {
    let mut link = format!("/users?page={page}");
    if let Some(id) = after {
        link.push_str(&format!("&after={id}"));
    }
    if let Some(group) = group {
        link.push_str(&format!("&group={group}"));
    }
    if !q.is_empty() {
        link.push_str("&q=");
        link.push_str(rocket::http::RawStr::new(q).percent_encode().as_str());
    }
    link
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
    /// Invited, and not yet accepted.
    invited: bool,
    /// Signs in in two steps.
    two_factor: bool,
    passkeys: bool,
    /// The viewer's own row: no delete offered, as it would be refused.
    yourself: bool,
    /// The groups they are in, by name.
    groups: &'a [String],
}

/// A page is made once for everyone who sees it alike and kept
/// (`PageCache`): only the name and the token are each request's own.
#[rocket::get("/users?<q>&<page>&<after>&<group>")]
#[allow(clippy::too_many_arguments)]
pub async fn directory(
    q: Option<&str>,
    page: Option<&str>,
    after: Option<&str>,
    group: Option<&str>,
    _me: SignedIn,
    app: &State<App>,
    cache: &State<PageCache>,
    address: &Origin<'_>,
    view: View<'_>,
) -> Result<Page, AppError> {
    let query = SearchQuery::parse(q.unwrap_or(""));
    let page = match parse_page(page) {
        Ok(page) => page,
        Err(problem) => return unknown_page(view, problem, "/users"),
    };
    // One group's people: a group that is not there is a page not found.
    let group = match group {
        Some(id) => {
            let id = id.parse::<i64>().map_err(|_| AppError::not_found())?;
            Some(groups::find(app, id).await?)
        }
        None => None,
    };
    let group_id = group.as_ref().map(|g| g.id);
    // `after` (from a "next" link) seeks; a page number alone counts rows.
    let start = match after.and_then(|a| a.parse::<i64>().ok()).filter(|id| *id > 0) {
        Some(id) if page > 1 && group.is_none() => PageStart::After(id),
        _ => PageStart::Number(page),
    };
    // The state first: the page read after it is at least as new.
    let state = users::directory_state(app).await?;
    // An administrator's page has their own row told apart: kept for them.
    let admin = view.admin().then(|| view.user_id()).flatten();
    let key = view.shareable().then(|| Key {
        state: state.clone(),
        language: view.language().code(),
        admin,
        address: address.to_string(),
    });
    if let Some(kept) = key.as_ref().and_then(|key| cache.get(key)) {
        return Ok(view.fill(kept));
    }
    let listed = users::directory(app, query.clone(), start, group_id).await?;
    let found = &listed.page;
    let rows: Vec<Row<'_>> = found
        .users
        .iter()
        .map(|u| Row {
            id: u.id,
            name: &u.name,
            email: &u.email,
            role: u.role.as_str(),
            active: u.active,
            locked: state.is_locked(&u.email),
            invited: u.invited,
            two_factor: u.two_factor,
            passkeys: u.passkeys,
            yourself: admin == Some(u.id),
            groups: listed.groups.get(&u.id).map_or(&[], Vec::as_slice),
        })
        .collect();
    let q = query.as_str();
    let pages = page_count(found.total, PAGE_SIZE);
    let full_page = found.users.len() == PAGE_SIZE as usize;
    let more = full_page && (found.more_than_cap || i64::from(page) < pages);
    let previous = (page > 1).then(|| page_link(q, group_id, page - 1, None));
    let seek = found.users.last().map(|u| u.id).filter(|_| group.is_none());
    let next = more.then(|| page_link(q, group_id, page + 1, seek));
    let values = json!({
            "users": rows,
            "total": found.total,
            "more_than": found.more_than_cap.then_some(COUNT_CAP),
            "page": page,
            "pages": pages,
            "q": q,
            "previous": previous,
            "next": next,
            "first": page_link(q, group_id, 1, None),
            "group": group,
            // The edit form comes back to this page and search.
            "back_query": back_query(&address.to_string()),
    });
    let template = "users/index.html.tera";
    match key {
        Some(key) => {
            let shared = Arc::new(view.render_shared(template, values)?);
            cache.put(key, shared.clone());
            Ok(view.fill(shared))
        }
        None => view.render(template, values),
    }
}

/// `?back=…` naming the directory page at `address`, for the edit links;
/// nothing for the first page of the whole directory.
fn back_query(address: &str) -> String {
    match address {
        "/users" | "/users?" => String::new(),
        _ => format!("?back={}", rocket::http::RawStr::new(address).percent_encode()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_links_keep_the_search() {
        assert_eq!(page_link("", None, 2, None), "/users?page=2");
        assert_eq!(
            page_link("a&b c", None, 2, Some(7)),
            "/users?page=2&after=7&q=a%26b%20c"
        );
        assert_eq!(page_link("ana", Some(3), 2, None), "/users?page=2&group=3&q=ana");
    }
}
