//! How much the log says and in what shape: `log_level` (`error`, `warn`,
//! `info`, `debug`, `trace`, or `off`; Rocket's own words `critical`,
//! `normal` from older Rocket.toml files still read), `log_format` (`text`
//! or `json`), and `GATEHOUSE_LOG`, a level or a tracing filter, which wins
//! over `log_level`.

use tracing_subscriber::EnvFilter;

/// How much the log says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    Off,
    Error,
    /// Warnings and errors: a quiet console, the default.
    #[default]
    Warn,
    /// Also one line per request and every security event.
    Info,
    Debug,
    Trace,
}

impl Level {
    /// The words `log_level` takes, from the quietest.
    pub const NAMES: &'static [&'static str] = &["off", "error", "warn", "info", "debug", "trace"];

    /// The level `word` names (in any case): one of `NAMES`, or what
    /// Rocket's own `log_level` called it (`critical`: warnings and errors;
    /// `normal`: each request too).
    pub fn parse(word: &str) -> Option<Level> {
        Some(match word.trim().to_ascii_lowercase().as_str() {
            "off" => Level::Off,
            "error" => Level::Error,
            "warn" | "warning" | "critical" => Level::Warn,
            "info" | "normal" => Level::Info,
            "debug" => Level::Debug,
            "trace" => Level::Trace,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Error => "error",
            Level::Warn => "warn",
            Level::Info => "info",
            Level::Debug => "debug",
            Level::Trace => "trace",
        }
    }
}

/// The shape of each line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// A line a person reads: time, level, where from, the fields.
    #[default]
    Text,
    /// One JSON object a line, for a log collector.
    Json,
}

impl Format {
    pub const NAMES: &'static [&'static str] = &["text", "json"];

    pub fn parse(word: &str) -> Option<Format> {
        match word.trim().to_ascii_lowercase().as_str() {
            "text" => Some(Format::Text),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// What the log shows: a filter (a level, or the directives
/// `GATEHOUSE_LOG` gave), and the format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSettings {
    filter: String,
    pub format: Format,
}

impl Default for LogSettings {
    fn default() -> LogSettings {
        LogSettings::new(Level::default(), Format::default())
    }
}

/// Why `GATEHOUSE_LOG` cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadFilter(pub String);

impl LogSettings {
    pub fn new(level: Level, format: Format) -> LogSettings {
        LogSettings {
            filter: level.as_str().to_owned(),
            format,
        }
    }

    /// These settings with `GATEHOUSE_LOG`'s `value` over the level: a
    /// level's word, or tracing's directives (`warn,gatehouse::request=info`),
    /// each of them a level or `target=level`, so that a misspelt level is
    /// refused rather than read as the name of a target.
    pub fn overridden_by(self, value: &str) -> Result<LogSettings, BadFilter> {
        if let Some(level) = Level::parse(value) {
            return Ok(LogSettings::new(level, self.format));
        }
        let bare_word = value
            .split(',')
            .map(str::trim)
            .find(|part| !part.contains('=') && Level::parse(part).is_none());
        if let Some(word) = bare_word {
            return Err(BadFilter(format!("{word:?}")));
        }
        EnvFilter::builder()
            .parse(value)
            .map_err(|e| BadFilter(e.to_string()))?;
        Ok(LogSettings {
            filter: value.trim().to_owned(),
            format: self.format,
        })
    }

    /// The filter tracing applies.
    pub fn filter(&self) -> EnvFilter {
        EnvFilter::builder()
            .parse(&self.filter)
            .unwrap_or_else(|_| EnvFilter::new(Level::default().as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rocket_s_old_words_are_read_as_gatehouse_s_levels() {
        for (word, level) in [
            ("critical", Level::Warn),
            ("normal", Level::Info),
            ("debug", Level::Debug),
            ("off", Level::Off),
            ("INFO", Level::Info),
            ("trace", Level::Trace),
        ] {
            assert_eq!(Level::parse(word), Some(level), "{word}");
        }
        assert_eq!(Level::parse("loud"), None);
        assert_eq!(Format::parse("JSON"), Some(Format::Json));
        assert_eq!(Format::parse("xml"), None);
    }

    #[test]
    fn gatehouse_log_is_a_level_or_a_filter() {
        let json = LogSettings::new(Level::Warn, Format::Json);
        assert_eq!(
            json.clone().overridden_by("info"),
            Ok(LogSettings::new(Level::Info, Format::Json))
        );
        let filter = json.clone().overridden_by("warn,gatehouse::request=info").unwrap();
        assert_eq!(filter.filter().to_string(), "gatehouse::request=info,warn");
        assert!(json.clone().overridden_by("infoo").is_err());
        assert!(json.clone().overridden_by("warn,rocket").is_err());
        assert!(json.overridden_by("gatehouse=loud").is_err());
    }
}
