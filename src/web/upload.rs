//! A spreadsheet uploaded by an administrator (`POST /users/import`): a
//! multipart form with its `csrf_token` and one `file`. The token is
//! checked as `CsrfForm` checks a plain form's (403 before any handler, and
//! the refusal recorded); a file past the size limit, or none, is an answer
//! the page explains, not an error.

use rocket::data::{self, Data, FromData};
use rocket::form::{Form, FromForm};
use rocket::fs::TempFile;
use rocket::http::Status;
use rocket::request::Request;
use tokio::io::AsyncReadExt;

use crate::domain::spreadsheet::MAX_BYTES;
use crate::domain::Event;
use crate::security::tokens::same_secret;

use super::csrf::{expected, is_cross_site, unmasked};
use super::guards::record_refusal;

#[derive(FromForm)]
struct UploadForm<'r> {
    csrf_token: String,
    file: Option<data::Capped<TempFile<'r>>>,
}

/// What the form brought.
pub enum Upload {
    /// The file's name (as the browser gave it, its folders left out) and bytes.
    File { name: String, bytes: Vec<u8> },
    /// Larger than the limit: not read.
    TooLarge,
    /// No file was chosen (or an empty one).
    NoFile,
}

/// A file's name fit to show: the last part of what the browser sent, no
/// control characters, at most 100 characters.
fn shown_name(raw: Option<&str>) -> String {
    let last = raw.unwrap_or_default().rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = last.chars().filter(|c| !c.is_control()).take(100).collect();
    match name.trim().is_empty() {
        true => "spreadsheet.csv".to_owned(),
        false => name.trim().to_owned(),
    }
}

#[rocket::async_trait]
impl<'r> FromData<'r> for Upload {
    type Error = ();

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        if is_cross_site(req) {
            record_refusal(req, Event::FormRefused, "other-site").await;
            return data::Outcome::Error((Status::Forbidden, ()));
        }
        if !req.content_type().is_some_and(|ct| ct.is_form_data()) {
            return data::Outcome::Error((Status::UnsupportedMediaType, ()));
        }
        let declared: Option<usize> = req.headers().get_one("Content-Length").and_then(|n| n.parse().ok());
        let form = match Form::<UploadForm<'r>>::from_data(req, data).await {
            data::Outcome::Success(form) => form.into_inner(),
            // Past the form's own limit, or cut short: a file too large says so.
            _ if declared.is_some_and(|n| n > MAX_BYTES) => return data::Outcome::Success(Upload::TooLarge),
            _ => return data::Outcome::Error((Status::BadRequest, ())),
        };
        let valid = match expected(req).await {
            Some(expected) => unmasked(&form.csrf_token).is_some_and(|sent| same_secret(&expected, &sent)),
            None => false,
        };
        if !valid {
            record_refusal(req, Event::FormRefused, "form-token").await;
            return data::Outcome::Error((Status::Forbidden, ()));
        }
        let Some(file) = form.file else {
            return data::Outcome::Success(Upload::NoFile);
        };
        if !file.is_complete() || file.len() > MAX_BYTES as u64 {
            return data::Outcome::Success(Upload::TooLarge);
        }
        if file.is_empty() {
            return data::Outcome::Success(Upload::NoFile);
        }
        let name = shown_name(file.raw_name().map(|n| n.dangerous_unsafe_unsanitized_raw().as_str()));
        let mut bytes = Vec::with_capacity(file.len() as usize);
        let read = match file.open().await {
            Ok(mut reader) => reader.read_to_end(&mut bytes).await.is_ok(),
            Err(_) => false,
        };
        match read {
            true => data::Outcome::Success(Upload::File { name, bytes }),
            false => data::Outcome::Error((Status::BadRequest, ())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_files_name_is_shown_without_its_folders_or_control_characters() {
        assert_eq!(shown_name(Some("C:\\Users\\ana\\people.csv")), "people.csv");
        assert_eq!(shown_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(shown_name(Some("a\u{1b}[31mb.csv")), "a[31mb.csv");
        assert_eq!(shown_name(None), "spreadsheet.csv");
    }
}
