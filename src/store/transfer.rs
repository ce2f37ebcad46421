//! Copying a whole database into an empty one, whatever the two engines:
//! every table in key order, in batches, written in one transaction on the
//! target and checked by counting before it commits; its progress counted
//! in rows.

use crate::progress::{Phase, Progress};

use super::sql::TABLES;
use super::tables::Table;
use super::{Repo, Store, StoreError};

/// Rows read and written at a time.
const BATCH: u32 = 1000;

/// Why a copy did not happen; nothing was written to the target then.
#[derive(Debug)]
pub enum CopyError {
    /// The target holds rows already.
    NotEmpty(&'static str, i64),
    /// The counts differ after writing (and the write was rolled back).
    Mismatch(&'static str, i64, i64),
    Store(StoreError),
}

impl From<StoreError> for CopyError {
    fn from(e: StoreError) -> Self {
        CopyError::Store(e)
    }
}

/// Copies every row of `source` into `target`, which must be empty; gives
/// each table's row count, the same on both sides.
pub fn copy(source: &Store, target: &Store, progress: &Progress) -> Result<Vec<(&'static Table, i64)>, CopyError> {
    target.read_blocking(|to| {
        for table in TABLES {
            let rows = to.count_rows(table)?;
            if rows > 0 {
                return Err(CopyError::NotEmpty(table.shown, rows));
            }
        }
        Ok(())
    })?;
    // One transaction on each side: a consistent picture of the source, and
    // all or nothing on the target.
    let copied = source.write_blocking(|from| target.write_blocking(|to| copy_tables(from, to, progress)));
    progress.end();
    copied
}

fn copy_tables(
    from: &mut dyn Repo,
    to: &mut dyn Repo,
    progress: &Progress,
) -> Result<Vec<(&'static Table, i64)>, CopyError> {
    let mut total = 0;
    for table in TABLES {
        total += from.count_rows(table)?;
    }
    progress.begin(Phase::Copying, total.max(0) as u64);
    let mut counts = Vec::new();
    for table in TABLES {
        let mut after = table.first_key();
        loop {
            let rows = from.read_rows(table, &after, BATCH)?;
            let Some(last) = rows.last() else { break };
            after = last[0].clone();
            to.write_rows(table, &rows)?;
            progress.advance(rows.len() as u64);
        }
        if table.generated_key() {
            to.follow_keys(table)?;
        }
        let (read, written) = (from.count_rows(table)?, to.count_rows(table)?);
        if read != written {
            return Err(CopyError::Mismatch(table.shown, read, written));
        }
        counts.push((table, written));
    }
    Ok(counts)
}
