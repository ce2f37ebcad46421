//! The message a redirect leaves for the next page (Rocket's flash cookie),
//! kept as a message id and its arguments, so that the next page writes it
//! in its reader's language.

use rocket::response::{Flash, Redirect};
use serde_json::{json, Value};

use crate::i18n::Language;

use super::view::arg;

/// A redirect to `to` that leaves message `key` with `args` (a JSON object:
/// `json!({"name": "Ana", "count": 2})`) for the page there.
pub fn done(to: impl Into<String>, key: &str, args: Value) -> Flash<Redirect> {
    left_by(Redirect::to(to.into()), key, args)
}

/// `answer` (a redirect, or a script's JSON that leads to the next page)
/// leaving message `key` with `args` for the page after it.
pub fn left_by<R>(answer: R, key: &str, args: Value) -> Flash<R> {
    let stored = json!({ "key": key, "args": args }).to_string();
    Flash::success(answer, stored)
}

/// The text a stored notice says in `language`; `None` for a cookie that
/// holds no notice.
pub fn text(stored: &str, language: Language) -> Option<String> {
    let stored: Value = serde_json::from_str(stored).ok()?;
    let key = stored.get("key")?.as_str()?;
    let args: Vec<(&str, _)> = match stored.get("args") {
        Some(Value::Object(args)) => args.iter().map(|(k, v)| (k.as_str(), arg(v))).collect(),
        _ => Vec::new(),
    };
    Some(language.text_with(key, &args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_is_written_in_the_reader_s_language() {
        let stored = json!({ "key": "user-saved", "args": { "name": "Ana" } }).to_string();
        assert_eq!(text(&stored, Language::english()).as_deref(), Some("Ana was saved."));
        let spanish = text(&stored, Language::find("es").unwrap()).unwrap();
        assert!(spanish.contains("Ana") && spanish != "Ana was saved.", "{spanish}");
        assert_eq!(text("not a notice", Language::english()), None);
    }
}
