//! The database a run starts from: citizen accounts with open sessions and
//! one released session of `--capacity` places at BATAM.
//!
//! Accounts are inserted directly and sessions opened directly, to keep
//! password hashing out of the preparation; the session is created through
//! the API as an office supervisor would.

use anyhow::Context;
use futures::stream::{self, StreamExt, TryStreamExt};
use imigrasi_platform::accounts::{self, NewAccount};
use imigrasi_platform::policy::Role;
use imigrasi_platform::{AppState, db, sessions};
use serde_json::{Value, json};

use crate::Args;

/// Bookings one account may hold (the per-account limit).
pub const PER_ACCOUNT: usize = 5;
/// Accounts inserted per statement.
const CHUNK: usize = 200;

/// What the load needs: one bearer token per account, the session to book.
#[derive(Debug)]
pub struct Prepared {
    /// Bearer tokens; request `i` uses `tokens[i / PER_ACCOUNT]`.
    pub tokens: Vec<String>,
    /// The released session.
    pub slot_id: String,
}

/// The account id of the `i`-th citizen.
pub fn account_id(i: usize) -> String {
    format!("bench-{i:06}")
}

/// The applicant's NIK of request `i` (born 1990-03-12, male).
pub fn nik(i: usize) -> String {
    format!("3171011203{:06}", 900_001 + i)
}

/// The JSON body of booking request `i`.
pub fn booking_body(slot_id: &str, i: usize) -> Value {
    json!({
        "slot_id": slot_id,
        "applicant": {"nik": nik(i), "full_name": "Warga", "birth_date": "1990-03-12", "sex": "M"},
        "passport_type": "regular",
        "service": "new",
    })
}

/// Create the accounts, their sessions and the released session.
pub async fn run(
    state: &AppState,
    client: &reqwest::Client,
    base: &str,
    args: &Args,
) -> anyhow::Result<Prepared> {
    let accounts_needed = args.requests.div_ceil(PER_ACCOUNT);
    let ttl = jiff::SignedDuration::from_hours(6);
    let sup = accounts::create(
        &state.db,
        NewAccount {
            email: "bench-sup@imigrasi.go.id".into(),
            password: "bench password 1".into(),
            full_name: "Bench".into(),
            role: Role::Supervisor,
            office: Some("BATAM".into()),
        },
    )
    .await
    .context("creating the supervisor")?;
    let sup_token = sessions::create(&state.db, &sup.id, ttl).await?.token;
    let hash = accounts::hash_password("bench password 1")?;
    for first in (0..accounts_needed).step_by(CHUNK) {
        let last = (first + CHUNK).min(accounts_needed);
        let sql = format!(
            "INSERT INTO accounts (id, email, password_hash, full_name, kind, created_at, disabled) VALUES {}",
            values_list(last - first)
        );
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity((last - first) * 5);
        for i in first..last {
            values.push(account_id(i).into());
            values.push(format!("warga{i}@bench.id").into());
            values.push(hash.clone().into());
            values.push("Warga".into());
            values.push(false.into());
        }
        db::exec(&state.db, &sql, values)
            .await
            .context("inserting the accounts")?;
    }
    let tokens: Vec<String> = stream::iter(0..accounts_needed)
        .map(|i| async move {
            sessions::create(&state.db, &account_id(i), ttl)
                .await
                .map(|s| s.token)
        })
        .buffered(8)
        .try_collect()
        .await
        .context("opening the sessions")?;

    let tz = jiff::tz::TimeZone::get("Asia/Jakarta")?;
    let date = jiff::Timestamp::now()
        .to_zoned_datetime(tz)
        .date()
        .checked_add(jiff::Span::new().days(7))?;
    let slot: Value = client
        .post(format!("{base}/api/v1/offices/BATAM/slots"))
        .bearer_auth(&sup_token)
        .json(&json!({"date": date.to_string(), "start": "08:00", "end": "10:00", "category": "regular", "capacity": args.capacity}))
        .send()
        .await?
        .json()
        .await?;
    let slot_id = slot["id"]
        .as_str()
        .with_context(|| format!("creating the session: {slot}"))?
        .to_owned();
    Ok(Prepared { tokens, slot_id })
}

/// `($1, $2, $3, $4, 'citizen', 0, $5), …` for `rows` accounts.
fn values_list(rows: usize) -> String {
    (0..rows)
        .map(|r| {
            let p = |k: usize| format!("${}", r * 5 + k);
            format!(
                "({}, {}, {}, {}, 'citizen', 0, {})",
                p(1),
                p(2),
                p(3),
                p(4),
                p(5)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_five_per_account() {
        assert_eq!(
            values_list(2),
            "($1, $2, $3, $4, 'citizen', 0, $5), ($6, $7, $8, $9, 'citizen', 0, $10)"
        );
        assert_eq!(nik(0).len(), 16);
    }
}
