//! `gatehouse import flask`: a Flask app's people brought in, with the
//! passwords they had; a dry run that says what would happen unless
//! `--apply`.

use std::ffi::OsString;

use crate::domain::flask_import::NotFound;
use crate::service::import::flask::{self, Plan, Unreadable, Verdict};
use crate::service::{App, Caller};
use crate::store::Location;

use super::location::block_on;
use super::users::failed;
use super::{text, text_with};

pub fn flask(
    app: &App,
    from: OsString,
    table: Option<String>,
    columns: Option<String>,
    apply: bool,
) -> Result<(), String> {
    let columns = match columns {
        None => None,
        Some(both) => match both.split_once(',') {
            Some((entry, password)) if !entry.trim().is_empty() && !password.trim().is_empty() => {
                Some((entry.trim().to_owned(), password.trim().to_owned()))
            }
            _ => return Err(text("cli-import-columns-shape")),
        },
    };
    let source = Location::parse(from);
    let shown = source.shown();
    let plan = block_on(flask::plan(app, source, table, columns))?
        .map_err(|e| failed(app, e))?
        .map_err(|unreadable| not_read(&shown, unreadable))?;
    report(&plan);
    let (here, skipped) = (
        plan.count(|v| *v == Verdict::AlreadyHere),
        plan.count(|v| matches!(v, Verdict::Skipped(_))),
    );
    if !apply {
        let new = plan.count(|v| matches!(v, Verdict::New { .. }));
        println!(
            "{}",
            text_with(
                "cli-import-dry-run",
                &[("new", new.into()), ("here", here.into()), ("skipped", skipped.into())]
            )
        );
        return Ok(());
    }
    let brought = block_on(flask::apply(
        app,
        &Caller::command_line(),
        plan,
        &super::progress::on_terminal(),
    ))?
    .map_err(|e| failed(app, e))?;
    println!(
        "{}",
        text_with(
            "cli-import-applied",
            &[
                ("new", brought.into()),
                ("here", here.into()),
                ("skipped", skipped.into())
            ]
        )
    );
    Ok(())
}

/// Each row, one a line: what becomes of it, and why when it is skipped.
fn report(plan: &Plan) {
    let c = &plan.found.columns;
    println!(
        "{}",
        text_with(
            "cli-import-reading",
            &[
                ("source", plan.source.clone().into()),
                ("table", plan.found.table.clone().into()),
                ("entry", c.entry.clone().into()),
                ("password", c.password.clone().into()),
            ]
        )
    );
    for row in &plan.rows {
        let line = match &row.verdict {
            Verdict::New { kind, admin, active } => {
                let key = match (admin, active) {
                    (_, false) => "cli-import-row-new-disabled",
                    (true, true) => "cli-import-row-new-admin",
                    (false, true) => "cli-import-row-new",
                };
                text_with(
                    key,
                    &[
                        ("entry", row.entry.clone().into()),
                        ("name", row.name.clone().into()),
                        ("kind", (*kind).into()),
                    ],
                )
            }
            Verdict::AlreadyHere => text_with("cli-import-row-here", &[("entry", row.entry.clone().into())]),
            Verdict::Skipped(skip) => text_with(
                "cli-import-row-skipped",
                &[("entry", row.entry.clone().into()), ("why", text(skip.key()).into())],
            ),
        };
        println!("  {line}");
    }
}

/// Why the source could not be read, and what to write instead.
fn not_read(source: &str, unreadable: Unreadable) -> String {
    let list = |names: Vec<String>| names.join(", ");
    let source = || source.to_owned().into();
    match unreadable {
        Unreadable::Source(reason) => text_with(
            "cli-import-unreadable",
            &[("source", source()), ("reason", reason.into())],
        ),
        Unreadable::NotFound(NotFound::NoTable { tables }) => text_with(
            "cli-import-no-table",
            &[("source", source()), ("tables", list(tables).into())],
        ),
        Unreadable::NotFound(NotFound::SeveralTables { tables }) => text_with(
            "cli-import-several-tables",
            &[("source", source()), ("tables", list(tables).into())],
        ),
        Unreadable::NotFound(NotFound::NoSuchTable { table, tables }) => text_with(
            "cli-import-no-such-table",
            &[
                ("source", source()),
                ("table", table.into()),
                ("tables", list(tables).into()),
            ],
        ),
        Unreadable::NotFound(NotFound::NoColumns { table, columns }) => text_with(
            "cli-import-no-columns",
            &[("table", table.into()), ("columns", list(columns).into())],
        ),
        Unreadable::NotFound(NotFound::NoSuchColumn { table, column, columns }) => text_with(
            "cli-import-no-such-column",
            &[
                ("table", table.into()),
                ("column", column.into()),
                ("columns", list(columns).into()),
            ],
        ),
    }
}
