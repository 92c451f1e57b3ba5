//! Login throttling, kept in the database so that it holds across
//! processes (several `imigrasi serve` on one PostgreSQL).
//!
//! # Reserve, then verify
//!
//! A login first **reserves** its guess, in one short write transaction
//! committed before the password is verified; only a reserved attempt
//! reaches Argon2. The reservation is a conditional upsert of a counter row
//! (`INSERT … ON CONFLICT (key) DO UPDATE SET … WHERE <not locked>`): the
//! database decides, row-locked on PostgreSQL and under `BEGIN IMMEDIATE`
//! on SQLite, so a burst of any size gets exactly the guesses the rules
//! allow — of 100 parallel wrong passwords, 5 are verified and 95 get 429
//! `too_many_attempts` with `Retry-After`. A reserved attempt counts as a
//! failure unless it is cleared: a success clears the pair's failures; an
//! attempt never verified (the server was too busy, 503) is given back.
//!
//! # Per account and client address
//!
//! The key is the account with the client's address (an IPv6 client counts
//! by its /64, which one subscriber usually holds whole). The first 4
//! attempts are free; the 5th locks the pair for 1 minute, and each further
//! attempt — one at a time, once the lock has passed — locks it twice as
//! long as the one before: 1, 2, 4, 8, then 15 minutes (the cap) each. The
//! lock is set when the attempt is reserved, so requests arriving together
//! after a lock get one guess between them. So one address gets at most
//! 5 guesses in a burst, 8 in any 15 minutes, and from the 9th on one every
//! 15 minutes. Failures are forgotten 24 hours after the pair's last attempt.
//!
//! A guesser thus locks out only himself: the account's owner elsewhere is
//! not affected, and neither are other people behind the same proxy or
//! NAT, since no counter is per address alone. (The address is the one a
//! trusted proxy names, see `http::client_addr`.)
//!
//! # Per account across addresses: a ceiling with an exemption
//!
//! Against guessing spread over many addresses, an account takes at most
//! 100 attempts an hour from all addresses together (a fixed window from
//! the first). A plain ceiling would let anyone who knows an e-mail address
//! lock its owner out, so it does not apply to an address from which the
//! account logged in successfully in the last 30 days: during such an
//! attack the owner still logs in from where they usually do (each address
//! still under its own pair limit); only logins from new places wait, at
//! most an hour. A refused attempt reserves nothing.
//!
//! Keys are HMACs under the deployment's data key (`pii::blind_index`):
//! the table holds neither e-mail nor client addresses. Rows are purged
//! once idle for 24 hours and no longer marking a known address.

use std::net::IpAddr;
use std::sync::LazyLock;

use sea_orm::{ConnectionTrait, DbErr, Value};

use crate::db::{self, Db};
use crate::pii;

/// Attempts per account and address before the first lock.
pub const GUESSES_BEFORE_LOCK: i64 = 5;
/// The first lock, in seconds; each later one is twice the one before.
pub const FIRST_LOCK_SECS: i64 = 60;
/// The longest lock, in seconds.
pub const MAX_LOCK_SECS: i64 = 15 * 60;
/// A pair's failures are forgotten this long after its last attempt.
pub const FORGET_AFTER_SECS: i64 = 24 * 3600;
/// Attempts per account per window from addresses it never logged in from.
pub const ACCOUNT_CEILING: i64 = 100;
/// The window of the account ceiling, in seconds.
pub const ACCOUNT_WINDOW_SECS: i64 = 3600;
/// How long a successful login exempts its address from the ceiling.
pub const KNOWN_ADDRESS_SECS: i64 = 30 * 24 * 3600;

/// The lock, in seconds, that the `n`-th reserved attempt (from 1) of a
/// pair sets; 0 for none.
pub fn lock_secs(n: i64) -> i64 {
    if n < GUESSES_BEFORE_LOCK {
        return 0;
    }
    let doublings = u32::try_from(n - GUESSES_BEFORE_LOCK).unwrap_or(u32::MAX);
    FIRST_LOCK_SECS
        .checked_shl(doublings)
        .filter(|s| *s > 0 && *s < MAX_LOCK_SECS)
        .unwrap_or(MAX_LOCK_SECS)
}

/// The throttle keys of one login attempt.
#[derive(Debug, Clone)]
pub struct Keys {
    pair: String,
    account: String,
}

/// The address a client is counted by: IPv6 by its /64.
pub fn client_group(client: &str) -> String {
    match client.parse::<IpAddr>().map(|ip| ip.to_canonical()) {
        Ok(IpAddr::V6(v6)) => {
            let prefix = u128::from(v6) & (u128::MAX << 64);
            format!("{}/64", std::net::Ipv6Addr::from(prefix))
        }
        Ok(ip) => ip.to_string(),
        Err(_) => client.to_owned(),
    }
}

