//! Directory pages kept rendered, so that a page many people ask for is
//! made once rather than for every request. A page is kept under everything
//! it depends on: the users generation and the locked-out emails (both read
//! from the database for every request, so a write on any instance shows on
//! the next read on every other), the page's language, whether its viewer is
//! an administrator, and its address. What only one request has (the name,
//! the CSRF token) stays out, in the page's slots (`shared_page`). Pages of
//! an older generation are dropped as soon as a newer one is seen, and the
//! pages kept together never hold more than `MAX_BYTES`: the least recently
//! used go first.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::domain::DirectoryState;

use super::shared_page::SharedPage;

/// The most the kept pages may hold: about seventy directory pages.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// Everything a kept page depends on.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub state: DirectoryState,
    pub language: &'static str,
    /// The viewing administrator (their own row differs); `None` for members.
    pub admin: Option<i64>,
    /// The page's path and query, as asked for.
    pub address: String,
}

struct Kept {
    page: Arc<SharedPage>,
    last_used: u64,
}

#[derive(Default)]
struct Pages {
    generation: Option<i64>,
    kept: HashMap<Key, Kept>,
    bytes: usize,
    uses: u64,
}

impl Pages {
    /// Forgets every page if `generation` is not the one they were made in.
    fn follow(&mut self, generation: i64) {
        if self.generation != Some(generation) {
            self.kept.clear();
            self.bytes = 0;
            self.generation = Some(generation);
        }
    }
}

pub struct PageCache {
    pages: Mutex<Pages>,
    max_bytes: usize,
}

impl Default for PageCache {
    fn default() -> PageCache {
        PageCache::with_limit(MAX_BYTES)
    }
}

impl PageCache {
    pub fn with_limit(max_bytes: usize) -> PageCache {
        PageCache {
            pages: Mutex::new(Pages::default()),
            max_bytes,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Pages> {
        // A panic while holding the lock leaves nothing half-written that
        // matters: at worst a page is missing.
        self.pages.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The page kept under `key`, if there is one.
    pub fn get(&self, key: &Key) -> Option<Arc<SharedPage>> {
        let mut pages = self.lock();
        pages.follow(key.state.generation);
        pages.uses += 1;
        let now = pages.uses;
        let kept = pages.kept.get_mut(key)?;
        kept.last_used = now;
        Some(kept.page.clone())
    }

    /// Keeps `page` under `key`, making room by dropping the least recently
    /// used. A page larger than the whole bound is not kept.
    pub fn put(&self, key: Key, page: Arc<SharedPage>) {
        let size = page.size();
        if size > self.max_bytes {
            return;
        }
        let mut pages = self.lock();
        pages.follow(key.state.generation);
        while pages.bytes + size > self.max_bytes {
            let oldest = pages
                .kept
                .iter()
                .min_by_key(|(_, k)| k.last_used)
                .map(|(key, _)| key.clone());
            let Some(oldest) = oldest else { break };
            if let Some(gone) = pages.kept.remove(&oldest) {
                pages.bytes -= gone.page.size();
            }
        }
        pages.uses += 1;
        let last_used = pages.uses;
        if let Some(old) = pages.kept.insert(key, Kept { page, last_used }) {
            pages.bytes -= old.page.size();
        }
        pages.bytes += size;
    }

    /// How many pages are kept, and the bytes they hold.
    #[cfg(test)]
    fn usage(&self) -> (usize, usize) {
        let pages = self.lock();
        (pages.kept.len(), pages.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(generation: i64, address: &str) -> Key {
        Key {
            state: DirectoryState {
                generation,
                locked: Vec::new(),
            },
            language: "en",
            admin: Some(1),
            address: address.into(),
        }
    }

    fn page(bytes: usize) -> Arc<SharedPage> {
        Arc::new(SharedPage::cut(&"x".repeat(bytes)))
    }

    #[test]
    fn a_page_is_found_under_its_own_key_only() {
        let cache = PageCache::default();
        cache.put(key(1, "/users"), page(10));
        assert!(cache.get(&key(1, "/users")).is_some());
        assert!(cache.get(&key(1, "/users?page=2")).is_none());
        let mut member = key(1, "/users");
        member.admin = None;
        assert!(cache.get(&member).is_none());
        let mut spanish = key(1, "/users");
        spanish.language = "es";
        assert!(cache.get(&spanish).is_none());
        let mut locked = key(1, "/users");
        locked.state.locked.push("ada@example.com".into());
        assert!(cache.get(&locked).is_none());
    }

    #[test]
    fn a_new_generation_drops_every_older_page() {
        let cache = PageCache::default();
        cache.put(key(1, "/users"), page(10));
        cache.put(key(1, "/users?page=2"), page(10));
        assert!(cache.get(&key(2, "/users")).is_none());
        assert_eq!(cache.usage(), (0, 0));
        // An older number (a database restored from a backup) drops them too.
        cache.put(key(2, "/users"), page(10));
        assert!(cache.get(&key(1, "/users")).is_none());
        assert!(cache.get(&key(2, "/users")).is_none());
    }

    #[test]
    fn the_bound_drops_the_least_recently_used() {
        let one = page(100).size();
        let cache = PageCache::with_limit(one * 3);
        for n in 1..=3 {
            cache.put(key(1, &format!("/users?page={n}")), page(100));
        }
        assert!(cache.get(&key(1, "/users?page=1")).is_some());
        cache.put(key(1, "/users?page=4"), page(100));
        assert!(
            cache.get(&key(1, "/users?page=2")).is_none(),
            "the least recently used went"
        );
        assert!(cache.get(&key(1, "/users?page=1")).is_some());
        assert!(cache.get(&key(1, "/users?page=4")).is_some());
        assert_eq!(cache.usage(), (3, one * 3));
        cache.put(key(1, "/users?page=5"), page(one * 4));
        assert!(
            cache.get(&key(1, "/users?page=5")).is_none(),
            "larger than the bound: not kept"
        );
    }
}
