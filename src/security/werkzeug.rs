//! Werkzeug's password hashes, as a Flask app stores them
//! (`generate_password_hash`): `scrypt:N:r:p$salt$hex` and
//! `pbkdf2:sha256:ITERATIONS$salt$hex`. People brought in from such an app
//! keep them until their first sign-in, which checks the password against
//! one and replaces it with bcrypt. A hash whose parameters would take the
//! server's memory or minutes of its time is refused when it is read, so a
//! crafted row can never be computed; nothing else (another prefix, a plain
//! text) is ever taken for one.

use std::fmt::Write;

use subtle::ConstantTimeEq;

/// Werkzeug's own defaults: scrypt with N = 2^15, r = 8, p = 1 (32 MiB).
const SCRYPT_DEFAULT: (u64, u64, u64) = (1 << 15, 8, 1);
/// scrypt's memory is 128·N·r bytes: at most 64 MiB (twice Werkzeug's default).
const SCRYPT_MAX_MEMORY: u64 = 64 << 20;
/// scrypt's time grows with N·r·p: at most four times Werkzeug's default.
const SCRYPT_MAX_WORK: u64 = 4 * (1 << 15) * 8;
/// PBKDF2's time grows with its iterations: at most twice Werkzeug 3's default (1,000,000).
const PBKDF2_MAX_ITERATIONS: u64 = 2_000_000;
/// Werkzeug's salts are 16 characters; a longer one than this is not Werkzeug's.
const MAX_SALT: usize = 128;
/// scrypt's derived key in Werkzeug: 64 bytes (hashlib's default).
const SCRYPT_KEY_BYTES: usize = 64;

/// Why a stored value is not a Werkzeug hash this program will check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Another kind of hash (or none): md5, sha1, a plain password, bcrypt…
    OtherKind,
    /// Werkzeug's, but with parameters past the caps above (or not a power of two).
    PastCaps,
    /// Werkzeug's prefix, but not the shape Werkzeug writes.
    Malformed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Scrypt { log_n: u8, r: u32, p: u32 },
    Pbkdf2Sha256 { iterations: u32 },
    Pbkdf2Sha512 { iterations: u32 },
}

/// A Werkzeug hash whose parameters are within the caps: safe to compute.
#[derive(Clone, PartialEq, Eq)]
pub struct WerkzeugHash {
    method: Method,
    salt: String,
    hex: String,
}

impl std::fmt::Debug for WerkzeugHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WerkzeugHash({})", self.kind())
    }
}

/// Whether a stored value claims to be Werkzeug's (it may still be refused).
pub fn looks_like_werkzeug(stored: &str) -> bool {
    stored.starts_with("scrypt:") || stored.starts_with("scrypt$") || stored.starts_with("pbkdf2:")
}

impl WerkzeugHash {
    pub fn parse(stored: &str) -> Result<WerkzeugHash, Refusal> {
        if !looks_like_werkzeug(stored) {
            return Err(Refusal::OtherKind);
        }
        let mut parts = stored.splitn(3, '$');
        let (Some(method), Some(salt), Some(hex)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(Refusal::Malformed);
        };
        if salt.is_empty() || salt.len() > MAX_SALT || salt.chars().any(|c| c.is_control()) {
            return Err(Refusal::Malformed);
        }
        let method = parse_method(method)?;
        let key_bytes = match method {
            Method::Scrypt { .. } => SCRYPT_KEY_BYTES,
            Method::Pbkdf2Sha256 { .. } => 32,
            Method::Pbkdf2Sha512 { .. } => 64,
        };
        let is_hex = hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if hex.len() != 2 * key_bytes || !is_hex {
            return Err(Refusal::Malformed);
        }
        Ok(WerkzeugHash {
            method,
            salt: salt.to_owned(),
            hex: hex.to_owned(),
        })
    }

