//! People from a spreadsheet (/users/import, `gatehouse user import`): the
//! file read and kept, each row judged against the directory (new, changed,
//! unchanged, or wrong with its field's messages) for the administrator to
//! see, and nothing written until they confirm; then every row or none, in
//! one transaction judged again, new people invited (never a password in a
//! file), and the import in the security log.

use std::collections::{HashMap, HashSet};

use crate::domain::spreadsheet::{self, Field, Sheet, SheetError, SheetRow};
use crate::domain::{
    Detail, Email, Entry, Event, GroupName, LinkKind, NewUser, PasswordHash, Problem, Role, User, UserChanges, UserName,
};
use crate::i18n::Language;
use crate::progress::{silent, Phase, Progress};
use crate::security::tokens::random_token;
use crate::store::repo::StoredImport;
use crate::store::{ReadRepo, Repo};

use super::super::audit::record;
use super::super::groups::{insert_recorded, set_groups};
use super::super::links::{self, Issued};
use super::super::users::change_entries;
use super::super::{App, Caller, Result, ServiceError};

/// A spreadsheet waiting for its confirmation is forgotten after a day.
const KEPT_SECONDS: i64 = 24 * 3600;

/// What becomes of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    New,
    /// These fields change (`name`, `role`, `language`, `groups`).
    Changed(Vec<&'static str>),
    Unchanged,
    /// What is wrong, field by field.
    Wrong(Vec<(Field, Problem)>),
}

/// A row as the preview shows it: what the person will have.
#[derive(Debug, Clone)]
pub struct Judged {
    pub line: u64,
    pub email: String,
    pub name: String,
    pub role: Option<Role>,
    /// `Some(None)`: their browser's language.
    pub language: Option<Option<String>>,
    pub groups: Option<Vec<String>>,
    pub status: Status,
    /// The person already there.
    existing: Option<User>,
}

/// A spreadsheet judged: what confirming it would do.
#[derive(Debug, Clone)]
pub struct Preview {
    /// Names it for the confirmation.
    pub id: String,
    pub file_name: String,
    pub encoding: &'static str,
    pub delimiter: char,
    pub ignored: Vec<String>,
    pub rows: Vec<Judged>,
    /// Groups it names that do not exist yet: made on confirmation.
    pub new_groups: Vec<String>,
}

impl Preview {
    pub fn count(&self, wanted: impl Fn(&Status) -> bool) -> usize {
        self.rows.iter().filter(|r| wanted(&r.status)).count()
    }

    pub fn wrong(&self) -> usize {
        self.count(|s| matches!(s, Status::Wrong(_)))
    }

    /// Whether confirming it would change anything, and nothing is wrong.
    pub fn can_apply(&self) -> bool {
        self.wrong() == 0 && self.count(|s| matches!(s, Status::New | Status::Changed(_))) > 0
    }
}

/// What a confirmation did.
#[derive(Debug)]
pub struct Applied {
    pub file_name: String,
    /// The new people's invitations (their tokens: shown once, or mailed).
    pub invited: Vec<Issued>,
    pub changed: usize,
    pub groups_made: usize,
}

/// Why a confirmation did nothing.
#[derive(Debug)]
pub enum NotApplied {
    /// No spreadsheet of this administrator's waits under that id (applied
    /// already, forgotten after a day, or another's).
    Gone,
    /// The directory changed since the preview and rows are now wrong: the
    /// preview again, as it is now.
    Wrong(Box<Preview>),
}

/// Reads an uploaded file, keeps it, and judges it; nothing else is written.
pub async fn preview(
    app: &App,
    caller: &Caller,
    file_name: &str,
    bytes: &[u8],
) -> Result<std::result::Result<Preview, SheetError>> {
    let sheet = match spreadsheet::read(bytes) {
        Ok(sheet) => sheet,
        Err(e) => return Ok(Err(e)),
    };
    let Some(created_by) = caller.user_id() else {
        return Err(ServiceError::NotFound);
    };
    let (id, at) = (random_token(), app.clock.now());
    // Kept as read (UTF-8, its BOM gone), so that it is read the same again.
    let content = spreadsheet::decode(bytes).map(|(text, _)| text).unwrap_or_default();
    let kept = StoredImport {
        created_by,
        created_at: at,
        file_name: file_name.to_owned(),
        content,
    };
    let kept_id = id.clone();
    app.store
        .write(move |repo| repo.insert_user_import(&kept_id, &kept, at - KEPT_SECONDS))
        .await?;
    Ok(Ok(judged(app, caller, sheet, id, file_name).await?))
}

