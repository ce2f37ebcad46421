//! `GET /audit?page=…`: the security event log, newest first, for admins.

use rocket::State;
use serde_json::json;

use crate::domain::{page_count, AuditRow, Detail, Party, AUDIT_PAGE_SIZE};
use crate::i18n::time::Zone;
use crate::i18n::Language;
use crate::service::{audit, App};
use crate::web::error::AppError;
use crate::web::guards::AdminUser;
use crate::web::pagination::{parse_page, unknown_page};
use crate::web::view::{Page, View};

#[rocket::get("/audit?<page>")]
pub async fn log(page: Option<&str>, _admin: AdminUser, app: &State<App>, view: View<'_>) -> Result<Page, AppError> {
    let page = match parse_page(page) {
        Ok(page) => page,
        Err(problem) => return unknown_page(view, problem, "/audit"),
    };
    let (events, total) = audit::page(app, page).await?;
    let pages = page_count(total, AUDIT_PAGE_SIZE);
    let language = view.language();
    let events: Vec<_> = events.iter().map(|row| shown(language, view.zone(), row)).collect();
    let zone = view.zone().shown(app.clock.now());
    view.render(
        "audit.html.tera",
        json!({
            "zone": zone,
            "events": events,
            "total": total,
            "page": page,
            "pages": pages,
            "previous": (page > 1).then(|| format!("/audit?page={}", page - 1)),
            "next": (i64::from(page) < pages).then(|| format!("/audit?page={}", page + 1)),
        }),
    )
}

/// An event as the page shows it, in the reader's language.
fn shown(language: Language, zone: &Zone, row: &AuditRow) -> serde_json::Value {
    let party = |label: &str| match label == Party::command_line().label {
        true => language.text("audit-command-line"),
        false => label.to_owned(),
    };
    json!({
        "at": row.at,
        "event": language.text(&format!("event-{}", row.event)),
        "actor": party(&row.actor),
        "target": party(&row.target),
        "address": row.address,
        "detail": Detail::decode(&row.detail).map_or_else(|| row.detail.clone(), |d| detail(language, zone, &d)),
    })
}

/// What more an event says, in the reader's language.
fn detail(language: Language, zone: &Zone, detail: &Detail) -> String {
    let count = |key, n: u64| language.text_with(key, &[("count", (n as i64).into())]);
    let role = |role: &str| language.text(&format!("role-{role}"));
    match detail {
        Detail::Sessions { count: n } => count("detail-sessions", *n),
        Detail::OtherSessions { count: n } => count("detail-other-sessions", *n),
        Detail::Role { role: r } => language.text_with("detail-role", &[("role", role(r).into())]),
        Detail::Changed { fields, role: r } => {
            // The role is named only when it is one of the changes: beside
            // a changed name it would read as a change of role.
            let key = match fields.iter().any(|f| f == "role") {
                true => "detail-changed-role",
                false => "detail-changed",
            };
            let words: Vec<String> = fields
                .iter()
                .map(|f| language.text(&format!("detail-field-{f}")))
                .collect();
            let listed = match words.split_last() {
                Some((last, rest)) if !rest.is_empty() => language.text_with(
                    "list-and",
                    &[("first", rest.join(", ").into()), ("last", last.clone().into())],
                ),
                _ => words.concat(),
            };
            language.text_with(key, &[("fields", listed.into()), ("role", role(r).into())])
        }
        Detail::NameChanged => language.text("detail-name-changed"),
        Detail::Locked { failures, minutes } => language.text_with(
            "detail-locked",
            &[
                ("failures", (*failures as i64).into()),
                ("minutes", (*minutes as i64).into()),
            ],
        ),
        Detail::Link { link, expires_at } => {
            let link = language.text(&format!("detail-link-{link}"));
            match expires_at {
                Some(until) => language.text_with(
                    "detail-link-until",
                    &[("link", link.into()), ("until", zone.datetime(language, *until).into())],
                ),
                None => link,
            }
        }
        Detail::LinkRefused { link, why } => language.text_with(
            "detail-link-refused",
            &[
                ("link", language.text(&format!("detail-link-{link}")).into()),
                ("why", language.text(&format!("link-refused-{why}")).into()),
            ],
        ),
        Detail::Required => language.text("detail-required"),
        Detail::Group { group } => language.text_with("detail-group", &[("group", group.clone().into())]),
        Detail::App {
            host,
            access,
            groups,
            two_factor,
        } => {
            let who = match access.as_str() {
                "groups" => language.text_with("detail-app-groups", &[("groups", groups.join(", ").into())]),
                other => language.text(&format!("app-access-{other}")),
            };
            let key = if *two_factor {
                "detail-app-two-factor"
            } else {
                "detail-app"
            };
            language.text_with(key, &[("host", host.clone().into()), ("who", who.into())])
        }
        Detail::GroupRenamed { from, to } => language.text_with(
            "detail-group-renamed",
            &[("from", from.clone().into()), ("to", to.clone().into())],
        ),
        Detail::Imported { from, created, changed } => language.text_with(
            "detail-imported",
            &[
                ("from", from.clone().into()),
                ("created", (*created as i64).into()),
                ("changed", (*changed as i64).into()),
            ],
        ),
        Detail::Exported { count: n } => count("detail-exported", *n),
        Detail::Passkey { name } => language.text_with("detail-passkey", &[("name", name.clone().into())]),
        Detail::PasskeyRefused { why } => language.text(&format!("detail-passkey-refused-{why}")),
        Detail::MailFailed { reason } => language.text_with("detail-mail-failed", &[("reason", reason.clone().into())]),
        Detail::Refused { request, why } => language.text_with(
            "detail-refused",
            &[
                ("request", request.clone().into()),
                ("why", language.text(&format!("refused-{why}")).into()),
            ],
        ),
    }
}
