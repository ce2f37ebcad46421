//! What the gate keeps in memory between requests, so that most requests
//! to the office's apps do not wait for the database: the sessions it read
//! (with the person and their groups), the generation of the apps' rules,
//! and the rules at that generation.
//!
//! How it stays the database's:
//! - A session or a generation is kept for at most `LIFETIME` after it was
//!   read, so a change made by another process (another instance, a
//!   `gatehouse` command) counts within that time.
//! - Every write this process makes ends what was kept before it
//!   (`Store::changes`): a sign-out, a disable, a membership or an app
//!   changed here counts at the very next request.
//! - The rules are kept under the generation they were read at, which
//!   triggers move with every change to an app; they are read again when
//!   a session or a visitor's request brings another generation.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::domain::ProxyRule;
use crate::store::repo::GateSession;

/// How long a session or a generation read from the database is trusted.
pub const LIFETIME: Duration = Duration::from_secs(1);

/// How many sessions are kept at most; past it, the stale ones are dropped,
/// and all of them if none is stale (an office has far fewer people).
const MOST_SESSIONS: usize = 10_000;

/// Something read from the database: when, and how many of this process's
/// writes had ended before the read began.
struct Seen<T> {
    value: T,
    at: Instant,
    changes: u64,
}

impl<T: Clone> Seen<T> {
    fn is_fresh(&self, changes: u64, now: Instant) -> bool {
        self.changes == changes && now.duration_since(self.at) < LIFETIME
    }

    fn fresh(&self, changes: u64, now: Instant) -> Option<T> {
        self.is_fresh(changes, now).then(|| self.value.clone())
    }
}

#[derive(Default)]
struct Kept {
    /// By the SHA-256 of the session token.
    sessions: HashMap<Vec<u8>, Seen<GateSession>>,
    generation: Option<Seen<i64>>,
    rules: Option<(i64, Arc<Vec<ProxyRule>>)>,
}

/// The gate's memory; one for every copy of the `App`.
#[derive(Default, Clone)]
pub struct GateMemory(Arc<Mutex<Kept>>);

impl GateMemory {
    fn kept(&self) -> MutexGuard<'_, Kept> {
        // What is kept is only ever replaced whole: a panic elsewhere cannot
        // leave it half written.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The session with this token hash, if one was read within `LIFETIME`
    /// and no write of this process has ended since (`changes` now).
    pub fn session(&self, token_hash: &[u8], changes: u64) -> Option<GateSession> {
        self.kept().sessions.get(token_hash)?.fresh(changes, Instant::now())
    }

    /// Keeps a session read when `changes` writes had ended.
    pub fn keep_session(&self, token_hash: Vec<u8>, session: GateSession, changes: u64, read_at: Instant) {
        let mut kept = self.kept();
        if kept.sessions.len() >= MOST_SESSIONS {
            let now = Instant::now();
            kept.sessions.retain(|_, seen| seen.is_fresh(changes, now));
            if kept.sessions.len() >= MOST_SESSIONS {
                kept.sessions.clear();
            }
        }
        let seen = Seen {
            value: session,
            at: read_at,
            changes,
        };
        kept.sessions.insert(token_hash, seen);
    }

    /// The generation of the apps' rules, as `session`.
    pub fn generation(&self, changes: u64) -> Option<i64> {
        self.kept().generation.as_ref()?.fresh(changes, Instant::now())
    }

    pub fn keep_generation(&self, generation: i64, changes: u64, read_at: Instant) {
        self.kept().generation = Some(Seen {
            value: generation,
            at: read_at,
            changes,
        });
    }

    /// The rules, when those kept were read at `generation`.
    pub fn rules_at(&self, generation: i64) -> Option<Arc<Vec<ProxyRule>>> {
        match &self.kept().rules {
            Some((at, rules)) if *at == generation => Some(Arc::clone(rules)),
            _ => None,
        }
    }

    /// Keeps rules read after `generation` was (a change between the two
    /// reads only costs another read later: the database's generation has
    /// moved past the one they are kept under).
    pub fn keep_rules(&self, generation: i64, rules: Arc<Vec<ProxyRule>>) {
        self.kept().rules = Some((generation, rules));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Role, User};
    use crate::store::repo::FoundSession;

    fn session() -> GateSession {
        let user = User::sample(Role::Member, false);
        GateSession {
            session: FoundSession {
                id: 1,
                csrf_token: String::new(),
                last_seen_at: 0,
                persistent: false,
                created_at: 0,
                amr: "pwd".into(),
                user,
            },
            groups: vec![(3, "Ventas".into())],
            apps_generation: 7,
        }
    }

    #[test]
    fn a_session_is_kept_for_a_second_and_until_this_process_writes() {
        let memory = GateMemory::default();
        memory.keep_session(b"token".to_vec(), session(), 5, Instant::now());
        assert_eq!(
            memory.session(b"token", 5).map(|s| s.groups),
            Some(vec![(3, "Ventas".into())])
        );
        assert!(memory.session(b"other", 5).is_none());
        assert!(memory.session(b"token", 6).is_none(), "a write ended it");
        let long_ago = Instant::now() - LIFETIME;
        memory.keep_session(b"old".to_vec(), session(), 5, long_ago);
        assert!(memory.session(b"old", 5).is_none(), "read a second ago: lapsed");
    }

    #[test]
    fn the_generation_lapses_and_rules_are_kept_by_generation() {
        let memory = GateMemory::default();
        memory.keep_generation(7, 1, Instant::now());
        assert_eq!(memory.generation(1), Some(7));
        assert_eq!(memory.generation(2), None);
        memory.keep_generation(7, 1, Instant::now() - LIFETIME);
        assert_eq!(memory.generation(1), None);
        assert!(memory.rules_at(7).is_none());
        memory.keep_rules(7, Arc::new(Vec::new()));
        assert!(memory.rules_at(7).is_some());
        assert!(memory.rules_at(8).is_none(), "the apps changed since");
    }

    #[test]
    fn sessions_kept_stay_few() {
        let memory = GateMemory::default();
        let long_ago = Instant::now() - LIFETIME;
        for i in 0..MOST_SESSIONS {
            memory.keep_session(i.to_le_bytes().to_vec(), session(), 0, long_ago);
        }
        memory.keep_session(b"new".to_vec(), session(), 0, Instant::now());
        assert_eq!(memory.kept().sessions.len(), 1, "the lapsed ones dropped");
    }
}
