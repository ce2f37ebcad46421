//! The time, as every use case reads it: seconds since the Unix epoch. The
//! app is built with a clock; the real one reads the system's time, and a
//! manual one (for tests) stands still until it is moved, so that expiry and
//! time windows can be tested without waiting.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone)]
pub struct Clock(Kind);

#[derive(Debug, Clone)]
enum Kind {
    System,
    Manual(Arc<AtomicI64>),
}

impl Clock {
    /// The computer's own clock.
    pub fn system() -> Clock {
        Clock(Kind::System)
    }

    /// A clock that says `at` until it is set or advanced.
    pub fn manual(at: i64) -> Clock {
        Clock(Kind::Manual(Arc::new(AtomicI64::new(at))))
    }

    /// Seconds since the Unix epoch (negative before it).
    pub fn now(&self) -> i64 {
        match &self.0 {
            Kind::System => match SystemTime::now().duration_since(UNIX_EPOCH) {
                Ok(since) => since.as_secs() as i64,
                Err(before) => -(before.duration().as_secs() as i64),
            },
            Kind::Manual(at) => at.load(Ordering::SeqCst),
        }
    }

    /// Moves a manual clock on by `seconds`; the system clock cannot be moved.
    pub fn advance(&self, seconds: i64) {
        match &self.0 {
            Kind::System => panic!("the system clock cannot be moved; build the app with Clock::manual"),
            Kind::Manual(at) => {
                at.fetch_add(seconds, Ordering::SeqCst);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_system_clock_is_after_2025() {
        assert!(Clock::system().now() > 1_735_689_600);
    }

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let clock = Clock::manual(1000);
        let shared = clock.clone();
        assert_eq!(clock.now(), 1000);
        shared.advance(90);
        assert_eq!(clock.now(), 1090);
    }
}
