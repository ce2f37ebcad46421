//! Two-step sign-in: the authenticator columns of `users`, `recovery_codes`
//! and `pending_sign_ins`.

use crate::domain::PasswordHash;
use crate::store::repo::{NewPendingSignIn, PendingSignIn, Result, TotpState, TwoFactor, TwoFactorWrites, WaitingLink};

use super::users::{user_columns, user_from_row};
use super::{params, Db, Query};
use crate::store::tables::{Kind, Table};

/// The `recovery_codes` table, as `copy` reads and writes it.
pub const RECOVERY_CODES: Table = Table {
    name: "recovery_codes",
    shown: "two-step recovery codes",
    columns: &[
        ("id", Kind::Int),
        ("user_id", Kind::Int),
        ("code_hash", Kind::Bytes),
        ("used_at", Kind::OptInt),
    ],
};

/// The `pending_sign_ins` table, as `copy` reads and writes it.
pub const PENDING_SIGN_INS: Table = Table {
    name: "pending_sign_ins",
    shown: "sign-ins waiting for their code",
    columns: &[
        ("id", Kind::Int),
        ("token_hash", Kind::Bytes),
        ("user_id", Kind::Int),
        ("persistent", Kind::Bool),
        ("next", Kind::Text),
        ("created_at", Kind::Int),
        ("expires_at", Kind::Int),
        ("link_token_hash", Kind::Bytes),
        ("password_hash", Kind::Text),
    ],
};

impl<D: Db> TwoFactor for D {
    fn totp_state(&mut self, user_id: i64) -> Result<Option<TotpState>> {
        self.query_opt(
            "SELECT totp_secret, totp_pending, totp_last_step FROM users WHERE id = $1",
            params![user_id],
            |r| {
                Ok(TotpState {
                    secret: r.text(0)?,
                    pending: r.text(1)?,
                    last_step: r.int(2)?,
                })
            },
        )
    }

    fn recovery_codes_left(&mut self, user_id: i64) -> Result<i64> {
        self.query_one(
            "SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
            params![user_id],
            |r| r.int(0),
        )
    }

    fn pending_sign_in(&mut self, token_hash: &[u8], now: i64) -> Result<Option<PendingSignIn>> {
        self.query_opt(
            concat!(
                "SELECT pending_sign_ins.id, pending_sign_ins.persistent, pending_sign_ins.next, ",
                "pending_sign_ins.link_token_hash, pending_sign_ins.password_hash, ",
                user_columns!(),
                " FROM pending_sign_ins JOIN users ON users.id = pending_sign_ins.user_id
                 WHERE pending_sign_ins.token_hash = $1 AND pending_sign_ins.expires_at > $2 AND users.active = TRUE"
            ),
            params![token_hash, now],
            |r| {
                let (token_hash, password_hash) = (r.bytes(3)?, r.text(4)?);
                Ok(PendingSignIn {
                    id: r.int(0)?,
                    persistent: r.bool(1)?,
                    next: r.text(2)?,
                    link: (!token_hash.is_empty()).then(|| WaitingLink {
                        token_hash,
                        password_hash: PasswordHash::from_stored(password_hash),
                    }),
                    user: user_from_row(r, 5)?,
                })
            },
        )
    }
}

impl<D: Db> TwoFactorWrites for D {
    fn set_totp_pending(&mut self, user_id: i64, secret: &str) -> Result<bool> {
        Ok(self.execute(
            "UPDATE users SET totp_pending = $2 WHERE id = $1",
            params![user_id, secret],
        )? > 0)
    }

    fn enable_totp(&mut self, user_id: i64, step: i64) -> Result<bool> {
        Ok(self.execute(
            "UPDATE users SET totp_secret = totp_pending, totp_pending = '', totp_last_step = $2
             WHERE id = $1 AND totp_pending <> ''",
            params![user_id, step],
        )? > 0)
    }

    fn disable_totp(&mut self, user_id: i64) -> Result<bool> {
        self.execute("DELETE FROM recovery_codes WHERE user_id = $1", params![user_id])?;
        Ok(self.execute(
            "UPDATE users SET totp_secret = '', totp_pending = '', totp_last_step = 0 WHERE id = $1",
            params![user_id],
        )? > 0)
    }

    fn accept_step(&mut self, user_id: i64, step: i64) -> Result<bool> {
        Ok(self.execute(
            "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2",
            params![user_id, step],
        )? > 0)
    }

    fn replace_recovery_codes(&mut self, user_id: i64, hashes: &[Vec<u8>]) -> Result<()> {
        self.execute("DELETE FROM recovery_codes WHERE user_id = $1", params![user_id])?;
        for hash in hashes {
            self.execute(
                "INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)",
                params![user_id, hash.as_slice()],
            )?;
        }
        Ok(())
    }

    fn use_recovery_code(&mut self, user_id: i64, hash: &[u8], at: i64) -> Result<bool> {
        Ok(self.execute(
            "UPDATE recovery_codes SET used_at = $3
             WHERE id = (SELECT id FROM recovery_codes
                         WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL LIMIT 1)",
            params![user_id, hash, at],
        )? > 0)
    }

    fn insert_pending_sign_in(&mut self, p: &NewPendingSignIn<'_>) -> Result<()> {
        self.execute(
            "DELETE FROM pending_sign_ins WHERE expires_at <= $1",
            params![p.created_at],
        )?;
        self.execute(
            "INSERT INTO pending_sign_ins
             (token_hash, user_id, persistent, next, created_at, expires_at, link_token_hash, password_hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            params![
                p.token_hash,
                p.user_id,
                p.persistent,
                p.next,
                p.created_at,
                p.expires_at,
                p.link.map_or(&[][..], |l| &l.token_hash[..]),
                p.link.map_or("", |l| l.password_hash.as_str())
            ],
        )?;
        Ok(())
    }

    fn delete_pending_sign_in(&mut self, id: i64) -> Result<()> {
        self.execute("DELETE FROM pending_sign_ins WHERE id = $1", params![id])?;
        Ok(())
    }
}
