//! Password hashing with bcrypt, off the async workers and a bounded number at
//! a time, with a dummy hash so that an unknown email costs what a wrong
//! password costs. A Werkzeug hash kept from an imported Flask app is checked
//! the same way (security/werkzeug.rs); any other stored value matches nothing.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use tokio::sync::Semaphore;

use super::werkzeug::WerkzeugHash;
use crate::domain::{Password, PasswordHash};

/// Hashes and checks passwords at the configured cost.
#[derive(Clone)]
pub struct Hasher {
    cost: u32,
    permits: Arc<Semaphore>,
    dummy: Arc<OnceLock<String>>,
    /// bcrypt verifications run so far (every sign-in attempt makes one).
    checks: Arc<AtomicU64>,
    /// How long the last bcrypt verification took, in microseconds: a
    /// check against a kept Werkzeug hash takes at least as long.
    bcrypt_micros: Arc<AtomicU64>,
}

impl Hasher {
    /// At most one bcrypt computation per core runs at once; the rest wait.
    pub fn new(cost: u32) -> Hasher {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Hasher {
            cost,
            permits: Arc::new(Semaphore::new(cores)),
            dummy: Arc::new(OnceLock::new()),
            checks: Arc::new(AtomicU64::new(0)),
            bcrypt_micros: Arc::new(AtomicU64::new(0)),
        }
    }

    pub fn cost(&self) -> u32 {
        self.cost
    }

    /// How many bcrypt verifications this hasher has run.
    pub fn checks_done(&self) -> u64 {
        self.checks.load(Ordering::Relaxed)
    }

    /// Makes the dummy hash now, on a thread of its own, so that the first
    /// unknown email does not pay for it (and stand out by taking longer).
    pub fn prepare_in_background(&self) {
        let this = self.clone();
        std::thread::spawn(move || {
            // And times a check against it: the floor of a Werkzeug check from the start.
            let started = std::time::Instant::now();
            let _ = bcrypt::verify("a wrong password", this.dummy_hash());
            let took = started.elapsed().as_micros().min(u128::from(u64::MAX)) as u64;
            this.bcrypt_micros.fetch_max(took, Ordering::Relaxed);
        });
    }

    /// Hashes on the calling thread: for the command line. A `Password` is
    /// at most 72 bytes, all of which bcrypt uses, so nothing is cut.
    pub fn hash_blocking(&self, password: &Password) -> Result<PasswordHash, bcrypt::BcryptError> {
        bcrypt::hash(password.expose(), self.cost).map(PasswordHash::from_stored)
    }

    pub async fn hash(&self, password: &Password) -> Result<PasswordHash, bcrypt::BcryptError> {
        let _permit = self.permits.acquire().await;
        let (this, password) = (self.clone(), password.clone());
        tokio::task::spawn_blocking(move || this.hash_blocking(&password))
            .await
            .unwrap_or(Err(bcrypt::BcryptError::InvalidHash("the hashing task stopped")))
    }

