//! The `users` table in PostgreSQL, and the directory: pages by name that
//! seek in the name index, a total kept by a trigger, and searches through
//! the trigram indexes (counted up to `SORT_CAP`, and up to that many
//! sorted by name).

use crate::domain::{
    page_offset, DirectoryPage, Email, NewUser, PageStart, PasswordHash, SearchQuery, User, UserChanges, UserName,
    COUNT_CAP, PAGE_SIZE, SORT_CAP,
};
use crate::store::like_contains;
use crate::store::repo::{Result, Users};
use postgres::types::Type;

use super::rows::{user_from_row, USER_COLUMNS, USER_COLUMN_COUNT};
use super::PgRepo;

impl Users for PgRepo<'_> {
    fn insert_user(&mut self, new: &NewUser, hash: &PasswordHash, temporary: bool, at: i64) -> Result<User> {
        let row = self.query_one(
            &format!(
                "INSERT INTO users (name, email, password_hash, role, must_change_password, created_at, updated_at, sort_key)
                 VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING {USER_COLUMNS}"
            ),
            &[
                &new.name.as_str(),
                &new.email.as_str(),
                &hash.as_str(),
                &new.role.as_str(),
                &temporary,
                &at,
                &new.name.sort_key(),
            ],
        )?;
        user_from_row(&row, 0)
    }

    fn user(&mut self, id: i64) -> Result<Option<User>> {
        self.query_opt(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"), &[&id])?
            .map(|r| user_from_row(&r, 0))
            .transpose()
    }

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

    fn password_hash(&mut self, id: i64) -> Result<Option<PasswordHash>> {
        Ok(self
            .query_opt("SELECT password_hash FROM users WHERE id = $1", &[&id])?
            .map(|r| r.try_get(0))
            .transpose()?
            .map(PasswordHash::from_stored))
    }

    fn active_admins(&mut self) -> Result<i64> {
        Ok(self
            .query_one("SELECT count(*) FROM users WHERE role = 'admin' AND active", &[])?
            .try_get(0)?)
    }

    fn update_user(&mut self, id: i64, changes: &UserChanges, at: i64) -> Result<bool> {
        Ok(self.execute(
            "UPDATE users SET name = $2, email = $3, role = $4, active = $5, updated_at = $6, sort_key = $7 WHERE id = $1",
            &[
                &id,
                &changes.name.as_str(),
                &changes.email.as_str(),
                &changes.role.as_str(),
                &changes.active,
                &at,
                &changes.name.sort_key(),
            ],
        )? > 0)
    }

    fn set_name(&mut self, id: i64, name: &UserName, at: i64) -> Result<bool> {
        Ok(self.execute(
            "UPDATE users SET name = $2, updated_at = $3, sort_key = $4 WHERE id = $1",
            &[&id, &name.as_str(), &at, &name.sort_key()],
        )? > 0)
    }

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

    fn set_language(&mut self, id: i64, language: Option<&str>) -> Result<bool> {
        Ok(self.execute(
            "UPDATE users SET language = $2 WHERE id = $1",
            &[&id, &language.unwrap_or_default()],
        )? > 0)
    }

    fn set_password(&mut self, id: i64, hash: &PasswordHash, temporary: bool, at: i64) -> Result<bool> {
        Ok(self.execute(
            "UPDATE users SET password_hash = $2, must_change_password = $3, updated_at = $4 WHERE id = $1",
            &[&id, &hash.as_str(), &temporary, &at],
        )? > 0)
    }

    fn delete_user(&mut self, id: i64) -> Result<bool> {
        Ok(self.execute("DELETE FROM users WHERE id = $1", &[&id])? > 0)
    }

    fn all_users(&mut self) -> Result<Vec<User>> {
        self.query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY sort_key, id"), &[])?
            .iter()
            .map(|r| user_from_row(r, 0))
            .collect()
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

    fn directory_state(&mut self, locked_since: i64, limit: i64) -> Result<(i64, Vec<String>)> {
        // One round trip: this is read before every directory page.
        let row = self.query_one(
            "SELECT (SELECT value FROM counts WHERE name = 'users_generation'),
                    ARRAY(SELECT email FROM sign_in_failures WHERE at > $1
                          GROUP BY email HAVING count(*) >= $2)",
            &[&locked_since, &limit],
        )?;
        let mut locked: Vec<String> = row.try_get(1)?;
        locked.sort_unstable();
        Ok((row.try_get(0)?, locked))
    }
}
