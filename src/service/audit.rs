//! The security log: recording an event (a row, and an info event with
//! target `gatehouse::audit` whose fields are the row's) and reading it back
//! a page at a time.

use crate::domain::{page_offset, AuditRow, Detail, Entry, Event, Party, AUDIT_PAGE_SIZE};
use crate::store::{Repo, StoreError};

use super::{App, Caller, Result};

/// Writes `entry` as of `at` in the transaction `repo` belongs to, and logs it.
pub(crate) fn record(repo: &mut dyn Repo, at: i64, entry: &Entry) -> std::result::Result<(), StoreError> {
    repo.insert_audit(at, entry)?;
    log(entry);
    Ok(())
}

/// The event as the log's fields: what happened, who did it to whom, from
/// where, and the detail's stored form; never a password, code or token
/// (an entry holds none).
fn log(entry: &Entry) {
    tracing::info!(
        target: "gatehouse::audit",
        event = entry.event.as_str(),
        actor = entry.actor.label.as_str(),
        target = entry.target.label.as_str(),
        address = entry.address.as_str(),
        detail = entry.detail.as_str(),
    );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logging::test_support::logged;
    use crate::logging::{Format, Level, LogSettings};

    fn forged() -> Entry {
        Entry::new(
            Event::SignInFailed,
            Party::default(),
            Party::named("evil\n\u{1b}[31maudit: forged"),
            "127.0.0.1",
        )
        .detail(Detail::Locked {
            failures: 5,
            minutes: 15,
        })
    }

    #[test]
    fn an_event_is_one_line_of_fields_with_control_characters_escaped() {
        let text = logged(&LogSettings::new(Level::Info, Format::Text), || log(&forged()));
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(
            text.contains(" INFO gatehouse::audit: event=\"sign_in_failed\" actor=\"\""),
            "{text}"
        );
        assert!(
            text.contains(r#"target="evil\n\u{1b}[31maudit: forged" address="127.0.0.1""#),
            "{text}"
        );
        assert!(!text.contains('\u{1b}'), "{text}");

        let json = logged(&LogSettings::new(Level::Info, Format::Json), || log(&forged()));
        let line: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
        assert_eq!(line["target"], "gatehouse::audit");
        assert_eq!(line["level"], "INFO");
        assert_eq!(line["fields"]["event"], "sign_in_failed");
        assert_eq!(line["fields"]["target"], "evil\n\u{1b}[31maudit: forged");
        let detail: serde_json::Value = serde_json::from_str(line["fields"]["detail"].as_str().unwrap()).unwrap();
        assert_eq!(detail["failures"], 5);
    }

    #[test]
    fn at_the_default_level_events_are_not_written() {
        assert_eq!(logged(&LogSettings::default(), || log(&forged())), "");
    }
}
