//! People in and out as spreadsheets, for administrators: `GET
//! /users/import` (the upload form and what a file may hold), `POST
//! /users/import` (the file read, every row previewed, nothing written),
//! `POST /users/import/confirm` (all the rows or none; the new people's
//! invitations mailed or shown once) and `GET /users/export.csv`.

use rocket::form::FromForm;
use rocket::http::{Header, Status};
use rocket::State;
use serde_json::{json, Value};

use crate::domain::spreadsheet::{SheetError, MAX_ROWS};
use crate::progress::silent;
use crate::service::import::export as directory_export;
use crate::service::import::spreadsheet::{self, Applied, NotApplied, Preview, Status as RowStatus};
use crate::service::links::{self, Mailed};
use crate::service::{App, Caller};
use crate::web::answer::Answered;
use crate::web::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::guards::{AdminUser, LinkBase};
use crate::web::upload::Upload;
use crate::web::view::{Page, TokenPage, View};

/// The upload form, with a message when the last file could not be read.
fn upload_page(view: &View<'_>, status: Status, problem: Option<String>) -> Result<Page, AppError> {
    let values = json!({ "problem": problem, "max_rows": MAX_ROWS });
    view.render_with_status(status, "users/import.html.tera", values)
}

#[rocket::get("/users/import")]
pub fn form(_admin: AdminUser, view: View<'_>) -> Result<Page, AppError> {
    upload_page(&view, Status::Ok, None)
}

/// Why a file was not read, in the reader's words, and the status it answers.
fn refusal(view: &View<'_>, error: SheetError) -> (Status, String) {
    let language = view.language();
    match error {
        SheetError::TooLarge => (Status::PayloadTooLarge, language.text("import-too-large")),
        SheetError::TooManyRows => (
            Status::PayloadTooLarge,
            language.text_with("import-too-many-rows", &[("max", MAX_ROWS.into())]),
        ),
        SheetError::Empty => (Status::UnprocessableEntity, language.text("import-empty")),
        SheetError::NotCsv => (Status::UnprocessableEntity, language.text("import-not-csv")),
        SheetError::Utf16 => (Status::UnprocessableEntity, language.text("import-utf16")),
        SheetError::NoEmailColumn => (Status::UnprocessableEntity, language.text("import-no-email-column")),
        SheetError::Broken(line) => (
            Status::UnprocessableEntity,
            language.text_with("import-broken", &[("line", line.into())]),
        ),
    }
}

#[rocket::post("/users/import", data = "<upload>")]
pub async fn preview(
    _admin: AdminUser,
    upload: Upload,
    caller: Caller,
    app: &State<App>,
    view: View<'_>,
) -> Result<Page, AppError> {
    let (name, bytes) = match upload {
        Upload::File { name, bytes } => (name, bytes),
        Upload::TooLarge => return refused(&view, SheetError::TooLarge),
        Upload::NoFile => {
            return upload_page(
                &view,
                Status::UnprocessableEntity,
                Some(view.language().text("import-no-file")),
            )
        }
    };
    match spreadsheet::preview(app, &caller, &name, &bytes).await? {
        Ok(preview) => preview_page(&view, Status::Ok, &preview, None),
        Err(error) => refused(&view, error),
    }
}

fn refused(view: &View<'_>, error: SheetError) -> Result<Page, AppError> {
    let (status, message) = refusal(view, error);
    upload_page(view, status, Some(message))
}

/// A row as the preview table shows it.
fn row_values(view: &View<'_>, row: &spreadsheet::Judged) -> Value {
    let language = view.language();
    let (status, detail) = match &row.status {
        RowStatus::New => ("new", String::new()),
        RowStatus::Unchanged => ("unchanged", String::new()),
        RowStatus::Changed(fields) => {
            let words: Vec<String> = fields
                .iter()
                .map(|f| language.text(&format!("detail-field-{f}")))
                .collect();
            ("changed", words.join(", "))
        }
        RowStatus::Wrong(problems) => {
            let messages: Vec<String> = problems
                .iter()
                .map(|(field, problem)| {
                    let field = language.text(&format!("import-column-{}", field.header()));
                    format!("{field}: {}", language.text(&format!("problem-{}", problem.id())))
                })
                .collect();
            ("wrong", messages.join(" "))
        }
    };
    let shown_language = match &row.language {
        Some(Some(code)) => code.clone(),
        Some(None) => language.text("account-language-auto"),
        None => String::new(),
    };
    json!({
        "line": row.line,
        "email": row.email,
        "name": row.name,
        "role": row.role.map(|r| r.as_str()),
        "language": shown_language,
        "groups": row.groups.as_ref().map(|g| g.join(", ")),
        "status": status,
        "detail": detail,
    })
}

