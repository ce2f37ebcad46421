//! Rocket's own `log` records, and those of the libraries below it that log
//! through `log`, passed on to tracing with every secret cut out (redact.rs,
//! and the values a database statement was given) and on one line.
//! gatehouse itself logs through tracing, so what comes here is Rocket
//! narrating its work ("Matched", "Outcome", "No matching routes", its
//! launch, Shield): moved down to debug, it never shows at the default
//! level; gatehouse's request line and error lines say what matters.

use std::fmt::Write;

use tracing::level_filters::LevelFilter;

use super::redact::redact;

/// The `log` logger of the process: every record to tracing.
pub struct Bridge;

/// Rocket's start-up, whose warnings a person should see (a published
/// `secret_key`, a deprecated setting, a shutdown signal that cannot be
/// caught): only their narration moves down.
const START_UP: &[&str] = &["rocket::rkt", "rocket::config"];

/// What narrates each request: Rocket (and its code generated into
/// gatehouse's handlers, under gatehouse's module names), and the libraries
/// Rocket itself shows only at its debug level.
const NARRATION: &[&str] = &["rocket", "gatehouse", "hyper", "rustls", "r2d2"];

/// Rocket's form parser writes every field's value, a password's too: its
/// records are dropped.
const DROPPED: &[&str] = &["rocket::form::parser"];

/// What a library writes before the values a statement was given
/// (tokio-postgres, at its debug level: a two-step key, a hash): the values
/// are cut.
const PARAMETERS: &str = " with parameters: ";

/// The level a record from `target` at `level` is logged at, or none.
pub fn level_for(target: &str, level: log::Level) -> Option<log::Level> {
    let from = |prefixes: &[&str]| {
        prefixes.iter().any(|p| {
            target
                .strip_prefix(p)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
        })
    };
    let narration = if from(DROPPED) {
        return None;
    } else if from(START_UP) {
        level >= log::Level::Info
    } else {
        from(NARRATION)
    };
    Some(match (narration, level) {
        (false, level) => level,
        (true, log::Level::Error | log::Level::Warn | log::Level::Info) => log::Level::Debug,
        (true, log::Level::Debug | log::Level::Trace) => log::Level::Trace,
    })
}

/// Whether tracing would write an event at `level` at all (the quick test
/// before a record is formatted and redacted).
fn wanted(level: log::Level) -> bool {
    let level = match level {
        log::Level::Error => LevelFilter::ERROR,
        log::Level::Warn => LevelFilter::WARN,
        log::Level::Info => LevelFilter::INFO,
        log::Level::Debug => LevelFilter::DEBUG,
        log::Level::Trace => LevelFilter::TRACE,
    };
    level <= LevelFilter::current()
}

/// A record's `text` as it is logged: a statement's values and every
/// secret cut out, on one line.
fn cleaned(text: &str) -> String {
    let text = match text.find(PARAMETERS) {
        Some(at) => format!("{}{PARAMETERS}…", &text[..at]),
        None => text.to_owned(),
    };
    one_line(&redact(&text))
}

/// `text` on one line: control characters (a pretty-printed request's line
/// ends among them) written as escapes.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "{}", c.escape_debug());
            }
            c => out.push(c),
        }
    }
    out
}

impl log::Log for Bridge {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        level_for(metadata.target(), metadata.level()).is_some_and(wanted)
    }

    fn log(&self, record: &log::Record<'_>) {
        let Some(level) = level_for(record.target(), record.level()).filter(|l| wanted(*l)) else {
            return;
        };
        let text = cleaned(&record.args().to_string());
        // Rocket marks a continued line with a target ending in "_".
        let target = record.target().trim_end_matches('_').trim_end_matches("::");
        let _ = tracing_log::format_trace(
            &log::Record::builder()
                .args(format_args!("{text}"))
                .level(level)
                .target(target)
                .module_path(record.module_path())
                .file(record.file())
                .line(record.line())
                .build(),
        );
    }

    fn flush(&self) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use log::Level::*;

    #[test]
    fn rocket_s_narration_moves_below_the_default_level() {
        for (target, level) in [
            ("rocket::server", Warn),
            ("rocket::server::_", Error),
            ("rocket::launch", Warn),
            ("rocket::launch_", Info),
            ("rocket::shield::shield", Warn),
            ("gatehouse::web::routes::session::_", Warn),
            ("hyper::proto", Error),
        ] {
            assert_eq!(level_for(target, level), Some(Debug), "{target}");
        }
        assert_eq!(level_for("rocket::server", Debug), Some(Trace));
        // Start-up warnings stay; their narration moves down.
        assert_eq!(level_for("rocket::rkt", Warn), Some(Warn));
        assert_eq!(level_for("rocket::rkt::_", Warn), Some(Warn));
        assert_eq!(level_for("rocket::config::shutdown", Warn), Some(Warn));
        assert_eq!(level_for("rocket::config::config", Info), Some(Debug));
        // Other libraries keep their levels; the form parser is dropped.
        assert_eq!(level_for("tokio_postgres::connection", Warn), Some(Warn));
        assert_eq!(level_for("rocketry", Warn), Some(Warn));
        assert_eq!(level_for("rocket::form::parser", Trace), None);
        assert_eq!(level_for("rocket::form::parser::_", Trace), None);
    }

    #[test]
    fn a_statement_s_values_are_cut() {
        let logged = r#"executing statement s53 with parameters: [Int(2), Text("YZFL3ANFD4I7FCTS")]"#;
        assert_eq!(cleaned(logged), "executing statement s53 with parameters: …");
        assert_eq!(cleaned("preparing query s1: SELECT 1"), "preparing query s1: SELECT 1");
    }

    #[test]
    fn a_record_is_one_line() {
        assert_eq!(one_line("Request {\n    uri: /x,\n}"), "Request {\\n    uri: /x,\\n}");
        assert_eq!(one_line("a\u{1b}[31mb\r"), "a\\u{1b}[31mb\\r");
    }
}
