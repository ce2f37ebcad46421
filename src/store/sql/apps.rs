//! The `apps` and `app_groups` tables: the office's apps behind the proxy,
//! and the groups each lets in.

use std::collections::HashMap;

use crate::domain::{Access, AppInfo, AppKind, AppSpec, Consent, Place};
use crate::store::error::StoreError;
use crate::store::repo::{AppWrites, Apps, ClientKeys, Result};
use crate::store::tables::{Kind, Table};

use super::{params, Db, Query, Row};

/// The `apps` table, as `copy` reads and writes it.
pub const APPS: Table = Table {
    name: "apps",
    shown: "apps",
    columns: &[
        ("id", Kind::Int),
        ("name", Kind::Text),
        ("name_key", Kind::Text),
        ("kind", Kind::Text),
        ("host", Kind::Text),
        ("path_prefix", Kind::Text),
        ("access", Kind::Text),
        ("two_factor", Kind::Bool),
        ("created_at", Kind::Int),
        ("updated_at", Kind::Int),
        ("client_id", Kind::Text),
        ("secret_hash", Kind::Text),
        ("redirect_uris", Kind::Text),
        ("public", Kind::Bool),
        ("pkce", Kind::Bool),
        ("refresh", Kind::Bool),
        ("consent", Kind::Text),
    ],
};

/// The `app_groups` table, as `copy` reads and writes it.
pub const APP_GROUPS: Table = Table {
    name: "app_groups",
    shown: "apps' groups",
    columns: &[("id", Kind::Int), ("app_id", Kind::Int), ("group_id", Kind::Int)],
};

/// The columns `app_from_row` reads, in its order.
macro_rules! app_columns {
    () => {
        "id, name, kind, host, path_prefix, access, two_factor, client_id, redirect_uris, public, pkce, refresh, consent"
    };
}

/// An app from `app_columns!`, with the groups `groups` holds for it (ids
/// and names).
fn app_from_row(r: &dyn Row, groups: &HashMap<i64, Vec<(i64, String)>>) -> Result<AppInfo> {
    let id = r.int(0)?;
    let chosen = groups.get(&id).cloned().unwrap_or_default();
    let access_name = r.text(5)?;
    let access = match access_name.as_str() {
        "groups" => Access::Groups {
            groups: chosen.iter().map(|(id, _)| *id).collect(),
        },
        // `groups` with none left (all deleted) lets no one in: parse
        // refuses it, so it is built here.
        other => Access::parse(other, Vec::new())
            .map_err(|_| StoreError::other(format!("an app has the unknown access {other:?}")))?,
    };
    let kind = r.text(2)?;
    let unknown = |what: &str, value: &str| StoreError::other(format!("an app has the unknown {what} {value:?}"));
    let consent = r.text(12)?;
    Ok(AppInfo {
        id,
        name: r.text(1)?,
        kind: AppKind::parse(&kind).ok_or_else(|| unknown("kind", &kind))?,
        host: r.text(3)?,
        path_prefix: r.text(4)?,
        access,
        group_names: chosen.into_iter().map(|(_, name)| name).collect(),
        two_factor: r.bool(6)?,
        client_id: r.text(7)?,
        redirect_uris: r.text(8)?.lines().map(str::to_owned).collect(),
        public: r.bool(9)?,
        pkce: r.bool(10)?,
        refresh: r.bool(11)?,
        consent: Consent::parse(&consent).map_err(|_| unknown("consent", &consent))?,
    })
}

/// Every app's groups, by app, each list by name.
fn groups_by_app<D: Db>(db: &mut D) -> Result<HashMap<i64, Vec<(i64, String)>>> {
    let mut by_app: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    let pairs = db.query_all(
        "SELECT ag.app_id, g.id, g.name FROM app_groups ag JOIN user_groups g ON g.id = ag.group_id
         ORDER BY g.name_key, g.id",
        params![],
        |r| Ok((r.int(0)?, r.int(1)?, r.text(2)?)),
    )?;
    for (app, id, name) in pairs {
        by_app.entry(app).or_default().push((id, name));
    }
    Ok(by_app)
}

impl<D: Db> Apps for D {
    fn all_apps(&mut self) -> Result<Vec<AppInfo>> {
        let groups = groups_by_app(self)?;
        self.query_all(
            concat!("SELECT ", app_columns!(), " FROM apps ORDER BY name_key, id"),
            params![],
            |r| app_from_row(r, &groups),
        )
    }

    fn app(&mut self, id: i64) -> Result<Option<AppInfo>> {
        let groups = groups_by_app(self)?;
        self.query_opt(
            concat!("SELECT ", app_columns!(), " FROM apps WHERE id = $1"),
            params![id],
            |r| app_from_row(r, &groups),
        )
    }

