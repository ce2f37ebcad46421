//! Times as a person reads them: in the office's time zone (`time_zone`,
//! an IANA name; by default this computer's own), written the way the
//! reader's language writes a date, with the catalogue's month names.

use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::Language;

/// The office's time zone.
#[derive(Debug, Clone)]
pub struct Zone {
    zone: TimeZone,
    name: String,
}

impl Zone {
    /// The zone named in the settings, else this computer's own (UTC when
    /// the computer does not say). A name that is not a zone is refused
    /// with a message that says what to write.
    pub fn from_setting(name: Option<&str>) -> Result<Zone, String> {
        match name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(name) => TimeZone::get(name)
                .map(|zone| Zone {
                    zone,
                    name: name.to_owned(),
                })
                .map_err(|_| {
                    format!(
                        "time_zone = {name:?} is not a time zone name; write one like \"Europe/Madrid\" or \"America/Guayaquil\", or leave it out to use this computer's"
                    )
                }),
            None => Ok(Zone::of_this_computer()),
        }
    }

    /// This computer's zone, on Linux, macOS and Windows alike.
    pub fn of_this_computer() -> Zone {
        let zone = TimeZone::try_system().unwrap_or(TimeZone::UTC);
        let name = zone.iana_name().unwrap_or("UTC").to_owned();
        Zone { zone, name }
    }

    /// The IANA name ("Europe/Madrid").
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A Unix time as `language` writes a date and time in a table or a
    /// list: "1 Dec 2026, 17:05", "1 dic 2026, 17:05".
    pub fn datetime(&self, language: Language, unix_seconds: i64) -> String {
        self.written(language, unix_seconds, "datetime", "month")
    }

    /// The same as `language` writes it inside a sentence, the month in
    /// full: "1 December 2026 at 17:05", "1 de diciembre de 2026, a las 17:05".
    pub fn datetime_long(&self, language: Language, unix_seconds: i64) -> String {
        self.written(language, unix_seconds, "datetime-long", "month-long")
    }

    /// A Unix time as every spreadsheet reads a date and time, in any
    /// language: "2026-12-01 17:05" (in this zone).
    pub fn for_spreadsheet(&self, unix_seconds: i64) -> String {
        let Ok(at) = Timestamp::from_second(unix_seconds) else {
            return String::new();
        };
        self.zone.to_datetime(at).strftime("%Y-%m-%d %H:%M").to_string()
    }

    fn written(&self, language: Language, unix_seconds: i64, key: &str, months: &str) -> String {
        let Ok(at) = Timestamp::from_second(unix_seconds) else {
            return String::new();
        };
        let local = self.zone.to_datetime(at);
        let month = language.text(&format!("{months}-{}", local.month()));
        language.text_with(
            key,
            &[
                ("day", local.day().to_string().into()),
                ("month", month.into()),
                ("year", local.year().to_string().into()),
                ("hour", i64::from(local.hour()).into()),
                ("time", format!("{:02}:{:02}", local.hour(), local.minute()).into()),
            ],
        )
    }

    /// The zone as people know it: "UTC" rather than "Etc/UTC", the
    /// city's name with spaces ("America/Mexico City"), and its offset
    /// from UTC at `unix_seconds` ("UTC−5").
    pub fn shown(&self, unix_seconds: i64) -> String {
        let name = match self.name.as_str() {
            "UTC" | "Etc/UTC" | "Etc/UCT" | "Etc/Universal" | "Etc/Zulu" | "Universal" | "Zulu" | "GMT" | "Etc/GMT" => {
                return "UTC".to_owned()
            }
            other => other.replace('_', " "),
        };
        let Ok(at) = Timestamp::from_second(unix_seconds) else {
            return name;
        };
        let seconds = self.zone.to_offset(at).seconds();
        let sign = if seconds < 0 { '\u{2212}' } else { '+' };
        let (hours, minutes) = (seconds.abs() / 3600, seconds.abs() % 3600 / 60);
        match minutes {
            0 => format!("{name} (UTC{sign}{hours})"),
            _ => format!("{name} (UTC{sign}{hours}:{minutes:02})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_in_the_office_zone() {
        let quito = Zone::from_setting(Some("America/Guayaquil")).unwrap();
        // 2026-12-01 17:05:00 UTC is 12:05 in Quito (UTC-5).
        let at = 1_796_144_700;
        assert_eq!(quito.datetime(Language::english(), at), "1 Dec 2026, 12:05");
        let es = Language::find("es").unwrap();
        assert_eq!(quito.datetime(es, at), "1 dic 2026, 12:05");
        let madrid = Zone::from_setting(Some("Europe/Madrid")).unwrap();
        assert_eq!(madrid.datetime(es, at), "1 dic 2026, 18:05");
        // Summer time: 2026-07-01 12:00 UTC is 14:00 in Madrid.
        assert_eq!(madrid.datetime(es, 1_782_907_200), "1 jul 2026, 14:00");
    }

    #[test]
    fn inside_a_sentence_the_month_is_written_in_full() {
        let madrid = Zone::from_setting(Some("Europe/Madrid")).unwrap();
        let es = Language::find("es").unwrap();
        // 2026-12-09 08:41 UTC is 09:41 in Madrid; 00:05 UTC is 01:05.
        assert_eq!(
            madrid.datetime_long(es, 1_796_805_660),
            "9 de diciembre de 2026, a las 09:41"
        );
        assert_eq!(
            madrid.datetime_long(es, 1_796_774_700),
            "9 de diciembre de 2026, a la 01:05"
        );
        assert_eq!(
            madrid.datetime_long(Language::english(), 1_796_805_660),
            "9 December 2026 at 09:41"
        );
    }

    #[test]
    fn zones_are_named_as_people_know_them() {
        let at = 1_796_144_700;
        assert_eq!(Zone::from_setting(Some("Etc/UTC")).unwrap().shown(at), "UTC");
        let mexico = Zone::from_setting(Some("America/Mexico_City")).unwrap();
        assert_eq!(mexico.shown(at), "America/Mexico City (UTC\u{2212}6)");
        let kolkata = Zone::from_setting(Some("Asia/Kolkata")).unwrap();
        assert_eq!(kolkata.shown(at), "Asia/Kolkata (UTC+5:30)");
    }

    #[test]
    fn a_wrong_zone_name_is_explained() {
        let message = Zone::from_setting(Some("Mars/Olympus")).unwrap_err();
        assert!(message.contains("Europe/Madrid"), "{message}");
        assert!(Zone::from_setting(Some("  ")).is_ok());
    }
}
