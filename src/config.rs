//! Settings: read from Rocket's figment (Rocket.toml, then `ROCKET_*`
//! variables, then what the command line sets), with the defaults an office
//! wants. No statics: the values travel through Rocket's managed state.

use rocket::figment::providers::{Env, Format as _, Serialized, Toml};
use rocket::figment::{Figment, Profile, Provider};
use serde::Deserialize;

use crate::domain::{Lifetime, TwoFactorPolicy};
use crate::i18n::time::Zone;
use crate::i18n::Language;
use crate::logging::{Format, Level, LogSettings};
use crate::mail::SmtpSettings;

/// Rocket's defaults with gatehouse's own: a quiet log (warnings and errors;
/// `log_level` is gatehouse's, see `log_settings`), port 8000, and no client address
/// taken from request headers (X-Real-IP is anyone's to forge; behind a
/// reverse proxy, set `ip_header` again). All in the `default` profile, so
/// that what Rocket.toml's `[default]` says wins over them (a value in the
/// `global` profile would win over every file).
pub fn defaults() -> Figment {
    Figment::from(rocket::Config::default())
        .merge(Serialized::default("log_level", Level::default().as_str()))
        .merge(Serialized::default("port", 8000))
        .merge(Serialized::default("ip_header", false))
        // Blocking work is SQLite (a pool of 8 connections) and bcrypt (one
        // per core): more threads than that only cost memory.
        .merge(Serialized::default("max_blocking", 16))
}

/// The defaults, then what Rocket reads: `Rocket.toml` and `ROCKET_*` variables.
pub fn figment() -> Figment {
    defaults()
        .merge(Toml::file(Env::var_or("ROCKET_CONFIG", "Rocket.toml")).nested())
        .merge(Env::prefixed("ROCKET_").ignore(&["PROFILE", "CONFIG"]).global())
        .select(Profile::from_env_or("ROCKET_PROFILE", rocket::Config::DEFAULT_PROFILE))
}

/// The figment Rocket is built from: `figment` with Rocket's own log off
/// (gatehouse owns `log_level`, in its own words, and writes Rocket's
/// records itself) and without colours (its records reach the redactor as
/// plain text). In the `global` profile, over everything.
pub fn for_rocket(figment: Figment) -> Figment {
    figment
        .merge(Serialized::global("log_level", "off"))
        .merge(Serialized::global("cli_colors", false))
}

/// The environment variable that sets the log's level or filter, over Rocket.toml.
pub const LOG_VARIABLE: &str = "GATEHOUSE_LOG";

/// The log's settings: `log_level` and `log_format` from `figment`, then
/// `GATEHOUSE_LOG` (`variable`, when set) over the level; what is wrong is
/// said in `language`.
pub fn log_settings(figment: &Figment, variable: Option<&str>, language: Language) -> Result<LogSettings, String> {
    let word = |key: &str| -> Result<Option<String>, String> {
        figment
            .extract_inner::<Option<String>>(key)
            .or_else(|e| match e.missing() {
                true => Ok(None),
                false => Err(unreadable(language, e)),
            })
    };
    let quoted = |value: &str, names: &[&str]| {
        let names: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        [
            ("value", format!("{value:?}").into()),
            ("names", names.join(", ").into()),
        ]
    };
    let level = match word("log_level")? {
        None => Level::default(),
        Some(value) => {
            Level::parse(&value).ok_or_else(|| language.text_with("config-log-level", &quoted(&value, Level::NAMES)))?
        }
    };
    let format = match word("log_format")? {
        None => Format::default(),
        Some(value) => Format::parse(&value)
            .ok_or_else(|| language.text_with("config-log-format", &quoted(&value, Format::NAMES)))?,
    };
    let settings = LogSettings::new(level, format);
    match variable.filter(|v| !v.trim().is_empty()) {
        None => Ok(settings),
        Some(value) => settings.overridden_by(value).map_err(|why| {
            language.text_with(
                "config-gatehouse-log",
                &[("value", format!("{value:?}").into()), ("reason", why.0.into())],
            )
        }),
    }
}

