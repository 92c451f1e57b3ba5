//! The stay service's periodic worker: reminders before permits end, the
//! expiry of ended permits (`app::reminders::run`), and of applications
//! whose fee bill lapsed unpaid (`casework::app::expire_unpaid`).

use std::time::Duration;

use imigrasi_platform::db::Db;
use jiff::Timestamp;

use crate::app::reminders;

/// How often the worker runs. Reminders and expiry go by office-local
/// days, so a quarter of an hour late is nothing; the first run waits one
/// interval too (not every process start at once).
pub const INTERVAL: Duration = Duration::from_secs(15 * 60);

/// Run the worker until the runtime stops.
pub fn spawn(db: Db) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let start = tokio::time::Instant::now() + INTERVAL;
        let mut tick = tokio::time::interval_at(start, INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match reminders::run(&db, Timestamp::now()).await {
                Ok(r) if r != reminders::Run::default() => tracing::info!(
                    queued = r.queued,
                    expired = r.expired,
                    "stay reminders and expiry"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "stay reminders and expiry failed"),
            }
            let cases = crate::app::cases::StayCases::default();
            match imigrasi_casework::app::expire_unpaid(&cases, &db, Timestamp::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(expired = n, "stay applications expired unpaid"),
                Err(e) => tracing::warn!(error = %e, "stay unpaid expiry failed"),
            }
        }
    })
}
