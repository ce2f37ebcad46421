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

    /// A Unix time as `language` writes a date and time: "1 Dec 2026, 17:05",
    /// "1 dic 2026, 17:05".
    pub fn datetime(&self, language: Language, unix_seconds: i64) -> String {
        let Ok(at) = Timestamp::from_second(unix_seconds) else {
            return String::new();
        };
        let local = self.zone.to_datetime(at);
        let month = language.text(&format!("month-{}", local.month()));
        language.text_with(
            "datetime",
            &[
                ("day", local.day().to_string().into()),
                ("month", month.into()),
                ("year", local.year().to_string().into()),
                ("time", format!("{:02}:{:02}", local.hour(), local.minute()).into()),
            ],
        )
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
    fn a_wrong_zone_name_is_explained() {
        let message = Zone::from_setting(Some("Mars/Olympus")).unwrap_err();
        assert!(message.contains("Europe/Madrid"), "{message}");
        assert!(Zone::from_setting(Some("  ")).is_ok());
    }
}