    /// The method as a person reads it in the import's report.
    pub fn kind(&self) -> &'static str {
        match self.method {
            Method::Scrypt { .. } => "scrypt",
            Method::Pbkdf2Sha256 { .. } => "pbkdf2:sha256",
            Method::Pbkdf2Sha512 { .. } => "pbkdf2:sha512",
        }
    }

    /// Whether `password` is the one hashed (computed in full, compared in constant time).
    pub fn matches(&self, password: &[u8]) -> bool {
        let salt = self.salt.as_bytes();
        let mut key = [0u8; 64];
        let key = match self.method {
            Method::Scrypt { log_n, r, p } => {
                let Ok(params) = scrypt::Params::new(log_n, r, p, SCRYPT_KEY_BYTES) else {
                    return false;
                };
                if scrypt::scrypt(password, salt, &params, &mut key).is_err() {
                    return false;
                }
                &key[..]
            }
            Method::Pbkdf2Sha256 { iterations } => {
                pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, &mut key[..32]);
                &key[..32]
            }
            Method::Pbkdf2Sha512 { iterations } => {
                pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, iterations, &mut key);
                &key[..]
            }
        };
        let mut computed = String::with_capacity(2 * key.len());
        for byte in key {
            let _ = write!(computed, "{byte:02x}");
        }
        computed.as_bytes().ct_eq(self.hex.as_bytes()).into()
    }
}