/// `sheet` judged against the directory as it is, under `id`.
async fn judged(app: &App, caller: &Caller, sheet: Sheet, id: String, file_name: &str) -> Result<Preview> {
    let (me, file_name) = (caller.user_id(), file_name.to_owned());
    app.store.read(move |repo| judge(repo, &sheet, me, id, file_name)).await
}

/// Judges a file without keeping it (the command line's dry run).
pub async fn check(
    app: &App,
    caller: &Caller,
    file_name: &str,
    bytes: &[u8],
) -> Result<std::result::Result<Preview, SheetError>> {
    match spreadsheet::read(bytes) {
        Ok(sheet) => Ok(Ok(judged(app, caller, sheet, String::new(), file_name).await?)),
        Err(e) => Ok(Err(e)),
    }
}

/// Applies the spreadsheet kept under `id`, judged again now: all its rows
/// or, when one is wrong, none.
pub async fn apply(app: &App, caller: &Caller, id: &str) -> Result<std::result::Result<Applied, NotApplied>> {
    let (caller, id, at) = (caller.clone(), id.to_owned(), app.clock.now());
    let invite_life = links::lifetime(app, LinkKind::Invite);
    app.store
        .write(move |repo| {
            let kept = repo
                .user_import(&id)?
                .filter(|k| Some(k.created_by) == caller.user_id() && k.created_at > at - KEPT_SECONDS);
            let Some(kept) = kept else {
                return Ok(Err(NotApplied::Gone));
            };
            let Ok(sheet) = spreadsheet::read_kept(&kept.content) else {
                return Ok(Err(NotApplied::Gone));
            };
            let kept = (id.clone(), kept.file_name);
            let applied = judge_and_write(repo, (at, invite_life), &caller, &sheet, kept, &silent())?;
            if applied.is_ok() {
                repo.delete_user_import(&id)?;
            }
            Ok(applied)
        })
        .await
}

/// Applies a file at once (the command line's `--apply`): all its rows or,
/// when one is wrong, none.
pub async fn apply_file(
    app: &App,
    caller: &Caller,
    (file_name, bytes): (&str, &[u8]),
    progress: &Progress,
) -> Result<std::result::Result<std::result::Result<Applied, NotApplied>, SheetError>> {
    let sheet = match spreadsheet::read(bytes) {
        Ok(sheet) => sheet,
        Err(e) => return Ok(Err(e)),
    };
    let (caller, file_name, at, meter) = (caller.clone(), file_name.to_owned(), app.clock.now(), progress.clone());
    let invite_life = links::lifetime(app, LinkKind::Invite);
    let applied = app
        .store
        .write(move |repo| {
            let kept = (String::new(), file_name);
            judge_and_write(repo, (at, invite_life), &caller, &sheet, kept, &meter)
        })
        .await;
    progress.end();
    Ok(Ok(applied?))
}

/// Inside one transaction: the sheet judged against the directory as it is
/// now, and written only when no row is wrong.
fn judge_and_write(
    repo: &mut dyn Repo,
    (at, invite_life): (i64, i64),
    caller: &Caller,
    sheet: &Sheet,
    (id, file_name): (String, String),
    progress: &Progress,
) -> std::result::Result<std::result::Result<Applied, NotApplied>, ServiceError> {
    let preview = judge(repo, sheet, caller.user_id(), id, file_name)?;
    if preview.wrong() > 0 {
        return Ok(Err(NotApplied::Wrong(Box::new(preview))));
    }
    Ok(Ok(write(repo, (at, invite_life), caller, &preview, progress)?))
}

