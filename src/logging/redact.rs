//! Secrets cut out of a line before it is logged: a query (`/setup?…`),
//! the token of an invitation or reset link (`/invite/…`), any long run of
//! hex digits (every token gatehouse makes) and a cookie's value. Applied to
//! every line Rocket and the libraries below it log (bridge.rs), to the
//! path of every request line and to the causes of errors.

use std::borrow::Cow;

/// What stands where a secret was.
const CUT: &str = "…";

/// Hex runs at least this long are taken for tokens.
pub const TOKEN_DIGITS: usize = 32;

/// Path segments whose next segment is a token.
const TOKEN_SEGMENTS: &[&str] = &["/invite/", "/reset/"];

/// Headers whose values are secrets, as a printed request or response
/// (`{:?}`) shows them: any site's cookies, credentials.
const SECRET_HEADERS: &[&str] = &[
    "\"cookie\": \"",
    "\"set-cookie\": \"",
    "\"authorization\": \"",
    "\"proxy-authorization\": \"",
];

/// `line` with every secret it may hold cut out.
pub fn redact(line: &str) -> Cow<'_, str> {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let mut changed = false;
    while let Some(c) = rest.chars().next() {
        // A query: everything up to the next space.
        if c == '?'
            && rest[1..].starts_with(|n: char| !n.is_whitespace())
            && !out.ends_with(char::is_whitespace)
            && !out.is_empty()
        {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.push('?');
            out.push_str(CUT);
            rest = &rest[end..];
            changed = true;
            continue;
        }
        // A link's token: the segment after /invite/ or /reset/.
        if let Some(segment) = TOKEN_SEGMENTS.iter().find(|s| rest.starts_with(**s)) {
            let after = &rest[segment.len()..];
            let end = after
                .find(|n: char| n.is_whitespace() || n == '/' || n == '"')
                .unwrap_or(after.len());
            out.push_str(segment);
            if end > 0 {
                out.push_str(CUT);
                changed = true;
            }
            rest = &after[end..];
            continue;
        }
        // A secret header's value, up to its closing quote.
        if let Some(name_end) = secret_header_end(rest) {
            let after = &rest[name_end..];
            let end = closing_quote(after);
            out.push_str(&rest[..name_end]);
            out.push_str(CUT);
            rest = &after[end..];
            changed = true;
            continue;
        }
        // A cookie's value.
        if let Some(name_end) = cookie_name_end(rest) {
            let after = &rest[name_end..];
            let end = after
                .find(|n: char| n.is_whitespace() || n == ';' || n == '"')
                .unwrap_or(after.len());
            out.push_str(&rest[..name_end]);
            out.push_str(CUT);
            rest = &after[end..];
            changed = true;
            continue;
        }
        // A long run of hex digits, not inside a longer word.
        let run = rest.find(|n: char| !n.is_ascii_hexdigit()).unwrap_or(rest.len());
        if run >= TOKEN_DIGITS && !out.ends_with(|p: char| p.is_ascii_alphanumeric()) {
            out.push_str(CUT);
            rest = &rest[run..];
            changed = true;
            continue;
        }
        let step = if run > 0 { run } else { c.len_utf8() };
        out.push_str(&rest[..step]);
        rest = &rest[step..];
    }
    match changed {
        true => Cow::Owned(out),
        false => Cow::Borrowed(line),
    }
}

/// Where the value starts when `text` starts with a secret header's name.
fn secret_header_end(text: &str) -> Option<usize> {
    SECRET_HEADERS.iter().find_map(|header| {
        text.get(..header.len())
            .filter(|start| start.eq_ignore_ascii_case(header))
            .map(|_| header.len())
    })
}

/// Where a quoted value (`\"` inside it escaped) ends: its closing quote.
fn closing_quote(text: &str) -> usize {
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        match c {
            '"' if !escaped => return at,
            '\\' if !escaped => escaped = true,
            _ => escaped = false,
        }
    }
    text.len()
}

/// Where the value starts when `text` starts with one of gatehouse's
/// cookies, `gatehouse_…=`.
fn cookie_name_end(text: &str) -> Option<usize> {
    let name = text.strip_prefix("gatehouse_")?;
    let length = name.find(|c: char| !(c.is_ascii_lowercase() || c == '_'))?;
    name[length..]
        .starts_with('=')
        .then_some("gatehouse_".len() + length + 1)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn secrets_are_cut_out_of_log_lines() {
        let token = "3f9c".repeat(16);
        let cases = [
            (format!("GET /invite/{token} text/html:"), "GET /invite/… text/html:"),
            (format!("GET /reset/{token}/x"), "GET /reset/…/x"),
            ("GET /reset/made-up:".to_owned(), "GET /reset/…"),
            (
                format!("GET /setup?token={token} text/html:"),
                "GET /setup?… text/html:",
            ),
            ("GET /users?q=ana%40x.org&page=2:".to_owned(), "GET /users?…"),
            (format!("session {token} ended"), "session … ended"),
            (
                "Cookie: gatehouse_session=AbC%2F+x==; gatehouse_lang=es".to_owned(),
                "Cookie: gatehouse_session=…; gatehouse_lang=…",
            ),
            (
                r#"headers: {"host": "x", "cookie": "other_app=s3cr3t; a=\"b\"", "Set-Cookie": "k=v"}"#.to_owned(),
                r#"headers: {"host": "x", "cookie": "…", "Set-Cookie": "…"}"#,
            ),
            (
                "\"authorization\": \"Basic YWxhZGRpbjpvcGVuc2VzYW1l\",\n".to_owned(),
                "\"authorization\": \"…\",\n",
            ),
        ];
        for (line, expected) in cases {
            assert_eq!(redact(&line), expected, "{line}");
        }
    }

    #[test]
    fn ordinary_lines_stay_as_they_are() {
        for line in [
            "Matched: (open_invite) GET /invite/<token>",
            "Outcome: Success(200 OK)",
            "Did you mean ip_header? Yes",
            "🚀 Rocket has launched from http://127.0.0.1:8000",
            "an ordinary hash deadbeef and 2026-12-02",
        ] {
            let expected = line.replace("/invite/<token>", "/invite/…");
            assert_eq!(redact(line), expected, "{line}");
        }
    }
}