fn preview_page(view: &View<'_>, status: Status, preview: &Preview, notice: Option<String>) -> Result<Page, AppError> {
    let rows: Vec<Value> = preview.rows.iter().map(|r| row_values(view, r)).collect();
    let values = json!({
        "import": preview.id,
        "file_name": preview.file_name,
        "encoding": preview.encoding,
        "delimiter": match preview.delimiter { '\t' => view.language().text("import-tab"), d => d.to_string() },
        "ignored": preview.ignored.join(", "),
        "rows": rows,
        "new_groups": preview.new_groups.join(", "),
        "counts": {
            "new": preview.count(|s| *s == RowStatus::New),
            "changed": preview.count(|s| matches!(s, RowStatus::Changed(_))),
            "unchanged": preview.count(|s| *s == RowStatus::Unchanged),
            "wrong": preview.wrong(),
        },
        "can_apply": preview.can_apply(),
        "notice": notice,
    });
    view.render_with_status(status, "users/import_preview.html.tera", values)
}

#[derive(FromForm)]
pub struct ConfirmForm {
    #[field(default = String::new())]
    import: String,
}

#[rocket::post("/users/import/confirm", data = "<form>")]
pub async fn confirm(
    admin: AdminUser,
    form: CsrfForm<ConfirmForm>,
    caller: Caller,
    app: &State<App>,
    base: LinkBase,
    view: View<'_>,
) -> Answered {
    let id = form.into_inner().import;
    match spreadsheet::apply(app, &caller, &id).await? {
        Ok(applied) => Ok(done_page(app, (&admin, &caller), view, &applied, &base).await?.into()),
        Err(NotApplied::Gone) => {
            Ok(upload_page(&view, Status::Gone, Some(view.language().text("import-gone")))?.into())
        }
        Err(NotApplied::Wrong(preview)) => {
            let notice = view.language().text("import-changed-since");
            Ok(preview_page(&view, Status::Conflict, &preview, Some(notice))?.into())
        }
    }
}

/// How long a confirmation goes on mailing invitations: those not mailed
/// by then (or after a mail fails) are listed to hand out instead.
const MAILING_SECONDS: u64 = 20;

/// What a confirmation did; each new person's invitation mailed when mail
/// is set up, else listed (once: the page is not kept) to hand out.
async fn done_page(
    app: &App,
    (admin, caller): (&AdminUser, &Caller),
    view: View<'_>,
    applied: &Applied,
    base: &LinkBase,
) -> Result<TokenPage, AppError> {
    let sender = Some(admin.0.user.name.as_str());
    let mut invited = Vec::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(MAILING_SECONDS);
    let mut mailing = true;
    for issued in &applied.invited {
        // The people are in: a mail that fails leaves its link on the page.
        let mailed = match mailing && std::time::Instant::now() < deadline {
            true => links::mail_link(app, caller, issued, view.language(), sender)
                .await
                .unwrap_or_else(|e| Mailed::Failed(e.to_string())),
            false => Mailed::NotConfigured,
        };
        mailing &= !matches!(mailed, Mailed::Failed(_) | Mailed::NotConfigured);
        invited.push(json!({
            "name": issued.user.name,
            "email": issued.user.email,
            "url": (!matches!(mailed, Mailed::Sent)).then(|| issued.url(&base.0)),
            "mailed": matches!(mailed, Mailed::Sent),
            "failed": matches!(mailed, Mailed::Failed(_)),
        }));
    }
    let expires_at = applied.invited.first().map(|i| i.expires_at);
    let values = json!({
        "file_name": applied.file_name,
        "created": applied.invited.len(),
        "changed": applied.changed,
        "groups_made": applied.groups_made,
        "invited": invited,
        "expires_at": expires_at,
    });
    Ok(TokenPage(view.render("users/import_done.html.tera", values)?))
}

/// A CSV file to save, named for the day.
#[derive(rocket::Responder)]
#[response(content_type = "text/csv; charset=utf-8")]
pub struct CsvFile {
    body: Vec<u8>,
    disposition: Header<'static>,
    /// The directory: never kept by a browser or a proxy.
    cache: Header<'static>,
}

#[rocket::get("/users/export.csv")]
pub async fn export(_admin: AdminUser, caller: Caller, app: &State<App>) -> Result<CsvFile, AppError> {
    let body = directory_export::csv(app, &caller, &silent()).await?;
    let day = app
        .settings
        .zone()
        .map(|zone| zone.for_spreadsheet(app.clock.now()))
        .unwrap_or_default();
    let day = day.split(' ').next().unwrap_or_default();
    Ok(CsvFile {
        body,
        disposition: Header::new(
            "Content-Disposition",
            format!("attachment; filename=\"gatehouse-people-{day}.csv\""),
        ),
        cache: Header::new("Cache-Control", "no-store"),
    })
}
