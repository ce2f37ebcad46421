//! The repository interface: every read and write the use cases make, in
//! domain types, two traits per table group: its reads, and its writes. A
//! read (`Store::read`) receives `&mut dyn ReadRepo`, which cannot write; a
//! write receives `&mut dyn Repo` inside one transaction. The statements are
//! written once, in store/sql/, but for what differs by engine.
//! Times are given by the caller (from the app's clock), never read here.

use std::collections::HashSet;

use crate::domain::{
    AppInfo, AppSpec, AuditRow, DirectoryPage, DirectoryState, Email, Entry, Group, GroupName, LinkKind, NewUser,
    PageStart, PasswordHash, SearchQuery, SessionInfo, StoredLink, User, UserChanges, UserName,
};

use super::tables::{Table, Value};
use super::StoreError;

pub type Result<T> = std::result::Result<T, StoreError>;

pub trait Users {
    fn user(&mut self, id: i64) -> Result<Option<User>>;
    fn password_hash(&mut self, id: i64) -> Result<Option<PasswordHash>>;
    /// The stable, random id apps know a person by (OpenID's `sub`).
    fn subject_of(&mut self, id: i64) -> Result<Option<String>>;
    /// How many active administrators there are.
    fn active_admins(&mut self) -> Result<i64>;
    /// Every user, by name.
    fn all_users(&mut self) -> Result<Vec<User>>;
}

/// The writes to what `Users` reads.
pub trait UserWrites {
    /// Writes a new user (`new.password` is not read: `hash` is stored);
    /// `temporary` makes them choose another password at next sign-in.
    /// `Conflict(UserEmail)` when the email is taken.
    fn insert_user(&mut self, new: &NewUser, hash: &PasswordHash, temporary: bool, at: i64) -> Result<User>;
    /// Name, email, role and active; false when there is no such user.
    fn update_user(&mut self, id: i64, changes: &UserChanges, at: i64) -> Result<bool>;
    fn set_name(&mut self, id: i64, name: &UserName, at: i64) -> Result<bool>;
    /// The language a user chose for the pages (`None`: the browser's).
    fn set_language(&mut self, id: i64, language: Option<&str>) -> Result<bool>;
    fn set_password(&mut self, id: i64, hash: &PasswordHash, temporary: bool, at: i64) -> Result<bool>;
    /// They signed in at `at`.
    fn note_sign_in(&mut self, id: i64, at: i64) -> Result<()>;
    /// Deletes a user and, with them, their sessions.
    fn delete_user(&mut self, id: i64) -> Result<bool>;
}

/// The `user_groups` and `group_members` tables.
pub trait Groups {
    /// Every group, by name, with how many people are in each.
    fn all_groups(&mut self) -> Result<Vec<Group>>;
    fn group(&mut self, id: i64) -> Result<Option<Group>>;
    /// The group whose name is `key` in lower case (`GroupName::key`).
    fn group_by_key(&mut self, key: &str) -> Result<Option<Group>>;
    /// The people in a group, by name.
    fn group_members(&mut self, group_id: i64) -> Result<Vec<User>>;
    /// The groups a person is in, by name.
    fn groups_of(&mut self, user_id: i64) -> Result<Vec<Group>>;
    /// A page of the directory filtered to one group's people (a group
    /// is an office's few dozen, so counted exactly and paged by offset);
    /// `query` as the directory's search, when not empty.
    fn group_directory(&mut self, group_id: i64, query: &SearchQuery, offset: i64, limit: i64)
        -> Result<DirectoryPage>;
}

/// The writes to what `Groups` reads.
pub trait GroupWrites {
    /// `Conflict(GroupName)` when another group has the name in any case.
    fn insert_group(&mut self, name: &GroupName, at: i64) -> Result<Group>;
    fn rename_group(&mut self, id: i64, name: &GroupName) -> Result<bool>;
    fn delete_group(&mut self, id: i64) -> Result<bool>;
    /// False when the person was in the group already.
    fn add_member(&mut self, group_id: i64, user_id: i64) -> Result<bool>;
    fn remove_member(&mut self, group_id: i64, user_id: i64) -> Result<bool>;
}