    fn app_by_key(&mut self, key: &str) -> Result<Option<AppInfo>> {
        let groups = groups_by_app(self)?;
        self.query_opt(
            concat!("SELECT ", app_columns!(), " FROM apps WHERE name_key = $1"),
            params![key],
            |r| app_from_row(r, &groups),
        )
    }

    fn app_by_client_id(&mut self, client_id: &str) -> Result<Option<(AppInfo, String)>> {
        let groups = groups_by_app(self)?;
        self.query_opt(
            concat!(
                "SELECT ",
                app_columns!(),
                ", secret_hash FROM apps WHERE client_id = $1 AND kind = 'oidc'"
            ),
            params![client_id],
            |r| Ok((app_from_row(r, &groups)?, r.text(13)?)),
        )
    }

    fn apps_generation(&mut self) -> Result<i64> {
        self.query_one(
            "SELECT value FROM counts WHERE name = 'apps_generation'",
            params![],
            |r| r.int(0),
        )
    }
}

/// The groups an app lets in, replaced by those of `spec`.
fn set_groups<D: Db>(db: &mut D, app_id: i64, spec: &AppSpec) -> Result<()> {
    db.execute("DELETE FROM app_groups WHERE app_id = $1", params![app_id])?;
    if let Access::Groups { groups } = &spec.access {
        for group in groups {
            db.execute(
                "INSERT INTO app_groups (app_id, group_id)
                 SELECT $1, id FROM user_groups WHERE id = $2 ON CONFLICT DO NOTHING",
                params![app_id, *group],
            )?;
        }
    }
    Ok(())
}

/// Where an app is, as its columns hold it: host and prefix for a proxied
/// app, the OpenID settings for the other (each side empty for the other).
struct Columns<'a> {
    kind: &'static str,
    host: String,
    prefix: &'a str,
    redirect_uris: String,
    public: bool,
    pkce: bool,
    refresh: bool,
    consent: &'static str,
}

impl Columns<'_> {
    fn of(spec: &AppSpec) -> Columns<'_> {
        match &spec.place {
            Place::Proxy { host, prefix } => Columns {
                kind: "proxy",
                host: host.as_text(),
                prefix: prefix.as_str(),
                redirect_uris: String::new(),
                public: false,
                pkce: true,
                refresh: false,
                consent: "none",
            },
            Place::Oidc(oidc) => Columns {
                kind: "oidc",
                host: String::new(),
                prefix: "",
                redirect_uris: oidc.redirect_uris.as_lines(),
                public: oidc.public,
                pkce: oidc.pkce,
                refresh: oidc.refresh,
                consent: oidc.consent.as_str(),
            },
        }
    }
}

impl<D: Db> AppWrites for D {
    fn insert_app(&mut self, spec: &AppSpec, client: &ClientKeys, at: i64) -> Result<i64> {
        let c = Columns::of(spec);
        let id = self.query_one(
            "INSERT INTO apps (name, name_key, kind, host, path_prefix, access, two_factor, client_id, secret_hash,
                               redirect_uris, public, pkce, refresh, consent, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
            params![
                spec.name.as_str(),
                &spec.name.key(),
                c.kind,
                &c.host,
                c.prefix,
                spec.access.as_str(),
                spec.two_factor,
                client.client_id.as_str(),
                client.secret_hash.as_str(),
                &c.redirect_uris,
                c.public,
                c.pkce,
                c.refresh,
                c.consent,
                at
            ],
            |r| r.int(0),
        )?;
        set_groups(self, id, spec)?;
        Ok(id)
    }

    fn update_app(&mut self, id: i64, spec: &AppSpec, at: i64) -> Result<bool> {
        let c = Columns::of(spec);
        let changed = self.execute(
            "UPDATE apps SET name = $2, name_key = $3, host = $4, path_prefix = $5, access = $6, two_factor = $7,
                             redirect_uris = $8, public = $9, pkce = $10, refresh = $11, consent = $12,
                             updated_at = $13
             WHERE id = $1 AND kind = $14",
            params![
                id,
                spec.name.as_str(),
                &spec.name.key(),
                &c.host,
                c.prefix,
                spec.access.as_str(),
                spec.two_factor,
                &c.redirect_uris,
                c.public,
                c.pkce,
                c.refresh,
                c.consent,
                at,
                c.kind
            ],
        )? > 0;
        if changed {
            set_groups(self, id, spec)?;
        }
        Ok(changed)
    }

    fn set_client_secret(&mut self, id: i64, secret_hash: &str, at: i64) -> Result<bool> {
        Ok(self.execute(
            "UPDATE apps SET secret_hash = $2, updated_at = $3 WHERE id = $1 AND kind = 'oidc' AND public = FALSE",
            params![id, secret_hash, at],
        )? > 0)
    }

    fn delete_app(&mut self, id: i64) -> Result<bool> {
        Ok(self.execute("DELETE FROM apps WHERE id = $1", params![id])? > 0)
    }
}
