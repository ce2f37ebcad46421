//! Paged lists (the directory, the security log): the `page` parameter as
//! typed, the page for a number that is not one, and how many pages there are.

use rocket::http::Status;
use serde_json::json;

use crate::domain::Problem;

use super::error::AppError;
use super::view::{Page, View};

/// A `page` value as typed: a whole number from 1 (1 when absent or blank).
pub fn parse_page(page: Option<&str>) -> Result<u32, Problem> {
    match page.map(str::trim) {
        None | Some("") => Ok(1),
        Some(text) => match text.parse::<u32>() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(Problem::PageNumber),
        },
    }
}

/// The 422 page for a `page` value that is not one; `back` is the list's address.
pub fn unknown_page(view: View<'_>, problem: Problem, back: &str) -> Result<Page, AppError> {
    let values = json!({
        "status": 422,
        "title": view.text("error-title-page"),
        "message": view.language().problem(problem),
        "back": back,
    });
    view.render_with_status(Status::UnprocessableEntity, "error.html.tera", values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_parse_or_explain() {
        assert_eq!(parse_page(None), Ok(1));
        assert_eq!(parse_page(Some("")), Ok(1));
        assert_eq!(parse_page(Some("3")), Ok(3));
        assert_eq!(parse_page(Some("1000000000")), Ok(1_000_000_000));
        for bad in ["0", "-1", "1e9", "two", "99999999999"] {
            assert_eq!(parse_page(Some(bad)), Err(Problem::PageNumber), "{bad}");
        }
    }
}
