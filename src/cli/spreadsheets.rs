//! `gatehouse user import FILE [--apply]` and `gatehouse user export
//! [--output F]`: the same use cases as /users/import and
//! /users/export.csv. The import says what would change, row by row, and
//! changes it only with `--apply` (all the rows, or none when one is wrong);
//! new people's invitation links are printed, as `user invite` prints one.

use std::path::Path;

use crate::domain::spreadsheet::{SheetError, MAX_ROWS};
use crate::service::import::export;
use crate::service::import::spreadsheet::{self, NotApplied, Preview, Status};
use crate::service::{App, Caller};

use super::location::block_on;
use super::progress::on_terminal;
use super::users::{failed, print_link};
use super::{text, text_with};

pub fn import(app: &App, file: &Path, apply: bool) -> Result<(), String> {
    let shown = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|e| {
        text_with(
            "cli-sheet-unreadable",
            &[("file", shown.clone().into()), ("reason", e.to_string().into())],
        )
    })?;
    let name = file
        .file_name()
        .map_or(shown.clone(), |n| n.to_string_lossy().into_owned());
    let caller = Caller::command_line();
    let not_read = |error: SheetError| {
        text_with(
            "cli-sheet-refused",
            &[("file", shown.clone().into()), ("reason", refusal(error).into())],
        )
    };
    if !apply {
        let preview = block_on(spreadsheet::check(app, &caller, &name, &bytes))?
            .map_err(|e| failed(app, e))?
            .map_err(not_read)?;
        report(&preview);
        let key = match preview.wrong() {
            0 => "cli-sheet-dry-run",
            _ => "cli-sheet-fix-wrong",
        };
        println!("{}", text_with(key, &counts(&preview)));
        return Ok(());
    }
    match block_on(spreadsheet::apply_file(app, &caller, (&name, &bytes), &on_terminal()))?
        .map_err(|e| failed(app, e))?
        .map_err(not_read)?
    {
        Ok(applied) => {
            for issued in &applied.invited {
                print_link(app, issued)?;
            }
            println!(
                "{}",
                text_with(
                    "cli-sheet-applied",
                    &[
                        ("new", applied.invited.len().into()),
                        ("changed", applied.changed.into()),
                        ("groups", applied.groups_made.into())
                    ]
                )
            );
            Ok(())
        }
        Err(NotApplied::Wrong(preview)) => {
            report(&preview);
            Err(text_with("cli-sheet-not-applied", &counts(&preview)))
        }
        Err(NotApplied::Gone) => Err(not_read(SheetError::Empty)),
    }
}

fn counts(preview: &Preview) -> Vec<(&'static str, crate::i18n::Arg)> {
    vec![
        ("new", preview.count(|s| *s == Status::New).into()),
        ("changed", preview.count(|s| matches!(s, Status::Changed(_))).into()),
        ("unchanged", preview.count(|s| *s == Status::Unchanged).into()),
        ("wrong", preview.wrong().into()),
    ]
}

/// Why a file was not read, in this computer's language.
fn refusal(error: SheetError) -> String {
    match error {
        SheetError::TooLarge => text("import-too-large"),
        SheetError::TooManyRows => text_with("import-too-many-rows", &[("max", MAX_ROWS.into())]),
        SheetError::Empty => text("import-empty"),
        SheetError::NotCsv => text("import-not-csv"),
        SheetError::Utf16 => text("import-utf16"),
        SheetError::NoEmailColumn => text("import-no-email-column"),
        SheetError::Broken(line) => text_with("import-broken", &[("line", line.into())]),
    }
}

/// Each row, one a line.
fn report(preview: &Preview) {
    for row in &preview.rows {
        let (line, email) = (("line", row.line.into()), ("email", row.email.clone().into()));
        let said = match &row.status {
            Status::New => text_with("cli-sheet-row-new", &[line, email, ("name", row.name.clone().into())]),
            Status::Unchanged => text_with("cli-sheet-row-unchanged", &[line, email]),
            Status::Changed(fields) => {
                let fields: Vec<String> = fields.iter().map(|f| text(&format!("detail-field-{f}"))).collect();
                text_with(
                    "cli-sheet-row-changed",
                    &[line, email, ("fields", fields.join(", ").into())],
                )
            }
            Status::Wrong(problems) => {
                let why: Vec<String> = problems
                    .iter()
                    .map(|(field, problem)| {
                        format!(
                            "{}: {}",
                            text(&format!("import-column-{}", field.header())),
                            text(&format!("problem-{}", problem.id()))
                        )
                    })
                    .collect();
                text_with("cli-sheet-row-wrong", &[line, email, ("why", why.join(" ").into())])
            }
        };
        println!("  {said}");
    }
}

pub fn export(app: &App, output: Option<&Path>) -> Result<(), String> {
    let bytes = block_on(export::csv(app, &Caller::command_line(), &on_terminal()))?.map_err(|e| failed(app, e))?;
    match output {
        Some(path) => {
            std::fs::write(path, &bytes).map_err(|e| {
                text_with(
                    "cli-sheet-unwritable",
                    &[
                        ("file", path.display().to_string().into()),
                        ("reason", e.to_string().into()),
                    ],
                )
            })?;
            eprintln!(
                "{}",
                text_with("cli-sheet-exported", &[("file", path.display().to_string().into())])
            );
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes).map_err(|e| {
                text_with(
                    "cli-sheet-unwritable",
                    &[("file", "-".into()), ("reason", e.to_string().into())],
                )
            })?;
        }
    }
    Ok(())
}