/// gatehouse's own settings: the fields of `Settings`, by the names
/// Rocket.toml gives them, and the log's.
const OWN_KEYS: &[&str] = &[
    "bcrypt_cost",
    "session_idle_minutes",
    "session_absolute_hours",
    "remember_days",
    "allowed_hosts",
    "db_pool_size",
    "db_connect_timeout",
    "default_language",
    "time_zone",
    "public_url",
    "invite_lifetime",
    "reset_lifetime",
    "two_factor",
    "smtp",
    "log_format",
    "trusted_proxies",
    "cookie_domain",
    "oidc_access_lifetime",
    "oidc_refresh_lifetime",
];

/// The profiles a Rocket.toml may have: what every build reads, what
/// overrides everything, and the two that debug and release builds read.
const PROFILES: &[&str] = &["default", "global", "debug", "release"];

/// A setting's name that neither gatehouse nor Rocket knows, or a profile
/// nothing reads (`[defualt]`), refused with what is known: a misspelt
/// `ip_header` would silently count every client as the proxy.
fn check_names(figment: &Figment, language: Language) -> Result<(), String> {
    let known: Vec<&str> = OWN_KEYS.iter().chain(rocket::Config::PARAMETERS).copied().collect();
    let data = figment.data().map_err(|e| unreadable(language, e))?;
    for (profile, values) in &data {
        let profile = profile.as_str().as_str();
        if !PROFILES.iter().any(|p| profile.eq_ignore_ascii_case(p)) {
            let mut names: Vec<String> = PROFILES.iter().map(|p| format!("[{p}]")).collect();
            names.sort();
            return Err(language.text_with(
                "config-unknown-section",
                &[
                    ("section", profile.to_owned().into()),
                    ("suggestion", did_you_mean(language, profile, PROFILES, "[").into()),
                    ("sections", names.join(", ").into()),
                ],
            ));
        }
        if let Some(unknown) = values.keys().find(|key| !known.contains(&key.as_str())) {
            let mut sorted = known.clone();
            sorted.sort_unstable();
            return Err(language.text_with(
                "config-unknown-setting",
                &[
                    ("name", unknown.to_string().into()),
                    ("suggestion", did_you_mean(language, unknown, &known, "").into()),
                    ("section", profile.to_owned().into()),
                    ("settings", sorted.join(", ").into()),
                ],
            ));
        }
    }
    Ok(())
}

/// "the configuration cannot be read: …"
fn unreadable(language: Language, e: impl std::fmt::Display) -> String {
    language.text_with("config-unreadable", &[("reason", e.to_string().into())])
}

/// " (did you mean …?)" when one of `known` is close to `typed`.
fn did_you_mean(language: Language, typed: &str, known: &[&str], bracket: &str) -> String {
    let typed = typed.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(&typed, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| {
            let close = if bracket.is_empty() { "" } else { "]" };
            language.text_with(
                "config-did-you-mean",
                &[("name", format!("{bracket}{k}{close}").into())],
            )
        })
        .unwrap_or_default()
}

