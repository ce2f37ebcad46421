//! `Db` over a PostgreSQL connection or transaction: statements prepared once
//! per connection (pool.rs keeps them), values bound with the type the
//! column has (BIGINT, TEXT, BYTEA, BOOLEAN), a NULL of any type.

use std::error::Error;

use bytes::BytesMut;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};

use crate::store::repo::Result;
use crate::store::sql::{Db, Param, Row};

use super::PgRepo;

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, Box<dyn Error + Sync + Send>> {
        match *self {
            Param::Int(v) => v.to_sql_checked(ty, out),
            Param::Text(v) => v.to_sql_checked(ty, out),
            Param::Bytes(v) => v.to_sql_checked(ty, out),
            Param::Bool(v) => v.to_sql_checked(ty, out),
            Param::Null => Ok(IsNull::Yes),
        }
    }

    /// Each value checks its column's type when it is written (above).
    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

impl Row for postgres::Row {
    fn int(&self, column: usize) -> Result<i64> {
        Ok(self.try_get(column)?)
    }

    fn opt_int(&self, column: usize) -> Result<Option<i64>> {
        Ok(self.try_get(column)?)
    }

    fn text(&self, column: usize) -> Result<String> {
        Ok(self.try_get(column)?)
    }

    fn opt_text(&self, column: usize) -> Result<Option<String>> {
        Ok(self.try_get(column)?)
    }

    fn bytes(&self, column: usize) -> Result<Vec<u8>> {
        Ok(self.try_get(column)?)
    }

    fn bool(&self, column: usize) -> Result<bool> {
        Ok(self.try_get(column)?)
    }
}

fn bound<'p>(params: &'p [Param<'_>]) -> Vec<&'p (dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

impl Db for PgRepo<'_> {
    fn execute(&mut self, sql: &'static str, params: &[Param<'_>]) -> Result<u64> {
        Ok(PgRepo::execute(self, sql, &bound(params))?)
    }

    fn query_each(
        &mut self,
        sql: &'static str,
        params: &[Param<'_>],
        each: &mut dyn FnMut(&dyn Row) -> Result<bool>,
    ) -> Result<()> {
        for row in self.query(sql, &bound(params))? {
            if !each(&row)? {
                break;
            }
        }
        Ok(())
    }
}
