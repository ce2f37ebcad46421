//! The OpenID Connect provider's tables: signing keys, grants, codes,
//! tokens and consents (migration 0013 says what each row is).

use crate::store::repo::{
    NewCode, OidcGrantWrites, OidcGrants, OidcKeyWrites, OidcKeys, Result, StoredCode, StoredKey, StoredToken,
    TokenGrant,
};
use crate::store::tables::{Kind, Table};

use super::{params, Db, Query, Row};

/// The `oidc_keys` table, as `copy` reads and writes it.
pub const KEYS: Table = Table {
    name: "oidc_keys",
    shown: "OpenID signing keys",
    columns: &[
        ("id", Kind::Int),
        ("kid", Kind::Text),
        ("private_key", Kind::Bytes),
        ("created_at", Kind::Int),
        ("retired_at", Kind::OptInt),
    ],
};

/// The `oidc_grants` table, as `copy` reads and writes it.
pub const GRANTS: Table = Table {
    name: "oidc_grants",
    shown: "OpenID grants",
    columns: &[
        ("id", Kind::Int),
        ("app_id", Kind::Int),
        ("user_id", Kind::Int),
        ("scope", Kind::Text),
        ("nonce", Kind::Text),
        ("auth_time", Kind::Int),
        ("amr", Kind::Text),
        ("created_at", Kind::Int),
        ("revoked_at", Kind::OptInt),
    ],
};

/// The `oidc_codes` table, as `copy` reads and writes it.
pub const CODES: Table = Table {
    name: "oidc_codes",
    shown: "OpenID codes",
    columns: &[
        ("id", Kind::Int),
        ("code_hash", Kind::Bytes),
        ("app_id", Kind::Int),
        ("user_id", Kind::Int),
        ("redirect_uri", Kind::Text),
        ("scope", Kind::Text),
        ("nonce", Kind::Text),
        ("code_challenge", Kind::Text),
        ("auth_time", Kind::Int),
        ("amr", Kind::Text),
        ("created_at", Kind::Int),
        ("expires_at", Kind::Int),
        ("used_at", Kind::OptInt),
        ("grant_id", Kind::OptInt),
    ],
};

/// The `oidc_tokens` table, as `copy` reads and writes it.
pub const TOKENS: Table = Table {
    name: "oidc_tokens",
    shown: "OpenID tokens",
    columns: &[
        ("id", Kind::Int),
        ("token_hash", Kind::Bytes),
        ("grant_id", Kind::Int),
        ("kind", Kind::Text),
        ("created_at", Kind::Int),
        ("expires_at", Kind::Int),
        ("used_at", Kind::OptInt),
    ],
};

/// The `oidc_consents` table, as `copy` reads and writes it.
pub const CONSENTS: Table = Table {
    name: "oidc_consents",
    shown: "OpenID consents",
    columns: &[
        ("id", Kind::Int),
        ("app_id", Kind::Int),
        ("user_id", Kind::Int),
        ("scope", Kind::Text),
        ("created_at", Kind::Int),
    ],
};

impl<D: Db> OidcKeys for D {
    fn signing_keys(&mut self) -> Result<Vec<StoredKey>> {
        self.query_all(
            "SELECT kid, private_key, created_at, retired_at FROM oidc_keys ORDER BY created_at DESC, id DESC",
            params![],
            |r| {
                Ok(StoredKey {
                    kid: r.text(0)?,
                    pkcs8: r.bytes(1)?,
                    created_at: r.int(2)?,
                    retired_at: r.opt_int(3)?,
                })
            },
        )
    }
}

impl<D: Db> OidcKeyWrites for D {
    fn insert_signing_key(&mut self, kid: &str, pkcs8: &[u8], at: i64) -> Result<()> {
        self.execute(
            "INSERT INTO oidc_keys (kid, private_key, created_at) VALUES ($1, $2, $3)",
            params![kid, pkcs8, at],
        )?;
        Ok(())
    }