/// gatehouse's own settings, beside Rocket's.
#[derive(Debug, Clone, Deserialize)]
pub struct Settings {
    /// bcrypt's work factor for new hashes (4 to 31; 12 by default).
    #[serde(default = "default_bcrypt_cost")]
    pub bcrypt_cost: u32,
    /// A session without "remember me" ends after this long without a request.
    #[serde(default = "default_session_idle_minutes")]
    pub session_idle_minutes: u64,
    /// A session without "remember me" ends this long after sign-in, whatever happens.
    #[serde(default = "default_session_absolute_hours")]
    pub session_absolute_hours: u64,
    /// How long a "remember me" session lasts.
    #[serde(default = "default_remember_days")]
    pub remember_days: u64,
    /// Host names this server answers to beyond its addresses and local names.
    #[serde(default)]
    pub allowed_hosts: Vec<String>,
    /// With PostgreSQL: at most this many connections from this instance.
    #[serde(default = "default_db_pool_size")]
    pub db_pool_size: u32,
    /// With PostgreSQL: seconds to wait for a connection before answering 503.
    #[serde(default = "default_db_connect_timeout")]
    pub db_connect_timeout: u64,
    /// The pages' language when neither the user nor the browser chooses
    /// one: a catalogue's code.
    #[serde(default = "default_language")]
    pub default_language: String,
    /// The office's time zone, an IANA name; none: this computer's.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// The address people open gatehouse at (`https://gatehouse.office.lan`),
    /// for the links it hands out; none: the address the request came to.
    #[serde(default)]
    pub public_url: Option<String>,
    /// How long an invitation link works.
    #[serde(default = "default_invite_lifetime")]
    pub invite_lifetime: Lifetime,
    /// How long a password reset link works.
    #[serde(default = "default_reset_lifetime")]
    pub reset_lifetime: Lifetime,
    /// Who must sign in in two steps: `optional`, `admins` or `everyone`.
    #[serde(default)]
    pub two_factor: TwoFactorPolicy,
    /// The mail server for invitation and reset links (`[default.smtp]`);
    /// none: links are only shown, and /forgot is not there.
    #[serde(default)]
    pub smtp: Option<SmtpSettings>,
    /// The reverse proxies (addresses and CIDR ranges) whose
    /// `X-Forwarded-For` / `X-Real-IP` name the client, and which may ask
    /// the gate; none by default.
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
    /// The domain the session cookie is valid for (`office.example`: its
    /// subdomains too), so that the gate's apps send it along; none: this
    /// host only.
    #[serde(default)]
    pub cookie_domain: Option<String>,
    /// How long an OpenID access token (and an ID token) is good for.
    #[serde(default = "default_oidc_access_lifetime")]
    pub oidc_access_lifetime: Lifetime,
    /// How long an OpenID refresh token lasts unused.
    #[serde(default = "default_oidc_refresh_lifetime")]
    pub oidc_refresh_lifetime: Lifetime,
}

fn default_bcrypt_cost() -> u32 {
    12
}
fn default_session_idle_minutes() -> u64 {
    8 * 60
}
fn default_session_absolute_hours() -> u64 {
    12
}
fn default_remember_days() -> u64 {
    30
}
fn default_db_pool_size() -> u32 {
    8
}
fn default_db_connect_timeout() -> u64 {
    5
}
fn default_language() -> String {
    "en".to_owned()
}
fn default_invite_lifetime() -> Lifetime {
    Lifetime::from_seconds(7 * 86_400)
}
fn default_reset_lifetime() -> Lifetime {
    Lifetime::from_seconds(86_400)
}
fn default_oidc_access_lifetime() -> Lifetime {
    Lifetime::from_seconds(10 * 60)
}
fn default_oidc_refresh_lifetime() -> Lifetime {
    Lifetime::from_seconds(30 * 86_400)
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            bcrypt_cost: default_bcrypt_cost(),
            session_idle_minutes: default_session_idle_minutes(),
            session_absolute_hours: default_session_absolute_hours(),
            remember_days: default_remember_days(),
            allowed_hosts: Vec::new(),
            db_pool_size: default_db_pool_size(),
            db_connect_timeout: default_db_connect_timeout(),
            default_language: default_language(),
            time_zone: None,
            public_url: None,
            trusted_proxies: Vec::new(),
            cookie_domain: None,
            invite_lifetime: default_invite_lifetime(),
            reset_lifetime: default_reset_lifetime(),
            oidc_access_lifetime: default_oidc_access_lifetime(),
            oidc_refresh_lifetime: default_oidc_refresh_lifetime(),
            smtp: None,
            two_factor: TwoFactorPolicy::Optional,
        }
    }
}

impl Settings {
    /// Reads the settings, refusing values that would be unsafe or unusable,
    /// with what is wrong said in this computer's language (it is said at
    /// the start, on this computer's terminal).
    pub fn from_figment(figment: &Figment) -> Result<Settings, String> {
        Settings::from_figment_in(figment, Language::of_this_computer())
    }

