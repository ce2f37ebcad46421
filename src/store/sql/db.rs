//! What the one implementation of the repository (the rest of store/sql/)
//! asks of an engine: run a statement with its values, and read the rows of
//! an answer by column. Statements are written once, in SQL both engines
//! read, with PostgreSQL's `$1, $2…` placeholders (SQLite's side turns them
//! into `?1, ?2…`, once per statement); booleans are `TRUE` and `FALSE`.
//! Each engine implements `Db` over its connection or transaction
//! (store/sqlite/db.rs, store/postgres/db.rs).

use crate::store::repo::Result;

/// A value bound to a statement's `$n`.
#[derive(Debug, Clone, Copy)]
pub enum Param<'a> {
    Int(i64),
    Text(&'a str),
    Bytes(&'a [u8]),
    Bool(bool),
    /// SQL's NULL: a missing number or text.
    Null,
}

impl From<i64> for Param<'_> {
    fn from(value: i64) -> Self {
        Param::Int(value)
    }
}

impl<'a> From<&'a str> for Param<'a> {
    fn from(value: &'a str) -> Self {
        Param::Text(value)
    }
}

impl<'a> From<&'a String> for Param<'a> {
    fn from(value: &'a String) -> Self {
        Param::Text(value)
    }
}

impl<'a> From<&'a [u8]> for Param<'a> {
    fn from(value: &'a [u8]) -> Self {
        Param::Bytes(value)
    }
}

impl From<bool> for Param<'_> {
    fn from(value: bool) -> Self {
        Param::Bool(value)
    }
}

impl<'a, T: Into<Param<'a>>> From<Option<T>> for Param<'a> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Param::Null, Into::into)
    }
}

/// The values of a statement, in the order of their `$n`:
/// `params![user_id, kind.as_str(), at]`.
macro_rules! params {
    ($($value:expr),* $(,)?) => {
        &[$($crate::store::sql::Param::from($value)),*]
    };
}
pub(crate) use params;

/// One row of an answer, read by column number (from 0).
pub trait Row {
    fn int(&self, column: usize) -> Result<i64>;
    fn opt_int(&self, column: usize) -> Result<Option<i64>>;
    fn text(&self, column: usize) -> Result<String>;
    fn opt_text(&self, column: usize) -> Result<Option<String>>;
    fn bytes(&self, column: usize) -> Result<Vec<u8>>;
    fn bool(&self, column: usize) -> Result<bool>;
}

/// An engine's connection, or a transaction on it.
pub trait Db {
    /// Runs a statement that answers no rows; how many rows it changed.
    fn execute(&mut self, sql: &'static str, params: &[Param<'_>]) -> Result<u64>;
    /// Runs a query and hands each row of its answer to `each`, in order,
    /// for as long as `each` says to read on.
    fn query_each(
        &mut self,
        sql: &'static str,
        params: &[Param<'_>],
        each: &mut dyn FnMut(&dyn Row) -> Result<bool>,
    ) -> Result<()>;
}

/// The ways to read an answer, over any engine's `Db`.
pub trait Query: Db {
    /// Every row, each made into a `T` by `map`.
    fn query_all<T>(
        &mut self,
        sql: &'static str,
        params: &[Param<'_>],
        mut map: impl FnMut(&dyn Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut all = Vec::new();
        self.query_each(sql, params, &mut |row| {
            all.push(map(row)?);
            Ok(true)
        })?;
        Ok(all)
    }

    /// The first row, if there is one.
    fn query_opt<T>(
        &mut self,
        sql: &'static str,
        params: &[Param<'_>],
        mut map: impl FnMut(&dyn Row) -> Result<T>,
    ) -> Result<Option<T>> {
        let mut first = None;
        self.query_each(sql, params, &mut |row| {
            first = Some(map(row)?);
            Ok(false)
        })?;
        Ok(first)
    }

    /// The first row; `NotFound` when there is none.
    fn query_one<T>(
        &mut self,
        sql: &'static str,
        params: &[Param<'_>],
        map: impl FnMut(&dyn Row) -> Result<T>,
    ) -> Result<T> {
        self.query_opt(sql, params, map)?
            .ok_or(crate::store::StoreError::NotFound)
    }
}

impl<D: Db + ?Sized> Query for D {}

/// `$1, $2…` as SQLite's `?1, ?2…`. Text in quotes is left as it is.
pub fn numbered_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    for c in sql.chars() {
        match c {
            '\'' => quoted = !quoted,
            '$' if !quoted => {
                out.push('?');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_for_sqlite_outside_quotes() {
        assert_eq!(
            numbered_placeholders("UPDATE t SET a = $2, b = '$1' WHERE id = $1"),
            "UPDATE t SET a = ?2, b = '$1' WHERE id = ?1"
        );
    }
}
