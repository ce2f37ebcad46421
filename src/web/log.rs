//! The process's log: Rocket's own lines (and those of the crates below it)
//! written as Rocket writes them, but never with a secret in them, at any
//! level. A request line names its path without the query, a link's or
//! the setup page's token is cut out, and so is any long run of hex digits
//! (every token gatehouse makes) and a cookie's value. Installed before
//! Rocket's own logger, which then stays out of the way.

use std::borrow::Cow;
use std::io::Write;
use std::sync::Once;

use rocket::config::LogLevel;

/// What stands where a secret was.
const CUT: &str = "…";

/// Hex runs at least this long are taken for tokens.
const TOKEN_DIGITS: usize = 32;

/// Path segments whose next segment is a token.
const TOKEN_SEGMENTS: &[&str] = &["/invite/", "/reset/"];

struct RedactingLogger;

/// Makes this logger the process's (once) and sets how much it writes.
pub fn install(level: LogLevel) {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let _ = log::set_boxed_logger(Box::new(RedactingLogger));
    });
    log::set_max_level(match level {
        LogLevel::Critical => log::LevelFilter::Warn,
        LogLevel::Normal => log::LevelFilter::Info,
        LogLevel::Debug => log::LevelFilter::Trace,
        LogLevel::Off => log::LevelFilter::Off,
    });
}

impl log::Log for RedactingLogger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        // The chattiest crates only at the debug level, as Rocket has it.
        let from = |prefix: &str| record.module_path().is_some_and(|m| m.starts_with(prefix));
        if log::max_level() < log::LevelFilter::Trace && (from("hyper") || from("rustls") || from("r2d2")) {
            return;
        }
        let text = record.args().to_string();
        let text = redact(&text);
        let indent = if record.target().ends_with('_') { "   >> " } else { "" };
        // Rocket's launch lines are news, not warnings; at the quiet level
        // gatehouse's own banner has said it all, in the reader's language.
        let launch = record.target().contains("rocket::launch");
        if launch && log::max_level() < log::LevelFilter::Info {
            return;
        }
        let lead = match record.level() {
            log::Level::Error if indent.is_empty() => "Error: ",
            log::Level::Warn if indent.is_empty() && !launch => "Warning: ",
            _ => "",
        };
        let _ = writeln!(std::io::stdout().lock(), "{indent}{lead}{text}");
    }

    fn flush(&self) {
        let _ = std::io::stdout().flush();
    }
}

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