    /// As `from_figment`, with what is wrong said in `language`.
    pub fn from_figment_in(figment: &Figment, language: Language) -> Result<Settings, String> {
        check_names(figment, language)?;
        log_settings(figment, None, language)?;
        let settings: Settings = figment.extract().map_err(|e| unreadable(language, e))?;
        if !(4..=31).contains(&settings.bcrypt_cost) {
            return Err(language.text_with(
                "config-bcrypt-cost",
                &[("cost", settings.bcrypt_cost.to_string().into())],
            ));
        }
        if settings.session_idle_minutes == 0 || settings.session_absolute_hours == 0 || settings.remember_days == 0 {
            return Err(language.text("config-session-lengths"));
        }
        if settings.db_pool_size == 0 || settings.db_connect_timeout == 0 {
            return Err(language.text("config-pool"));
        }
        settings.language_in(language)?;
        settings.zone()?;
        if let Some(smtp) = &settings.smtp {
            smtp.check()?;
        }
        if settings.smtp.is_some() && settings.public_url.is_none() {
            return Err(language.text("config-mail-needs-public-url"));
        }
        if let Err(entry) = settings.proxies() {
            return Err(language.text_with("config-trusted-proxies", &[("entry", format!("{entry:?}").into())]));
        }
        if let Some(domain) = &settings.cookie_domain {
            let plain = !domain.is_empty()
                && domain.contains('.')
                && domain
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
                && !domain.starts_with(['.', '-'])
                && !domain.ends_with('.');
            if !plain {
                return Err(language.text_with("config-cookie-domain", &[("value", format!("{domain:?}").into())]));
            }
        }
        if let Some(url) = &settings.public_url {
            let scheme_ok = url.starts_with("http://") || url.starts_with("https://");
            if !scheme_ok || url.contains(char::is_whitespace) || url.contains(['?', '#']) {
                return Err(language.text_with("config-public-url", &[("url", format!("{url:?}").into())]));
            }
        }
        Ok(settings)
    }

    /// `trusted_proxies` read; the first entry that is not an address or a
    /// range, if any.
    pub fn proxies(&self) -> Result<crate::domain::TrustedProxies, String> {
        crate::domain::TrustedProxies::parse(&self.trusted_proxies)
    }

    /// `default_language` as a catalogue, or what to write instead (in this
    /// computer's language).
    pub fn language(&self) -> Result<Language, String> {
        self.language_in(Language::of_this_computer())
    }

    /// `default_language` as a catalogue, or what to write instead, said in `language`.
    fn language_in(&self, language: Language) -> Result<Language, String> {
        Language::find(&self.default_language).ok_or_else(|| {
            let codes: Vec<&str> = Language::all().map(Language::code).collect();
            language.text_with(
                "config-default-language",
                &[
                    ("value", format!("{:?}", self.default_language).into()),
                    ("codes", codes.join(", ").into()),
                ],
            )
        })
    }

    /// The start of the links gatehouse hands out, from `public_url`, else
    /// `fallback` (the address the request came to), without a final `/`.
    pub fn link_base(&self, fallback: &str) -> String {
        self.public_url
            .as_deref()
            .unwrap_or(fallback)
            .trim_end_matches('/')
            .to_owned()
    }

    /// The OpenID issuer apps are told: `public_url` without a final `/`;
    /// none while it is not set.
    pub fn issuer(&self) -> Option<&str> {
        self.public_url.as_deref().map(|url| url.trim_end_matches('/'))
    }

    /// `time_zone`, or this computer's zone.
    pub fn zone(&self) -> Result<Zone, String> {
        Zone::from_setting(self.time_zone.as_deref())
    }

    pub fn idle_seconds(&self) -> i64 {
        (self.session_idle_minutes * 60) as i64
    }

    pub fn absolute_seconds(&self) -> i64 {
        (self.session_absolute_hours * 3600) as i64
    }

    pub fn remember_seconds(&self) -> i64 {
        (self.remember_days * 86_400) as i64
    }

