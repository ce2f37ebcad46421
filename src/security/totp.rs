//! Codes from an authenticator app (RFC 6238: HMAC-SHA-1, 6 digits, 30-second
//! steps), with totp-rs: a new secret, the `otpauth://` address to show as a
//! QR code, and checking a code at a time, one step either side, giving the
//! step it matched so that the caller accepts each step once.

use rand::RngCore;
use totp_rs::{Builder, Secret, Totp};

/// The issuer an authenticator app shows beside the account.
const ISSUER: &str = "gatehouse";

/// Seconds in one step.
pub const STEP: i64 = 30;

/// A new random secret (160 bits, as RFC 4226 recommends), in base32.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::from(bytes).to_base32()
}

fn totp(secret: &str, account: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret).ok()?;
    Builder::new()
        .with_secret(secret)
        .with_skew(1)
        .with_step_duration(STEP as u64)
        .with_account_name(account)
        .with_issuer(Some(ISSUER))
        .build()
        .ok()
}

/// The address an authenticator app reads (`otpauth://totp/gatehouse:…`).
pub fn otpauth_url(secret: &str, account: &str) -> Option<String> {
    totp(secret, account)?.to_url().ok()
}

/// The step `code` matches at Unix time `now`: the current one or one
/// either side; `None` for any other code (or one that is not 6 digits).
pub fn matching_step(secret: &str, code: &str, now: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let now = u64::try_from(now).ok()?;
    totp(secret, "")?
        .check(&code, now)
        .and_then(|step| i64::try_from(step).ok())
}

/// The code for Unix time `at` (for the tests, which play the app).
pub fn code_at(secret: &str, at: i64) -> String {
    totp(secret, "")
        .map(|t| t.generate(at.max(0) as u64).to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_matches_its_step_and_one_either_side_only() {
        let secret = new_secret();
        assert_eq!(secret.len(), 32);
        let now = 1_800_000_000;
        let step = now / STEP;
        assert_eq!(matching_step(&secret, &code_at(&secret, now), now), Some(step));
        assert_eq!(
            matching_step(&secret, &code_at(&secret, now - STEP), now),
            Some(step - 1)
        );
        assert_eq!(
            matching_step(&secret, &code_at(&secret, now + STEP), now),
            Some(step + 1)
        );
        assert_eq!(matching_step(&secret, &code_at(&secret, now - 2 * STEP), now), None);
        assert_eq!(matching_step(&secret, &code_at(&secret, now + 2 * STEP), now), None);
        let spaced = code_at(&secret, now);
        let spaced = format!("{} {}", &spaced[..3], &spaced[3..]);
        assert_eq!(matching_step(&secret, &spaced, now), Some(step));
        for wrong in ["", "12345", "1234567", "abcdef", "12345x"] {
            assert_eq!(matching_step(&secret, wrong, now), None, "{wrong:?}");
        }
    }

    #[test]
    fn the_app_s_address_names_the_issuer_and_the_account() {
        let url = otpauth_url(&new_secret(), "ana@example.org").unwrap();
        assert!(url.starts_with("otpauth://totp/gatehouse:ana%40example.org?"), "{url}");
        assert!(url.contains("issuer=gatehouse") && url.contains("secret="));
    }

    /// RFC 6238's test vector for SHA-1 at 59 s: 94287082, whose last six digits are 287082.
    #[test]
    fn codes_follow_rfc_6238() {
        let secret = Secret::from(b"12345678901234567890".to_vec()).to_base32();
        assert_eq!(code_at(&secret, 59), "287082");
    }
}
