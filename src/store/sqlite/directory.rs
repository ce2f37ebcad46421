//! The directory in SQLite: pages by name (its sort key) that never read the whole table.
//! The total comes from a counter kept by triggers, a search of three
//! characters or more uses the trigram index (its matches sorted by name,
//! up to `SORT_CAP` of them), and "next" pages seek in the name index.

use rusqlite::{Connection, OptionalExtension};

use crate::domain::{page_offset, DirectoryPage, PageStart, SearchQuery, User, COUNT_CAP, PAGE_SIZE, SORT_CAP};
use crate::store::like_contains;
use crate::store::repo::Result;

use crate::store::sql::{user_from_row, USER_COLUMNS};

use super::db::SqliteRow;

/// How a search finds its page.
enum Path {
    /// Few matches (`COUNT_CAP` at most): their ids, sorted by name.
    Ids(Vec<i64>),
    /// Up to `SORT_CAP`: the trigram index's matches sorted by name.
    Index(String),
    /// Very many matches, or a query too short for the index: the name
    /// order walked, where matches so common come quickly.
    Walk,
}

pub(super) fn page(conn: &Connection, query: &SearchQuery, start: PageStart) -> Result<DirectoryPage> {
    if !query.can_match() {
        return Ok(DirectoryPage::empty());
    }
    let query = query.as_str();
    // Where in the (name, id) order to start, and how many rows to skip there.
    let (after, offset) = match start {
        PageStart::Number(page) => (None, page_offset(page, PAGE_SIZE)),
        PageStart::After(id) => {
            let name: Option<String> = conn
                .prepare_cached("SELECT sort_key FROM users WHERE id = ?1")?
                .query_row([id], |r| r.get(0))
                .optional()?;
            match name {
                Some(name) => (Some((name, id)), 0),
                // The user is gone: start from the beginning rather than fail.
                None => (None, 0),
            }
        }
    };
    // With no `after`, ("", 0) comes before every user (ids are above 0).
    let (after_name, after_id) = after.unwrap_or_default();
    let seek = "users.sort_key >= :after_name
                AND (users.sort_key > :after_name OR users.id > :after_id)";
    let order = "ORDER BY users.sort_key, users.id LIMIT :limit OFFSET :offset";
    let page = |sql: &str, pattern: &str| -> Result<Vec<User>> {
        let mut statement = conn.prepare_cached(sql)?;
        let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = vec![
            (":after_name", &after_name),
            (":after_id", &after_id),
            (":limit", &PAGE_SIZE),
            (":offset", &offset),
        ];
        if !pattern.is_empty() {
            params.push((":pattern", &pattern));
        }
        let mut rows = statement.query(params.as_slice())?;
        let mut users = Vec::new();
        while let Some(row) = rows.next()? {
            users.push(user_from_row(&SqliteRow(row), 0)?);
        }
        Ok(users)
    };

    if query.is_empty() {
        let total = conn
            .prepare_cached("SELECT value FROM counts WHERE name = 'users'")?
            .query_row([], |r| r.get(0))?;
        let users = page(&format!("SELECT {USER_COLUMNS} FROM users WHERE {seek} {order}"), "")?;
        return Ok(DirectoryPage {
            users,
            total,
            more_than_cap: false,
        });
    }

    // Three characters or more: the trigram index finds the matches. Up to
    // COUNT_CAP of them (most searches), their ids are read once and sorted
    // by name; more, and up to SORT_CAP, they are sorted from the index.
    let pattern = like_contains(query);
    let phrase = (query.chars().count() >= 3).then(|| format!("\"{}\"", query.replace('"', "\"\"")));
    let (total, path) = match phrase {
        Some(phrase) => {
            let ids: Vec<i64> = conn
                .prepare_cached("SELECT rowid FROM users_search WHERE users_search MATCH ?1 LIMIT ?2")?
                .query_map((&phrase, COUNT_CAP + 1), |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            if ids.len() as i64 <= COUNT_CAP {
                (ids.len() as i64, Path::Ids(ids))
            } else {
                let total: i64 = conn
                    .prepare_cached(
                        "SELECT count(*) FROM (SELECT rowid FROM users_search WHERE users_search MATCH ?1 LIMIT ?2)",
                    )?
                    .query_row((&phrase, SORT_CAP + 1), |r| r.get(0))?;
                (
                    total,
                    if total <= SORT_CAP {
                        Path::Index(phrase)
                    } else {
                        Path::Walk
                    },
                )
            }
        }
        None => {
            let total = conn
                .prepare_cached(
                    "SELECT count(*) FROM (SELECT 1 FROM users WHERE name LIKE ?1 ESCAPE '\\' OR email LIKE ?1 ESCAPE '\\' LIMIT ?2)",
                )?
                .query_row((&pattern, COUNT_CAP + 1), |r| r.get(0))?;
            (total, Path::Walk)
        }
    };
    let users = match path {
        Path::Ids(ids) => {
            let ids = format!("[{}]", ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
            let matching = "users.id IN (SELECT value FROM json_each(:pattern))";
            page(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE {matching} AND {seek} {order}"),
                &ids,
            )?
        }
        Path::Index(phrase) => {
            // CROSS JOIN keeps the index the outer loop; each match is looked
            // up by id, and SQLite's sorter keeps only the page.
            let sql = format!(
                "SELECT {USER_COLUMNS} FROM users_search CROSS JOIN users ON users.id = users_search.rowid
                 WHERE users_search MATCH :pattern AND {seek} {order}"
            );
            page(&sql, &phrase)?
        }
        Path::Walk => {
            let like = "(name LIKE :pattern ESCAPE '\\' OR email LIKE :pattern ESCAPE '\\')";
            page(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE {like} AND {seek} {order}"),
                &pattern,
            )?
        }
    };
    Ok(DirectoryPage {
        users,
        total: total.min(COUNT_CAP + 1),
        more_than_cap: total > COUNT_CAP,
    })
}
