//! A page rendered once for everyone who sees it alike, with slots for what
//! only one request has: the signed-in person's name and the CSRF token of
//! their session. The page is rendered with a marker in each slot (random
//! for each run of the server, so no name, email or search can spell one),
//! cut at the markers, and filled for each request with that request's own
//! values, escaped as the templates escape them.

use std::sync::OnceLock;

use crate::security::tokens::random_token;

use super::escape::escape_html;
use super::joined_stream::{self, Part};

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

#[derive(Debug)]
enum Piece {
    Text(joined_stream::Piece),
    Name,
    Csrf,
}

/// A rendered page cut into its shared text and its slots.
#[derive(Debug)]
pub struct SharedPage {
    pieces: Vec<Piece>,
}

/// What one request puts in a page's slots, escaped as the templates escape.
#[derive(Debug)]
pub struct Filling {
    name: String,
    csrf: String,
}

impl Filling {
    pub fn new(name: &str, csrf: &str) -> Filling {
        Filling {
            name: escape_html(name),
            csrf: escape_html(csrf),
        }
    }
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
                pieces.push(Piece::Text(joined_stream::Piece::new(rest[..at].into())));
            }
            pieces.push(slot);
            rest = &rest[at + len..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(joined_stream::Piece::new(rest.into())));
        }
        SharedPage { pieces }
    }

    /// The most bytes this page will hold, compressed forms included (for
    /// the cache's bound).
    pub fn size(&self) -> usize {
        let texts: usize = self
            .pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.size(),
                _ => 0,
            })
            .sum();
        texts + self.pieces.len() * std::mem::size_of::<Piece>()
    }

    /// The page for one request, in order: the shared text, and `filling`
    /// in the slots (to be sent plain or compressed: `joined_stream`).
    pub fn parts<'a>(&'a self, filling: &'a Filling) -> Vec<Part<'a>> {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => Part::Piece(t),
                Piece::Name => Part::Value(&filling.name),
                Piece::Csrf => Part::Value(&filling.csrf),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(page: &SharedPage, name: &str, csrf: &str) -> String {
        joined_stream::plain(&page.parts(&Filling::new(name, csrf)))
    }

    #[test]
    fn slots_are_filled_with_escaped_values() {
        let m = markers();
        let html = format!(
            "<p>{}</p><input value=\"{}\">{}<i>{}</i>",
            m.name, m.csrf, m.csrf, m.name
        );
        let page = SharedPage::cut(&html);
        assert_eq!(
            fill(&page, "Ada <b>&", "tok\"en"),
            "<p>Ada &lt;b&gt;&amp;</p><input value=\"tok&quot;en\">tok&quot;en<i>Ada &lt;b&gt;&amp;</i>"
        );
        assert!(matches!(page.pieces.first(), Some(Piece::Text(t)) if t.text() == "<p>"));
    }

    #[test]
    fn a_page_without_slots_is_kept_whole() {
        let page = SharedPage::cut("<p>gatehouse</p>");
        assert_eq!(fill(&page, "x", "y"), "<p>gatehouse</p>");
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