/// The `apps` and `app_groups` tables: the apps behind the proxy.
pub trait Apps {
    /// Every app behind the proxy, by name.
    fn all_apps(&mut self) -> Result<Vec<AppInfo>>;
    fn app(&mut self, id: i64) -> Result<Option<AppInfo>>;
    /// The app whose name is `key` in lower case (`AppName::key`).
    fn app_by_key(&mut self, key: &str) -> Result<Option<AppInfo>>;
    /// The OpenID app with this client id, and the hash of its secret
    /// (empty for a public app).
    fn app_by_client_id(&mut self, client_id: &str) -> Result<Option<(AppInfo, String)>>;
    /// A number that moves with every change to the apps and the groups
    /// they let in (kept by triggers): rules kept in memory are the
    /// database's while it has not moved.
    fn apps_generation(&mut self) -> Result<i64>;
}

/// The writes to what `Apps` reads.
pub trait AppWrites {
    /// The new app's id; `Conflict(AppName)` or `Conflict(AppPlace)` when
    /// another app has the name or the host and prefix.
    fn insert_app(&mut self, spec: &AppSpec, client: &ClientKeys, at: i64) -> Result<i64>;
    fn update_app(&mut self, id: i64, spec: &AppSpec, at: i64) -> Result<bool>;
    fn delete_app(&mut self, id: i64) -> Result<bool>;
    /// A confidential OpenID app's new secret (its hash); false for any other app.
    fn set_client_secret(&mut self, id: i64, secret_hash: &str, at: i64) -> Result<bool>;
}

/// The reads of `users` whose best plan differs by engine (the index an
/// email is found by, the directory's search), and keys written in batches.
pub trait Directory {
    /// A user and their password hash, for signing in.
    fn user_by_email(&mut self, email: &Email) -> Result<Option<(User, PasswordHash)>>;
    /// Users whose name or email contains `query` (all when empty), by
    /// name, `PAGE_SIZE` a page, without reading the whole table.
    fn directory(&mut self, query: &SearchQuery, start: PageStart) -> Result<DirectoryPage>;
    /// What a kept directory page stands for, in one read: a number that
    /// moves with every write to what the directory shows (kept by the
    /// database's triggers, so every instance sees it move), and the emails
    /// with at least `limit` failed sign-ins since `locked_since`, sorted.
    fn directory_state(&mut self, locked_since: i64, limit: i64) -> Result<DirectoryState>;
    /// The names of the groups each of these people is in, as (person's
    /// id, group name) pairs by group name: what a directory page shows.
    fn group_names_of(&mut self, user_ids: &[i64]) -> Result<Vec<(i64, String)>>;
}

/// The writes to what `Directory` reads.
pub trait DirectoryWrites {
    /// Writes the sort key (`key` of the name) of up to `limit` users who
    /// have none yet (rows written before keys were kept, or by SQL of one's
    /// own), by id from after `after`; the last id written, `None` when there
    /// were none left.
    fn fill_sort_keys(&mut self, key: fn(&str) -> String, after: i64, limit: i64) -> Result<Option<i64>>;
}

/// A session to write; only the hash of its token is kept.
pub struct NewSession<'a> {
    pub token_hash: &'a [u8],
    pub user_id: i64,
    pub csrf_token: &'a str,
    pub persistent: bool,
    pub at: i64,
    pub expires_at: i64,
    pub user_agent: &'a str,
    pub address: &'a str,
    /// How the person proved who they are (`Proof::as_amr`).
    pub amr: &'a str,
}

/// A live session found by its token, with its user.
#[derive(Debug, Clone)]
pub struct FoundSession {
    pub id: i64,
    pub csrf_token: String,
    pub last_seen_at: i64,
    pub persistent: bool,
    /// When the person signed in (OpenID's `auth_time`).
    pub created_at: i64,
    /// How they proved who they are (`Proof::as_amr`).
    pub amr: String,
    pub user: User,
}

