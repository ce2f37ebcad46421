//! People in and out of gatehouse in bulk: from a Flask app's database
//! (flask.rs), from a spreadsheet (spreadsheet.rs), to a spreadsheet
//! (export.rs).

pub mod export;
use crate::domain::{Detail, Entry, Event, Party};
use crate::store::{Repo, StoreError};

use super::audit::record;
use super::Caller;

pub mod flask;
pub mod spreadsheet;

/// An import's line in the security log, inside its transaction: who, from
/// where, how many new and how many changed.
fn record_import(
    repo: &mut dyn Repo,
    at: i64,
    caller: &Caller,
    from: &str,
    (created, changed): (usize, usize),
) -> Result<(), StoreError> {
    let entry = Entry::new(
        Event::UsersImported,
        caller.party.clone(),
        Party::default(),
        &caller.address,
    )
    .detail(Detail::Imported {
        from: from.to_owned(),
        created: created as u64,
        changed: changed as u64,
    });
    record(repo, at, &entry)
}
