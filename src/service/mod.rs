//! The use cases, one function each: they take domain types, run in one
//! store transaction with their audit rows inside it, and return domain
//! results or a `ServiceError`. No web framework and no SQL here; both
//! faces (the web and the command line) call these.

pub mod account;
pub mod apps;
pub mod audit;
pub mod gate;
pub mod groups;
pub mod health;
pub mod import;
pub mod links;
pub mod oidc;
pub mod passkeys;
pub mod sessions;
pub mod setup;
pub mod sign_in;
pub mod two_factor;
pub mod users;

use std::fmt;

use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::{Party, Problem, SignedIn, TrustedProxies};
use crate::mail::Mailer;
use crate::security::Hasher;
use crate::store::{Store, StoreError};

/// What every use case runs with: the store, the password hasher, the
/// clock and the settings. Built once; cheap to clone.
#[derive(Clone)]
pub struct App {
    pub store: Store,
    pub hasher: Hasher,
    pub clock: Clock,
    pub settings: Settings,
    /// The mail server, when the settings name one.
    pub mailer: Option<Mailer>,
    /// `trusted_proxies`, read once.
    pub proxies: TrustedProxies,
    /// What the gate read from the database within the last second.
    pub gate: gate::GateMemory,
}

impl App {
    pub fn new(store: Store, settings: Settings, clock: Clock) -> App {
        // The settings were checked when read; what fails here is the
        // computer's (its certificate store): serve without mail, and say so.
        let mailer = settings
            .smtp
            .as_ref()
            .and_then(|smtp| Mailer::new(smtp).map_err(|e| tracing::warn!("mail is off: {e}")).ok());
        App {
            hasher: Hasher::new(settings.bcrypt_cost),
            // Refused at start-up when wrong; nothing is trusted otherwise.
            proxies: settings.proxies().unwrap_or_default(),
            gate: gate::GateMemory::default(),
            store,
            clock,
            settings,
            mailer,
        }
    }
}

/// Who asks for a use case, and from where: a signed-in user (and the
/// session they act from), someone not signed in, or the command line.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    pub party: Party,
    pub address: String,
    pub session_id: Option<i64>,
}

impl Caller {
    pub fn signed_in(me: &SignedIn, address: &str) -> Caller {
        Caller {
            party: Party::from(&me.user),
            address: address.to_owned(),
            session_id: Some(me.session_id),
        }
    }

    pub fn anonymous(address: &str) -> Caller {
        Caller {
            address: address.to_owned(),
            ..Caller::default()
        }
    }

    pub fn command_line() -> Caller {
        Caller {
            party: Party::command_line(),
            ..Caller::default()
        }
    }

    /// The user acting, when a user is.
    pub fn user_id(&self) -> Option<i64> {
        self.party.id
    }
}

/// Why a use case did not happen.
#[derive(Debug)]
pub enum ServiceError {
    /// A rule refused it: tell the person what to change.
    Refused(Problem),
    /// What it names does not exist.
    NotFound,
    /// The first administrator exists already: setup is over.
    SetupClosed,
    /// Hashing a password failed.
    Hashing(bcrypt::BcryptError),
    /// An ID token's key could not be made or used.
    Signing(crate::security::jwt::KeyError),
    /// A passkey ceremony could not be set up.
    Passkey(crate::security::passkeys::PasskeyError),
    Store(StoreError),
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ServiceError::NotFound,
            StoreError::Conflict(crate::store::Constraint::UserEmail) => ServiceError::Refused(Problem::EmailTaken),
            StoreError::Conflict(crate::store::Constraint::GroupName) => ServiceError::Refused(Problem::GroupNameTaken),
            StoreError::Conflict(crate::store::Constraint::AppName) => ServiceError::Refused(Problem::AppNameTaken),
            StoreError::Conflict(crate::store::Constraint::AppPlace) => ServiceError::Refused(Problem::AppPlaceTaken),
            other => ServiceError::Store(other),
        }
    }
}

impl From<Problem> for ServiceError {
    fn from(problem: Problem) -> Self {
        ServiceError::Refused(problem)
    }
}

impl From<crate::security::jwt::KeyError> for ServiceError {
    fn from(e: crate::security::jwt::KeyError) -> Self {
        ServiceError::Signing(e)
    }
}

impl From<bcrypt::BcryptError> for ServiceError {
    fn from(e: bcrypt::BcryptError) -> Self {
        ServiceError::Hashing(e)
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServiceError::Refused(problem) => write!(f, "refused: {problem}"),
            ServiceError::NotFound => f.write_str("not found"),
            ServiceError::SetupClosed => f.write_str("an administrator already exists"),
            ServiceError::Hashing(e) => write!(f, "password hashing: {e}"),
            ServiceError::Signing(e) => write!(f, "signing key: {e}"),
            ServiceError::Passkey(e) => write!(f, "passkey ceremony: {e:?}"),
            ServiceError::Store(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ServiceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServiceError::Hashing(e) => Some(e),
            ServiceError::Signing(e) => Some(e),
            ServiceError::Store(e) => Some(e),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, ServiceError>;

/// `found`, or `NotFound`.
fn found<T>(found: Option<T>) -> Result<T> {
    found.ok_or(ServiceError::NotFound)
}

#[cfg(test)]
pub(crate) mod testing {
    //! A service `App` on a fresh temporary SQLite file and a manual clock,
    //! bcrypt at cost 4, and a runtime to drive the async use cases.

    use super::*;
    use crate::domain::{Email, NewUser, Password, Role, User, UserName};

    pub const PASSWORD: &str = "correct horse battery";

    pub struct TestApp {
        pub app: App,
        _dir: tempfile::TempDir,
        runtime: tokio::runtime::Runtime,
    }

    impl TestApp {
        pub fn new() -> TestApp {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::open_sqlite(&dir.path().join("t.db"), false).unwrap();
            let settings = Settings {
                bcrypt_cost: 4,
                ..Settings::default()
            };
            TestApp {
                app: App::new(store, settings, Clock::manual(1_800_000_000)),
                _dir: dir,
                runtime: tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap(),
            }
        }

        pub fn run<T>(&self, work: impl std::future::Future<Output = T>) -> T {
            self.runtime.block_on(work)
        }

        pub fn user(&self, email: &str, role: Role) -> User {
            let new = NewUser {
                name: UserName::parse(email.split('@').next().unwrap()).unwrap(),
                email: Email::parse(email).unwrap(),
                role,
            };
            let password = Password::parse(PASSWORD).unwrap();
            self.run(users::create(&self.app, &Caller::command_line(), new, password, false))
                .unwrap()
        }
    }
}