    fn retire_signing_keys(&mut self, except_kid: &str, at: i64) -> Result<u64> {
        self.execute(
            "UPDATE oidc_keys SET retired_at = $2 WHERE kid <> $1 AND retired_at IS NULL",
            params![except_kid, at],
        )
    }
}

fn code_from_row(r: &dyn Row) -> Result<StoredCode> {
    Ok(StoredCode {
        id: r.int(0)?,
        app_id: r.int(1)?,
        user_id: r.int(2)?,
        redirect_uri: r.text(3)?,
        scope: r.text(4)?,
        nonce: r.text(5)?,
        code_challenge: r.text(6)?,
        auth_time: r.int(7)?,
        amr: r.text(8)?,
        expires_at: r.int(9)?,
        used_at: r.opt_int(10)?,
        grant_id: r.opt_int(11)?,
    })
}

/// A grant from `g.id, g.app_id, g.user_id, g.scope, g.nonce, g.auth_time, g.amr` at `first`.
fn grant_from_row(r: &dyn Row, first: usize) -> Result<TokenGrant> {
    Ok(TokenGrant {
        grant_id: r.int(first)?,
        app_id: r.int(first + 1)?,
        user_id: r.int(first + 2)?,
        scope: r.text(first + 3)?,
        nonce: r.text(first + 4)?,
        auth_time: r.int(first + 5)?,
        amr: r.text(first + 6)?,
    })
}

impl<D: Db> OidcGrants for D {
    fn token_by_hash(&mut self, token_hash: &[u8]) -> Result<Option<StoredToken>> {
        self.query_opt(
            "SELECT t.id, t.kind, t.expires_at, t.used_at, g.revoked_at,
                    g.id, g.app_id, g.user_id, g.scope, g.nonce, g.auth_time, g.amr
             FROM oidc_tokens t JOIN oidc_grants g ON g.id = t.grant_id
             WHERE t.token_hash = $1",
            params![token_hash],
            |r| {
                Ok(StoredToken {
                    id: r.int(0)?,
                    kind: r.text(1)?,
                    expires_at: r.int(2)?,
                    used_at: r.opt_int(3)?,
                    grant_revoked: r.opt_int(4)?.is_some(),
                    grant: grant_from_row(r, 5)?,
                })
            },
        )
    }

    fn code_by_hash(&mut self, code_hash: &[u8]) -> Result<Option<StoredCode>> {
        self.query_opt(
            "SELECT id, app_id, user_id, redirect_uri, scope, nonce, code_challenge, auth_time, amr, expires_at,
                    used_at, grant_id
             FROM oidc_codes WHERE code_hash = $1",
            params![code_hash],
            code_from_row,
        )
    }

    fn live_token(&mut self, token_hash: &[u8], kind: &str, now: i64) -> Result<Option<TokenGrant>> {
        self.query_opt(
            "SELECT g.id, g.app_id, g.user_id, g.scope, g.nonce, g.auth_time, g.amr
             FROM oidc_tokens t JOIN oidc_grants g ON g.id = t.grant_id
             WHERE t.token_hash = $1 AND t.kind = $2 AND t.expires_at > $3 AND t.used_at IS NULL
               AND g.revoked_at IS NULL",
            params![token_hash, kind, now],
            |r| grant_from_row(r, 0),
        )
    }

    fn apps_signed_in(&mut self, user_id: i64, now: i64) -> Result<Vec<(i64, String, i64)>> {
        self.query_all(
            "SELECT a.id, a.name, max(g.created_at) FROM oidc_grants g JOIN apps a ON a.id = g.app_id
             WHERE g.user_id = $1 AND g.revoked_at IS NULL
               AND EXISTS (SELECT 1 FROM oidc_tokens t WHERE t.grant_id = g.id AND t.kind = 'refresh'
                           AND t.used_at IS NULL AND t.expires_at > $2)
             GROUP BY a.id, a.name, a.name_key ORDER BY a.name_key",
            params![user_id, now],
            |r| Ok((r.int(0)?, r.text(1)?, r.int(2)?)),
        )
    }

