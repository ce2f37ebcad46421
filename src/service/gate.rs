//! The gate: what the proxies in front of the office's apps ask before
//! each request. The rules are read from the database on every request
//! (a change takes effect at the next request, on every instance); the
//! person's groups too. The decision itself is `domain::decide`.

use crate::domain::{
    decide, rule_for, Decision, DenyReason, Detail, Entry, Event, Original, Party, ProxyRule, SignedIn, Visitor,
};

use super::audit::record;
use super::{App, Caller, Result};

/// Who a request let through is, for the identity headers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Identity {
    pub email: String,
    pub name: String,
    /// Group names, by name.
    pub groups: Vec<String>,
}

/// The gate's answer to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub decision: Decision,
    /// Filled when the decision lets a signed-in person through.
    pub identity: Identity,
    /// The app whose rule decided, if one did.
    pub app: Option<String>,
}

/// The rules of every app behind the proxy.
async fn rules(app: &App) -> Result<Vec<ProxyRule>> {
    let apps = app.store.read_small(|repo| repo.all_apps()).await?;
    Ok(apps.iter().filter_map(|info| info.rule()).collect())
}

/// Decides `original` for `me` (signed in or not).
pub async fn check(app: &App, original: &Original, me: Option<&SignedIn>) -> Result<Checked> {
    if !original.path_is_plain() {
        return Ok(Checked {
            decision: Decision::Deny(DenyReason::UnclearPath),
            identity: Identity::default(),
            app: None,
        });
    }
    // One read for the rules and the person's groups: this runs before
    // every request to every app.
    let user_id = me.map(|me| me.user.id);
    let (apps, groups) = app
        .store
        .read_small(move |repo| {
            let groups = match user_id {
                Some(id) => repo.groups_of(id)?,
                None => Vec::new(),
            };
            Ok::<_, crate::store::StoreError>((repo.all_apps()?, groups))
        })
        .await?;
    let rules: Vec<ProxyRule> = apps.iter().filter_map(|info| info.rule()).collect();
    let rule = rule_for(&rules, &original.host, original.port, &original.path);
    let groups: Vec<(i64, String)> = groups.into_iter().map(|g| (g.id, g.name)).collect();
    let visitor = me.map(|me| Visitor {
        user: &me.user,
        groups: &groups,
        owes_two_factor: app.settings.two_factor.requires(&me.user),
    });
    let decision = decide(rule, visitor.as_ref());
    let identity = match (&decision, me) {
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
    let rules = rules(app).await?;
    let known = rules.iter().any(|r| r.host.matches(&original.host, original.port));
    Ok(known.then(|| original.url()))
}