impl Keys {
    /// Keys for a (normalized) e-mail and a client address.
    pub fn new(data_key: &[u8], email: &str, client: &str) -> Keys {
        let pair = format!("{email}\0{}", client_group(client));
        Keys {
            pair: pii::blind_index(data_key, "login-pair", &pair),
            account: pii::blind_index(data_key, "login-account", email),
        }
    }
}

/// A reserved attempt, to clear after a success or give back when the
/// password was never verified.
#[derive(Debug, Clone)]
pub struct Reservation {
    keys: Keys,
    /// The lock this reservation set on the pair (ms), to undo on give-back.
    pair_locked_until: i64,
    /// Whether the account ceiling was charged.
    charged_account: bool,
}

/// `failures` after this attempt: 1 once the old ones are forgotten.
const NEXT_FAILURES: &str = "(CASE WHEN login_throttle.updated_at < $3 THEN 1 \
                             ELSE login_throttle.failures + 1 END)";

/// The pair's conditional upsert. The lock schedule is spelled out from
/// [`lock_secs`] as a `CASE`, so one statement decides on both backends.
static RESERVE_PAIR: LazyLock<String> = LazyLock::new(|| {
    // Below the limit the lock is left as it is (past): stamping `now` would
    // refuse a concurrent attempt whose clock read came a moment earlier.
    let mut lock = format!(
        "CASE WHEN {NEXT_FAILURES} < {GUESSES_BEFORE_LOCK} THEN login_throttle.locked_until"
    );
    let mut n = GUESSES_BEFORE_LOCK;
    while lock_secs(n) < MAX_LOCK_SECS {
        lock.push_str(&format!(
            " WHEN {NEXT_FAILURES} = {n} THEN $2 + {}",
            lock_secs(n) * 1000
        ));
        n += 1;
    }
    lock.push_str(&format!(" ELSE $2 + {} END", MAX_LOCK_SECS * 1000));
    format!(
        "INSERT INTO login_throttle (key, failures, window_start, locked_until, known_until, updated_at)
         VALUES ($1, 1, $2, $4, 0, $2)
         ON CONFLICT (key) DO UPDATE SET
           failures = {NEXT_FAILURES},
           locked_until = {lock},
           updated_at = $2
         WHERE login_throttle.locked_until <= $2"
    )
});

const RESERVE_ACCOUNT: &str = "INSERT INTO login_throttle (key, failures, window_start, locked_until, known_until, updated_at)
     VALUES ($1, 1, $2, 0, 0, $2)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN login_throttle.window_start <= $3 THEN 1
                       ELSE login_throttle.failures + 1 END,
       window_start = CASE WHEN login_throttle.window_start <= $3 THEN $2
                           ELSE login_throttle.window_start END,
       updated_at = $2
     WHERE login_throttle.window_start <= $3 OR login_throttle.failures < $4";

fn now_ms() -> i64 {
    db::millis(jiff::Timestamp::now())
}

/// Whole seconds from `now` until `until` (ms), at least 1.
fn seconds_until(until: i64, now: i64) -> u64 {
    u64::try_from((until - now + 999) / 1000)
        .unwrap_or(1)
        .max(1)
}

/// The instants of a throttle row (ms): `locked_until`, `known_until`,
/// `window_start`; zeros when there is no row.
async fn instants(c: &impl ConnectionTrait, key: &str) -> Result<(i64, i64, i64), DbErr> {
    let row = db::one_as(
        c,
        "SELECT locked_until, known_until, window_start FROM login_throttle WHERE key = $1",
        [Value::from(key)],
        |r| {
            Ok((
                db::col::<i64>(r, "locked_until")?,
                db::col::<i64>(r, "known_until")?,
                db::col::<i64>(r, "window_start")?,
            ))
        },
    )
    .await?;
    Ok(row.unwrap_or((0, 0, 0)))
}

/// Reserve one guess for these keys, or say how many seconds to wait.
pub async fn reserve(database: &Db, keys: &Keys) -> Result<Result<Reservation, u64>, DbErr> {
    let txn = db::begin_write(database).await?;
    let now = now_ms();
    let first_lock = match lock_secs(1) {
        0 => 0,
        secs => now + secs * 1000,
    };
    let reserved = db::exec(
        &txn,
        &RESERVE_PAIR,
        [
            Value::from(keys.pair.clone()),
            Value::from(now),
            Value::from(now - FORGET_AFTER_SECS * 1000),
            Value::from(first_lock),
        ],
    )
    .await?;
    let (pair_locked_until, known_until, _) = instants(&txn, &keys.pair).await?;
    if reserved == 0 {
        txn.rollback().await?;
        return Ok(Err(seconds_until(pair_locked_until, now)));
    }
    let known = known_until > now;
    if !known {
        let charged = db::exec(
            &txn,
            RESERVE_ACCOUNT,
            [
                Value::from(keys.account.clone()),
                Value::from(now),
                Value::from(now - ACCOUNT_WINDOW_SECS * 1000),
                Value::from(ACCOUNT_CEILING),
            ],
        )
        .await?;
        if charged == 0 {
            let (_, _, start) = instants(&txn, &keys.account).await?;
            // Undo the pair's reservation too: nothing is guessed.
            txn.rollback().await?;
            return Ok(Err(seconds_until(start + ACCOUNT_WINDOW_SECS * 1000, now)));
        }
    }
    txn.commit().await?;
    // Now and then, clear out idle rows; failing that only delays it.
    if rand::random_ratio(1, 64)
        && let Err(e) = purge(database, now).await
    {
        tracing::warn!(error = %e, "purging idle login throttle rows failed");
    }
    Ok(Ok(Reservation {
        keys: keys.clone(),
        pair_locked_until,
        charged_account: !known,
    }))
}