/// When sessions stop being usable: past `expires_at`, or (without
/// "remember me") idle since before `idle_since`.
#[derive(Debug, Clone, Copy)]
pub struct Liveness {
    pub now: i64,
    pub idle_since: i64,
}

/// What the gate reads before each request to an app, in one statement:
/// the session, the person's groups and where the apps' rules stand.
#[derive(Debug, Clone)]
pub struct GateSession {
    pub session: FoundSession,
    /// The person's groups (id, name), by name.
    pub groups: Vec<(i64, String)>,
    /// `Apps::apps_generation` at the same moment.
    pub apps_generation: i64,
}

pub trait Sessions {
    /// The live session with this token hash, if its user is active.
    fn session_by_token(&mut self, token_hash: &[u8], live: Liveness) -> Result<Option<FoundSession>>;
    /// `session_by_token`, with what the gate needs beside it.
    fn session_for_gate(&mut self, token_hash: &[u8], live: Liveness) -> Result<Option<GateSession>>;
    /// A user's live sessions, most recently used first.
    fn sessions_of(&mut self, user_id: i64, live: Liveness) -> Result<Vec<SessionInfo>>;
}

/// The writes to what `Sessions` reads.
pub trait SessionWrites {
    fn insert_session(&mut self, session: &NewSession<'_>) -> Result<i64>;
    fn touch_session(&mut self, id: i64, at: i64) -> Result<()>;
    fn delete_session(&mut self, id: i64) -> Result<bool>;
    /// Ends one of a user's own sessions; false when they have no such session.
    fn delete_own_session(&mut self, user_id: i64, id: i64) -> Result<bool>;
    /// The person's second step was just set up in session `session_id`:
    /// that session now counts it (`amr`), and their other sessions opened
    /// without one end (an app that requires two-step sign-in must not
    /// take them). How many ended.
    fn second_step_set_up(&mut self, user_id: i64, session_id: i64, amr: &str) -> Result<usize>;
    /// Ends every session of a user but `keep`, and every sign-in of theirs
    /// waiting for its code (a new password, a reset, "sign out everywhere
    /// else" end those too); how many sessions ended.
    fn delete_sessions_of(&mut self, user_id: i64, keep: Option<i64>) -> Result<usize>;
    /// Deletes sessions that can no longer be used.
    fn purge_sessions(&mut self, live: Liveness) -> Result<usize>;
}

pub trait Audit {
    /// `limit` events from `offset`, newest first, and how many there are in all.
    fn audit_page(&mut self, limit: u32, offset: i64) -> Result<(Vec<AuditRow>, i64)>;
    /// Whether `event` was recorded with this actor, target and address since `since`.
    fn recently_recorded(&mut self, event: &str, actor: &str, target: &str, address: &str, since: i64) -> Result<bool>;
}

/// The writes to what `Audit` reads.
pub trait AuditWrites {
    fn insert_audit(&mut self, at: i64, entry: &Entry) -> Result<()>;
}

/// What sign-in failures are counted by.
#[derive(Debug, Clone, Copy)]
pub enum FailureKey<'a> {
    Email(&'a str),
    Address(&'a str),
}

pub trait Throttle {
    /// The time of the `n`-th most recent failure for `key` since `since`.
    fn nth_failure(&mut self, key: FailureKey<'_>, since: i64, n: i64) -> Result<Option<i64>>;
    fn count_failures(&mut self, email: &str, since: i64) -> Result<i64>;
    /// The emails with at least `limit` failures since `since`.
    fn locked_emails(&mut self, since: i64, limit: i64) -> Result<HashSet<String>>;
}

/// The writes to what `Throttle` reads.
pub trait ThrottleWrites {
    fn insert_failure(&mut self, at: i64, email: &str, address: &str) -> Result<()>;
    /// Forgets failures older than `before`.
    fn prune_failures(&mut self, before: i64) -> Result<()>;
    /// Forgets an email's failures.
    fn clear_failures(&mut self, email: &str) -> Result<()>;
}

pub trait Settings {
    fn setting(&mut self, key: &str) -> Result<Option<String>>;
    /// A query that needs no table: the database answers.
    fn ping(&mut self) -> Result<()>;
}

/// The writes to what `Settings` reads.
pub trait SettingWrites {
    /// The stored value; when absent, `value` is stored and returned. Two
    /// instances racing here both end up with the first value written.
    fn setting_or_insert(&mut self, key: &str, value: &str) -> Result<String>;
    fn put_setting(&mut self, key: &str, value: &str) -> Result<()>;
    fn delete_setting(&mut self, key: &str) -> Result<()>;
}

/// Whole tables, for copying a database into another (`store::transfer`).
pub trait Transfer {
    /// Up to `limit` rows of `table` whose key is above `after`, by key,
    /// each in `table.columns`' order.
    fn read_rows(&mut self, table: &Table, after: &Value, limit: u32) -> Result<Vec<Vec<Value>>>;
    fn count_rows(&mut self, table: &Table) -> Result<i64>;
}

/// The writes to what `Transfer` reads.
pub trait TransferWrites {
    /// Writes rows as `read_rows` gives them, keys included.
    fn write_rows(&mut self, table: &Table, rows: &[Vec<Value>]) -> Result<()>;
    /// After keys were written as they came: the next key the engine
    /// makes follows the largest.
    fn follow_keys(&mut self, table: &Table) -> Result<()>;
}

/// One-time links: invitations and password resets, kept as token hashes.
pub trait Links {
    fn link_by_token(&mut self, token_hash: &[u8]) -> Result<Option<StoredLink>>;
}

/// The writes to what `Links` reads.
pub trait LinkWrites {
    /// Keeps a new link and marks `replaced_at` on every unused link of the
    /// same kind for the same user.
    fn insert_link(&mut self, link: &NewLink<'_>) -> Result<()>;
    /// Marks a link used; false when it was not usable any more (used or
    /// replaced meanwhile).
    fn use_link(&mut self, id: i64, at: i64) -> Result<bool>;
    /// Notes that the refusal of link `id` is being recorded: true the
    /// first time only (on every instance), so that it is recorded once.
    fn note_link_refusal(&mut self, id: i64, at: i64) -> Result<bool>;
    /// Ends every link of a user but `keep` (the one just used); how many ended.
    fn delete_links_of(&mut self, user_id: i64, keep: Option<i64>) -> Result<usize>;
}

/// A link to keep; only the hash of its token is stored.
pub struct NewLink<'a> {
    pub token_hash: &'a [u8],
    pub user_id: i64,
    pub kind: LinkKind,
    pub created_at: i64,
    pub expires_at: i64,
}

/// Two-step sign-in: each user's authenticator secret, their recovery
/// codes (hashed), and sign-ins waiting for their code.
pub trait TwoFactor {
    fn totp_state(&mut self, user_id: i64) -> Result<Option<TotpState>>;
    fn recovery_codes_left(&mut self, user_id: i64) -> Result<i64>;
    /// The sign-in waiting with this token, if it has not expired at `now`.
    fn pending_sign_in(&mut self, token_hash: &[u8], now: i64) -> Result<Option<PendingSignIn>>;
}

/// The writes to what `TwoFactor` reads.
pub trait TwoFactorWrites {
    /// Keeps the secret being set up; false when there is no such user.
    fn set_totp_pending(&mut self, user_id: i64, secret: &str) -> Result<bool>;
    /// The pending secret becomes the user's, with `step` accepted already.
    fn enable_totp(&mut self, user_id: i64, step: i64) -> Result<bool>;
    /// Off: secret, pending secret and recovery codes gone.
    fn disable_totp(&mut self, user_id: i64) -> Result<bool>;
    /// Accepts `step` if it is after the last accepted one (a code works
    /// once, on every instance); false when it is not.
    fn accept_step(&mut self, user_id: i64, step: i64) -> Result<bool>;
    fn replace_recovery_codes(&mut self, user_id: i64, hashes: &[Vec<u8>]) -> Result<()>;
    /// Uses an unused recovery code; false when there is none with this hash.
    fn use_recovery_code(&mut self, user_id: i64, hash: &[u8], at: i64) -> Result<bool>;
    fn insert_pending_sign_in(&mut self, pending: &NewPendingSignIn<'_>) -> Result<()>;
    fn delete_pending_sign_in(&mut self, id: i64) -> Result<()>;
}

/// A user's authenticator secrets and the last step accepted.
#[derive(Debug, Clone)]
pub struct TotpState {
    /// Base32; empty when two-step sign-in is off.
    pub secret: String,
    /// Being set up, until a code confirms it.
    pub pending: String,
    pub last_step: i64,
}

/// A sign-in whose password was right, waiting for its code.
pub struct NewPendingSignIn<'a> {
    pub token_hash: &'a [u8],
    pub user_id: i64,
    pub persistent: bool,
    pub next: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
    pub link: Option<&'a WaitingLink>,
}

/// A password chosen with an invitation or reset link, kept with the
/// sign-in that waits for the person's passkey, and set only then.
#[derive(Debug, Clone)]
pub struct WaitingLink {
    /// The link's token hash (the link is used only then).
    pub token_hash: Vec<u8>,
    pub password_hash: PasswordHash,
}

/// A sign-in waiting for its code, found by its token.
#[derive(Debug, Clone)]
pub struct PendingSignIn {
    pub id: i64,
    pub user: User,
    pub persistent: bool,
    pub next: String,
    pub link: Option<WaitingLink>,
}

/// An OpenID app's client id and the hash of its secret (both empty for a
/// proxied app; the hash empty for a public one).
#[derive(Debug, Clone, Default)]
pub struct ClientKeys {
    pub client_id: String,
    pub secret_hash: String,
}

/// A key ID tokens are signed with: its id, its private half (PKCS#8 DER),
/// when it was made and, once another has replaced it, when.
#[derive(Clone)]
pub struct StoredKey {
    pub kid: String,
    pub pkcs8: Vec<u8>,
    pub created_at: i64,
    pub retired_at: Option<i64>,
}

/// The `oidc_keys` table.
pub trait OidcKeys {
    /// Every signing key, the newest first.
    fn signing_keys(&mut self) -> Result<Vec<StoredKey>>;
}

/// The writes to what `OidcKeys` reads.
pub trait OidcKeyWrites {
    fn insert_signing_key(&mut self, kid: &str, pkcs8: &[u8], at: i64) -> Result<()>;
    /// Retires every key that signs but `except_kid`; how many.
    fn retire_signing_keys(&mut self, except_kid: &str, at: i64) -> Result<u64>;
}

/// A code about to be handed to an app: what it is bound to.
pub struct NewCode<'a> {
    pub code_hash: &'a [u8],
    pub app_id: i64,
    pub user_id: i64,
    pub redirect_uri: &'a str,
    pub scope: &'a str,
    pub nonce: &'a str,
    pub code_challenge: &'a str,
    pub auth_time: i64,
    pub amr: &'a str,
    pub at: i64,
    pub expires_at: i64,
}

/// A code as kept: spent once `used_at` is set, with the grant its
/// exchange gave.
#[derive(Debug, Clone)]
pub struct StoredCode {
    pub id: i64,
    pub app_id: i64,
    pub user_id: i64,
    pub redirect_uri: String,
    pub scope: String,
    pub nonce: String,
    pub code_challenge: String,
    pub auth_time: i64,
    pub amr: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    pub grant_id: Option<i64>,
}

/// What a live token stands for: its grant, app, person and scope.
#[derive(Debug, Clone)]
pub struct TokenGrant {
    pub grant_id: i64,
    pub app_id: i64,
    pub user_id: i64,
    pub scope: String,
    pub nonce: String,
    pub auth_time: i64,
    pub amr: String,
}

/// A token as kept, whatever its state, with its grant.
#[derive(Debug, Clone)]
pub struct StoredToken {
    pub id: i64,
    pub kind: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    pub grant: TokenGrant,
    pub grant_revoked: bool,
}

/// The OpenID provider's codes, grants, tokens and consents.
pub trait OidcGrants {
    /// A token by its hash, live or not.
    fn token_by_hash(&mut self, token_hash: &[u8]) -> Result<Option<StoredToken>>;
    fn code_by_hash(&mut self, code_hash: &[u8]) -> Result<Option<StoredCode>>;
    /// The grant a live, unspent token of `kind` (`access`, `refresh`)
    /// stands for, if the grant has not been ended.
    fn live_token(&mut self, token_hash: &[u8], kind: &str, now: i64) -> Result<Option<TokenGrant>>;
    /// The scope a person consented to for an app, if they did.
    fn consent_of(&mut self, app_id: i64, user_id: i64) -> Result<Option<String>>;
    /// The apps a person stays signed in to (a live refresh token of a
    /// standing grant): id, name, and when they last signed in to each.
    fn apps_signed_in(&mut self, user_id: i64, now: i64) -> Result<Vec<(i64, String, i64)>>;
}

/// The writes to what `OidcGrants` reads.
pub trait OidcGrantWrites {
    fn insert_code(&mut self, code: &NewCode<'_>) -> Result<()>;
    /// Marks the code spent at `at`; false when it was spent already or
    /// has expired (one statement: two exchanges cannot both win).
    fn spend_code(&mut self, id: i64, at: i64) -> Result<bool>;
    fn set_code_grant(&mut self, code_id: i64, grant_id: i64) -> Result<()>;
    /// A new grant (what one code's exchange gives); its id.
    fn insert_grant(&mut self, code: &StoredCode, at: i64) -> Result<i64>;
    /// Ends a grant and with it every token it gave; false if it had ended.
    fn revoke_grant(&mut self, grant_id: i64, at: i64) -> Result<bool>;
    fn insert_token(&mut self, token_hash: &[u8], grant_id: i64, kind: &str, at: i64, expires_at: i64) -> Result<()>;
    /// Marks a token used (a refresh token rotated, an access token
    /// revoked); false when it was already (one statement).
    fn spend_token(&mut self, id: i64, at: i64) -> Result<bool>;
    fn save_consent(&mut self, app_id: i64, user_id: i64, scope: &str, at: i64) -> Result<()>;
    /// Ends every grant a person has with an app; how many.
    fn revoke_grants_of(&mut self, user_id: i64, app_id: i64, at: i64) -> Result<u64>;
    /// Forgets what can no longer be used: tokens past their time, codes
    /// and grants with nothing left a day after (a spent code is kept that
    /// long, so that a replay still ends what it gave).
    fn purge_oidc(&mut self, now: i64) -> Result<()>;
}

/// A passkey as the store keeps it: the credential (the WebAuthn library's
/// JSON: public key, counter, backup state) and what its person named it.
#[derive(Debug, Clone)]
pub struct StoredPasskey {
    pub id: i64,
    pub user_id: i64,
    /// The credential's id, base64url.
    pub credential_id: String,
    pub name: String,
    pub credential: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// What a passkey ceremony is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CeremonyKind {
    /// Adding a passkey to a signed-in person.
    Register,
    /// A known person's passkey (the second step after a password).
    Authenticate,
    /// A known person's passkey confirming a change (removing a passkey).
    Confirm,
    /// Any passkey, its person found from it (instead of a password).
    Discover,
}

impl CeremonyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CeremonyKind::Register => "register",
            CeremonyKind::Authenticate => "authenticate",
            CeremonyKind::Confirm => "confirm",
            CeremonyKind::Discover => "discover",
        }
    }
}