/// Inside the transaction: the groups made, each row written, the import recorded.
fn write(
    repo: &mut dyn Repo,
    (at, invite_life): (i64, i64),
    caller: &Caller,
    preview: &Preview,
    progress: &Progress,
) -> std::result::Result<Applied, ServiceError> {
    progress.begin(Phase::Importing, preview.rows.len() as u64);
    for name in &preview.new_groups {
        let name = GroupName::parse(name)?;
        if repo.group_by_key(&name.key())?.is_none() {
            insert_recorded(repo, at, caller, &name)?;
        }
    }
    let (mut invited, mut changed) = (Vec::new(), 0);
    for row in &preview.rows {
        progress.advance(1);
        let user = match (&row.status, &row.existing) {
            (Status::New, _) => {
                let new = NewUser {
                    name: UserName::parse(&row.name)?,
                    email: Email::parse(&row.email)?,
                    role: row.role.unwrap_or(Role::Member),
                };
                let mut user = repo.insert_user(&new, &PasswordHash::unset(), false, at)?;
                // Their language first: their invitation is mailed in it.
                if let Some(Some(code)) = &row.language {
                    repo.set_language(user.id, Some(code))?;
                    user.language = Some(code.clone());
                }
                let entry =
                    Entry::new(Event::UserCreated, caller.party.clone(), &user, &caller.address).detail(Detail::Role {
                        role: user.role.as_str().to_owned(),
                    });
                record(repo, at, &entry)?;
                invited.push(links::issue(repo, invite_life, at, LinkKind::Invite, &user, caller)?);
                user
            }
            (Status::Changed(_), Some(before)) => {
                let changes = UserChanges {
                    name: UserName::parse(&row.name)?,
                    email: Email::parse(&before.email)?,
                    role: row.role.unwrap_or(before.role),
                    active: before.active,
                    password: None,
                    groups: None,
                };
                repo.update_user(before.id, &changes, at)?;
                for entry in change_entries(caller, before, &changes) {
                    record(repo, at, &entry)?;
                }
                changed += 1;
                before.clone()
            }
            _ => continue,
        };
        if let Some(language) = &row.language {
            if *language != user.language {
                repo.set_language(user.id, language.as_deref())?;
            }
        }
        if let Some(names) = &row.groups {
            let mut ids = Vec::new();
            for name in names {
                if let Some(group) = repo.group_by_key(&name.to_lowercase())? {
                    ids.push(group.id);
                }
            }
            set_groups(repo, at, caller, &user, &ids)?;
        }
    }
    super::record_import(repo, at, caller, &preview.file_name, (invited.len(), changed))?;
    Ok(Applied {
        file_name: preview.file_name.clone(),
        invited,
        changed,
        groups_made: preview.new_groups.len(),
    })
}

/// Every row of `sheet` against the directory as it is in `repo`; `me`
/// is the administrator importing (who cannot demote themselves).
fn judge(
    repo: &mut dyn ReadRepo,
    sheet: &Sheet,
    me: Option<i64>,
    id: String,
    file_name: String,
) -> std::result::Result<Preview, ServiceError> {
    let users = repo.all_users()?;
    let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
    let mut groups_of: HashMap<i64, Vec<String>> = HashMap::new();
    for (user_id, name) in repo.group_names_of(&ids)? {
        groups_of.entry(user_id).or_default().push(name);
    }
    let groups: HashMap<String, String> = repo
        .all_groups()?
        .into_iter()
        .map(|g| (g.name.to_lowercase(), g.name))
        .collect();
    let by_email: HashMap<String, User> = users.into_iter().map(|u| (u.email.clone(), u)).collect();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for row in &sheet.rows {
        if let Ok(email) = Email::parse(&row.email) {
            *counts.entry(email.as_str().to_owned()).or_default() += 1;
        }
    }
    let (mut new_groups, mut new_keys): (Vec<String>, HashSet<String>) = (Vec::new(), HashSet::new());
    let mut rows: Vec<Judged> = sheet
        .rows
        .iter()
        .map(|row| {
            let existing = Email::parse(&row.email)
                .ok()
                .and_then(|e| by_email.get(e.as_str()).cloned());
            let now_in = existing
                .as_ref()
                .map(|u| groups_of.get(&u.id).cloned().unwrap_or_default())
                .unwrap_or_default();
            let judged = judge_row(row, existing, &now_in, &counts, me);
            for name in judged.groups.iter().flatten() {
                let key = name.to_lowercase();
                if !groups.contains_key(&key) && new_keys.insert(key) {
                    new_groups.push(name.clone());
                }
            }
            judged
        })
        .collect();
    // Written with the names the groups already have.
    for row in &mut rows {
        if let Some(names) = &mut row.groups {
            for name in names.iter_mut() {
                if let Some(known) = groups.get(&name.to_lowercase()) {
                    name.clone_from(known);
                }
            }
        }
    }
    keep_an_admin(&mut rows, &by_email);
    Ok(Preview {
        id,
        file_name,
        encoding: sheet.encoding,
        delimiter: sheet.delimiter,
        ignored: sheet.ignored.clone(),
        rows,
        new_groups,
    })
}

