//! Background work of the floor: marking appointments never checked in as
//! no-shows once their session has ended.

use std::time::Duration;

use imigrasi_platform::AppState;

use crate::app;
use crate::port::FloorServices;

/// How often ended sessions are swept for no-shows.
pub const NO_SHOW_INTERVAL: Duration = Duration::from_secs(15);

/// Run the floor's worker until the runtime stops.
pub fn spawn(state: AppState, services: FloorServices) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(NO_SHOW_INTERVAL);
        loop {
            tick.tick().await;
            match app::mark_no_shows(&state.db, &services, jiff::Timestamp::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(no_shows = n, "marked no-shows"),
                Err(e) => tracing::warn!(error = %e, "marking no-shows failed"),
            }
        }
    })
}
