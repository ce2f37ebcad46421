//! Invitation and reset links: made by an administrator (or the command
//! line), opened by their person, used once to choose a password. Only a
//! hash of a link's token is stored; a newer link of the same kind replaces
//! the older; disabling a user or changing their password ends their links,
//! and deleting a user deletes them.

use crate::domain::{
    Detail, Email, Entry, Event, LinkKind, LinkRefusal, NewUser, Party, PasswordHash, Problem, Secret, User,
};
use crate::i18n::Language;
use crate::mail::messages::{self, LinkMail};
use crate::security::throttle::{self, ThrottleKey, Verdict};
use crate::security::tokens::{hash_token, random_token};
use crate::store::{NewLink, ReadRepo, Repo, StoreError};

use super::audit::record;
use super::sign_in::count_attempt;
use super::{found, App, Caller, Result, ServiceError};

/// A link just made: its token goes into the URL, never the store.
#[derive(Debug, Clone)]
pub struct Issued {
    pub user: User,
    pub kind: LinkKind,
    pub token: Secret,
    pub expires_at: i64,
}

impl Issued {
    /// The link's address under `base` (`https://host`): `base/invite/TOKEN`.
    pub fn url(&self, base: &str) -> String {
        format!("{base}/{}/{}", self.kind.as_str(), self.token.expose())
    }
}

/// Makes a link of `kind` for `user` inside the caller's transaction,
/// replacing an older one of that kind, and records it.
pub(super) fn issue(
    repo: &mut dyn Repo,
    app_lifetime: i64,
    at: i64,
    kind: LinkKind,
    user: &User,
    caller: &Caller,
) -> std::result::Result<Issued, StoreError> {
    let token = random_token();
    let expires_at = at + app_lifetime;
    repo.insert_link(&NewLink {
        token_hash: &hash_token(&token),
        user_id: user.id,
        kind,
        created_at: at,
        expires_at,
    })?;
    let entry = Entry::new(Event::LinkCreated, caller.party.clone(), user, &caller.address).detail(Detail::Link {
        link: kind.as_str().to_owned(),
        expires_at: Some(expires_at),
    });
    record(repo, at, &entry)?;
    Ok(Issued {
        user: user.clone(),
        kind,
        token: Secret::new(token),
        expires_at,
    })
}

pub(super) fn lifetime(app: &App, kind: LinkKind) -> i64 {
    match kind {
        LinkKind::Invite => app.settings.invite_lifetime.seconds(),
        LinkKind::Reset => app.settings.reset_lifetime.seconds(),
    }
}

/// Creates a user without a password and their invitation, in one
/// transaction: they choose their password by the link.
pub async fn invite(app: &App, caller: &Caller, new: NewUser) -> Result<Issued> {
    let (caller, at, seconds) = (caller.clone(), app.clock.now(), lifetime(app, LinkKind::Invite));
    app.store
        .write(move |repo| {
            let user = repo.insert_user(&new, &PasswordHash::unset(), false, at)?;
            let entry =
                Entry::new(Event::UserCreated, caller.party.clone(), &user, &caller.address).detail(Detail::Role {
                    role: user.role.as_str().to_owned(),
                });
            record(repo, at, &entry)?;
            Ok::<_, ServiceError>(issue(repo, seconds, at, LinkKind::Invite, &user, &caller)?)
        })
        .await
}

/// A new link of `kind` for the user with id `user_id`: a reset link for
/// anyone active, a new invitation for someone who has not accepted theirs.
pub async fn reissue(app: &App, caller: &Caller, user_id: i64, kind: LinkKind) -> Result<Issued> {
    let (caller, at, seconds) = (caller.clone(), app.clock.now(), lifetime(app, kind));
    app.store
        .write(move |repo| {
            let user = found(repo.user(user_id)?)?;
            if !user.active {
                return Err(ServiceError::Refused(Problem::LinkForDisabled));
            }
            if kind == LinkKind::Invite && !user.invited {
                return Err(ServiceError::Refused(Problem::AlreadyAccepted));
            }
            Ok(issue(repo, seconds, at, kind, &user, &caller)?)
        })
        .await
}

/// The same, for the user with this email (the command line).
pub async fn reissue_by_email(
    app: &App,
    caller: &Caller,
    email: &crate::domain::Email,
    kind: LinkKind,
) -> Result<Issued> {
    let email = email.clone();
    let (user, _) = found(app.store.read(move |repo| repo.user_by_email(&email)).await?)?;
    reissue(app, caller, user.id, kind).await
}

/// What opening a link finds.
#[derive(Debug)]
pub enum Opened {
    /// It can be used: the form for `user` may be shown.
    Usable(User),
    Refused(LinkRefusal),
}