/// One row: each field parsed, then compared with the person already there.
fn judge_row(
    row: &SheetRow,
    existing: Option<User>,
    now_in: &[String],
    counts: &HashMap<String, usize>,
    me: Option<i64>,
) -> Judged {
    let mut wrong = Vec::new();
    if row.extra_cells {
        wrong.push((Field::Row, Problem::SheetExtraCells));
    }
    let email = match Email::parse(&row.email) {
        Ok(email) => {
            if counts.get(email.as_str()).copied().unwrap_or(0) > 1 {
                wrong.push((Field::Email, Problem::SheetEmailTwice));
            }
            email.as_str().to_owned()
        }
        Err(problem) => {
            wrong.push((Field::Email, problem));
            row.email.clone()
        }
    };
    let name = match (&row.name, &existing) {
        (Some(typed), _) => match UserName::parse(typed) {
            Ok(name) => name.as_str().to_owned(),
            Err(problem) => {
                wrong.push((Field::Name, problem));
                typed.clone()
            }
        },
        (None, Some(user)) => user.name.clone(),
        (None, None) => {
            wrong.push((Field::Name, Problem::SheetNameMissing));
            String::new()
        }
    };
    let role = row.role.as_ref().and_then(|cell| match spreadsheet::role(cell) {
        Ok(role) => Some(role),
        Err(problem) => {
            wrong.push((Field::Role, problem));
            None
        }
    });
    let language = row
        .language
        .as_ref()
        .and_then(|cell| match cell.trim().to_lowercase().as_str() {
            "auto" => Some(None),
            code => match Language::find(code) {
                Some(language) => Some(Some(language.code().to_owned())),
                None => {
                    wrong.push((Field::Language, Problem::SheetLanguageUnknown));
                    None
                }
            },
        });
    let groups = row.groups.as_ref().map(|names| {
        names
            .iter()
            .filter_map(|name| match GroupName::parse(name) {
                Ok(name) => Some(name.as_str().to_owned()),
                Err(problem) => {
                    wrong.push((Field::Groups, problem));
                    None
                }
            })
            .collect::<Vec<_>>()
    });
    if let (Some(user), Some(Role::Member)) = (&existing, role) {
        if Some(user.id) == me && user.is_admin() {
            wrong.push((Field::Role, Problem::NotYourself));
        }
    }
    let status = match (&existing, wrong.is_empty()) {
        (_, false) => Status::Wrong(wrong),
        (None, true) => Status::New,
        (Some(user), true) => {
            let mut fields = Vec::new();
            if name != user.name {
                fields.push("name");
            }
            if role.is_some_and(|r| r != user.role) {
                fields.push("role");
            }
            if language.as_ref().is_some_and(|l| *l != user.language) {
                fields.push("language");
            }
            let same_groups = |wanted: &Vec<String>| {
                let a: HashSet<String> = wanted.iter().map(|n| n.to_lowercase()).collect();
                let b: HashSet<String> = now_in.iter().map(|n| n.to_lowercase()).collect();
                a == b
            };
            if groups.as_ref().is_some_and(|g| !same_groups(g)) {
                fields.push("groups");
            }
            match fields.is_empty() {
                true => Status::Unchanged,
                false => Status::Changed(fields),
            }
        }
    };
    Judged {
        line: row.line,
        email,
        name,
        role,
        language,
        groups,
        status,
        existing,
    }
}

/// There is always an active administrator: when the file would demote
/// every one, the rows that demote them are wrong.
fn keep_an_admin(rows: &mut [Judged], by_email: &HashMap<String, User>) {
    let admins: Vec<&User> = by_email.values().filter(|u| u.is_admin() && u.active).collect();
    let demoted = |row: &Judged| {
        row.role == Some(Role::Member) && row.existing.as_ref().is_some_and(|u| u.is_admin() && u.active)
    };
    let demotions: HashSet<String> = rows.iter().filter(|r| demoted(r)).map(|r| r.email.clone()).collect();
    if admins.is_empty() || admins.iter().any(|a| !demotions.contains(&a.email)) {
        return;
    }
    for row in rows.iter_mut().filter(|r| demoted(r)) {
        match &mut row.status {
            Status::Wrong(problems) => problems.push((Field::Role, Problem::LastAdmin)),
            status => *status = Status::Wrong(vec![(Field::Role, Problem::LastAdmin)]),
        }
    }
}
