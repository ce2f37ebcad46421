//! The user interface compiled into the binary: a Tera for each language,
//! built at start from the embedded templates (autoescaping every one of
//! them), the `View` guard that gathers what every page's layout needs (its
//! language first), `Page`, a rendered page, and the error page every
//! `AppError` and catcher shows.

use rocket::http::{ContentType, Status};
use rocket::request::{FlashMessage, FromRequest, Outcome, Request};
use rocket::response::{self, Responder, Response};
use rust_embed::RustEmbed;
use serde::Serialize;
use tera::{Context, Tera};

use std::sync::Arc;

use crate::config::Settings;
use crate::domain::{Role, SignedIn, User};
use crate::i18n::{self, time::Zone, Arg, Language};

use super::assets::Assets;
use super::compression::{self, Coding};
use super::csrf::CsrfToken;
use super::error::{log_request_cause, log_request_failure, AppError};
use super::escape::escape_html;
use super::guards::{current_session, known_user};
use super::joined_stream;
use super::shared_page::{self, Filling, SharedPage};
use super::{language, notice};

#[derive(RustEmbed)]
#[folder = "templates/"]
struct TemplateFiles;

/// The parsed templates, once for each language: in each, `t(key=…)`
/// writes a message of that language's catalogue and `| datetime` a time
/// its way, in the office's time zone.
pub struct Web {
    pages: Vec<(Language, Tera)>,
    default_language: Language,
    zone: Arc<Zone>,
}

impl Web {
    /// Parses every embedded template for every language; fails only if a
    /// template is broken or a setting names no language or zone.
    /// `asset_url(name=…)` in a template gives a file's versioned URL.
    pub fn load(assets: &Assets, settings: &Settings) -> Result<Web, String> {
        let zone = Arc::new(settings.zone()?);
        let broken = |e: tera::Error| format!("a built-in template is broken: {e}");
        let mut sources = Vec::new();
        for name in TemplateFiles::iter() {
            let file = TemplateFiles::get(&name).expect("an embedded template listed by iter() exists");
            let text = String::from_utf8_lossy(&file.data).into_owned();
            sources.push((name.into_owned(), text));
        }
        let mut pages = Vec::new();
        for language in Language::all() {
            let mut tera = Tera::default();
            tera.add_raw_templates(sources.clone()).map_err(broken)?;
            // Every template is HTML: escape every value, whatever the file's suffix.
            tera.autoescape_on(vec![""]);
            tera.set_escape_fn(escape_html);
            tera.register_function("t", Translate(language));
            tera.register_filter(
                "datetime",
                LocalTime {
                    language,
                    zone: zone.clone(),
                    long: false,
                },
            );
            tera.register_filter(
                "datetime_long",
                LocalTime {
                    language,
                    zone: zone.clone(),
                    long: true,
                },
            );
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
            pages.push((language, tera));
        }
        Ok(Web {
            pages,
            default_language: settings.language()?,
            zone,
        })
    }

    pub fn render(&self, language: Language, template: &str, context: &Context) -> Result<String, tera::Error> {
        let tera = self
            .pages
            .iter()
            .find(|(l, _)| *l == language)
            .map_or(&self.pages[0].1, |(_, tera)| tera);
        tera.render(template, context)
    }

    /// The language of `req`'s page, for `user` if one is signed in.
    pub fn language(&self, req: &Request<'_>, user: Option<&User>) -> Language {
        language::chosen(req, user, self.default_language)
    }

    /// The office's time zone.
    pub fn zone(&self) -> &Zone {
        &self.zone
    }

    /// An error page in the app's layout, for a catcher or an `AppError`:
    /// the status's title, and the text of message `key`. If even that
    /// fails, a plain page says the same. `who`: the signed-in user, when
    /// the request already proved one, so that the menu stays.
    /// `csrf`: the token for the page's forms (the sign-out and the language
    /// switch), when the request has one.
    pub fn error_page(
        &self,
        req: &Request<'_>,
        (status, key): (Status, &str),
        who: Option<&SignedIn>,
        csrf: Option<String>,
    ) -> Page {
        let language = self.language(req, who.map(|w| &w.user));
        let mut context = base_context(language, who.map(|w| &w.user), csrf.as_deref(), None);
        // The language switch comes back to the page asked for.
        if req.method() == rocket::http::Method::Get {
            context.insert("here", &req.uri().to_string());
        }
        let (title, _) = i18n::status_keys(status.code);
        context.insert("status", &status.code);
        context.insert("title", &language.text(title));
        context.insert("message", &language.text(key));
        let html = self.render(language, "error.html.tera", &context).unwrap_or_else(|e| {
            log_request_cause(req, "rendering an error page", &e);
            format!(
                "<!doctype html><title>{}</title><p>{}</p>",
                status.code,
                status.reason_lossy()
            )
        });
        Page::html(status, html)
    }
}

/// `t(key=…, name=…, count=…)`: the text of a message in one language.
struct Translate(Language);