/// The link `token` of `kind`, and the user it is for, if it can be used
/// now. Opening a link changes nothing (mail scanners and previews open
/// links), but a refusal is recorded.
pub async fn open(app: &App, caller: &Caller, kind: LinkKind, token: &str) -> Result<Opened> {
    let (hash, now) = (hash_token(token), app.clock.now());
    let checked = app
        .store
        .read(move |repo| check(repo, kind, &hash, now).map(|c| c.map(|(_, user)| user)))
        .await?;
    match checked {
        Ok(user) => Ok(Opened::Usable(user)),
        Err(refused) => {
            let why = refused.why;
            record_refusal(app, caller, kind, refused).await?;
            Ok(Opened::Refused(why))
        }
    }
}

/// Why a link cannot be used, with the link and its user when it was one.
#[derive(Debug)]
pub(super) struct Refused {
    pub(super) why: LinkRefusal,
    pub(super) link_id: Option<i64>,
    pub(super) user: Option<Box<User>>,
}

impl Refused {
    fn unknown() -> Refused {
        Refused {
            why: LinkRefusal::Unknown,
            link_id: None,
            user: None,
        }
    }
}

/// Whether the link with this hash can be used now: its id and user, or
/// why not.
pub(super) fn check(
    repo: &mut dyn ReadRepo,
    kind: LinkKind,
    hash: &[u8],
    now: i64,
) -> std::result::Result<std::result::Result<(i64, User), Refused>, StoreError> {
    let Some(link) = repo.link_by_token(hash)?.filter(|l| l.kind == kind) else {
        return Ok(Err(Refused::unknown()));
    };
    let Some(user) = repo.user(link.user_id)? else {
        return Ok(Err(Refused::unknown()));
    };
    let why = match link.refusal(now) {
        Some(why) => why,
        None if !user.active => LinkRefusal::Disabled,
        None => return Ok(Ok((link.id, user))),
    };
    Ok(Err(Refused {
        why,
        link_id: Some(link.id),
        user: Some(Box::new(user)),
    }))
}

/// Records a refused link that was one (expired, used, replaced, of a
/// disabled person), the first time it is refused only: a link asked for
/// again and again is one line in the log. A made-up or mistyped token is
/// not recorded: anyone could fill the log with them.
pub(super) async fn record_refusal(app: &App, caller: &Caller, kind: LinkKind, refused: Refused) -> Result<()> {
    let Some(link_id) = refused.link_id else {
        return Ok(());
    };
    let target = refused.user.as_deref().map(Party::from).unwrap_or_default();
    let entry =
        Entry::new(Event::LinkRefused, caller.party.clone(), target, &caller.address).detail(Detail::LinkRefused {
            link: kind.as_str().to_owned(),
            why: refused.why.as_str().to_owned(),
        });
    let at = app.clock.now();
    Ok(app
        .store
        .write(move |repo| match repo.note_link_refusal(link_id, at)? {
            true => record(repo, at, &entry),
            false => Ok(()),
        })
        .await?)
}

/// What a request on /forgot gets: the same answer whether or not the
/// address is known, unless too many came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forgot {
    Accepted,
    Throttled { until: i64 },
}

/// "Forgot your password?": counted in the throttle (per address typed and
/// per client), then, in the background, a reset link mailed if the
/// address belongs to an active user. The answer comes before any of that,
/// so that it takes the same time whether or not the address is known.
pub async fn forgot(app: &App, caller: &Caller, typed: &str, language: Language) -> Result<Forgot> {
    let key = ThrottleKey::forgot(typed);
    let (at, address) = (app.clock.now(), caller.address.clone());
    let verdict = app
        .store
        .write(move |repo| count_attempt(repo, at, &key, &address, throttle::FORGOT_LIMIT))
        .await?;
    if let Verdict::Locked { until } = verdict {
        return Ok(Forgot::Throttled { until });
    }
    let Ok(email) = Email::parse(typed) else {
        return Ok(Forgot::Accepted);
    };
    let (app, caller) = (app.clone(), caller.clone());
    tokio::spawn(async move {
        if let Err(e) = mail_reset_to(&app, &caller, email, language).await {
            tracing::error!("cannot mail a reset link: {e}");
        }
    });
    Ok(Forgot::Accepted)
}

async fn mail_reset_to(app: &App, caller: &Caller, email: Email, language: Language) -> Result<()> {
    let found = app.store.read(move |repo| repo.user_by_email(&email)).await?;
    let Some((user, _)) = found.filter(|(user, _)| user.active) else {
        return Ok(());
    };
    let made = reissue(app, caller, user.id, LinkKind::Reset).await?;
    mail_link(app, caller, &made, language, None).await?;
    Ok(())
}

/// What became of mailing a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mailed {
    /// No mail server is set up: the link is only shown.
    NotConfigured,
    Sent,
    /// Not sent, and why (the server's answer, or its silence).
    Failed(String),
}

