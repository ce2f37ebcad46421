//! The `user_groups` and `group_members` tables: groups of people, and
//! who is in each.

use crate::domain::{sort_key, DirectoryPage, Group, GroupName, SearchQuery, User};
use crate::store::like_contains;
use crate::store::repo::{GroupWrites, Groups, Result};
use crate::store::tables::{Kind, Table};

use super::users::{user_columns, user_from_row};
use super::{params, Db, Query, Row};

/// The `user_groups` table, as `copy` reads and writes it.
pub const GROUPS: Table = Table {
    name: "user_groups",
    shown: "groups",
    columns: &[
        ("id", Kind::Int),
        ("name", Kind::Text),
        ("name_key", Kind::Text),
        ("created_at", Kind::Int),
    ],
};

/// The `group_members` table, as `copy` reads and writes it.
pub const MEMBERS: Table = Table {
    name: "group_members",
    shown: "group memberships",
    columns: &[("id", Kind::Int), ("group_id", Kind::Int), ("user_id", Kind::Int)],
};

fn group_from_row(r: &dyn Row) -> Result<Group> {
    Ok(Group {
        id: r.int(0)?,
        name: r.text(1)?,
        members: r.int(2)?,
    })
}

impl<D: Db> Groups for D {
    fn all_groups(&mut self) -> Result<Vec<Group>> {
        self.query_all(
            "SELECT id, name, (SELECT count(*) FROM group_members WHERE group_id = id)
             FROM user_groups ORDER BY name_key, id",
            params![],
            group_from_row,
        )
    }

    fn group(&mut self, id: i64) -> Result<Option<Group>> {
        self.query_opt(
            "SELECT id, name, (SELECT count(*) FROM group_members WHERE group_id = id)
             FROM user_groups WHERE id = $1",
            params![id],
            group_from_row,
        )
    }

    fn group_by_key(&mut self, key: &str) -> Result<Option<Group>> {
        self.query_opt(
            "SELECT id, name, (SELECT count(*) FROM group_members WHERE group_id = id)
             FROM user_groups WHERE name_key = $1",
            params![key],
            group_from_row,
        )
    }

    fn group_members(&mut self, group_id: i64) -> Result<Vec<User>> {
        self.query_all(
            concat!(
                "SELECT ",
                user_columns!(),
                " FROM group_members JOIN users ON users.id = group_members.user_id
                 WHERE group_members.group_id = $1 ORDER BY users.sort_key, users.id"
            ),
            params![group_id],
            |r| user_from_row(r, 0),
        )
    }

    fn groups_of(&mut self, user_id: i64) -> Result<Vec<Group>> {
        self.query_all(
            "SELECT g.id, g.name, (SELECT count(*) FROM group_members WHERE group_id = g.id)
             FROM group_members m JOIN user_groups g ON g.id = m.group_id
             WHERE m.user_id = $1 ORDER BY g.name_key, g.id",
            params![user_id],
            group_from_row,
        )
    }

    fn group_directory(
        &mut self,
        group_id: i64,
        query: &SearchQuery,
        offset: i64,
        limit: i64,
    ) -> Result<DirectoryPage> {
        if !query.can_match() {
            return Ok(DirectoryPage::empty());
        }
        // Names are matched by their sort keys (without case or accents,
        // on both engines alike), emails as they are (in lower case).
        let (name, email) = match query.is_empty() {
            true => ("%".to_owned(), "%".to_owned()),
            false => (
                like_contains(&sort_key(query.as_str())),
                like_contains(&query.as_str().to_lowercase()),
            ),
        };
        let total = self.query_one(
            "SELECT count(*) FROM group_members m JOIN users ON users.id = m.user_id
             WHERE m.group_id = $1 AND (users.sort_key LIKE $2 ESCAPE '\\' OR users.email LIKE $3 ESCAPE '\\')",
            params![group_id, name.as_str(), email.as_str()],
            |r| r.int(0),
        )?;
        let users = self.query_all(
            concat!(
                "SELECT ",
                user_columns!(),
                " FROM group_members m JOIN users ON users.id = m.user_id
                 WHERE m.group_id = $1 AND (users.sort_key LIKE $2 ESCAPE '\\' OR users.email LIKE $3 ESCAPE '\\')
                 ORDER BY users.sort_key, users.id LIMIT $4 OFFSET $5"
            ),
            params![group_id, name.as_str(), email.as_str(), limit, offset],
            |r| user_from_row(r, 0),
        )?;
        Ok(DirectoryPage {
            users,
            total,
            more_than_cap: false,
        })
    }
}

impl<D: Db> GroupWrites for D {
    fn insert_group(&mut self, name: &GroupName, at: i64) -> Result<Group> {
        self.query_one(
            "INSERT INTO user_groups (name, name_key, created_at) VALUES ($1, $2, $3) RETURNING id, name, CAST(0 AS BIGINT)",
            params![name.as_str(), &name.key(), at],
            group_from_row,
        )
    }

    fn rename_group(&mut self, id: i64, name: &GroupName) -> Result<bool> {
        Ok(self.execute(
            "UPDATE user_groups SET name = $2, name_key = $3 WHERE id = $1",
            params![id, name.as_str(), &name.key()],
        )? > 0)
    }

    fn delete_group(&mut self, id: i64) -> Result<bool> {
        Ok(self.execute("DELETE FROM user_groups WHERE id = $1", params![id])? > 0)
    }

    fn add_member(&mut self, group_id: i64, user_id: i64) -> Result<bool> {
        Ok(self.execute(
            "INSERT INTO group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            params![group_id, user_id],
        )? > 0)
    }

    fn remove_member(&mut self, group_id: i64, user_id: i64) -> Result<bool> {
        Ok(self.execute(
            "DELETE FROM group_members WHERE group_id = $1 AND user_id = $2",
            params![group_id, user_id],
        )? > 0)
    }
}
