//! Which catalogue a browser or a computer asks for: `Accept-Language` read
//! with its q-values (RFC 9110 §12.5.4), and a tag matched to a catalogue by
//! its whole code first, then by its language alone (`es-MX`, `es-419` and
//! `es_ES.UTF-8` all mean `es`).

use super::Language;

/// A header longer than this is not read at all: no browser sends one.
pub const MAX_HEADER: usize = 1024;

/// At most this many tags of a header are looked at.
const MAX_TAGS: usize = 32;

/// The languages of an `Accept-Language` header, most wanted first (equal
/// weights keep their order); `*`, weight 0 and unreadable parts are left out.
pub fn accepted(header: &str) -> Vec<&str> {
    if header.len() > MAX_HEADER {
        return Vec::new();
    }
    let mut weighted: Vec<(u16, &str)> = header
        .split(',')
        .take(MAX_TAGS)
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let weight = match pieces.find_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q="))) {
                None => 1000,
                Some(q) => weight(q)?,
            };
            let readable = !tag.is_empty() && tag != "*" && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            (readable && weight > 0).then_some((weight, tag))
        })
        .collect();
    weighted.sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
    weighted.into_iter().map(|(_, tag)| tag).collect()
}

/// A q-value in thousandths: "1", "0.8", "0.125"; anything else is unreadable.
fn weight(q: &str) -> Option<u16> {
    let (whole, fraction) = q.split_once('.').unwrap_or((q, ""));
    if fraction.len() > 3 || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// The first of `tags` (most wanted first) there is a catalogue for.
pub fn best_of<'a>(tags: impl IntoIterator<Item = &'a str>) -> Option<Language> {
    tags.into_iter().find_map(matching)
}

/// The catalogue for one tag: the same code, else the same language.
fn matching(tag: &str) -> Option<Language> {
    // A system locale reads "es_ES.UTF-8" or "es-ES@euro".
    let tag = tag.split(['.', '@']).next().unwrap_or_default().replace('_', "-");
    if let Some(language) = Language::find(&tag) {
        return Some(language);
    }
    let primary = tag.split('-').next().unwrap_or_default();
    Language::find(primary).or_else(|| {
        Language::all().find(|l| {
            l.code()
                .split('-')
                .next()
                .is_some_and(|p| p.eq_ignore_ascii_case(primary))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best(header: &str) -> Option<&'static str> {
        best_of(accepted(header)).map(Language::code)
    }

    #[test]
    fn weights_order_the_tags() {
        assert_eq!(accepted("en;q=0.5, es-MX, fr;q=0.9"), ["es-MX", "fr", "en"]);
        assert_eq!(accepted("de, fr"), ["de", "fr"]);
        assert_eq!(accepted("es;q=0, en"), ["en"]);
        assert_eq!(accepted("*, es;q=0.1"), ["es"]);
        assert_eq!(accepted("es;q=1.0"), ["es"]);
        assert_eq!(accepted("es;q=0.125"), ["es"]);
    }

    #[test]
    fn unreadable_parts_are_left_out() {
        assert_eq!(accepted("es;q=2, en;q=abc, fr;q=0.1234, de;q=-1, it"), ["it"]);
        assert_eq!(accepted(""), Vec::<&str>::new());
        assert_eq!(accepted(",,;;,"), Vec::<&str>::new());
        assert_eq!(accepted("<script>, es"), ["es"]);
        assert!(accepted(&"es,".repeat(600)).is_empty());
    }

    #[test]
    fn a_region_falls_back_to_its_language() {
        assert_eq!(best("es-MX"), Some("es"));
        assert_eq!(best("es-419,en;q=0.5"), Some("es"));
        assert_eq!(best("ES-es"), Some("es"));
        assert_eq!(best("fr-CA, es;q=0.3, en;q=0.2"), Some("es"));
        assert_eq!(best("en-US,en;q=0.9,es;q=0.8"), Some("en"));
        assert_eq!(best("de, fr"), None);
    }

    #[test]
    fn system_locales_read_as_tags() {
        assert_eq!(best_of(["es_ES.UTF-8"]).map(Language::code), Some("es"));
        assert_eq!(best_of(["es_ES@euro"]).map(Language::code), Some("es"));
        assert_eq!(best_of(["C", "POSIX"]), None);
    }
}
