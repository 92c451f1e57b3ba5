//! Bot limits on the booking routes: a token bucket per account and one
//! per client address, in this process's memory.
//!
//! Each bucket holds up to `requests` tokens and refills at `requests` per
//! `seconds`; a booking request takes one token, and a request that finds
//! none is answered 429 `rate_limited` with `Retry-After` (the seconds
//! until a token is back). The account bucket stops one account from
//! firing a burst (default `10/60`); the address bucket stops one client
//! (an IPv6 client counts by its /64) from spreading a burst over many
//! accounts (default `120/60`). The address is the TCP peer, or the client
//! a trusted proxy names (`IMIGRASI_TRUSTED_PROXIES`, see
//! `http::client_addr`).
//!
//! The buckets live in memory: a take is one short critical section, with
//! no database round trip at release time. With several processes behind a
//! load balancer each process keeps its own buckets, so a client spread
//! over N processes gets up to N times the limit; the limits that must hold
//! exactly (places, one active booking per NIK) are the database's.
//! Refusals are counted in `/metrics` as
//! `imigrasi_rate_limited_total{scope="account"|"address"}`.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Buckets kept before idle (full) ones are dropped.
const PRUNE_ABOVE: usize = 50_000;

/// A limit: `requests` per `seconds`, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimit {
    /// No limit.
    Off,
    /// At most `requests` in a burst, refilled over `seconds`.
    Every {
        /// Requests (the bucket's size).
        requests: u32,
        /// Seconds to refill the bucket whole.
        seconds: u32,
    },
}

impl RateLimit {
    /// The default limit per account: ten booking requests per minute.
    pub const ACCOUNT_DEFAULT: RateLimit = RateLimit::Every {
        requests: 10,
        seconds: 60,
    };
    /// The default limit per client address.
    pub const ADDRESS_DEFAULT: RateLimit = RateLimit::Every {
        requests: 120,
        seconds: 60,
    };
}

/// A limit that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a rate limit: write REQUESTS/SECONDS (e.g. 10/60) or off")]
pub struct RateLimitError(String);

impl FromStr for RateLimit {
    type Err = RateLimitError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("off") {
            return Ok(RateLimit::Off);
        }
        let bad = || RateLimitError(s.to_owned());
        let (r, w) = t.split_once('/').ok_or_else(bad)?;
        let number = |x: &str| -> Option<u32> {
            let x = x.trim();
            (!x.is_empty() && x.bytes().all(|b| b.is_ascii_digit()))
                .then(|| x.parse().ok())
                .flatten()
        };
        match (number(r), number(w)) {
            (Some(requests @ 1..=1_000_000), Some(seconds @ 1..=86_400)) => {
                Ok(RateLimit::Every { requests, seconds })
            }
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RateLimit::Off => f.write_str("off"),
            RateLimit::Every { requests, seconds } => write!(f, "{requests}/{seconds}"),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets of one scope (account or address).
#[derive(Debug)]
pub struct Buckets {
    limit: RateLimit,
    map: Mutex<HashMap<String, Bucket>>,
}

impl Buckets {
    /// Empty buckets under `limit`.
    pub fn new(limit: RateLimit) -> Buckets {
        Buckets {
            limit,
            map: Mutex::new(HashMap::new()),
        }
    }

    /// Take a token for `key` at `now`; `Err(seconds)` until one is back.
    pub fn take(&self, key: &str, now: Instant) -> Result<(), u64> {
        let RateLimit::Every { requests, seconds } = self.limit else {
            return Ok(());
        };
        let size = f64::from(requests);
        let per_second = size / f64::from(seconds);
        let refilled = |b: &Bucket| {
            let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
            (b.tokens + elapsed * per_second).min(size)
        };
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > PRUNE_ABOVE {
            map.retain(|_, b| refilled(b) < size);
        }
        let bucket = map.entry(key.to_owned()).or_insert(Bucket {
            tokens: size,
            at: now,
        });
        let tokens = refilled(bucket);
        if tokens >= 1.0 {
            *bucket = Bucket {
                tokens: tokens - 1.0,
                at: now,
            };
            return Ok(());
        }
        *bucket = Bucket { tokens, at: now };
        let wait = ((1.0 - tokens) / per_second).ceil();
        Err((wait as u64).max(1))
    }
}

/// Which limit refused a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The account's.
    Account,
    /// The client address's.
    Address,
}

impl Scope {
    /// `account` or `address`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Account => "account",
            Scope::Address => "address",
        }
    }
}

/// A request refused by a bot limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    /// The limit that refused it.
    pub scope: Scope,
    /// Seconds until a request would be taken again.
    pub retry_after: u64,
}

