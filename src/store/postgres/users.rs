//! The reads of `users` that are PostgreSQL's own: by email through the
//! index on `lower(email)`, sort keys written in one statement a batch, and
//! the directory: pages by name that
//! seek in the name index, a total kept by a trigger, and searches through
//! the trigram indexes (counted up to `SORT_CAP`, and up to that many
//! sorted by name).

use crate::domain::{
    page_offset, DirectoryPage, DirectoryState, Email, PageStart, PasswordHash, SearchQuery, User, COUNT_CAP,
    PAGE_SIZE, SORT_CAP,
};
use crate::store::like_contains;
use crate::store::repo::{Directory, DirectoryWrites, Result};
use postgres::types::Type;

use super::PgRepo;
use crate::store::sql::{user_from_row, USER_COLUMNS, USER_COLUMN_COUNT};

impl Directory for PgRepo<'_> {
    fn user_by_email(&mut self, email: &Email) -> Result<Option<(User, PasswordHash)>> {
        let found = self.query_opt(
            &format!("SELECT {USER_COLUMNS}, password_hash FROM users WHERE lower(email) = lower($1)"),
            &[&email.as_str()],
        )?;
        match found {
            Some(row) => Ok(Some((
                user_from_row(&row, 0)?,
                PasswordHash::from_stored(row.try_get(USER_COLUMN_COUNT)?),
            ))),
            None => Ok(None),
        }
    }

    fn directory(&mut self, query: &SearchQuery, start: PageStart) -> Result<DirectoryPage> {
        if !query.can_match() {
            return Ok(DirectoryPage::empty());
        }
        let (after_name, after_id, offset) = match start {
            PageStart::Number(page) => (String::new(), 0, page_offset(page, PAGE_SIZE)),
            PageStart::After(id) => match self.query_opt("SELECT sort_key FROM users WHERE id = $1", &[&id])? {
                Some(row) => (row.try_get(0)?, id, 0),
                // The user is gone: start from the beginning rather than fail.
                None => (String::new(), 0, 0),
            },
        };
        let limit = i64::from(PAGE_SIZE);
        // ("", 0) comes before every user: ids are above 0.
        let seek = "(sort_key, id) > ($1, $2)";
        let order = "ORDER BY sort_key, id LIMIT $3 OFFSET $4";
        if query.is_empty() {
            let total: i64 = self
                .query_one("SELECT value FROM counts WHERE name = 'users'", &[])?
                .try_get(0)?;
            let rows = self.query(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE {seek} {order}"),
                &[&after_name, &after_id, &limit, &offset],
            )?;
            let users = rows.iter().map(|r| user_from_row(r, 0)).collect::<Result<_>>()?;
            return Ok(DirectoryPage {
                users,
                total,
                more_than_cap: false,
            });
        }
        // Three characters or more: the trigram indexes find the matches,
        // counted up to COUNT_CAP + 1 (most searches stop there), then, when
        // there are more, up to SORT_CAP + 1; as many as that are sorted by name.
        let pattern = like_contains(query.as_str());
        let long = query.as_str().chars().count() >= 3;
        let mut count_up_to = |cap: i64| -> Result<i64> {
            Ok(self
                .query_planned(
                    "SELECT count(*) FROM (SELECT 1 FROM users WHERE name ILIKE $1 OR email ILIKE $1 LIMIT $2) AS m",
                    &[(&pattern, Type::TEXT), (&(cap + 1), Type::INT8)],
                )?
                .first()
                .map(|r| r.try_get(0))
                .transpose()?
                .unwrap_or(0))
        };
        let mut total = count_up_to(COUNT_CAP)?;
        if long && total > COUNT_CAP {
            total = count_up_to(SORT_CAP)?;
        }
        // As many as SORT_CAP: the matches found through the indexes first
        // (MATERIALIZED: else the planner, taking them for evenly spread, may
        // walk the name order to where they are), sorted, and the page's
        // rows fetched. Very many (or a short query): that walk.
        let sql = match long && total <= SORT_CAP {
            true => format!(
                "WITH m AS MATERIALIZED (SELECT id, sort_key AS k FROM users
                                         WHERE name ILIKE $5 OR email ILIKE $5),
                      p AS (SELECT id, k FROM m WHERE (k, id) > ($1, $2)
                            ORDER BY k, id LIMIT $3 OFFSET $4)
                 SELECT {USER_COLUMNS} FROM p JOIN users ON users.id = p.id ORDER BY p.k, p.id"
            ),
            false => {
                format!("SELECT {USER_COLUMNS} FROM users WHERE (name ILIKE $5 OR email ILIKE $5) AND {seek} {order}")
            }
        };
        let rows = self.query_planned(
            &sql,
            &[
                (&after_name, Type::TEXT),
                (&after_id, Type::INT8),
                (&limit, Type::INT8),
                (&offset, Type::INT8),
                (&pattern, Type::TEXT),
            ],
        )?;
        let users = rows.iter().map(|r| user_from_row(r, 0)).collect::<Result<_>>()?;
        Ok(DirectoryPage {
            users,
            total: total.min(COUNT_CAP + 1),
            more_than_cap: total > COUNT_CAP,
        })
    }

    fn directory_state(&mut self, locked_since: i64, limit: i64) -> Result<DirectoryState> {
        // One round trip: this is read before every directory page.
        let row = self.query_one(
            "SELECT (SELECT value FROM counts WHERE name = 'users_generation'),
                    ARRAY(SELECT email FROM sign_in_failures WHERE at > $1
                          GROUP BY email HAVING count(*) >= $2)",
            &[&locked_since, &limit],
        )?;
        let mut locked: Vec<String> = row.try_get(1)?;
        locked.sort_unstable();
        Ok(DirectoryState {
            generation: row.try_get(0)?,
            locked,
        })
    }

    fn group_names_of(&mut self, user_ids: &[i64]) -> Result<Vec<(i64, String)>> {
        let rows = self.query(
            "SELECT m.user_id, g.name FROM group_members m JOIN user_groups g ON g.id = m.group_id
             WHERE m.user_id = ANY($1) ORDER BY g.name_key, g.id",
            &[&user_ids],
        )?;
        rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect()
    }
}

impl DirectoryWrites for PgRepo<'_> {
    fn fill_sort_keys(&mut self, key: fn(&str) -> String, after: i64, limit: i64) -> Result<Option<i64>> {
        let missing = self.query(
            "SELECT id, name FROM users WHERE sort_key = '' AND id > $1 ORDER BY id LIMIT $2",
            &[&after, &limit],
        )?;
        let mut ids = Vec::with_capacity(missing.len());
        let mut keys = Vec::with_capacity(missing.len());
        for row in &missing {
            ids.push(row.try_get::<_, i64>(0)?);
            keys.push(key(&row.try_get::<_, String>(1)?));
        }
        // One statement for the whole batch.
        self.execute(
            "UPDATE users SET sort_key = k.key FROM unnest($1::bigint[], $2::text[]) AS k (id, key)
             WHERE users.id = k.id",
            &[&ids, &keys],
        )?;
        Ok(ids.last().copied())
    }
}
