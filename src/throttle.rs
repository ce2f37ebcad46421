//! Sign-in throttling, kept in the database so that it survives a restart:
//! after 10 failures for one email in 15 minutes, or 50 from one client
//! address, further attempts are refused until the window has moved on,
//! even with the right password. Other accounts and addresses go on as usual.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension};

use crate::db::now;

/// Failures for one email within the window that lock it.
pub const ACCOUNT_LIMIT: i64 = 10;
/// Failures from one client address within the window that lock it out.
pub const ADDRESS_LIMIT: i64 = 50;
/// The window, in seconds.
pub const WINDOW: i64 = 15 * 60;

/// May this sign-in be tried?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Refused until this Unix time.
    Locked {
        until: i64,
    },
}

/// When the `limit`-th most recent failure matching `column = value` leaves
/// the window, if there are that many in it.
fn locked_until(conn: &Connection, column: &str, value: &str, limit: i64, at: i64) -> rusqlite::Result<Option<i64>> {
    let sql =
        format!("SELECT at FROM sign_in_failures WHERE {column} = ?1 AND at > ?2 ORDER BY at DESC LIMIT 1 OFFSET ?3");
    let nth: Option<i64> = conn
        .prepare_cached(&sql)?
        .query_row((value, at - WINDOW, limit - 1), |r| r.get(0))
        .optional()?;
    Ok(nth.map(|t| t + WINDOW))
}

pub fn check(conn: &Connection, email: &str, address: &str) -> rusqlite::Result<Verdict> {
    let at = now();
    let account = locked_until(conn, "email", email, ACCOUNT_LIMIT, at)?;
    let client = if address.is_empty() {
        None
    } else {
        locked_until(conn, "address", address, ADDRESS_LIMIT, at)?
    };
    Ok(match account.max(client) {
        Some(until) => Verdict::Locked { until },
        None => Verdict::Allowed,
    })
}

/// Starts an attempt, atomically: refused while locked, else counted as a
/// failure now (before the password is checked, so that attempts made in
/// parallel cannot slip past the limit); a success clears it.
pub fn begin(conn: &mut Connection, email: &str, address: &str) -> rusqlite::Result<Verdict> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let at = now();
    tx.prepare_cached("DELETE FROM sign_in_failures WHERE at <= ?1")?
        .execute([at - WINDOW])?;
    let verdict = check(&tx, email, address)?;
    if verdict == Verdict::Allowed {
        tx.prepare_cached("INSERT INTO sign_in_failures (at, email, address) VALUES (?1, ?2, ?3)")?
            .execute((at, email, address))?;
    }
    tx.commit()?;
    Ok(verdict)
}

/// After a failed attempt: true when the failures now lock the email.
pub fn now_locked(conn: &Connection, email: &str) -> rusqlite::Result<bool> {
    let count: i64 = conn
        .prepare_cached("SELECT count(*) FROM sign_in_failures WHERE email = ?1 AND at > ?2")?
        .query_row((email, now() - WINDOW), |r| r.get(0))?;
    Ok(count == ACCOUNT_LIMIT)
}

/// Forgets an email's failures: after a successful sign-in, or an admin's unlock.
pub fn clear(conn: &Connection, email: &str) -> rusqlite::Result<usize> {
    conn.prepare_cached("DELETE FROM sign_in_failures WHERE email = ?1")?
        .execute([email])
}

/// The emails locked now.
pub fn locked_emails(conn: &Connection) -> rusqlite::Result<HashSet<String>> {
    conn.prepare_cached("SELECT email FROM sign_in_failures WHERE at > ?1 GROUP BY email HAVING count(*) >= ?2")?
        .query_map((now() - WINDOW, ACCOUNT_LIMIT), |r| r.get(0))?
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> (tempfile::TempDir, crate::db::Db) {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::Db::open(&dir.path().join("t.db"), false).unwrap();
        (dir, db)
    }

    #[test]
    fn ten_failures_lock_one_email_only() {
        let (_dir, db) = conn();
        let mut c = db.conn().unwrap();
        for i in 1..=ACCOUNT_LIMIT {
            assert_eq!(begin(&mut c, "ann@x", "1.1.1.1").unwrap(), Verdict::Allowed);
            assert_eq!(now_locked(&c, "ann@x").unwrap(), i == ACCOUNT_LIMIT);
        }
        let Verdict::Locked { until } = check(&c, "ann@x", "2.2.2.2").unwrap() else {
            panic!("locked")
        };
        assert!(until > now() + WINDOW - 5 && until <= now() + WINDOW);
        assert_eq!(check(&c, "bo@x", "1.1.1.1").unwrap(), Verdict::Allowed);
        assert!(locked_emails(&c).unwrap().contains("ann@x"));
        clear(&c, "ann@x").unwrap();
        assert_eq!(check(&c, "ann@x", "1.1.1.1").unwrap(), Verdict::Allowed);
    }

    #[test]
    fn parallel_attempts_cannot_pass_the_limit() {
        let (_dir, db) = conn();
        let allowed: usize = (0..30)
            .map(|_| {
                let db = db.clone();
                std::thread::spawn(move || begin(&mut db.conn().unwrap(), "ann@x", "1.1.1.1").unwrap())
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().unwrap())
            .filter(|v| *v == Verdict::Allowed)
            .count();
        assert_eq!(allowed as i64, ACCOUNT_LIMIT);
    }

    #[test]
    fn failures_leave_the_window() {
        let (_dir, db) = conn();
        let c = db.conn().unwrap();
        for _ in 0..ACCOUNT_LIMIT {
            c.execute(
                "INSERT INTO sign_in_failures (at, email, address) VALUES (?1, 'ann@x', 'a')",
                [now() - WINDOW - 1],
            )
            .unwrap();
        }
        assert_eq!(check(&c, "ann@x", "a").unwrap(), Verdict::Allowed);
    }

    #[test]
    fn many_emails_from_one_address_lock_the_address() {
        let (_dir, db) = conn();
        let mut c = db.conn().unwrap();
        for i in 0..ADDRESS_LIMIT {
            begin(&mut c, &format!("user{i}@x"), "6.6.6.6").unwrap();
        }
        assert!(matches!(check(&c, "new@x", "6.6.6.6").unwrap(), Verdict::Locked { .. }));
        assert_eq!(check(&c, "new@x", "7.7.7.7").unwrap(), Verdict::Allowed);
    }
}
