//! A page rendered once for everyone who sees it alike, with slots for what
//! only one request has: the signed-in person's name and the CSRF token of
//! their session. The page is rendered with a marker in each slot (random
//! for each run of the server, so no name, email or search can spell one),
//! cut at the markers, and filled for each request with that request's own
//! values, escaped as the templates escape them.

use std::sync::OnceLock;

use crate::security::tokens::random_token;

use super::escape::escape_html;

/// The markers rendered in place of the name and the token.
pub struct Markers {
    pub name: String,
    pub csrf: String,
}

pub fn markers() -> &'static Markers {
    static MARKERS: OnceLock<Markers> = OnceLock::new();
    MARKERS.get_or_init(|| {
        let run = random_token();
        Markers {
            name: format!("gatehouse-slot-name-{run}"),
            csrf: format!("gatehouse-slot-csrf-{run}"),
        }
    })
}

#[derive(Debug, PartialEq)]
enum Piece {
    Text(Box<str>),
    Name,
    Csrf,
}

/// A rendered page cut into its shared text and its slots.
#[derive(Debug)]
pub struct SharedPage {
    pieces: Vec<Piece>,
    text_bytes: usize,
}

impl SharedPage {
    /// Cuts `html`, rendered with the `markers()`, at each of them.
    pub fn cut(html: &str) -> SharedPage {
        let markers = markers();
        let mut pieces = Vec::new();
        let mut rest = html;
        loop {
            let name = rest.find(&markers.name).map(|at| (at, Piece::Name, markers.name.len()));
            let csrf = rest.find(&markers.csrf).map(|at| (at, Piece::Csrf, markers.csrf.len()));
            let next = match (name, csrf) {
                (Some(a), Some(b)) => Some(if a.0 < b.0 { a } else { b }),
                (a, b) => a.or(b),
            };
            let Some((at, slot, len)) = next else { break };
            if at > 0 {
                pieces.push(Piece::Text(rest[..at].into()));
            }
            pieces.push(slot);
            rest = &rest[at + len..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.into()));
        }
        let text_bytes = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.len(),
                _ => 0,
            })
            .sum();
        SharedPage { pieces, text_bytes }
    }

    /// The bytes this page holds (for the cache's bound).
    pub fn size(&self) -> usize {
        self.text_bytes + self.pieces.len() * std::mem::size_of::<Piece>()
    }

    /// The page for one request: `name` and `csrf` in their slots.
    pub fn fill(&self, name: &str, csrf: &str) -> String {
        let name = escape_html(name);
        let csrf = escape_html(csrf);
        let slots = self.pieces.iter().filter(|p| !matches!(p, Piece::Text(_))).count();
        let mut html = String::with_capacity(self.text_bytes + slots * name.len().max(csrf.len()));
        for piece in &self.pieces {
            html.push_str(match piece {
                Piece::Text(text) => text,
                Piece::Name => &name,
                Piece::Csrf => &csrf,
            });
        }
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_filled_with_escaped_values() {
        let m = markers();
        let html = format!(
            "<p>{}</p><input value=\"{}\">{}<i>{}</i>",
            m.name, m.csrf, m.csrf, m.name
        );
        let page = SharedPage::cut(&html);
        assert_eq!(
            page.fill("Ada <b>&", "tok\"en"),
            "<p>Ada &lt;b&gt;&amp;</p><input value=\"tok&quot;en\">tok&quot;en<i>Ada &lt;b&gt;&amp;</i>"
        );
        assert_eq!(page.pieces.first(), Some(&Piece::Text("<p>".into())));
    }

    #[test]
    fn a_page_without_slots_is_kept_whole() {
        let page = SharedPage::cut("<p>gatehouse</p>");
        assert_eq!(page.fill("x", "y"), "<p>gatehouse</p>");
        assert!(page.size() >= "<p>gatehouse</p>".len());
    }

    #[test]
    fn markers_differ_between_name_and_token() {
        let m = markers();
        assert_ne!(m.name, m.csrf);
        assert!(!m.name.contains(&m.csrf) && !m.csrf.contains(&m.name));
        assert_eq!(escape_html(&m.name), m.name, "a marker survives escaping");
    }
}
