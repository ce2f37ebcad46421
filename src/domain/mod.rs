//! Domain types, parsed once at the boundary: what a form or the command
//! line says becomes an `Email`, a `UserName`, a `Password`, a `Role` or a
//! `LocalPath`, or a `Problem` that names what to fix. Nothing here knows
//! the web framework or a database engine.

pub mod admin_command;
mod app;
mod audit;
mod continue_to;
mod directory;
mod email;
pub mod flask_import;
mod gate;
mod group;
mod link;
mod local_path;
mod name;
mod oidc_app;
pub mod oidc_request;
mod original;
mod paging;
mod passkey;
mod password;
mod problem;
mod proxies;
mod role;
mod secret;
mod session;
pub mod spreadsheet;
mod two_factor;
mod user;

pub use app::{rule_for, Access, AppInfo, AppKind, AppName, AppSpec, HostPattern, PathPrefix, Place, ProxyRule};
pub use audit::{AuditRow, Detail, Entry, Event, Party, PAGE_SIZE as AUDIT_PAGE_SIZE};
pub use continue_to::ContinueTo;
pub use directory::{DirectoryPage, DirectoryState, PageStart, SearchQuery, COUNT_CAP, PAGE_SIZE, SORT_CAP};
pub use email::Email;
pub use gate::{decide, Decision, DenyReason, Visitor};
pub use group::{joined_names, Group, GroupName};
pub use link::{Lifetime, LinkKind, LinkRefusal, StoredLink};
pub use local_path::LocalPath;
pub use name::{sort_key, UserName};
pub use oidc_app::{Consent, OidcSettings, RedirectUri, RedirectUris};
pub use original::Original;
pub use paging::{page_count, page_offset};
pub use passkey::{counted_address, place as passkey_place, PasskeyName, PasskeyPlace};
pub use password::{Password, PasswordHash};
pub use problem::Problem;
pub use proxies::TrustedProxies;
pub use role::Role;
pub use secret::Secret;
pub use session::{describe_device, Client, Device, Proof, SessionInfo, SignedIn, Started};
pub use two_factor::TwoFactorPolicy;
pub use user::{NewUser, User, UserChanges};