impl tera::Function for Translate {
    fn call(&self, args: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let key = args
            .get("key")
            .and_then(|v| v.as_str())
            .ok_or_else(|| tera::Error::msg("t() needs key=\"…\""))?;
        let rest: Vec<(&str, Arg)> = args
            .iter()
            .filter(|(name, _)| name.as_str() != "key")
            .map(|(name, value)| (name.as_str(), arg(value)))
            .collect();
        Ok(tera::Value::String(self.0.text_with(key, &rest)))
    }
}

/// A JSON value as a message argument: numbers stay numbers (for plurals).
pub fn arg(value: &serde_json::Value) -> Arg {
    match value {
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => i.into(),
            None => n.as_f64().unwrap_or_default().into(),
        },
        serde_json::Value::String(s) => s.clone().into(),
        other => other.to_string().into(),
    }
}

/// `{{ seconds | datetime }}`: a Unix time in the office's zone, as the
/// page's language writes it in a table; `datetime_long` as it writes it
/// inside a sentence, the month in full.
struct LocalTime {
    language: Language,
    zone: Arc<Zone>,
    long: bool,
}

impl tera::Filter for LocalTime {
    fn filter(
        &self,
        value: &tera::Value,
        _: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let seconds = value
            .as_i64()
            .ok_or_else(|| tera::Error::msg("datetime expects whole seconds"))?;
        Ok(tera::Value::String(match self.long {
            true => self.zone.datetime_long(self.language, seconds),
            false => self.zone.datetime(self.language, seconds),
        }))
    }
}

/// A rendered HTML page and its status.
#[derive(Debug)]
pub struct Page {
    status: Status,
    body: Body,
}

#[derive(Debug)]
enum Body {
    Html(String),
    /// A kept page and one request's values for its slots.
    Kept(Arc<SharedPage>, Filling),
}

impl Page {
    pub fn html(status: Status, html: String) -> Page {
        Page {
            status,
            body: Body::Html(html),
        }
    }
}

/// Sent compressed (brotli or gzip, as the browser accepts) when larger
/// than a few kilobytes; `Vary: Accept-Encoding` either way.
impl<'r> Responder<'r, 'static> for Page {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        let mut response = Response::build();
        response
            .status(self.status)
            .header(ContentType::HTML)
            .raw_header("Vary", "Accept-Encoding");
        let plain_len = match &self.body {
            Body::Html(html) => html.len(),
            Body::Kept(page, filling) => joined_stream::plain_len(&page.parts(filling)),
        };
        let coding = req
            .headers()
            .get_one("Accept-Encoding")
            .and_then(Coding::chosen)
            .filter(|_| plain_len > compression::MIN_BYTES);
        let (coding, body) = match (coding, self.body) {
            (Some(coding), Body::Html(html)) => match coding.compress(html.as_bytes()) {
                Some(body) => (Some(coding), body),
                None => (None, html.into_bytes()),
            },
            (None, Body::Html(html)) => (None, html.into_bytes()),
            // A kept page's text was compressed once, for every request.
            (coding, Body::Kept(page, filling)) => {
                let parts = page.parts(&filling);
                match coding {
                    Some(coding) => (Some(coding), joined_stream::join(coding, &parts)),
                    None => (None, joined_stream::plain(&parts).into_bytes()),
                }
            }
        };
        if let Some(coding) = coding {
            response.raw_header("Content-Encoding", coding.name());
        }
        response.sized_body(body.len(), std::io::Cursor::new(body));
        response.ok()
    }
}

/// A page that carries a secret in its address or its text (an invitation
/// or reset link): never kept by a cache, never sent on as a Referer.
#[derive(Debug)]
pub struct TokenPage(pub Page);

impl<'r> Responder<'r, 'static> for TokenPage {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        let mut response = self.0.respond_to(req)?;
        response.set_raw_header("Referrer-Policy", "no-referrer");
        response.set_raw_header("Cache-Control", "no-store");
        Ok(response)
    }
}

impl<'r> Responder<'r, 'static> for AppError {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        if let AppError::Unavailable(cause) | AppError::Internal(cause) = &self {
            log_request_failure(req, "answering", cause);
        }
        let status = self.status();
        let key = match self {
            AppError::Refused(problem) => format!("problem-{}", problem.id()),
            _ => i18n::status_keys(status.code).1.to_owned(),
        };
        match req.rocket().state::<Web>() {
            Some(web) => {
                let who = known_user(req);
                let csrf = super::csrf::known_token(req, who);
                web.error_page(req, (status, &key), who, csrf).respond_to(req)
            }
            None => Err(status),
        }
    }
}

#[derive(Serialize)]
struct Flash {
    kind: String,
    message: String,
}

/// A language the footer offers, in its own name.
#[derive(Serialize)]
struct Offered {
    code: &'static str,
    name: String,
}

