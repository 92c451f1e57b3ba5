//! Submitting with the fee bill, applying the payment (the settler), and
//! expiring what stayed unpaid, on the shared casework flows.

use std::sync::Arc;

use imigrasi_casework::app::{self as casework, CaseSettler};
use imigrasi_platform::AppState;
use imigrasi_platform::db;
use imigrasi_platform::policy::Actor;

use super::VisaError;
use super::cases::VisaCases;

pub use imigrasi_casework::app::Submitted;

/// Submit a draft: documents complete → `submitted` → `awaiting_payment`
/// with a fee bill valid [`super::payment_days`] days; after a request for
/// information, hand it back (`in_review`). See `casework::app::submit`.
pub async fn submit(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    register_number: &str,
) -> Result<Submitted, VisaError> {
    let now = jiff::Timestamp::now();
    casework::submit(&VisaCases, state, actor, request_id, register_number, now).await
}

/// Applies a paid visa fee: `awaiting_payment` → `in_review`; anything
/// else (expired unpaid, withdrawn) is refused for refund.
pub fn settler() -> CaseSettler<VisaCases> {
    CaseSettler(Arc::new(VisaCases))
}

/// Expire every visa case whose fee bill passed its deadline unpaid, as of
/// `now`; returns how many.
pub async fn expire_unpaid(db: &db::Db, now: jiff::Timestamp) -> Result<usize, VisaError> {
    casework::expire_unpaid(&VisaCases, db, now).await
}

/// Runs [`expire_unpaid`] and the expiry of unused e-Visas every minute.
pub fn spawn_worker(db: db::Db) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            let now = jiff::Timestamp::now();
            if let Err(e) = expire_unpaid(&db, now).await {
                tracing::warn!(error = %e, "visa unpaid expiry failed");
            }
            if let Err(e) = super::evisa_ops::expire_unused(&db, super::today(now)).await {
                tracing::warn!(error = %e, "e-Visa expiry failed");
            }
        }
    })
}
