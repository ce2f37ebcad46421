//! The user interface compiled into the binary: one Tera built at start from
//! the embedded templates (autoescaping every one of them), the `View` guard
//! that gathers what every page's layout needs, `Page`, a rendered page, and
//! the error page every `AppError` and catcher shows.

use rocket::http::{ContentType, Status};
use rocket::request::{FlashMessage, FromRequest, Outcome, Request};
use rocket::response::{self, Responder, Response};
use rust_embed::RustEmbed;
use serde::Serialize;
use tera::{Context, Tera};

use crate::domain::{SignedIn, User};
use crate::i18n;

use super::assets::Assets;
use super::csrf::CsrfToken;
use super::error::{log_cause, AppError};
use super::guards::{current_session, known_user};

#[derive(RustEmbed)]
#[folder = "templates/"]
struct TemplateFiles;

/// The parsed templates.
pub struct Web {
    tera: Tera,
}

impl Web {
    /// Parses every embedded template; fails only if a template is broken.
    /// `asset_url(name=…)` in a template gives a file's versioned URL.
    pub fn load(assets: &Assets) -> Result<Web, tera::Error> {
        let mut tera = Tera::default();
        let mut sources = Vec::new();
        for name in TemplateFiles::iter() {
            let file = TemplateFiles::get(&name).expect("an embedded template listed by iter() exists");
            let text = String::from_utf8_lossy(&file.data).into_owned();
            sources.push((name.into_owned(), text));
        }
        tera.add_raw_templates(sources)?;
        // Every template is HTML: escape every value, whatever the file's suffix.
        tera.autoescape_on(vec![""]);
        tera.set_escape_fn(escape_html);
        tera.register_filter("datetime", datetime_filter);
        let urls = assets.urls();
        tera.register_function(
            "asset_url",
            move |args: &std::collections::HashMap<String, tera::Value>| {
                let name = args.get("name").and_then(|v| v.as_str()).unwrap_or_default();
                urls.get(name)
                    .map(|url| tera::Value::String(url.clone()))
                    .ok_or_else(|| tera::Error::msg(format!("no embedded asset named {name:?}")))
            },
        );
        Ok(Web { tera })
    }

    pub fn render(&self, template: &str, context: &Context) -> Result<String, tera::Error> {
        self.tera.render(template, context)
    }

    /// An error page in the app's layout, for a catcher or an `AppError`.
    /// If even that fails, a plain page says the same. `who`: the signed-in
    /// user, when the request already proved one, so that the menu stays.
    pub fn error_page(&self, status: Status, message: &str, who: Option<&SignedIn>) -> Page {
        let mut context = base_context(who.map(|w| &w.user), who.map(|w| w.csrf_token.as_str()), None);
        context.insert("status", &status.code);
        context.insert("title", i18n::status_title(status.code));
        context.insert("message", message);
        let html = self.render("error.html.tera", &context).unwrap_or_else(|e| {
            log_cause("rendering an error page", &e);
            format!(
                "<!doctype html><title>{}</title><p>{}</p>",
                status.code,
                status.reason_lossy()
            )
        });
        Page { status, html }
    }
}

/// Escapes text for HTML content and quoted attribute values. Unlike Tera's
/// default it leaves `/` alone, so links stay readable in the page source.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// `{{ seconds | datetime }}`: a Unix time as "2026-11-23 14:05 UTC".
fn datetime_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let seconds = value
        .as_i64()
        .ok_or_else(|| tera::Error::msg("datetime expects whole seconds"))?;
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    let text = time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default();
    Ok(tera::Value::String(text))
}

/// A rendered HTML page and its status.
#[derive(Debug)]
pub struct Page {
    pub status: Status,
    pub html: String,
}

impl<'r> Responder<'r, 'static> for Page {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        Response::build()
            .status(self.status)
            .header(ContentType::HTML)
            .sized_body(self.html.len(), std::io::Cursor::new(self.html))
            .ok()
    }
}

impl<'r> Responder<'r, 'static> for AppError {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        if let AppError::Unavailable(cause) | AppError::Internal(cause) = &self {
            eprintln!("error: {} {}: {}", req.method(), req.uri().path(), cause.escape_debug());
        }
        let status = self.status();
        let text = match self {
            AppError::Refused(problem) => i18n::problem(problem),
            _ => i18n::status_message(status.code),
        };
        match req.rocket().state::<Web>() {
            Some(web) => web.error_page(status, text, known_user(req)).respond_to(req),
            None => Err(status),
        }
    }
}

#[derive(Serialize)]
struct Flash<'a> {
    kind: &'a str,
    message: &'a str,
}

fn base_context(user: Option<&User>, csrf: Option<&str>, flash: Option<Flash<'_>>) -> Context {
    let mut context = Context::new();
    context.insert("version", env!("CARGO_PKG_VERSION"));
    context.insert("current_user", &user);
    context.insert("csrf_token", &csrf);
    context.insert("flash", &flash);
    context.insert("section", "");
    context
}

/// What every page's layout needs: the templates, the signed-in user, the
/// CSRF token for its forms, and the flash message left by a redirect.
pub struct View<'r> {
    web: &'r Web,
    context: Context,
}

impl View<'_> {
    /// Renders `template` with the layout's values and `values` (a JSON
    /// object, taken as it is: not serialized a second time).
    pub fn render(self, template: &str, values: serde_json::Value) -> Result<Page, AppError> {
        self.render_with_status(Status::Ok, template, values)
    }

    pub fn render_with_status(
        self,
        status: Status,
        template: &str,
        values: serde_json::Value,
    ) -> Result<Page, AppError> {
        let mut context = self.context;
        context.extend(Context::from_value(values)?);
        Ok(Page {
            status,
            html: self.web.render(template, &context)?,
        })
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for View<'r> {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        let Some(web) = req.rocket().state::<Web>() else {
            return Outcome::Error((Status::InternalServerError, ()));
        };
        let user = match current_session(req).await {
            Ok(user) => user.as_ref().map(|u| &u.user),
            Err(status) => return Outcome::Error((*status, ())),
        };
        let csrf = req.guard::<CsrfToken>().await.succeeded().map(|t| t.0);
        let flash = req.guard::<Option<FlashMessage<'_>>>().await.succeeded().flatten();
        let flash = flash.as_ref().map(|f| Flash {
            kind: f.kind(),
            message: f.message(),
        });
        let mut context = base_context(user, csrf.as_deref(), flash);
        context.insert("section", section(req.uri().path().as_str()));
        Outcome::Success(View { web, context })
    }
}

/// The part of the menu a path belongs to, marked as the current one.
fn section(path: &str) -> &'static str {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or_default();
    match first {
        "users" => "users",
        "audit" => "audit",
        "account" => "account",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_special_characters_are_escaped() {
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;"
        );
        assert_eq!(escape_html("/users?page=2"), "/users?page=2");
    }

    #[test]
    fn every_template_parses() {
        assert!(Web::load(&Assets::load()).is_ok());
    }
}
