//! The directory as a spreadsheet (/users/export.csv, `gatehouse user
//! export`): UTF-8 with a BOM so that Excel reads accents right, the same
//! English header in every language (it is for spreadsheets and scripts),
//! times in the office's zone as spreadsheets read them, every cell that
//! would start a formula written as text, and no password hash.

use std::collections::HashMap;

use crate::domain::spreadsheet::{join_groups, to_spreadsheet};
use crate::domain::{Detail, Entry, Event, Party};
use crate::progress::{Phase, Progress};
use crate::store::StoreError;

use super::super::audit::record;
use super::super::{App, Caller, Result};

/// The header row, in every language.
pub const HEADER: [&str; 8] = [
    "name",
    "email",
    "role",
    "groups",
    "active",
    "two_step",
    "created",
    "last_sign_in",
];

/// Every person, by name, as CSV bytes; the export is in the security log.
pub async fn csv(app: &App, caller: &Caller, progress: &Progress) -> Result<Vec<u8>> {
    let (people, groups) = app
        .store
        .read(|repo| {
            let people = repo.all_users()?;
            let ids: Vec<i64> = people.iter().map(|u| u.id).collect();
            let groups = repo.group_names_of(&ids)?;
            Ok::<_, StoreError>((people, groups))
        })
        .await?;
    let mut groups_of: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, name) in groups {
        groups_of.entry(id).or_default().push(name);
    }
    let zone = app.settings.zone().map_err(StoreError::other)?;
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let failed = |e: csv::Error| StoreError::other(e.to_string());
        writer.write_record(HEADER).map_err(failed)?;
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        progress.begin(Phase::Exporting, people.len() as u64);
        for person in &people {
            progress.advance(1);
            let groups = join_groups(groups_of.get(&person.id).map(Vec::as_slice).unwrap_or_default());
            let record = [
                to_spreadsheet(&person.name),
                to_spreadsheet(&person.email),
                person.role.as_str().to_owned(),
                to_spreadsheet(&groups),
                yes_no(person.active).to_owned(),
                // A code or a passkey.
                yes_no(person.second_step()).to_owned(),
                zone.for_spreadsheet(person.created_at),
                person
                    .last_sign_in_at
                    .map(|at| zone.for_spreadsheet(at))
                    .unwrap_or_default(),
            ];
            writer.write_record(&record).map_err(failed)?;
        }
        progress.end();
        writer.flush().map_err(|e| StoreError::other(e.to_string()))?;
    }
    let (caller, at, count) = (caller.clone(), app.clock.now(), people.len() as u64);
    app.store
        .write(move |repo| {
            let entry = Entry::new(
                Event::UsersExported,
                caller.party.clone(),
                Party::default(),
                &caller.address,
            )
            .detail(Detail::Exported { count });
            record(repo, at, &entry)
        })
        .await?;
    Ok(out)
}
