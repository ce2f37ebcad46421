//! Passkeys: the `passkeys` table (each person's WebAuthn credentials, as
//! the WebAuthn library keeps them) and `webauthn_ceremonies` (a ceremony's
//! state between its two requests: used once, whichever instance finishes it).

use crate::store::repo::{CeremonyKind, NewCeremony, PasskeyWrites, Passkeys, Result, StoredPasskey};
use crate::store::tables::{Kind, Table};

use super::{params, Db, Query, Row};

/// The `passkeys` table, as `copy` reads and writes it.
pub const PASSKEYS: Table = Table {
    name: "passkeys",
    shown: "passkeys",
    columns: &[
        ("id", Kind::Int),
        ("user_id", Kind::Int),
        ("credential_id", Kind::Text),
        ("name", Kind::Text),
        ("credential", Kind::Text),
        ("created_at", Kind::Int),
        ("last_used_at", Kind::OptInt),
    ],
};

/// The `webauthn_ceremonies` table, as `copy` reads and writes it.
pub const CEREMONIES: Table = Table {
    name: "webauthn_ceremonies",
    shown: "passkey ceremonies under way",
    columns: &[
        ("id", Kind::Text),
        ("user_id", Kind::OptInt),
        ("kind", Kind::Text),
        ("state", Kind::Text),
        ("created_at", Kind::Int),
        ("expires_at", Kind::Int),
        ("address", Kind::Text),
    ],
};

fn passkey_from_row(r: &dyn Row) -> Result<StoredPasskey> {
    Ok(StoredPasskey {
        id: r.int(0)?,
        user_id: r.int(1)?,
        credential_id: r.text(2)?,
        name: r.text(3)?,
        credential: r.text(4)?,
        created_at: r.int(5)?,
        last_used_at: r.opt_int(6)?,
    })
}

impl<D: Db> Passkeys for D {
    fn passkeys_of(&mut self, user_id: i64) -> Result<Vec<StoredPasskey>> {
        self.query_all(
            "SELECT id, user_id, credential_id, name, credential, created_at, last_used_at
             FROM passkeys WHERE user_id = $1 ORDER BY created_at, id",
            params![user_id],
            passkey_from_row,
        )
    }

    fn passkey_by_credential(&mut self, credential_id: &str) -> Result<Option<StoredPasskey>> {
        self.query_opt(
            "SELECT id, user_id, credential_id, name, credential, created_at, last_used_at
             FROM passkeys WHERE credential_id = $1",
            params![credential_id],
            passkey_from_row,
        )
    }

    fn ceremonies_waiting(&mut self, kind: CeremonyKind, address: &str, now: i64) -> Result<(i64, i64)> {
        self.query_one(
            "SELECT COALESCE(SUM(CASE WHEN address = $2 THEN 1 ELSE 0 END), 0), count(*)
             FROM webauthn_ceremonies WHERE kind = $1 AND expires_at > $3",
            params![kind.as_str(), address, now],
            |r| Ok((r.int(0)?, r.int(1)?)),
        )
    }
}

impl<D: Db> PasskeyWrites for D {
    fn insert_passkey(&mut self, passkey: &StoredPasskey) -> Result<i64> {
        self.query_one(
            "INSERT INTO passkeys (user_id, credential_id, name, credential, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
            params![
                passkey.user_id,
                passkey.credential_id.as_str(),
                passkey.name.as_str(),
                passkey.credential.as_str(),
                passkey.created_at
            ],
            |r| r.int(0),
        )
    }

    fn rename_passkey(&mut self, user_id: i64, id: i64, name: &str) -> Result<bool> {
        Ok(self.execute(
            "UPDATE passkeys SET name = $3 WHERE id = $2 AND user_id = $1",
            params![user_id, id, name],
        )? > 0)
    }

    fn used_passkey(&mut self, id: i64, credential: &str, at: i64) -> Result<()> {
        self.execute(
            "UPDATE passkeys SET credential = $2, last_used_at = $3 WHERE id = $1",
            params![id, credential, at],
        )?;
        Ok(())
    }

    fn delete_passkey(&mut self, user_id: i64, id: i64) -> Result<bool> {
        Ok(self.execute(
            "DELETE FROM passkeys WHERE id = $2 AND user_id = $1",
            params![user_id, id],
        )? > 0)
    }

    fn delete_passkeys_of(&mut self, user_id: i64) -> Result<u64> {
        self.execute("DELETE FROM passkeys WHERE user_id = $1", params![user_id])
    }

    fn insert_ceremony(&mut self, ceremony: &NewCeremony<'_>) -> Result<()> {
        self.execute(
            "DELETE FROM webauthn_ceremonies WHERE expires_at <= $1",
            params![ceremony.created_at],
        )?;
        self.execute(
            "INSERT INTO webauthn_ceremonies (id, user_id, kind, state, created_at, expires_at, address)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            params![
                ceremony.id,
                ceremony.user_id,
                ceremony.kind.as_str(),
                ceremony.state,
                ceremony.created_at,
                ceremony.expires_at,
                ceremony.address
            ],
        )?;
        Ok(())
    }

    fn take_ceremony(&mut self, id: &str, kind: CeremonyKind, now: i64) -> Result<Option<(Option<i64>, String)>> {
        self.query_opt(
            "DELETE FROM webauthn_ceremonies WHERE id = $1 AND kind = $2 AND expires_at > $3 RETURNING user_id, state",
            params![id, kind.as_str(), now],
            |r| Ok((r.opt_int(0)?, r.text(1)?)),
        )
    }
}