impl Limited {
    /// 429 `rate_limited` with `Retry-After`, in `lang`.
    pub fn api_error(&self, lang: crate::i18n::Lang) -> crate::http::error::ApiError {
        crate::http::error::ApiError::new(
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            lang.t_args(
                "api-rate-limited",
                &[("seconds", &self.retry_after.to_string())],
            ),
        )
        .with_retry_after(self.retry_after)
    }

    /// The 429 page.
    pub fn page_error(&self) -> crate::http::error::PageError {
        crate::http::error::PageError::Status(
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            "error-rate-limited",
        )
    }
}

/// The booking routes' limits: per account and per client address.
#[derive(Debug, Clone)]
pub struct RateLimits {
    account: Arc<Buckets>,
    address: Arc<Buckets>,
}

impl RateLimits {
    /// Limits as configured.
    pub fn new(account: RateLimit, address: RateLimit) -> RateLimits {
        RateLimits {
            account: Arc::new(Buckets::new(account)),
            address: Arc::new(Buckets::new(address)),
        }
    }

    /// Take one booking request of `account` (if signed in) from `client`
    /// (its address as text). The address is checked first, so a refused
    /// account does not spend the address's tokens for nothing, and vice
    /// versa an address that is refused takes nothing from the account.
    pub fn take(&self, account: Option<&str>, client: &str) -> Result<(), Limited> {
        let now = Instant::now();
        let refuse = |scope: Scope, retry_after| {
            metrics::counter!("imigrasi_rate_limited_total", "scope" => scope.as_str())
                .increment(1);
            Limited { scope, retry_after }
        };
        let group = crate::throttle::client_group(client);
        self.address
            .take(&group, now)
            .map_err(|s| refuse(Scope::Address, s))?;
        if let Some(account) = account {
            self.account
                .take(account, now)
                .map_err(|s| refuse(Scope::Account, s))?;
        }
        Ok(())
    }
}

impl Default for RateLimits {
    /// No limits (tests and commands that serve nothing).
    fn default() -> Self {
        RateLimits::new(RateLimit::Off, RateLimit::Off)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn limits_parse_and_print() {
        assert_eq!("10/60".parse(), Ok(RateLimit::ACCOUNT_DEFAULT));
        assert_eq!(" OFF ".parse(), Ok(RateLimit::Off));
        assert_eq!(RateLimit::ADDRESS_DEFAULT.to_string(), "120/60");
        for bad in [
            "", "10", "0/60", "10/0", "-1/60", "10/60/2", "ten/60", "10/99999",
        ] {
            assert!(bad.parse::<RateLimit>().is_err(), "{bad}");
        }
    }

    #[test]
    fn a_bucket_allows_its_burst_then_refills() {
        let b = Buckets::new(RateLimit::Every {
            requests: 3,
            seconds: 60,
        });
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(b.take("a", t0), Ok(()));
        }
        // One token comes back every 20 seconds.
        assert_eq!(b.take("a", t0), Err(20));
        assert_eq!(b.take("b", t0), Ok(()), "another key has its own bucket");
        assert_eq!(b.take("a", t0 + Duration::from_secs(15)), Err(5));
        assert_eq!(b.take("a", t0 + Duration::from_secs(20)), Ok(()));
        assert_eq!(b.take("a", t0 + Duration::from_secs(21)), Err(19));
        // Never more than the bucket holds, however long idle.
        let later = t0 + Duration::from_secs(3600);
        for _ in 0..3 {
            assert_eq!(b.take("a", later), Ok(()));
        }
        assert!(b.take("a", later).is_err());
    }

    #[test]
    fn off_never_refuses() {
        let b = Buckets::new(RateLimit::Off);
        let t0 = Instant::now();
        assert!((0..10_000).all(|_| b.take("a", t0).is_ok()));
    }

    #[test]
    fn address_first_then_account_and_ipv6_by_its_64() {
        let limits = RateLimits::new(
            RateLimit::Every {
                requests: 2,
                seconds: 60,
            },
            RateLimit::Every {
                requests: 3,
                seconds: 60,
            },
        );
        assert!(limits.take(Some("acc-1"), "2001:db8::1").is_ok());
        assert!(limits.take(Some("acc-1"), "2001:db8::2").is_ok());
        let e = limits.take(Some("acc-1"), "2001:db8::3").unwrap_err();
        assert_eq!(e.scope, Scope::Account);
        // The same /64 has spent its three tokens (the refused account's
        // request took the address's third).
        let e = limits.take(Some("acc-2"), "2001:db8::4").unwrap_err();
        assert_eq!(e.scope, Scope::Address);
        assert!(limits.take(Some("acc-2"), "2001:db9::1").is_ok());
        assert!(RateLimits::default().take(None, "10.0.0.1").is_ok());
    }
}