    /// How a database server's connections are kept.
    pub fn pool(&self) -> crate::store::PoolSettings {
        crate::store::PoolSettings {
            size: self.db_pool_size,
            connect_timeout: std::time::Duration::from_secs(self.db_connect_timeout),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The settings, with what is wrong said in English.
    fn read(figment: &Figment) -> Result<Settings, String> {
        Settings::from_figment_in(figment, Language::english())
    }

    #[test]
    fn defaults_suit_an_office_day() {
        let s = read(&Figment::new()).unwrap();
        assert_eq!(s.bcrypt_cost, 12);
        assert_eq!(s.idle_seconds(), 8 * 3600);
        assert_eq!(s.remember_seconds(), 30 * 86_400);
    }

    #[test]
    fn every_name_is_one_gatehouse_or_rocket_reads() {
        // Each known name, given a value of the wrong shape, is refused: it
        // is read by gatehouse's settings or by Rocket's.
        for key in OWN_KEYS {
            let f = defaults().merge((*key, vec![vec![1]]));
            assert!(read(&f).is_err(), "{key} is not read");
        }
        let misspelt = defaults().merge(Serialized::default("ip_headr", "X-Real-IP"));
        let refused = read(&misspelt).unwrap_err();
        assert!(
            refused.contains("ip_headr is not a setting") && refused.contains("did you mean ip_header?"),
            "{refused}"
        );
        let section = defaults().merge(Serialized::default("x", 1).profile("defualt"));
        let refused = read(&section).unwrap_err();
        assert!(
            refused.contains("[defualt]") && refused.contains("did you mean [default]?"),
            "{refused}"
        );
    }

    #[test]
    fn a_setting_in_the_default_profile_wins_over_gatehouse_s_defaults() {
        let f = defaults()
            .merge(Serialized::default("ip_header", "X-Real-IP"))
            .merge(Serialized::default("log_level", "normal"))
            .select(Profile::Default);
        let config = rocket::Config::from(for_rocket(f.clone()));
        assert_eq!(config.ip_header.as_ref().map(|h| h.as_str()), Some("X-Real-IP"));
        let english = Language::english();
        assert_eq!(
            log_settings(&f, None, english),
            Ok(LogSettings::new(Level::Info, Format::Text))
        );
    }

    #[test]
    fn gatehouse_owns_log_level_and_rocket_gets_its_own_off() {
        let english = Language::english();
        let quiet = log_settings(&defaults(), None, english).unwrap();
        assert_eq!(quiet, LogSettings::new(Level::Warn, Format::Text));
        for profile in [Profile::Default, Profile::Global, Profile::new("debug")] {
            let f = defaults()
                .merge(Serialized::default("log_level", "trace").profile(profile))
                .merge(("log_format", "json"))
                .select("debug");
            assert_eq!(
                log_settings(&f, None, english),
                Ok(LogSettings::new(Level::Trace, Format::Json))
            );
            // Rocket would refuse "trace": it reads "off" instead.
            let rocket_s = for_rocket(f).extract_inner::<rocket::config::LogLevel>("log_level");
            assert_eq!(rocket_s.ok(), Some(rocket::config::LogLevel::Off));
        }
        let env = log_settings(&defaults(), Some("info"), english).unwrap();
        assert_eq!(env, LogSettings::new(Level::Info, Format::Text));
        let over_file = defaults().merge(("log_level", "error"));
        assert_eq!(
            log_settings(&over_file, Some("debug"), english),
            Ok(LogSettings::new(Level::Debug, Format::Text))
        );
        assert_eq!(
            log_settings(&over_file, Some(" "), english),
            Ok(LogSettings::new(Level::Error, Format::Text))
        );
    }

    #[test]
    fn a_wrong_log_setting_is_refused_in_the_reader_s_language() {
        let english = Language::english();
        let spanish = Language::find("es").unwrap();
        let loud = defaults().merge(("log_level", "loud"));
        let refused = read(&loud).unwrap_err();
        assert!(
            refused.contains("log_level = \"loud\"") && refused.contains("\"info\""),
            "{refused}"
        );
        let refused = Settings::from_figment_in(&loud, spanish).unwrap_err();
        assert!(
            refused.contains("log_level = \"loud\"") && !refused.contains(" is not "),
            "{refused}"
        );
        let xml = defaults().merge(("log_format", "xml"));
        assert!(read(&xml).unwrap_err().contains("\"json\""));
        let refused = log_settings(&defaults(), Some("infoo"), english).unwrap_err();
        assert!(refused.contains("GATEHOUSE_LOG = \"infoo\""), "{refused}");
    }

    #[test]
    fn mail_without_public_url_is_refused() {
        let smtp = defaults()
            .merge(("smtp.host", "mail.example"))
            .merge(("smtp.from", "g@example.org"));
        let refused = read(&smtp).unwrap_err();
        assert!(refused.contains("public_url"), "{refused}");
        let with_url = smtp.merge(("public_url", "https://gatehouse.example.org"));
        assert!(read(&with_url).is_ok());
    }

    #[test]
    fn an_unsafe_cost_is_refused() {
        let f = Figment::new().merge(("bcrypt_cost", 3));
        assert!(read(&f).unwrap_err().contains("between 4 and 31"));
    }
}
