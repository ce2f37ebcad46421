//! The OpenID Connect provider's tables: signing keys, grants, codes,
//! tokens and consents (migration 0013 says what each row is).

use crate::store::repo::{OidcKeyWrites, OidcKeys, Result, StoredKey};
use crate::store::tables::{Kind, Table};

use super::{params, Db, Query};

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
