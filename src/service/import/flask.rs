//! Bringing a Flask app's people in (`gatehouse import flask`): its user
//! table read, each row judged (new, already here, or skipped and why),
//! and, when asked, the new people written in one transaction with their
//! Werkzeug hashes (or Flask-Bcrypt's) kept as they are, so that they sign
//! in with the password they had (replaced by gatehouse's bcrypt at that
//! first sign-in).

use std::collections::HashSet;

use crate::domain::flask_import::{self, Found, NotFound};
use crate::domain::{Email, NewUser, PasswordHash, Role, UserChanges, UserName};
use crate::progress::{Phase, Progress};
use crate::security::werkzeug::{Refusal, WerkzeugHash};
use crate::store::foreign::Foreign;
use crate::store::{Location, StoreError};

use super::super::{App, Caller, Result};

/// Why a row is not brought in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// The entry is not an email address (a username is not guessed into one).
    NotAnEmail,
    /// An address that an earlier row of the source has already.
    Twice,
    /// No password hash.
    NoPassword,
    /// A hash, but not one gatehouse can check (md5, sha1, a plain text…).
    OtherHash,
    /// Werkzeug's, with parameters past the caps (or not a power of two).
    HashPastCaps,
    /// Werkzeug's prefix, not its shape.
    HashMalformed,
}

impl Skip {
    /// Its message in the catalogue.
    pub fn key(self) -> &'static str {
        match self {
            Skip::NotAnEmail => "import-skip-not-email",
            Skip::Twice => "import-skip-twice",
            Skip::NoPassword => "import-skip-no-password",
            Skip::OtherHash => "import-skip-other-hash",
            Skip::HashPastCaps => "import-skip-hash-caps",
            Skip::HashMalformed => "import-skip-hash-malformed",
        }
    }
}

/// What becomes of one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Brought in: with this hash kind, as an administrator or not, active or not.
    New {
        kind: &'static str,
        admin: bool,
        active: bool,
    },
    /// Someone with this email is in gatehouse already: left as they are.
    AlreadyHere,
    Skipped(Skip),
}

#[derive(Debug, Clone)]
pub struct Row {
    /// The entry as the source has it (trimmed).
    pub entry: String,
    pub name: String,
    pub verdict: Verdict,
    hash: String,
}

/// The source read and judged: nothing written yet.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The source as messages show it (a URL without its password).
    pub source: String,
    pub found: Found,
    pub rows: Vec<Row>,
}

impl Plan {
    pub fn count(&self, wanted: impl Fn(&Verdict) -> bool) -> usize {
        self.rows.iter().filter(|r| wanted(&r.verdict)).count()
    }
}

/// Why the source could not be read.
#[derive(Debug)]
pub enum Unreadable {
    /// It could not be opened or read (the reason, worded for the person).
    Source(String),
    /// Its people's table or columns were not found.
    NotFound(NotFound),
}

/// Reads `source` and judges every row against the directory.
pub async fn plan(
    app: &App,
    source: Location,
    table: Option<String>,
    columns: Option<(String, String)>,
) -> Result<std::result::Result<Plan, Unreadable>> {
    let shown = source.shown();
    let read = tokio::task::spawn_blocking(move || read_source(&source, table.as_deref(), columns))
        .await
        .unwrap_or_else(|_| Err(Unreadable::Source("the reading stopped".into())));
    let (found, rows) = match read {
        Ok(read) => read,
        Err(unreadable) => return Ok(Err(unreadable)),
    };
    let here: HashSet<String> = app
        .store
        .read(|repo| repo.all_users())
        .await?
        .into_iter()
        .map(|u| u.email)
        .collect();
    let mut seen = HashSet::new();
    let rows = rows
        .into_iter()
        .map(|raw| judge(raw, &found, &here, &mut seen))
        .collect();
    Ok(Ok(Plan {
        source: shown,
        found,
        rows,
    }))
}

/// One source row: entry, hash, name, active, admin (those the source has).
type Raw = Vec<Option<String>>;

fn read_source(
    source: &Location,
    table: Option<&str>,
    columns: Option<(String, String)>,
) -> std::result::Result<(Found, Vec<Raw>), Unreadable> {
    let mut foreign = Foreign::open(source).map_err(Unreadable::Source)?;
    let listing = foreign.tables().map_err(Unreadable::Source)?;
    let named = columns.as_ref().map(|(e, p)| (e.as_str(), p.as_str()));
    let found = flask_import::find(&listing, table, named).map_err(Unreadable::NotFound)?;
    let c = &found.columns;
    let mut wanted = vec![c.entry.as_str(), c.password.as_str()];
    wanted.extend([&c.name, &c.active, &c.admin].into_iter().flatten().map(String::as_str));
    let rows = foreign.rows(&found.table, &wanted).map_err(Unreadable::Source)?;
    Ok((found, rows))
}