/// A ceremony started: its challenge's state until it is finished.
#[derive(Debug)]
pub struct NewCeremony<'a> {
    pub id: &'a str,
    pub user_id: Option<i64>,
    pub kind: CeremonyKind,
    /// The client address it was started from.
    pub address: &'a str,
    pub state: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

pub trait Passkeys {
    fn passkeys_of(&mut self, user_id: i64) -> Result<Vec<StoredPasskey>>;
    fn passkey_by_credential(&mut self, credential_id: &str) -> Result<Option<StoredPasskey>>;
    /// Ceremonies of `kind` waiting at `now`: from `address`, and in all.
    fn ceremonies_waiting(&mut self, kind: CeremonyKind, address: &str, now: i64) -> Result<(i64, i64)>;
}

pub trait PasskeyWrites {
    fn insert_passkey(&mut self, passkey: &StoredPasskey) -> Result<i64>;
    /// False when the person has no passkey `id`.
    fn rename_passkey(&mut self, user_id: i64, id: i64, name: &str) -> Result<bool>;
    /// Its credential after a use (the counter moved on), and when.
    fn used_passkey(&mut self, id: i64, credential: &str, at: i64) -> Result<()>;
    fn delete_passkey(&mut self, user_id: i64, id: i64) -> Result<bool>;
    fn delete_passkeys_of(&mut self, user_id: i64) -> Result<u64>;
    /// Keeps a ceremony (forgetting those expired).
    fn insert_ceremony(&mut self, ceremony: &NewCeremony<'_>) -> Result<()>;
    /// The ceremony `id` of `kind` (its person, its state), taken: a second
    /// finish finds nothing. `None` when unknown, taken or expired.
    fn take_ceremony(&mut self, id: &str, kind: CeremonyKind, now: i64) -> Result<Option<(Option<i64>, String)>>;
}

/// A spreadsheet kept between its preview and its confirmation.
#[derive(Debug, Clone)]
pub struct StoredImport {
    pub created_by: i64,
    pub created_at: i64,
    pub file_name: String,
    pub content: String,
}

pub trait Imports {
    fn user_import(&mut self, id: &str) -> Result<Option<StoredImport>>;
}

pub trait ImportWrites {
    /// Keeps a spreadsheet, in place of the one its administrator uploaded
    /// before (and forgetting any made before `stale`).
    fn insert_user_import(&mut self, id: &str, import: &StoredImport, stale: i64) -> Result<()>;
    fn delete_user_import(&mut self, id: &str) -> Result<bool>;
}

/// Everything a use case may read: what a read (`Store::read`) is given,
/// so that it cannot write.
pub trait ReadRepo:
    Users
    + Directory
    + Groups
    + Apps
    + Sessions
    + Audit
    + Throttle
    + Settings
    + Transfer
    + Links
    + TwoFactor
    + OidcKeys
    + OidcGrants
    + Imports
    + Passkeys
{
}

impl<T> ReadRepo for T where
    T: Users
        + Directory
        + Groups
        + Apps
        + Sessions
        + Audit
        + Throttle
        + Settings
        + Transfer
        + Links
        + TwoFactor
        + OidcKeys
        + OidcGrants
        + Imports
        + Passkeys
{
}

/// Everything a use case may ask of the store, writes included: what a
/// write transaction (`Store::write`) is given.
pub trait Repo:
    ReadRepo
    + UserWrites
    + DirectoryWrites
    + GroupWrites
    + AppWrites
    + SessionWrites
    + AuditWrites
    + ThrottleWrites
    + SettingWrites
    + TransferWrites
    + LinkWrites
    + TwoFactorWrites
    + OidcKeyWrites
    + OidcGrantWrites
    + ImportWrites
    + PasskeyWrites
{
}

impl<T> Repo for T where
    T: ReadRepo
        + UserWrites
        + DirectoryWrites
        + GroupWrites
        + AppWrites
        + SessionWrites
        + AuditWrites
        + ThrottleWrites
        + SettingWrites
        + TransferWrites
        + LinkWrites
        + TwoFactorWrites
        + OidcKeyWrites
        + OidcGrantWrites
        + ImportWrites
        + PasskeyWrites
{
}
