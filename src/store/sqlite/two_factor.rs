//! Two-step sign-in in SQLite: the authenticator columns of `users`,
//! `recovery_codes` and `pending_sign_ins`.

use rusqlite::OptionalExtension;

use crate::store::repo::{NewPendingSignIn, PendingSignIn, Result, TotpState, TwoFactor};

use super::rows::{user_from_row, USER_COLUMNS};
use super::SqliteRepo;

impl TwoFactor for SqliteRepo<'_> {
    fn totp_state(&mut self, user_id: i64) -> Result<Option<TotpState>> {
        Ok(self
            .conn
            .prepare_cached("SELECT totp_secret, totp_pending, totp_last_step FROM users WHERE id = ?1")?
            .query_row([user_id], |r| {
                Ok(TotpState {
                    secret: r.get(0)?,
                    pending: r.get(1)?,
                    last_step: r.get(2)?,
                })
            })
            .optional()?)
    }

    fn set_totp_pending(&mut self, user_id: i64, secret: &str) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached("UPDATE users SET totp_pending = ?2 WHERE id = ?1")?
            .execute((user_id, secret))?;
        Ok(changed > 0)
    }

    fn enable_totp(&mut self, user_id: i64, step: i64) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE users SET totp_secret = totp_pending, totp_pending = '', totp_last_step = ?2
                 WHERE id = ?1 AND totp_pending <> ''",
            )?
            .execute((user_id, step))?;
        Ok(changed > 0)
    }

    fn disable_totp(&mut self, user_id: i64) -> Result<bool> {
        self.conn
            .prepare_cached("DELETE FROM recovery_codes WHERE user_id = ?1")?
            .execute([user_id])?;
        let changed = self
            .conn
            .prepare_cached("UPDATE users SET totp_secret = '', totp_pending = '', totp_last_step = 0 WHERE id = ?1")?
            .execute([user_id])?;
        Ok(changed > 0)
    }

    fn accept_step(&mut self, user_id: i64, step: i64) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached("UPDATE users SET totp_last_step = ?2 WHERE id = ?1 AND totp_last_step < ?2")?
            .execute((user_id, step))?;
        Ok(changed > 0)
    }

    fn replace_recovery_codes(&mut self, user_id: i64, hashes: &[Vec<u8>]) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM recovery_codes WHERE user_id = ?1")?
            .execute([user_id])?;
        let mut insert = self
            .conn
            .prepare_cached("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?1, ?2)")?;
        for hash in hashes {
            insert.execute((user_id, hash))?;
        }
        Ok(())
    }

    fn use_recovery_code(&mut self, user_id: i64, hash: &[u8], at: i64) -> Result<bool> {
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE recovery_codes SET used_at = ?3
                 WHERE id = (SELECT id FROM recovery_codes
                             WHERE user_id = ?1 AND code_hash = ?2 AND used_at IS NULL LIMIT 1)",
            )?
            .execute((user_id, hash, at))?;
        Ok(changed > 0)
    }

    fn recovery_codes_left(&mut self, user_id: i64) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM recovery_codes WHERE user_id = ?1 AND used_at IS NULL")?
            .query_row([user_id], |r| r.get(0))?)
    }

    fn insert_pending_sign_in(&mut self, p: &NewPendingSignIn<'_>) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM pending_sign_ins WHERE expires_at <= ?1")?
            .execute([p.created_at])?;
        self.conn
            .prepare_cached(
                "INSERT INTO pending_sign_ins (token_hash, user_id, persistent, next, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute((
                p.token_hash,
                p.user_id,
                p.persistent,
                p.next,
                p.created_at,
                p.expires_at,
            ))?;
        Ok(())
    }

    fn pending_sign_in(&mut self, token_hash: &[u8], now: i64) -> Result<Option<PendingSignIn>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT pending_sign_ins.id, pending_sign_ins.persistent, pending_sign_ins.next, {USER_COLUMNS}
                 FROM pending_sign_ins JOIN users ON users.id = pending_sign_ins.user_id
                 WHERE pending_sign_ins.token_hash = ?1 AND pending_sign_ins.expires_at > ?2 AND users.active = 1"
            ))?
            .query_row((token_hash, now), |r| {
                Ok(PendingSignIn {
                    id: r.get(0)?,
                    persistent: r.get(1)?,
                    next: r.get(2)?,
                    user: user_from_row(r, 3)?,
                })
            })
            .optional()?)
    }

    fn delete_pending_sign_in(&mut self, id: i64) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM pending_sign_ins WHERE id = ?1")?
            .execute([id])?;
        Ok(())
    }
}