fn judge(raw: Raw, found: &Found, here: &HashSet<String>, seen: &mut HashSet<String>) -> Row {
    let mut values = raw.into_iter();
    let mut next = || values.next().flatten().unwrap_or_default();
    let (entry, hash) = (next().trim().to_owned(), next().trim().to_owned());
    let c = &found.columns;
    let name = c.name.as_ref().map(|_| next()).unwrap_or_default();
    let active = c.active.as_ref().map(|_| flask_import::truthy(&next())).unwrap_or(true);
    let admin = c.admin.as_ref().map(|_| flask_import::truthy(&next())).unwrap_or(false);
    let email = Email::parse(&entry).ok();
    let name = UserName::parse(&name)
        .or_else(|_| UserName::parse(entry.split('@').next().unwrap_or(&entry)))
        .map(|n| n.as_str().to_owned())
        .unwrap_or_else(|_| entry.clone());
    let verdict = match &email {
        None => Verdict::Skipped(Skip::NotAnEmail),
        Some(email) if !seen.insert(email.as_str().to_owned()) => Verdict::Skipped(Skip::Twice),
        Some(email) if here.contains(email.as_str()) => Verdict::AlreadyHere,
        Some(_) if hash.is_empty() => Verdict::Skipped(Skip::NoPassword),
        Some(_) => match importable(&hash) {
            Ok(kind) => Verdict::New { kind, admin, active },
            Err(Refusal::OtherKind) => Verdict::Skipped(Skip::OtherHash),
            Err(Refusal::PastCaps) => Verdict::Skipped(Skip::HashPastCaps),
            Err(Refusal::Malformed) => Verdict::Skipped(Skip::HashMalformed),
        },
    };
    // A row without an entry is shown by its name.
    let shown = match (&email, entry.is_empty()) {
        (Some(email), _) => email.as_str().to_owned(),
        (None, true) => name.clone(),
        (None, false) => entry,
    };
    Row {
        entry: shown,
        name,
        verdict,
        hash,
    }
}

/// The kind of a hash gatehouse can keep: Werkzeug's, or bcrypt's (what
/// Flask-Bcrypt stores, and gatehouse's own) at a cost that takes no more
/// than a second or so; anything else is refused.
fn importable(hash: &str) -> std::result::Result<&'static str, Refusal> {
    if ["$2a$", "$2b$", "$2y$"].iter().any(|p| hash.starts_with(p)) {
        let shaped = hash.len() == 60 && hash.is_ascii();
        return match PasswordHash::from_stored(hash.to_owned()).cost() {
            Some(cost) if shaped && (4..=MAX_BCRYPT_COST).contains(&cost) => Ok("bcrypt"),
            Some(cost) if shaped && cost > MAX_BCRYPT_COST => Err(Refusal::PastCaps),
            _ => Err(Refusal::Malformed),
        };
    }
    WerkzeugHash::parse(hash).map(|w| w.kind())
}

/// bcrypt's time doubles with each step of its cost: 14 is four times the usual 12.
const MAX_BCRYPT_COST: u32 = 14;

/// Writes the plan's new people in one transaction, with one line in the
/// security log (who, how many, from where); someone who arrived in
/// gatehouse since the plan was made is left as they are. How many came in.
pub async fn apply(app: &App, caller: &Caller, plan: Plan, progress: &Progress) -> Result<usize> {
    let (caller, at, meter) = (caller.clone(), app.clock.now(), progress.clone());
    let applied = app
        .store
        .write(move |repo| {
            let new = plan.count(|v| matches!(v, Verdict::New { .. }));
            meter.begin(Phase::Importing, new as u64);
            let mut brought = 0;
            for row in &plan.rows {
                let Verdict::New { admin, active, .. } = row.verdict else {
                    continue;
                };
                meter.advance(1);
                let (Ok(email), Ok(name)) = (Email::parse(&row.entry), UserName::parse(&row.name)) else {
                    continue;
                };
                if repo.user_by_email(&email)?.is_some() {
                    continue;
                }
                let role = if admin { Role::Admin } else { Role::Member };
                let new = NewUser { name, email, role };
                let user = repo.insert_user(&new, &PasswordHash::from_stored(row.hash.clone()), false, at)?;
                if !active {
                    let changes = UserChanges {
                        name: new.name.clone(),
                        email: new.email.clone(),
                        role,
                        active: false,
                        password: None,
                        groups: None,
                    };
                    repo.update_user(user.id, &changes, at)?;
                }
                brought += 1;
            }
            super::record_import(repo, at, &caller, &plan.source, (brought, 0))?;
            Ok::<_, StoreError>(brought)
        })
        .await;
    progress.end();
    Ok(applied?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_werkzeug_and_bcrypt_hashes_within_their_caps_only() {
        let bcrypt = bcrypt::hash("a password", 4).unwrap();
        assert_eq!(importable(&bcrypt), Ok("bcrypt"));
        let costly = format!("$2b$31${}", &bcrypt[7..]);
        assert_eq!(importable(&costly), Err(Refusal::PastCaps));
        assert_eq!(importable("$2b$12$short"), Err(Refusal::Malformed));
        assert_eq!(
            importable(&format!("pbkdf2:sha256:1000$s${}", "0".repeat(64))),
            Ok("pbkdf2:sha256")
        );
        assert_eq!(importable("a plain password"), Err(Refusal::OtherKind));
    }
}