fn base_context(language: Language, user: Option<&User>, csrf: Option<&str>, flash: Option<&Flash>) -> Context {
    let mut context = Context::new();
    context.insert("version", env!("CARGO_PKG_VERSION"));
    context.insert("lang", language.code());
    let others: Vec<Offered> = Language::all()
        .filter(|l| *l != language)
        .map(|l| Offered {
            code: l.code(),
            name: l.name(),
        })
        .collect();
    context.insert("other_languages", &others);
    context.insert("here", "/");
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
    language: Language,
    user: Option<&'r User>,
    flash: Option<Flash>,
    section: &'static str,
    /// Where the footer's language switch comes back to: this page, when
    /// it can be asked for again.
    here: Option<String>,
    csrf: Option<String>,
}

impl View<'_> {
    /// The layout's values, made only when a page is rendered (a kept page
    /// needs none of them).
    fn context(&self) -> Context {
        let mut context = base_context(self.language, self.user, self.csrf.as_deref(), self.flash.as_ref());
        context.insert("section", self.section);
        if let Some(here) = &self.here {
            context.insert("here", here);
        }
        context
    }

    /// The language of this page.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The text of message `key` in this page's language.
    pub fn text(&self, key: &str) -> String {
        self.language.text(key)
    }

    /// The office's time zone, in which the page shows times.
    pub fn zone(&self) -> &Zone {
        self.web.zone()
    }

    /// Renders `template` with the layout's values and `values` (a JSON
    /// object, taken as it is: not serialized a second time).
    pub fn render(&self, template: &str, values: serde_json::Value) -> Result<Page, AppError> {
        self.render_with_status(Status::Ok, template, values)
    }

    /// Whether this page can be one that others see alike (`SharedPage`):
    /// signed in, with a token, and no notice of its own.
    pub fn shareable(&self) -> bool {
        self.user.is_some() && self.csrf.is_some() && self.flash.is_none()
    }

    /// The viewer is an administrator.
    pub fn admin(&self) -> bool {
        self.user.is_some_and(|u| u.role == Role::Admin)
    }

    /// The signed-in viewer's id.
    pub fn user_id(&self) -> Option<i64> {
        self.user.map(|u| u.id)
    }

    /// Renders `template` as a page for everyone like this viewer: the
    /// viewer is only a name slot and a role, the token a slot.
    pub fn render_shared(&self, template: &str, values: serde_json::Value) -> Result<SharedPage, AppError> {
        let markers = shared_page::markers();
        let mut context = self.context();
        let role = if self.admin() { "admin" } else { "member" };
        context.insert(
            "current_user",
            &serde_json::json!({ "name": markers.name, "role": role }),
        );
        context.insert("csrf_token", &markers.csrf);
        context.extend(Context::from_value(values)?);
        Ok(SharedPage::cut(&self.web.render(self.language, template, &context)?))
    }

    /// `page` with this request's name and token in its slots.
    pub fn fill(&self, page: Arc<SharedPage>) -> Page {
        let name = self.user.map_or("", |u| u.name.as_str());
        let filling = Filling::new(name, self.csrf.as_deref().unwrap_or_default());
        Page {
            status: Status::Ok,
            body: Body::Kept(page, filling),
        }
    }

    pub fn render_with_status(
        &self,
        status: Status,
        template: &str,
        values: serde_json::Value,
    ) -> Result<Page, AppError> {
        let mut context = self.context();
        context.extend(Context::from_value(values)?);
        Ok(Page::html(status, self.web.render(self.language, template, &context)?))
    }
}

impl View<'_> {
    /// An error page with `status`, a title (message `title`, else the
    /// status's) and `message`: the same page as an `AppError`'s, for a
    /// handler that says more (a link that cannot be used, a wait).
    pub fn error_page(&self, status: Status, title: Option<&str>, message: String) -> Result<Page, AppError> {
        let title = title.unwrap_or(i18n::status_keys(status.code).0);
        let values = serde_json::json!({ "status": status.code, "title": self.text(title), "message": message });
        self.render_with_status(status, "error.html.tera", values)
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
        let language = web.language(req, user);
        let flash = req.guard::<Option<FlashMessage<'_>>>().await.succeeded().flatten();
        let flash = flash.as_ref().and_then(|f| {
            Some(Flash {
                kind: f.kind().to_owned(),
                message: notice::text(f.message(), language)?,
            })
        });
        let here = (req.method() == rocket::http::Method::Get).then(|| req.uri().to_string());
        Outcome::Success(View {
            web,
            language,
            user,
            flash,
            section: section(req.uri().path().as_str()),
            here,
            csrf,
        })
    }
}

/// The part of the menu a path belongs to, marked as the current one.
fn section(path: &str) -> &'static str {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or_default();
    match first {
        "users" => "users",
        "audit" => "audit",
        "groups" => "groups",
        "apps" => "apps",
        "account" => "account",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses() {
        assert!(Web::load(&Assets::load(), &Settings::default()).is_ok());
    }
}
