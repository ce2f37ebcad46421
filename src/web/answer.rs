//! What a page's handler answers, the one way: a page (with its status), a
//! page that holds a token, a redirect, a redirect with a notice to show
//! where it leads, or a page that says how long to wait (429 with
//! `Retry-After`). Anything else is an `AppError`, whose page is made in
//! one place (view.rs).

use rocket::http::{Header, Status};
use rocket::response::{Flash, Redirect};

use super::error::AppError;
use super::view::{Page, TokenPage, View};
use super::wait::Wait;

/// A handler's answer.
#[derive(Debug, rocket::Responder)]
pub enum Answer {
    Page(Page),
    /// A page whose address or text holds a token: never cached, no Referer.
    TokenPage(TokenPage),
    Redirect(Box<Redirect>),
    /// On to a page that shows a notice (`notice::done`).
    Notice(Box<Flash<Redirect>>),
    /// 429: the page says how long to wait, `Retry-After` in seconds.
    Wait(Page, Header<'static>),
}

/// What a page's handler returns.
pub type Answered = Result<Answer, AppError>;

impl Answer {
    /// A 303 to `path`.
    pub fn to(path: impl Into<String>) -> Answer {
        Answer::Redirect(Box::new(Redirect::to(path.into())))
    }

    /// `page` (a 429) with the `Retry-After` of `wait`.
    pub fn wait(page: Page, wait: Wait) -> Answer {
        Answer::Wait(page, wait.retry_after)
    }

    /// The error page for a 429 that says, by message `key`, in how many
    /// minutes to try again.
    pub fn wait_page(view: &View<'_>, wait: Wait, key: &str) -> Answered {
        let message = view.language().text_with(key, &[("minutes", wait.minutes.into())]);
        let page = view.error_page(Status::TooManyRequests, None, message)?;
        Ok(Answer::wait(page, wait))
    }
}

impl From<Page> for Answer {
    fn from(page: Page) -> Answer {
        Answer::Page(page)
    }
}

impl From<TokenPage> for Answer {
    fn from(page: TokenPage) -> Answer {
        Answer::TokenPage(page)
    }
}

impl From<Redirect> for Answer {
    fn from(redirect: Redirect) -> Answer {
        Answer::Redirect(Box::new(redirect))
    }
}

impl From<Flash<Redirect>> for Answer {
    fn from(notice: Flash<Redirect>) -> Answer {
        Answer::Notice(Box::new(notice))
    }
}
