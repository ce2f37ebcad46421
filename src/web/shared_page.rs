//! A page rendered once for everyone who sees it alike, with slots for what
//! only one request has: the signed-in person's name and the CSRF token of
//! their session. The page is rendered with a marker in each slot (random
//! for each run of the server, so no name, email or search can spell one),
//! cut at the markers, and filled for each request with that request's own
//! values, escaped as the templates escape them.

use std::sync::OnceLock;

use crate::security::tokens::random_token;

use super::compression::Coding;
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
                pieces.push(Piece::Text(joined_stream::Piece::new(rest[..at].into())));
            }
            pieces.push(slot);
            rest = &rest[at + len..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(joined_stream::Piece::new(rest.into())));
        }
        let text_bytes = pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.text().len(),
                _ => 0,
            })
            .sum();
        SharedPage { pieces, text_bytes }
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

    /// How long the page is for `name` and `csrf`, as `fill` makes it.
    pub fn len(&self, name: &str, csrf: &str) -> usize {
        let (name, csrf) = (escape_html(name).len(), escape_html(csrf).len());
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => t.text().len(),
                Piece::Name => name,
                Piece::Csrf => csrf,
            })
            .sum()
    }

    /// The page for one request in `coding`: the shared text compressed
    /// once, `name` and `csrf` joined in.
    pub fn compressed(&self, coding: Coding, name: &str, csrf: &str) -> Vec<u8> {
        let name = escape_html(name);
        let csrf = escape_html(csrf);
        let parts: Vec<Part<'_>> = self
            .pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => Part::Piece(t),
                Piece::Name => Part::Value(&name),
                Piece::Csrf => Part::Value(&csrf),
            })
            .collect();
        joined_stream::join(coding, &parts)
    }

    /// The page for one request: `name` and `csrf` in their slots.
    pub fn fill(&self, name: &str, csrf: &str) -> String {
        let name = escape_html(name);
        let csrf = escape_html(csrf);
        let slots = self.pieces.iter().filter(|p| !matches!(p, Piece::Text(_))).count();
        let mut html = String::with_capacity(self.text_bytes + slots * name.len().max(csrf.len()));
        for piece in &self.pieces {
            html.push_str(match piece {
                Piece::Text(text) => text.text(),
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
        assert!(matches!(page.pieces.first(), Some(Piece::Text(t)) if t.text() == "<p>"));
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