async fn uncharge_account(c: &impl ConnectionTrait, r: &Reservation) -> Result<(), DbErr> {
    if r.charged_account {
        db::exec(
            c,
            "UPDATE login_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0",
            [Value::from(r.keys.account.clone())],
        )
        .await?;
    }
    Ok(())
}

/// After a successful login (inside its transaction): clear the pair's
/// failures and lock, remember the address as known for the account, and
/// take the attempt off the account ceiling.
pub async fn clear_after_success(c: &impl ConnectionTrait, r: &Reservation) -> Result<(), DbErr> {
    let now = now_ms();
    db::exec(
        c,
        "UPDATE login_throttle SET failures = 0, locked_until = 0, known_until = $2, updated_at = $3
         WHERE key = $1",
        [
            Value::from(r.keys.pair.clone()),
            Value::from(now + KNOWN_ADDRESS_SECS * 1000),
            Value::from(now),
        ],
    )
    .await?;
    uncharge_account(c, r).await
}

/// Give back a reservation whose password was never verified.
pub async fn give_back(database: &Db, r: &Reservation) -> Result<(), DbErr> {
    let txn = db::begin_write(database).await?;
    db::exec(
        &txn,
        "UPDATE login_throttle SET failures = failures - 1,
           locked_until = CASE WHEN locked_until = $2 THEN 0 ELSE locked_until END
         WHERE key = $1 AND failures > 0",
        [
            Value::from(r.keys.pair.clone()),
            Value::from(r.pair_locked_until),
        ],
    )
    .await?;
    uncharge_account(&txn, r).await?;
    txn.commit().await
}

/// Delete rows idle for a day that no longer mark a known address.
pub async fn purge(database: &Db, now: i64) -> Result<u64, DbErr> {
    db::exec(
        database,
        "DELETE FROM login_throttle WHERE updated_at < $1 AND known_until < $2",
        [
            Value::from(now - FORGET_AFTER_SECS * 1000),
            Value::from(now),
        ],
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_grow_from_one_minute_to_a_quarter_hour() {
        let schedule: Vec<i64> = (1..=11).map(lock_secs).collect();
        assert_eq!(schedule, [0, 0, 0, 0, 60, 120, 240, 480, 900, 900, 900]);
        assert_eq!(lock_secs(i64::MAX), MAX_LOCK_SECS);
        assert_eq!(lock_secs(70), MAX_LOCK_SECS);
    }

    #[test]
    fn the_statement_spells_out_the_same_schedule() {
        for ms in ["60000", "120000", "240000", "480000"] {
            assert!(RESERVE_PAIR.contains(&format!("THEN $2 + {ms}")), "{ms}");
        }
        assert!(RESERVE_PAIR.contains("ELSE $2 + 900000 END"));
        assert!(RESERVE_PAIR.contains("WHERE login_throttle.locked_until <= $2"));
    }

    #[test]
    fn ipv6_clients_count_by_their_64() {
        assert_eq!(client_group("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
        assert_eq!(
            client_group("2001:db8:1:2:ffff::1"),
            client_group("2001:db8:1:2::9")
        );
        assert_eq!(client_group("::ffff:198.51.100.7"), "198.51.100.7");
        assert_eq!(client_group("198.51.100.7"), "198.51.100.7");
        assert_eq!(client_group("unknown"), "unknown");
    }

    #[test]
    fn keys_hide_and_separate_accounts_and_addresses() {
        let a = Keys::new(b"k", "ani@example.id", "198.51.100.7");
        let b = Keys::new(b"k", "ani@example.id", "198.51.100.8");
        assert_ne!(a.pair, b.pair);
        assert_eq!(a.account, b.account);
        assert_ne!(a.pair, a.account);
        assert!(!a.pair.contains("ani") && !a.pair.contains("198"));
    }

    #[test]
    fn waits_round_up_to_whole_seconds() {
        assert_eq!(seconds_until(60_000, 0), 60);
        assert_eq!(seconds_until(59_001, 0), 60);
        assert_eq!(seconds_until(0, 5), 1);
    }
}
