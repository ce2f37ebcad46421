//! Where a person goes once signed in: checked once where it comes in (the
//! `next` of a form or a link today; the gate's `rd` and a waiting OpenID
//! authorization in the third wave), then carried through every step of
//! the sign-in (the code, a forced password change) as this type, never
//! as text to check again.

use super::LocalPath;

/// A checked destination.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ContinueTo {
    /// The start page.
    #[default]
    Home,
    /// A path on this site.
    Local(LocalPath),
    /// An app's address behind the gate (`rd`), checked against the
    /// registered apps where it came in (`service::gate::app_address`).
    App(String),
}

impl ContinueTo {
    /// A form's or a query's `next`: a path on this site, else the start page.
    pub fn from_next(next: Option<&str>) -> ContinueTo {
        match next.and_then(LocalPath::parse) {
            Some(path) if path.as_str() != "/" => ContinueTo::Local(path),
            _ => ContinueTo::Home,
        }
    }

    /// As kept with a sign-in waiting for its code, and read back by `from_stored`.
    pub fn as_str(&self) -> &str {
        match self {
            ContinueTo::Home => "/",
            ContinueTo::Local(path) => path.as_str(),
            ContinueTo::App(url) => url,
        }
    }

    /// What `as_str` kept (in the database, where only gatehouse writes):
    /// an app's address was checked before it was kept.
    pub fn from_stored(stored: &str) -> ContinueTo {
        match stored.starts_with("https://") || stored.starts_with("http://") {
            true => ContinueTo::App(stored.to_owned()),
            false => ContinueTo::from_next(Some(stored)),
        }
    }

    /// The `next` a form or a link carries on, if it is a path here.
    pub fn next(&self) -> Option<&str> {
        match self {
            ContinueTo::Local(path) => Some(path.as_str()),
            ContinueTo::Home | ContinueTo::App(_) => None,
        }
    }

    /// The `rd` a form carries on, if it is an app's address.
    pub fn rd(&self) -> Option<&str> {
        match self {
            ContinueTo::App(url) => Some(url),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_path_on_this_site_is_carried_on() {
        assert_eq!(ContinueTo::from_next(Some("/users?page=2")).as_str(), "/users?page=2");
        assert_eq!(
            ContinueTo::from_next(Some("/users?page=2")).next(),
            Some("/users?page=2")
        );
        for elsewhere in [Some("//evil.example"), Some("https://evil.example/"), Some(""), None] {
            assert_eq!(ContinueTo::from_next(elsewhere), ContinueTo::Home, "{elsewhere:?}");
        }
        assert_eq!(ContinueTo::from_next(Some("/")), ContinueTo::Home);
        assert_eq!(ContinueTo::Home.next(), None);
    }

    #[test]
    fn what_is_kept_reads_back_the_same() {
        for to in [
            ContinueTo::from_next(Some("/users/3/edit")),
            ContinueTo::Home,
            ContinueTo::App("https://wiki.office.test/page?x=1".into()),
        ] {
            assert_eq!(ContinueTo::from_stored(to.as_str()), to);
        }
        assert_eq!(
            ContinueTo::from_next(Some("https://wiki.office.test/")),
            ContinueTo::Home,
            "next is never an app"
        );
    }
}
