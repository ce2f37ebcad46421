//! The gate: what the proxies in front of the office's apps ask before
//! each request. It needs the session, the person's groups, the
//! generation of the apps' rules and the rules: from the database in one
//! statement (`Sessions::session_for_gate`), or from what it read within
//! the last second (`memory`, which says how that stays the database's).
//! The decision itself is `domain::decide`.

mod memory;

use std::sync::Arc;
use std::time::Instant;

use crate::domain::{
    decide, rule_for, Decision, DenyReason, Detail, Entry, Event, Original, Party, ProxyRule, Secret, SignedIn, Visitor,
};
use crate::security::tokens::hash_token;
use crate::store::repo::GateSession;

use super::audit::record;
use super::sessions::{liveness, signed_in, used};
use super::{App, Caller, Result};

pub use memory::{GateMemory, LIFETIME};

/// Who a request let through is, for the identity headers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Identity {
    pub email: String,
    pub name: String,
    /// Group names, by name.
    pub groups: Vec<String>,
}

/// The gate's answer to one request.
#[derive(Debug, Clone)]
pub struct Checked {
    pub decision: Decision,
    /// Filled when the decision lets a signed-in person through.
    pub identity: Identity,
    /// The app whose rule decided, if one did.
    pub app: Option<String>,
    /// The person the session proves, if any.
    pub me: Option<SignedIn>,
}

/// The session `token` proves, with the person's groups and the rules'
/// generation: kept, or read (and kept).
async fn session(app: &App, token: Secret) -> Result<Option<(SignedIn, GateSession)>> {
    let hash = hash_token(token.expose());
    let changes = app.store.changes();
    if let Some(found) = app.gate.session(&hash, changes) {
        return Ok(Some((signed_in(found.session.clone()), found)));
    }
    let (read_at, live) = (Instant::now(), liveness(&app.settings, app.clock.now()));
    let key = hash.clone();
    let Some(found) = app
        .store
        .read_small(move |repo| repo.session_for_gate(&key, live))
        .await?
    else {
        return Ok(None);
    };
    app.gate.keep_session(hash, found.clone(), changes, read_at);
    Ok(Some((used(app, found.session.clone(), live.now).await, found)))
}

/// The generation of the apps' rules, for a request without a session.
async fn generation(app: &App) -> Result<i64> {
    let changes = app.store.changes();
    if let Some(generation) = app.gate.generation(changes) {
        return Ok(generation);
    }
    let read_at = Instant::now();
    let generation = app.store.read_small(|repo| repo.apps_generation()).await?;
    app.gate.keep_generation(generation, changes, read_at);
    Ok(generation)
}

/// The rules at `generation`: kept, or read (and kept).
async fn rules_at(app: &App, generation: i64) -> Result<Arc<Vec<ProxyRule>>> {
    if let Some(rules) = app.gate.rules_at(generation) {
        return Ok(rules);
    }
    let apps = app.store.read_small(|repo| repo.all_apps()).await?;
    let rules: Arc<Vec<ProxyRule>> = Arc::new(apps.iter().filter_map(|info| info.rule()).collect());
    app.gate.keep_rules(generation, Arc::clone(&rules));
    Ok(rules)
}

/// Decides `original` for the browser whose session token is `token`.
pub async fn check(app: &App, original: &Original, token: Option<Secret>) -> Result<Checked> {
    let found = match token {
        Some(token) => session(app, token).await?,
        None => None,
    };
    let (rules, me, groups) = match found {
        Some((me, found)) => (rules_at(app, found.apps_generation).await?, Some(me), found.groups),
        None => (rules_at(app, generation(app).await?).await?, None, Vec::new()),
    };
    if !original.path_is_plain() {
        return Ok(Checked {
            decision: Decision::Deny(DenyReason::UnclearPath),
            identity: Identity::default(),
            app: None,
            me,
        });
    }
    let rule = rule_for(&rules, &original.host, original.port, &original.path);
    let visitor = me.as_ref().map(|me| Visitor {
        user: &me.user,
        groups: &groups,
        owes_two_factor: app.settings.two_factor.requires(&me.user),
    });
    let decision = decide(rule, visitor.as_ref());
    let identity = match (&decision, &me) {
        (Decision::Allow(Some(_)), Some(me)) => Identity {
            email: me.user.email.clone(),
            name: me.user.name.clone(),
            groups: groups.into_iter().map(|(_, name)| name).collect(),
        },
        _ => Identity::default(),
    };
    Ok(Checked {
        decision,
        identity,
        app: rule.map(|r| r.name.clone()),
        me,
    })
}

/// Records a refusal in the security log: at most one line a minute for
/// the same person (or address, for a visitor) and app.
pub async fn record_refusal(app: &App, caller: &Caller, original: &Original, checked: &Checked) -> Result<()> {
    let Decision::Deny(reason) = checked.decision else {
        return Ok(());
    };
    let target = Party::named(checked.app.clone().unwrap_or_else(|| original.host.clone()));
    let detail = Detail::Refused {
        request: format!("{} {}", original.method, original.url()),
        why: reason.as_str().to_owned(),
    };
    let entry = Entry::new(Event::AppRefused, caller.party.clone(), target, &caller.address).detail(detail);
    let at = app.clock.now();
    Ok(app
        .store
        .write(move |repo| {
            if !repo.recently_recorded(
                Event::AppRefused.as_str(),
                &entry.actor.label,
                &entry.target.label,
                &entry.address,
                at - 60,
            )? {
                record(repo, at, &entry)?;
            }
            Ok::<_, crate::store::StoreError>(())
        })
        .await?)
}

/// Where a sign-in may send the browser back to (`rd`): an absolute https
/// URL (http too when gatehouse itself is served without TLS) whose host,
/// compared label by label, is a registered app's, on the app's port when
/// it names one. Anything else: `None`, and the sign-in goes home.
pub async fn app_address(app: &App, rd: &str, http_allowed: bool) -> Result<Option<String>> {
    let Some(original) = Original::from_url(rd, None) else {
        return Ok(None);
    };
    if !original.https && !http_allowed {
        return Ok(None);
    }
    let rules = rules_at(app, generation(app).await?).await?;
    let known = rules.iter().any(|r| r.host.matches(&original.host, original.port));
    Ok(known.then(|| original.url()))
}