    /// True when `typed` matches `stored`. With no stored hash (unknown email)
    /// a dummy hash is checked so the answer takes as long, and is false.
    /// A typed password longer than bcrypt reads is never a match.
    pub async fn verify(&self, typed: String, stored: Option<PasswordHash>) -> bool {
        let _permit = self.permits.acquire().await;
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            let known = stored.is_some();
            let hash = match stored {
                Some(h) => h.as_str().to_owned(),
                None => this.dummy_hash().to_owned(),
            };
            let started = std::time::Instant::now();
            let matches = match WerkzeugHash::parse(&hash) {
                // Werkzeug reads the whole password, however long; a check
                // quicker than bcrypt's waits out the difference, so that an
                // imported person's address does not stand out by answering sooner.
                Ok(werkzeug) => {
                    let matches = werkzeug.matches(typed.as_bytes());
                    let floor = std::time::Duration::from_micros(this.bcrypt_micros.load(Ordering::Relaxed));
                    std::thread::sleep(floor.saturating_sub(started.elapsed()));
                    matches
                }
                // bcrypt ignores what lies past byte 72: such a password never
                // matches, but costs the same check (its answer must not come sooner).
                Err(_) => {
                    let matches = bcrypt::verify(typed.as_bytes(), &hash).unwrap_or(false);
                    // The floor is what a check at the configured cost takes
                    // (the dummy hash's, and every hash gatehouse made).
                    if PasswordHash::from_stored(hash.clone()).cost() == Some(this.cost) {
                        let took = started.elapsed().as_micros().min(u128::from(u64::MAX)) as u64;
                        this.bcrypt_micros.store(took, Ordering::Relaxed);
                    }
                    matches && typed.len() <= Password::MAX_BYTES
                }
            };
            this.checks.fetch_add(1, Ordering::Relaxed);
            known && matches
        })
        .await
        .unwrap_or(false)
    }

    /// A hash of a random password at the configured cost, made once when first needed.
    fn dummy_hash(&self) -> &str {
        self.dummy.get_or_init(|| {
            let random = super::tokens::random_token();
            bcrypt::hash(random, self.cost).unwrap_or_default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn verify_accepts_the_right_password_only() {
        let hasher = Hasher::new(4);
        let hash = hasher.hash(&Password::parse("correct horse").unwrap()).await.unwrap();
        assert_eq!(hash.cost(), Some(4));
        assert!(hasher.verify("correct horse".into(), Some(hash.clone())).await);
        assert!(!hasher.verify("wrong horse".into(), Some(hash.clone())).await);
        assert!(!hasher.verify("correct horse".into(), None).await);
    }

    #[tokio::test]
    async fn an_unknown_email_costs_a_bcrypt_check_too() {
        let hasher = Hasher::new(4);
        let hash = hasher
            .hash(&Password::parse("the real password").unwrap())
            .await
            .unwrap();
        assert!(!hasher.verify("a wrong password".into(), Some(hash)).await);
        assert_eq!(hasher.checks_done(), 1);
        assert!(!hasher.verify("a wrong password".into(), None).await);
        assert_eq!(hasher.checks_done(), 2, "the dummy hash was checked");
        assert!(!hasher.verify("x".repeat(100), None).await);
        assert_eq!(hasher.checks_done(), 3, "a too-long password costs a check as well");
        // And the time of one: it does not answer sooner.
        let slow = Hasher::new(10);
        assert!(!slow.verify("the dummy hash is made now".into(), None).await);
        let started = std::time::Instant::now();
        assert!(!slow.verify("a wrong password".into(), None).await);
        let usual = started.elapsed();
        let started = std::time::Instant::now();
        assert!(!slow.verify("x".repeat(100), None).await);
        assert!(
            started.elapsed() >= usual.mul_f64(0.5),
            "{:?} against {usual:?}",
            started.elapsed()
        );
    }

    #[tokio::test]
    async fn a_kept_werkzeug_hash_is_checked_and_nothing_else_is_taken_for_one() {
        let hasher = Hasher::new(4);
        // RFC 7914's PBKDF2-HMAC-SHA256 vector, as Werkzeug writes it.
        let werkzeug = "pbkdf2:sha256:1$salt$55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc";
        let stored = || Some(PasswordHash::from_stored(werkzeug.into()));
        assert!(hasher.verify("passwd".into(), stored()).await);
        assert!(!hasher.verify("passwe".into(), stored()).await);
        // A quick Werkzeug check takes as long as the last bcrypt check did.
        let slow = Hasher::new(10);
        let bcrypt = slow.hash(&Password::parse("a bcrypt password").unwrap()).await.unwrap();
        let started = std::time::Instant::now();
        assert!(!slow.verify("x".into(), Some(bcrypt)).await);
        let bcrypt_took = started.elapsed();
        let started = std::time::Instant::now();
        assert!(slow.verify("passwd".into(), stored()).await);
        assert!(
            started.elapsed() >= bcrypt_took.mul_f64(0.9),
            "{:?} {bcrypt_took:?}",
            started.elapsed()
        );
        // One past the caps (1 GiB of scrypt) is never computed.
        let greedy = format!("scrypt:1048576:8:1$salt${}", "a".repeat(128));
        let started = std::time::Instant::now();
        assert!(
            !hasher
                .verify("passwd".into(), Some(PasswordHash::from_stored(greedy)))
                .await
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        // A plain password in the hash column is never a match for itself.
        let plain = Some(PasswordHash::from_stored("passwd".into()));
        assert!(!hasher.verify("passwd".into(), plain).await);
    }

    #[tokio::test]
    async fn text_past_byte_72_is_not_ignored() {
        let hasher = Hasher::new(4);
        let long = "a".repeat(72);
        let hash = hasher.hash(&Password::parse(&long).unwrap()).await.unwrap();
        assert!(hasher.verify(long.clone(), Some(hash.clone())).await);
        assert!(!hasher.verify(format!("{long}b"), Some(hash)).await);
    }
}