/// `scrypt[:N:r:p]` or `pbkdf2:sha256|sha512:ITERATIONS`, within the caps.
fn parse_method(method: &str) -> Result<Method, Refusal> {
    let mut words = method.split(':');
    let number = |word: Option<&str>| -> Result<u64, Refusal> {
        let word = word.ok_or(Refusal::Malformed)?;
        if word.is_empty() || word.len() > 12 || !word.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Refusal::Malformed);
        }
        word.parse().map_err(|_| Refusal::Malformed)
    };
    let found = match words.next() {
        Some("scrypt") => {
            let (n, r, p) = match words.clone().next() {
                None => SCRYPT_DEFAULT,
                Some(_) => (number(words.next())?, number(words.next())?, number(words.next())?),
            };
            if n < 2 || !n.is_power_of_two() || r == 0 || p == 0 {
                return Err(Refusal::PastCaps);
            }
            let memory = 128u64.saturating_mul(n).saturating_mul(r);
            let work = n.saturating_mul(r).saturating_mul(p);
            if memory > SCRYPT_MAX_MEMORY || work > SCRYPT_MAX_WORK {
                return Err(Refusal::PastCaps);
            }
            Method::Scrypt {
                log_n: n.trailing_zeros() as u8,
                r: r as u32,
                p: p as u32,
            }
        }
        Some("pbkdf2") => {
            let digest = words.next().ok_or(Refusal::Malformed)?;
            // Without its iterations the hash depends on the Werkzeug version
            // that checks it: Werkzeug itself writes them, so one without is refused.
            let iterations = number(words.next())?;
            if iterations == 0 || iterations > PBKDF2_MAX_ITERATIONS {
                return Err(Refusal::PastCaps);
            }
            let iterations = iterations as u32;
            match digest {
                "sha256" => Method::Pbkdf2Sha256 { iterations },
                "sha512" => Method::Pbkdf2Sha512 { iterations },
                _ => return Err(Refusal::OtherKind),
            }
        }
        _ => return Err(Refusal::OtherKind),
    };
    match words.next() {
        None => Ok(found),
        Some(_) => Err(Refusal::Malformed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_werkzeugs_two_formats() {
        let scrypt = WerkzeugHash::parse(&format!("scrypt:32768:8:1$salt${}", "a".repeat(128))).unwrap();
        assert_eq!(scrypt.kind(), "scrypt");
        let pbkdf2 = WerkzeugHash::parse(&format!("pbkdf2:sha256:600000$salt${}", "0".repeat(64))).unwrap();
        assert_eq!(pbkdf2.kind(), "pbkdf2:sha256");
        assert!(WerkzeugHash::parse(&format!("pbkdf2:sha512:1000$s${}", "f".repeat(128))).is_ok());
        // Werkzeug's scrypt defaults are fixed, so a bare `scrypt` means them.
        assert!(WerkzeugHash::parse(&format!("scrypt$salt${}", "a".repeat(128))).is_ok());
        assert!(!format!("{scrypt:?}").contains("salt"));
    }

    #[test]
    fn other_kinds_are_never_taken_for_one() {
        for stored in [
            "correct horse",
            "",
            "$2b$12$abcdefghijklmnopqrstuu5cP6bU6lY7lqoC3vG7WvN1nS3vQ1E2e",
            "md5$salt$0123456789abcdef0123456789abcdef",
            "sha1$salt$0123456789abcdef0123456789abcdef01234567",
            "plain$$correct horse",
            "argon2:whatever$salt$00",
        ] {
            assert_eq!(WerkzeugHash::parse(stored), Err(Refusal::OtherKind), "{stored}");
        }
        let sha1 = format!("pbkdf2:sha1:1000$salt${}", "0".repeat(40));
        assert_eq!(WerkzeugHash::parse(&sha1), Err(Refusal::OtherKind));
    }

    #[test]
    fn hostile_parameters_are_refused_before_any_work() {
        let key = "a".repeat(128);
        for method in [
            "scrypt:1048576:8:1", // 1 GiB
            "scrypt:32768:64:1",  // 256 MiB
            "scrypt:32768:8:16",  // 16 times the work
            "scrypt:30000:8:1",   // not a power of two
            "scrypt:0:8:1",
            "scrypt:32768:0:1",
            "scrypt:32768:8:0",
            "scrypt:1:8:1",
            "scrypt:18446744073709551616:8:1",
        ] {
            let refused = WerkzeugHash::parse(&format!("{method}$salt${key}"));
            assert!(
                matches!(refused, Err(Refusal::PastCaps | Refusal::Malformed)),
                "{method}: {refused:?}"
            );
        }
        let sha256 = "0".repeat(64);
        for method in [
            "pbkdf2:sha256:2000001",
            "pbkdf2:sha256:0",
            "pbkdf2:sha256:99999999999999",
        ] {
            let refused = WerkzeugHash::parse(&format!("{method}$salt${sha256}"));
            assert!(
                matches!(refused, Err(Refusal::PastCaps | Refusal::Malformed)),
                "{method}: {refused:?}"
            );
        }
    }

    #[test]
    fn malformed_ones_are_refused() {
        let key = "a".repeat(128);
        for stored in [
            format!("scrypt:32768:8:1${key}"),                    // no salt
            format!("scrypt:32768:8:1$$${key}"),                  // empty salt
            format!("scrypt:32768:8$salt${key}"),                 // a parameter missing
            format!("scrypt:32768:8:1:9$salt${key}"),             // one too many
            format!("scrypt:32768:8:1$salt${}", "a".repeat(127)), // short
            format!("scrypt:32768:8:1$salt${}", "A".repeat(128)), // not Werkzeug's hex
            format!("pbkdf2:sha256$salt${}", "0".repeat(64)),     // iterations not written
            format!("pbkdf2:sha256:+1000$salt${}", "0".repeat(64)),
            format!("scrypt:32768:8:1${}${key}", "s".repeat(200)), // a salt no Werkzeug wrote
        ] {
            assert_eq!(WerkzeugHash::parse(&stored), Err(Refusal::Malformed), "{stored}");
        }
    }

    #[test]
    fn checks_a_password_as_werkzeug_does() {
        // RFC 7914's PBKDF2-HMAC-SHA256 vector: P = "passwd", S = "salt", c = 1.
        let hash = WerkzeugHash::parse(
            "pbkdf2:sha256:1$salt$55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc",
        )
        .unwrap();
        assert!(hash.matches(b"passwd"));
        assert!(!hash.matches(b"passwe"));
        // RFC 7914's scrypt vector: P = "password", S = "NaCl", N = 1024, r = 8, p = 16.
        let scrypt = WerkzeugHash::parse(
            "scrypt:1024:8:16$NaCl$fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640",
        )
        .unwrap();
        assert!(scrypt.matches(b"password"));
        assert!(!scrypt.matches(b"Password"));
    }
}