    fn consent_of(&mut self, app_id: i64, user_id: i64) -> Result<Option<String>> {
        self.query_opt(
            "SELECT scope FROM oidc_consents WHERE app_id = $1 AND user_id = $2",
            params![app_id, user_id],
            |r| r.text(0),
        )
    }
}

impl<D: Db> OidcGrantWrites for D {
    fn insert_code(&mut self, c: &NewCode<'_>) -> Result<()> {
        self.execute(
            "INSERT INTO oidc_codes (code_hash, app_id, user_id, redirect_uri, scope, nonce, code_challenge, auth_time,
                                     amr, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            params![
                c.code_hash,
                c.app_id,
                c.user_id,
                c.redirect_uri,
                c.scope,
                c.nonce,
                c.code_challenge,
                c.auth_time,
                c.amr,
                c.at,
                c.expires_at
            ],
        )?;
        Ok(())
    }

    fn spend_code(&mut self, id: i64, at: i64) -> Result<bool> {
        Ok(self.execute(
            "UPDATE oidc_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND expires_at > $2",
            params![id, at],
        )? == 1)
    }

    fn set_code_grant(&mut self, code_id: i64, grant_id: i64) -> Result<()> {
        self.execute(
            "UPDATE oidc_codes SET grant_id = $2 WHERE id = $1",
            params![code_id, grant_id],
        )?;
        Ok(())
    }

    fn insert_grant(&mut self, code: &StoredCode, at: i64) -> Result<i64> {
        self.query_one(
            "INSERT INTO oidc_grants (app_id, user_id, scope, nonce, auth_time, amr, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            params![
                code.app_id,
                code.user_id,
                code.scope.as_str(),
                code.nonce.as_str(),
                code.auth_time,
                code.amr.as_str(),
                at
            ],
            |r| r.int(0),
        )
    }

    fn revoke_grant(&mut self, grant_id: i64, at: i64) -> Result<bool> {
        Ok(self.execute(
            "UPDATE oidc_grants SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
            params![grant_id, at],
        )? == 1)
    }

    fn insert_token(&mut self, token_hash: &[u8], grant_id: i64, kind: &str, at: i64, expires_at: i64) -> Result<()> {
        self.execute(
            "INSERT INTO oidc_tokens (token_hash, grant_id, kind, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            params![token_hash, grant_id, kind, at, expires_at],
        )?;
        Ok(())
    }

    fn spend_token(&mut self, id: i64, at: i64) -> Result<bool> {
        Ok(self.execute(
            "UPDATE oidc_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL",
            params![id, at],
        )? == 1)
    }

    fn revoke_grants_of(&mut self, user_id: i64, app_id: i64, at: i64) -> Result<u64> {
        self.execute(
            "UPDATE oidc_grants SET revoked_at = $3 WHERE user_id = $1 AND app_id = $2 AND revoked_at IS NULL",
            params![user_id, app_id, at],
        )
    }

    fn purge_oidc(&mut self, now: i64) -> Result<()> {
        let day_ago = now - 86_400;
        self.execute("DELETE FROM oidc_tokens WHERE expires_at < $1", params![now])?;
        self.execute("DELETE FROM oidc_codes WHERE expires_at < $1", params![day_ago])?;
        self.execute(
            "DELETE FROM oidc_grants WHERE created_at < $1
               AND NOT EXISTS (SELECT 1 FROM oidc_tokens t WHERE t.grant_id = oidc_grants.id)
               AND NOT EXISTS (SELECT 1 FROM oidc_codes c WHERE c.grant_id = oidc_grants.id)",
            params![day_ago],
        )?;
        Ok(())
    }

    fn save_consent(&mut self, app_id: i64, user_id: i64, scope: &str, at: i64) -> Result<()> {
        self.execute(
            "INSERT INTO oidc_consents (app_id, user_id, scope, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (app_id, user_id) DO UPDATE SET scope = excluded.scope, created_at = excluded.created_at",
            params![app_id, user_id, scope, at],
        )?;
        Ok(())
    }
}
