//! The security log: recording an event (a row, and a line on stderr) and
//! reading it back a page at a time.

use crate::domain::{page_offset, AuditRow, Detail, Entry, Event, Party, AUDIT_PAGE_SIZE};
use crate::store::{Repo, StoreError};

use super::{App, Caller, Result};

/// Writes `entry` as of `at` in the transaction `repo` belongs to, and a
/// line to stderr.
pub(crate) fn record(repo: &mut dyn Repo, at: i64, entry: &Entry) -> std::result::Result<(), StoreError> {
    repo.insert_audit(at, entry)?;
    eprintln!("{}", entry.log_line(at));
    Ok(())
}

/// One page of events (from 1), newest first, and how many there are in all.
pub async fn page(app: &App, page: u32) -> Result<(Vec<AuditRow>, i64)> {
    let offset = page_offset(page, AUDIT_PAGE_SIZE);
    Ok(app
        .store
        .read(move |repo| repo.audit_page(AUDIT_PAGE_SIZE, offset))
        .await?)
}

/// Records a refused request: who asked (if anyone signed in), from where,
/// what and why. The event is the record; the caller goes on either way.
pub async fn record_refusal(app: &App, caller: &Caller, event: Event, detail: Detail) -> Result<()> {
    let entry = Entry::new(event, caller.party.clone(), Party::default(), &caller.address).detail(detail);
    let at = app.clock.now();
    Ok(app.store.write(move |repo| record(repo, at, &entry)).await?)
}
