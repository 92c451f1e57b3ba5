//! The APOA service's periodic worker: retention (`app::retention::sweep`).

use std::time::Duration;

use imigrasi_platform::AppState;
use jiff::Timestamp;

use crate::app::retention;

/// How often the worker runs; the first run waits one interval too (not
/// every process start at once). Retention goes by days: an hour late is
/// nothing.
pub const INTERVAL: Duration = Duration::from_secs(60 * 60);

/// Run the worker until the runtime stops.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let days = retention::settings(&state).retention_days;
        let start = tokio::time::Instant::now() + INTERVAL;
        let mut tick = tokio::time::interval_at(start, INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            match retention::sweep(&state.db, Timestamp::now(), days).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "APOA reports past retention deleted"),
                Err(e) => tracing::warn!(error = %e, "APOA retention failed"),
            }
        }
    })
}