/// Mails `issued` to its person, as `sender` made it (`None`: they asked
/// themselves), in their own language or else `language`; the outcome is
/// recorded. Never longer than the mail timeout. The link starts with
/// `public_url`, never with an address a request named: whoever sends a
/// Host header must not choose where a mailed token goes (mail is only set
/// up with `public_url`).
pub async fn mail_link(
    app: &App,
    caller: &Caller,
    issued: &Issued,
    language: Language,
    sender: Option<&str>,
) -> Result<Mailed> {
    let (Some(mailer), Some(base)) = (&app.mailer, app.settings.public_url.as_deref()) else {
        return Ok(Mailed::NotConfigured);
    };
    let base = base.trim_end_matches('/');
    let language = issued
        .user
        .language
        .as_deref()
        .and_then(Language::find)
        .unwrap_or(language);
    let zone = app.settings.zone().map_err(StoreError::other)?;
    let url = issued.url(base);
    let until = zone.datetime_long(language, issued.expires_at);
    let mail = LinkMail {
        language,
        kind: issued.kind,
        to_name: &issued.user.name,
        to_email: &issued.user.email,
        url: &url,
        until: &until,
        sender,
    };
    let sent = match messages::link(mailer.from(), &mail) {
        Ok(message) => mailer.send(message).await,
        Err(e) => Err(e),
    };
    let (event, detail, outcome) = match sent {
        Ok(_) => (
            Event::LinkMailed,
            Detail::Link {
                link: issued.kind.as_str().to_owned(),
                expires_at: Some(issued.expires_at),
            },
            Mailed::Sent,
        ),
        Err(reason) => (
            Event::LinkMailFailed,
            Detail::MailFailed { reason: reason.clone() },
            Mailed::Failed(reason),
        ),
    };
    let entry = Entry::new(event, caller.party.clone(), &issued.user, &caller.address).detail(detail);
    let at = app.clock.now();
    app.store.write(move |repo| record(repo, at, &entry)).await?;
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Client, Email, Password, Role, UserName};
    use crate::service::sign_in::{accept, Chosen, Entering, Outcome, Refusal};
    use crate::service::testing::{TestApp, PASSWORD};

    fn new_person() -> NewUser {
        NewUser {
            name: UserName::parse("Ivy").unwrap(),
            email: Email::parse("ivy@x.org").unwrap(),
            role: Role::Member,
        }
    }

    #[test]
    fn an_invitation_is_used_once_and_a_newer_one_replaces_it() {
        let t = TestApp::new();
        let caller = Caller::command_line();
        let first = t.run(invite(&t.app, &caller, new_person())).unwrap();
        assert!(first.user.invited);
        assert_eq!(
            first.url("https://g.example"),
            format!("https://g.example/invite/{}", first.token.expose())
        );
        let second = t
            .run(reissue(&t.app, &caller, first.user.id, LinkKind::Invite))
            .unwrap();
        let opened = t
            .run(open(&t.app, &caller, LinkKind::Invite, first.token.expose()))
            .unwrap();
        assert!(matches!(opened, Opened::Refused(LinkRefusal::Replaced)));
        // A reset link is not an invitation.
        let as_reset = t
            .run(open(&t.app, &caller, LinkKind::Reset, second.token.expose()))
            .unwrap();
        assert!(matches!(as_reset, Opened::Refused(LinkRefusal::Unknown)));
        let use_it = |token: &Secret| {
            let chosen = Chosen {
                kind: LinkKind::Invite,
                token: token.expose(),
                password: Password::parse(PASSWORD).unwrap(),
                code: "",
            };
            let how = Entering {
                remember: false,
                client: Client::default(),
                replacing: None,
            };
            t.run(accept(&t.app, chosen, how)).unwrap()
        };
        match use_it(&second.token) {
            Outcome::SignedIn(entered) => assert!(!entered.user.invited),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            use_it(&second.token),
            Outcome::Refused(Refusal::Link(LinkRefusal::Used))
        ));
        let no_more = t.run(reissue(&t.app, &caller, first.user.id, LinkKind::Invite));
        assert!(matches!(no_more, Err(ServiceError::Refused(Problem::AlreadyAccepted))));
    }

    #[test]
    fn a_link_expires_on_the_app_s_clock() {
        let t = TestApp::new();
        let caller = Caller::command_line();
        let member = t.user("mo@x.org", Role::Member);
        let link = t.run(reissue(&t.app, &caller, member.id, LinkKind::Reset)).unwrap();
        assert_eq!(link.expires_at, t.app.clock.now() + 86_400);
        t.app.clock.advance(86_400);
        let opened = t
            .run(open(&t.app, &caller, LinkKind::Reset, link.token.expose()))
            .unwrap();
        assert!(matches!(opened, Opened::Refused(LinkRefusal::Expired)));
    }
}
